"""Reporting API: the fund's metrics as JSON and board packs (ask, follow, download, retry).

Board members and fund managers may do everything here; finance officers read the metrics
and the packs but do not ask for packs; other roles are refused (reporting.permissions).
"""

from __future__ import annotations

from django.http import FileResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fundops.api.errors import Conflict
from fundops.api.views import HasModelPermission, IsStaff
from fundops.security import exports_limited
from reporting import pack_selectors, services
from reporting.api import serializers as s
from reporting.models import BoardPack
from reporting.views import pack_file_response

PACK_NOT_READY = "Board pack #{pk} is {status}: there is no file to download yet."
READ_METRICS = "reporting.view_reporting"
READ_PACKS = "reporting.view_boardpack"

FUND_AS_OF = [
    OpenApiParameter("fund", int, required=True, description="The fund's id."),
    OpenApiParameter("as_of", OpenApiTypes.DATE, description="YYYY-MM-DD; default today."),
]


def _query(serializer_class: type[s.FundAsOfQuery], request: Request) -> dict:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    values = dict(query.validated_data)
    values.setdefault("as_of", timezone.localdate())
    return values


class MetricsApi(APIView):
    permission_classes = [IsStaff, HasModelPermission]
    required_permission = READ_METRICS

    @extend_schema(
        parameters=[
            *FUND_AS_OF,
            OpenApiParameter("group_by", str, enum=list(s.GROUPS)),
        ],
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Headline figures as of the date: money as strings to the penny; "
                "rates as numbers, or null with the reason (e.g. `irr_reason`) when no rate "
                "exists; with `group_by`, a `groups` list holding the same figures per group.",
            )
        },
    )
    def get(self, request: Request) -> Response:
        from reporting.selectors import fund_metrics

        query = _query(s.MetricsQuery, request)
        metrics = fund_metrics(
            fund_id=query["fund"].pk, as_of=query["as_of"], group_by=query.get("group_by")
        )
        return Response(metrics)


class IrrSeriesApi(APIView):
    permission_classes = [IsStaff, HasModelPermission]
    required_permission = READ_METRICS

    @extend_schema(
        parameters=FUND_AS_OF,
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="The fund's IRR at each quarter end up to the date (null with the "
                "reason where no rate exists yet).",
            )
        },
    )
    def get(self, request: Request) -> Response:
        from reporting.selectors import fund_irr_series

        query = _query(s.FundAsOfQuery, request)
        series = fund_irr_series(fund_id=query["fund"].pk, as_of=query["as_of"])
        return Response(
            {"fund": query["fund"].pk, "as_of": query["as_of"].isoformat(), "series": series}
        )


class PackListApi(generics.ListAPIView):
    queryset = BoardPack.objects.none()
    permission_classes = [IsStaff, HasModelPermission]
    required_permission = READ_PACKS
    serializer_class = s.BoardPackOutput
    filterset_fields = ["fund", "status", "as_of"]
    search_fields = ["fund__name", "requested_by__email"]
    ordering_fields = ["requested_at", "as_of"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return pack_selectors.board_pack_list()

    @extend_schema(
        request=s.BoardPackInput,
        responses={
            200: OpenApiResponse(
                s.BoardPackOutput, description="The kept pack: same fund, date and data."
            ),
            202: OpenApiResponse(
                s.BoardPackOutput,
                description="Queued or being built: follow `status_url` until `done`.",
            ),
        },
    )
    @method_decorator(exports_limited)
    def post(self, request: Request) -> Response:
        data = s.BoardPackInput(data=request.data)
        data.is_valid(raise_exception=True)
        pack = services.board_pack_request(by=request.user, **data.validated_data)
        # The pack as the service found it: done already means the kept file (200).
        code = status.HTTP_200_OK if pack.status == BoardPack.Status.DONE else 202
        pack.refresh_from_db()
        return Response(s.BoardPackOutput(pack).data, status=code)


class PackDetailApi(APIView):
    permission_classes = [IsStaff, HasModelPermission]
    required_permission = READ_PACKS

    @extend_schema(responses=s.BoardPackOutput)
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.BoardPackOutput(pack_selectors.board_pack_get(pk=pk)).data)


class PackDownloadApi(APIView):
    permission_classes = [IsStaff, HasModelPermission]
    required_permission = READ_PACKS

    @extend_schema(
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes
        }
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        pack = pack_selectors.board_pack_get(pk=pk)
        if pack.status != BoardPack.Status.DONE:
            raise Conflict(
                PACK_NOT_READY.format(pk=pk, status=pack.get_status_display().lower()),
                code="not_ready",
            )
        return pack_file_response(pack)


class PackRetryApi(APIView):
    permission_classes = [IsStaff, HasModelPermission]
    required_permission = READ_PACKS

    @extend_schema(request=None, responses={202: s.BoardPackOutput})
    def post(self, request: Request, pk: int) -> Response:
        pack = services.board_pack_retry(pack=pack_selectors.board_pack_get(pk=pk), by=request.user)
        pack.refresh_from_db()
        return Response(s.BoardPackOutput(pack).data, status=status.HTTP_202_ACCEPTED)
