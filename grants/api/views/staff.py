"""Staff use cases: calls, budget, assessment, panel, offers and timings. Each looks the
record up through a scoping selector first (an applicant gets a 404 for another
organisation's record), then the service checks the role."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fundops.api.errors import DomainError
from fundops.models import User
from grants import selectors
from grants.api import serializers as s
from grants.api.views.base import ActionApi, action_schema, require_view
from grants.models import Assignment, Call, Criterion, Score
from grants.services import applications as app_svc
from grants.services import assessment, decisions, offers
from grants.services.common import require_perm
from grants.services.eligibility import application_eligibility_run

NOT_STAFF = "This is a staff action."


class CallListApi(generics.ListAPIView):
    """Calls: applicants see the open ones, staff all."""

    queryset = Call.objects.none()
    serializer_class = s.CallOutput
    filter_backends: list[Any] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.call_list(user=self.request.user)

    @extend_schema(request=s.CallInput, responses={201: s.CallOutput})
    def post(self, request: Request) -> Response:
        require_perm(request.user, "grants.add_call")
        data = s.CallInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        criteria = values.pop("criteria")
        with transaction.atomic():
            call = Call(**values)
            call.full_clean()
            call.save()
            for order, criterion in enumerate(criteria):
                Criterion.objects.create(call=call, order=order, **criterion)
        return Response(s.CallOutput(call).data, status=status.HTTP_201_CREATED)


class CallDetailApi(APIView):
    @extend_schema(responses=s.CallOutput)
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.CallOutput(selectors.call_get(user=request.user, pk=pk)).data)


class CallBudgetApi(APIView):
    @extend_schema(responses=s.BudgetOutput)
    def get(self, request: Request, pk: int) -> Response:
        call = selectors.call_get(user=request.user, pk=pk)
        if not request.user.is_staff:
            raise DomainError(NOT_STAFF, code="forbidden", status=403)
        return Response(s.BudgetOutput(selectors.call_budget_figures(call=call)).data)


class AssignInput(serializers.Serializer):
    assessor = serializers.IntegerField()


@action_schema
class AssignmentCreateApi(ActionApi):
    """Assign an assessor."""

    lookup = selectors.application_get_for_action
    input_serializer = AssignInput
    output_serializer = s.AssignmentOutput
    created = True
    staff_only = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        assessor = User.objects.filter(pk=data["assessor"], is_active=True).first()
        if assessor is None:
            raise DomainError("No such assessor.", code="not_found", status=404)
        return assessment.assignment_create(application=record, assessor=assessor, by=request.user)


class AssignmentListApi(generics.ListAPIView):
    """Assignments (an assessor sees their own)."""

    queryset = Assignment.objects.none()
    serializer_class = s.AssignmentOutput
    filter_backends: list[Any] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        # Board members lack grants.view_assignment (applicants get an empty list).
        require_view(self.request.user, "assignment")
        # The output nests each assignment's scores with their criterion: two queries in all.
        scores = Prefetch("scores", queryset=Score.objects.select_related("criterion"))
        return selectors.assignment_list_for_user(user=self.request.user).prefetch_related(scores)


class DeclareInput(serializers.Serializer):
    conflict = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


@action_schema
class AssignmentDeclareApi(ActionApi):
    """Declare a conflict of interest (or none)."""

    lookup = selectors.assignment_get
    input_serializer = DeclareInput
    output_serializer = s.AssignmentOutput

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return assessment.assignment_declare(assignment=record, by=request.user, **data)


class ScoreItemInput(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.IntegerField(min_value=0, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ScoresInput(serializers.Serializer):
    scores = ScoreItemInput(many=True)


@action_schema
class AssignmentScoreApi(ActionApi):
    """Score every criterion 0–5 with a comment."""

    lookup = selectors.assignment_get
    input_serializer = ScoresInput
    output_serializer = s.AssignmentOutput

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return assessment.assignment_score(
            assignment=record, by=request.user, scores=[dict(i) for i in data["scores"]]
        )


class QuestionInput(serializers.Serializer):
    question = serializers.CharField()


@action_schema
class ApplicationInfoRequestApi(ActionApi):
    """Ask the applicant for more information."""

    lookup = selectors.application_get
    input_serializer = QuestionInput
    output_serializer = s.ApplicationDetailOutput
    staff_only = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return app_svc.application_info_request(application=record, by=request.user, **data)


@action_schema
class ApplicationEligibilityRunApi(ActionApi):
    """Check eligibility again (e.g. after the organisation's figures changed)."""

    lookup = selectors.application_get
    output_serializer = s.ApplicationDetailOutput
    staff_only = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        require_perm(request.user, "grants.manage_application")
        application_eligibility_run(application=record)
        return record


class OverrideInput(serializers.Serializer):
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")


@action_schema
class ApplicationAssessmentStartApi(ActionApi):
    """Start assessment (a failed eligibility needs an override reason)."""

    lookup = selectors.application_get
    input_serializer = OverrideInput
    output_serializer = s.ApplicationDetailOutput
    staff_only = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return assessment.application_assessment_start(application=record, by=request.user, **data)


class ModerationInput(serializers.Serializer):
    moderation_note = serializers.CharField(required=False, allow_blank=True, default="")


@action_schema
class ApplicationPanelSendApi(ActionApi):
    """Send to panel once two assessors have scored."""

    lookup = selectors.application_get
    input_serializer = ModerationInput
    output_serializer = s.ApplicationDetailOutput
    staff_only = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return assessment.application_panel_send(application=record, by=request.user, **data)


class ApproveInput(serializers.Serializer):
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


@action_schema
class ApplicationApproveApi(ActionApi):
    """Approve at panel (a second approver is needed above the four-eyes threshold)."""

    lookup = selectors.application_get
    input_serializer = ApproveInput
    output_serializer = s.ApplicationDetailOutput
    staff_only = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return decisions.application_approve(application=record, by=request.user, **data)


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField()


@action_schema
class ApplicationRejectApi(ActionApi):
    """Reject, with the reason the applicant will see."""

    lookup = selectors.application_get
    input_serializer = ReasonInput
    output_serializer = s.ApplicationDetailOutput
    staff_only = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return decisions.application_reject(application=record, by=request.user, **data)


@action_schema
class OfferSendApi(ActionApi):
    """Send the offer letter and MFA notification."""

    lookup = selectors.application_get
    output_serializer = s.OfferOutput
    staff_only = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return offers.offer_send(application=record, by=request.user)


class ApplicationTimingsApi(APIView):
    @extend_schema(responses=s.TimingsOutput)
    def get(self, request: Request, pk: int) -> Response:
        application = selectors.application_get(user=request.user, pk=pk)
        if not request.user.is_staff:
            raise DomainError(NOT_STAFF, code="forbidden", status=403)
        timings = selectors.application_timings(application=application)
        return Response(
            s.TimingsOutput(
                {
                    "days_to_decision": timings.days_to_decision,
                    "seconds_in_status": {
                        k: v.total_seconds() for k, v in timings.time_in_status.items()
                    },
                }
            ).data
        )
