"""Applications: list, create, read, update, costs, declarations, submit, withdraw,
clarification and offer acceptance (applicant-scoped; staff see all)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fundops.api.serializers import DocumentOutput
from fundops.security import uploads_limited
from fundops.selectors import organisation_get
from grants import selectors
from grants.api import serializers as s
from grants.api.views.base import ActionApi, action_schema, require_view
from grants.models import Application, Offer
from grants.services import applications as svc
from grants.services import offers
from grants.services.common import require_perm


class ApplicationListApi(generics.ListAPIView):
    """Applications you may see, with filters (status, call, moderation) and search."""

    queryset = Application.objects.none()
    serializer_class = s.ApplicationListOutput
    filter_backends: list[Any] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = self.request.query_params
        moderation = params.get("moderation")
        return selectors.application_queue(
            user=self.request.user,
            status=params.get("status"),
            call=int(params["call"]) if params.get("call", "").isdigit() else None,
            search=params.get("search"),
            moderation=None if moderation is None else moderation.lower() == "true",
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str),
            OpenApiParameter("call", int),
            OpenApiParameter("search", str),
            OpenApiParameter("moderation", bool),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.ApplicationCreateInput, responses={201: s.ApplicationDetailOutput})
    def post(self, request: Request) -> Response:
        data = s.ApplicationCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        call = selectors.call_get(user=request.user, pk=values.pop("call"))
        organisation = organisation_get(user=request.user, pk=values.pop("organisation"))
        if request.user.is_staff:  # staff start one on a company's behalf only if they manage
            require_perm(request.user, "grants.manage_application")
        application = svc.application_create(
            call=call, organisation=organisation, by=request.user, **values
        )
        return Response(
            s.ApplicationDetailOutput(application, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class ApplicationDetailApi(APIView):
    @extend_schema(responses=s.ApplicationDetailOutput)
    def get(self, request: Request, pk: int) -> Response:
        application = selectors.application_get(user=request.user, pk=pk)
        return Response(s.ApplicationDetailOutput(application, context={"request": request}).data)

    @extend_schema(request=s.ApplicationUpdateInput, responses=s.ApplicationDetailOutput)
    def patch(self, request: Request, pk: int) -> Response:
        application = selectors.application_get(user=request.user, pk=pk)
        data = s.ApplicationUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        application = svc.application_update(
            application=application, by=request.user, **data.validated_data
        )
        return Response(s.ApplicationDetailOutput(application, context={"request": request}).data)


@action_schema
class CostLineAddApi(ActionApi):
    """Add a cost line to a draft."""

    lookup = selectors.application_get
    input_serializer = s.CostLineInput
    output_serializer = s.CostLineOutput
    created = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return svc.cost_line_add(application=record, by=request.user, **data)


class CostLineDetailApi(APIView):
    @extend_schema(request=s.CostLineUpdateInput, responses=s.CostLineOutput)
    def patch(self, request: Request, pk: int) -> Response:
        line = selectors.cost_line_get(user=request.user, pk=pk)
        data = s.CostLineUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        line = svc.cost_line_update(cost_line=line, by=request.user, **data.validated_data)
        return Response(s.CostLineOutput(line).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        line = selectors.cost_line_get(user=request.user, pk=pk)
        svc.cost_line_remove(cost_line=line, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CostLineQuoteApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={201: DocumentOutput},
    )
    @method_decorator(uploads_limited)
    def post(self, request: Request, pk: int) -> Response:
        line = selectors.cost_line_get(user=request.user, pk=pk)
        upload = request.FILES.get("file")
        if upload is None:
            return Response(
                {
                    "error": {
                        "status": 400,
                        "code": "invalid",
                        "reason": "Attach the quote as “file”.",
                    }
                },
                status=400,
            )
        document = svc.cost_line_quote_upload(cost_line=line, by=request.user, file=upload)
        return Response(DocumentOutput(document).data, status=status.HTTP_201_CREATED)


@action_schema
class MatchFundingAddApi(ActionApi):
    """Add a match-funding source."""

    lookup = selectors.application_get
    input_serializer = s.MatchFundingInput
    output_serializer = s.MatchFundingOutput
    created = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return svc.match_funding_add(application=record, by=request.user, **data)


class MatchFundingDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        funding = selectors.match_funding_get(user=request.user, pk=pk)
        svc.match_funding_remove(match_funding=funding, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@action_schema
class MFADeclarationAddApi(ActionApi):
    """Declare minimal financial assistance received."""

    lookup = selectors.application_get
    input_serializer = s.MFADeclarationInput
    output_serializer = s.MFADeclarationOutput
    created = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return svc.mfa_declaration_add(application=record, by=request.user, **data)


class MFADeclarationDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        declaration = selectors.mfa_declaration_get(user=request.user, pk=pk)
        svc.mfa_declaration_remove(declaration=declaration, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@action_schema
class ApplicationSubmitApi(ActionApi):
    """Submit the application (eligibility is checked at once)."""

    lookup = selectors.application_get
    output_serializer = s.ApplicationDetailOutput

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return svc.application_submit(application=record, by=request.user)


class WithdrawInput(s.serializers.Serializer):
    reason = s.serializers.CharField(required=False, allow_blank=True, default="")


@action_schema
class ApplicationWithdrawApi(ActionApi):
    """Withdraw the application."""

    lookup = selectors.application_get
    input_serializer = WithdrawInput
    output_serializer = s.ApplicationDetailOutput

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return svc.application_withdraw(application=record, by=request.user, **data)


class RespondInput(s.serializers.Serializer):
    answer = s.serializers.CharField()


@action_schema
class ApplicationRespondApi(ActionApi):
    """Answer a request for more information."""

    lookup = selectors.application_get
    input_serializer = RespondInput
    output_serializer = s.ApplicationDetailOutput

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return svc.application_info_respond(application=record, by=request.user, **data)


class AcceptInput(s.serializers.Serializer):
    confirm_mfa = s.serializers.BooleanField(default=False)


@action_schema
class OfferAcceptApi(ActionApi):
    """Accept the offer (and, with confirm_mfa, confirm the MFA declaration)."""

    lookup = selectors.application_get
    input_serializer = AcceptInput
    output_serializer = s.OfferOutput

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return offers.offer_accept(application=record, by=request.user, **data)


@action_schema
class OfferMFAConfirmApi(ActionApi):
    """Confirm in writing that the award keeps MFA within £315,000."""

    lookup = selectors.application_get
    output_serializer = s.OfferOutput

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return offers.offer_mfa_confirm(application=record, by=request.user)


class OfferApi(APIView):
    @extend_schema(responses=s.OfferOutput)
    def get(self, request: Request, pk: int) -> Response:
        application = selectors.application_get(user=request.user, pk=pk)
        require_view(request.user, "offer")
        offer = get_object_or_404(Offer, application=application)
        return Response(s.OfferOutput(offer).data)
