"""Claims, payments, clawbacks and outcome reports."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fundops.api.errors import DomainError
from fundops.api.serializers import DocumentOutput
from fundops.security import uploads_limited
from grants import selectors
from grants.api import serializers as s
from grants.api.views.base import ActionApi, action_schema, require_view
from grants.models import Claim, ClaimLine, Clawback, OutcomeReport, Payment
from grants.services import claims, outcomes, payments


class ApplicationClaimsApi(APIView):
    @extend_schema(responses=s.ClaimOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        application = selectors.application_get(user=request.user, pk=pk)
        require_view(request.user, "claim")
        return Response(s.ClaimOutput(application.claims.all(), many=True).data)

    @extend_schema(request=s.ClaimInput, responses={201: s.ClaimOutput})
    def post(self, request: Request, pk: int) -> Response:
        application = selectors.application_get(user=request.user, pk=pk)
        data = s.ClaimInput(data=request.data)
        data.is_valid(raise_exception=True)
        claim = claims.claim_create(application=application, by=request.user, **data.validated_data)
        return Response(s.ClaimOutput(claim).data, status=status.HTTP_201_CREATED)


class ClaimListApi(generics.ListAPIView):
    """Claims you may see; filter with ?status=."""

    queryset = Claim.objects.none()
    serializer_class = s.ClaimOutput
    filter_backends: list[Any] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        require_view(self.request.user, "claim")
        # Each line names its cost line: fetched with the lines, not once per line.
        lines = Prefetch("lines", queryset=ClaimLine.objects.select_related("cost_line"))
        records = selectors.claim_list_for_user(user=self.request.user).prefetch_related(lines)
        wanted = self.request.query_params.get("status")
        return records.filter(status=wanted) if wanted else records


class ClaimDetailApi(APIView):
    @extend_schema(responses=s.ClaimOutput)
    def get(self, request: Request, pk: int) -> Response:
        claim = selectors.claim_get(user=request.user, pk=pk)
        require_view(request.user, "claim")
        return Response(s.ClaimOutput(claim).data)


@action_schema
class ClaimLineAddApi(ActionApi):
    """Add a line of defrayed costs against an approved cost line."""

    lookup = selectors.claim_get
    input_serializer = s.ClaimLineInput
    output_serializer = s.ClaimLineOutput
    created = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        cost_line = record.application.cost_lines.filter(pk=data.pop("cost_line")).first()
        if cost_line is None:
            raise DomainError(claims.COST_LINE_OTHER, code="invalid")
        return claims.claim_line_add(claim=record, by=request.user, cost_line=cost_line, **data)


class ClaimLineDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        line = selectors.claim_line_get(user=request.user, pk=pk)
        claims.claim_line_remove(line=line, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ClaimLineEvidenceApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "kind": {"type": "string", "enum": ["invoice", "proof_of_payment"]},
                },
            }
        },
        responses={201: DocumentOutput},
    )
    @method_decorator(uploads_limited)
    def post(self, request: Request, pk: int) -> Response:
        line = selectors.claim_line_get(user=request.user, pk=pk)
        upload = request.FILES.get("file")
        if upload is None:
            raise DomainError("Attach the evidence as “file”.", code="invalid")
        document = claims.claim_line_evidence_upload(
            line=line, by=request.user, file=upload, kind=str(request.data.get("kind", ""))
        )
        return Response(DocumentOutput(document).data, status=status.HTTP_201_CREATED)


@action_schema
class ClaimSubmitApi(ActionApi):
    """Submit the claim with its evidence."""

    lookup = selectors.claim_get
    output_serializer = s.ClaimOutput

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return claims.claim_submit(claim=record, by=request.user)


class LineCheckInput(serializers.Serializer):
    approved = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


@action_schema
class ClaimLineCheckApi(ActionApi):
    """Check one claim line against the approved cost table."""

    lookup = selectors.claim_line_get
    input_serializer = LineCheckInput
    output_serializer = s.ClaimLineOutput
    staff_only = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return claims.claim_line_check(line=record, by=request.user, **data)


class NoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


@action_schema
class ClaimApproveApi(ActionApi):
    """Approve the checked claim; works out its grant share."""

    lookup = selectors.claim_get
    input_serializer = NoteInput
    output_serializer = s.ClaimOutput
    staff_only = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return claims.claim_approve(claim=record, by=request.user, **data)


class ClaimRejectInput(serializers.Serializer):
    reason = serializers.CharField()


@action_schema
class ClaimRejectApi(ActionApi):
    """Reject the claim with a reason."""

    lookup = selectors.claim_get
    input_serializer = ClaimRejectInput
    output_serializer = s.ClaimOutput
    staff_only = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return claims.claim_reject(claim=record, by=request.user, **data)


class PayInput(serializers.Serializer):
    idempotency_key = serializers.CharField(max_length=100)


@action_schema
class ClaimPayApi(ActionApi):
    """Release the payment (not by the claim's approver; same key = same payment)."""

    lookup = selectors.claim_get
    input_serializer = PayInput
    output_serializer = s.PaymentOutput
    created = True
    staff_only = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return payments.payment_release(claim=record, by=request.user, **data)


class PaymentListApi(generics.ListAPIView):
    queryset = Payment.objects.none()
    serializer_class = s.PaymentOutput
    filter_backends: list[Any] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        require_view(self.request.user, "payment")
        return selectors.payment_list(user=self.request.user)


class ClawbackInput(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    reason = serializers.CharField()


@action_schema
class ClawbackRaiseApi(ActionApi):
    """Raise a clawback of paid grant."""

    lookup = selectors.application_get
    input_serializer = ClawbackInput
    output_serializer = s.ClawbackOutput
    created = True
    staff_only = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return payments.clawback_raise(application=record, by=request.user, **data)


class ClawbackResolveInput(serializers.Serializer):
    to = serializers.ChoiceField(choices=[Clawback.Status.REPAID, Clawback.Status.WRITTEN_OFF])
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _clawback_get(*, user: Any, pk: int) -> Clawback:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(selectors.clawback_list(user=user), pk=pk)


@action_schema
class ClawbackResolveApi(ActionApi):
    """Mark a clawback repaid or written off."""

    lookup = _clawback_get
    input_serializer = ClawbackResolveInput
    output_serializer = s.ClawbackOutput
    staff_only = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return payments.clawback_resolve(clawback=record, by=request.user, **data)


class ClawbackListApi(generics.ListAPIView):
    queryset = Clawback.objects.none()
    serializer_class = s.ClawbackOutput
    filter_backends: list[Any] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        require_view(self.request.user, "clawback")
        return selectors.clawback_list(user=self.request.user)


class OutcomeReportListApi(generics.ListAPIView):
    queryset = OutcomeReport.objects.none()
    serializer_class = s.OutcomeReportOutput
    filter_backends: list[Any] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        require_view(self.request.user, "outcomereport")
        return selectors.outcome_report_list_for_user(user=self.request.user)


class OutcomeReportDetailApi(APIView):
    @extend_schema(responses=s.OutcomeReportOutput)
    def get(self, request: Request, pk: int) -> Response:
        report = selectors.outcome_report_get(user=request.user, pk=pk)
        require_view(request.user, "outcomereport")
        return Response(s.OutcomeReportOutput(report).data)


@action_schema
class OutcomeReportSubmitApi(ActionApi):
    """Submit the outcome report."""

    lookup = selectors.outcome_report_get
    input_serializer = s.OutcomeReportInput
    output_serializer = s.OutcomeReportOutput

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return outcomes.outcome_report_submit(report=record, by=request.user, **data)
