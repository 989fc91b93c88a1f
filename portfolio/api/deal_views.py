"""Deal pipeline API: applicants see and act on their own organisation's deals (another's is
a 404); staff need portfolio.view_deal to read (assessors: 403) and the services check the
permission of each action (manage, decide, vote). Every action goes through one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fundops.api.errors import DomainError
from fundops.api.serializers import DocumentOutput
from fundops.models import Fund, User
from fundops.security import exports_limited, uploads_limited
from fundops.selectors import organisation_get
from portfolio import selectors_deals as sel
from portfolio.api import deal_serializers as s
from portfolio.ic_paper import IC_PAPER_CONTENT_TYPE, ic_paper_for, ic_paper_xlsx
from portfolio.models import Deal
from portfolio.services import committee, completion, deals, diligence
from portfolio.services.investments import InstrumentTerms

STAFF_ONLY = "This is a staff action."
ATTACH_FILE = "Attach the file as “file”."
MAX_ID = 2**63 - 1


class DealReader(BasePermission):
    """Signed in; staff also need portfolio.view_deal (assessors do not see deals)."""

    message = "Your role does not allow this."

    def has_permission(self, request: Request, view: object) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return not user.is_staff or user.has_perm("portfolio.view_deal")


def _require_staff(user: User) -> None:
    if not user.is_staff:
        raise DomainError(STAFF_ONLY, code="forbidden", status=403)


class EmptyInput(serializers.Serializer):
    pass


class DealActionApi(APIView):
    """Find the record through a scoping selector (another's: 404), validate, call, serialise."""

    permission_classes = [DealReader]
    lookup: ClassVar[Callable[..., Any]] = staticmethod(sel.deal_get)
    input_serializer: ClassVar[type[serializers.Serializer]] = EmptyInput
    output_serializer: ClassVar[type[serializers.BaseSerializer]] = s.DealDetailOutput
    created: ClassVar[bool] = False
    staff_only: ClassVar[bool] = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        record = type(self).lookup(user=request.user, pk=pk)
        if self.staff_only:
            _require_staff(request.user)
        data = self.input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = self.act(record, request, dict(data.validated_data))
        return Response(
            self.output_serializer(result).data,
            status=status.HTTP_201_CREATED if self.created else status.HTTP_200_OK,
        )


def action_schema(cls: type[DealActionApi]) -> type[DealActionApi]:
    code = 201 if cls.created else 200
    return extend_schema_view(
        post=extend_schema(
            request=None if cls.input_serializer is EmptyInput else cls.input_serializer,
            responses={code: cls.output_serializer},
            summary=(cls.__doc__ or cls.__name__).strip().splitlines()[0],
        )
    )(cls)


def _id_param(value: str) -> int | None:
    """A record id from the query string; an id no database holds (too big) matches none."""
    if not value.isdigit():
        return None
    number = int(value)
    return number if number <= MAX_ID else 0


def _fresh(deal: Deal) -> Deal:
    return Deal.objects.select_related("organisation", "fund", "owner").get(pk=deal.pk)


class DealListApi(generics.ListAPIView):
    """Deals you may see (applicants: their organisation's), filtered by stage, fund, owner."""

    queryset = Deal.objects.none()
    permission_classes = [DealReader]
    serializer_class = s.DealListOutput
    filter_backends: list[Any] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = self.request.query_params
        return sel.deal_list_for_user(
            user=self.request.user,
            status=params.get("status") or None,
            fund=_id_param(params.get("fund", "")),
            owner=_id_param(params.get("owner", "")),
            search=params.get("search") or None,
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str),
            OpenApiParameter("fund", int),
            OpenApiParameter("owner", int),
            OpenApiParameter("search", str),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.DealCreateInput, responses={201: s.DealDetailOutput})
    def post(self, request: Request) -> Response:
        data = s.DealCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        organisation = organisation_get(user=request.user, pk=values.pop("organisation"))
        fund = get_object_or_404(Fund, pk=values.pop("fund"))
        deal = deals.deal_create(organisation=organisation, fund=fund, by=request.user, **values)
        return Response(s.DealDetailOutput(_fresh(deal)).data, status=status.HTTP_201_CREATED)


class DealDetailApi(APIView):
    permission_classes = [DealReader]

    @extend_schema(responses=s.DealDetailOutput)
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.DealDetailOutput(sel.deal_get(user=request.user, pk=pk)).data)

    @extend_schema(request=s.DealUpdateInput, responses=s.DealDetailOutput)
    def patch(self, request: Request, pk: int) -> Response:
        deal = sel.deal_get(user=request.user, pk=pk)
        data = s.DealUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        deal = deals.deal_update(deal=deal, by=request.user, **data.validated_data)
        return Response(s.DealDetailOutput(_fresh(deal)).data)


@action_schema
class DealSubmitApi(DealActionApi):
    """Submit a draft: it becomes an enquiry."""

    staff_only = False

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return _fresh(deals.deal_submit(deal=record, by=request.user))


@action_schema
class DealWithdrawApi(DealActionApi):
    """Withdraw the application from any open stage, with a reason."""

    input_serializer = s.DealReasonInput
    staff_only = False

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return _fresh(deals.deal_withdraw(deal=record, by=request.user, reason=data["reason"]))


@action_schema
class DealMoveApi(DealActionApi):
    """Move the deal to another stage, with the same checks as the board (409 with the reason)."""

    input_serializer = s.MoveInput

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return _fresh(deals.deal_move(deal=record, by=request.user, **data))


@action_schema
class DealOwnerApi(DealActionApi):
    """Assign the deal's owner (a member of staff)."""

    input_serializer = s.OwnerInput

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return _fresh(deals.deal_owner_assign(deal=record, by=request.user, owner=data["owner"]))


@action_schema
class DealClarificationAskApi(DealActionApi):
    """Ask the applicant a question about the deal."""

    input_serializer = s.DealQuestionInput
    output_serializer = s.ClarificationOutput
    created = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return deals.deal_clarification_ask(deal=record, by=request.user, **data)


@action_schema
class ClarificationAnswerApi(DealActionApi):
    """Answer a question from the fund (applicant)."""

    lookup = staticmethod(sel.deal_clarification_get)
    input_serializer = s.AnswerInput
    output_serializer = s.ClarificationOutput
    staff_only = False

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return deals.deal_clarification_answer(clarification=record, by=request.user, **data)


@action_schema
class DealCoInvestorAddApi(DealActionApi):
    """Add a lead or committed co-investor to the deal."""

    input_serializer = s.CoInvestorInput
    output_serializer = s.DealCoInvestorOutput
    created = True
    staff_only = False

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return deals.deal_co_investor_add(deal=record, by=request.user, **data)


class DealCoInvestorDetailApi(APIView):
    permission_classes = [DealReader]

    @extend_schema(request=s.CoInvestorUpdateInput, responses=s.DealCoInvestorOutput)
    def patch(self, request: Request, pk: int) -> Response:
        row = sel.deal_co_investor_get(user=request.user, pk=pk)
        data = s.CoInvestorUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        row = deals.deal_co_investor_update(co_investor=row, by=request.user, **data.validated_data)
        return Response(s.DealCoInvestorOutput(row).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        row = sel.deal_co_investor_get(user=request.user, pk=pk)
        deals.deal_co_investor_remove(co_investor=row, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


UPLOAD_SCHEMA = {
    "multipart/form-data": {
        "type": "object",
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "kind": {"type": "string", "enum": ["pitch_deck", "financials", "other"]},
        },
    }
}


def _upload(request: Request) -> Any:
    upload = request.FILES.get("file")
    if upload is None:
        raise DomainError(ATTACH_FILE)
    return upload


class DealDocumentApi(APIView):
    """Upload the pitch deck, financials or another file to the deal."""

    permission_classes = [DealReader]
    parser_classes = [MultiPartParser]

    @extend_schema(request=UPLOAD_SCHEMA, responses={201: DocumentOutput})
    @method_decorator(uploads_limited)
    def post(self, request: Request, pk: int) -> Response:
        deal = sel.deal_get(user=request.user, pk=pk)
        kind = s.DocumentKindInput(data={"kind": request.data.get("kind", "")})
        kind.is_valid(raise_exception=True)
        document = deals.deal_document_upload(
            deal=deal, by=request.user, file=_upload(request), kind=kind.validated_data["kind"]
        )
        return Response(DocumentOutput(document).data, status=status.HTTP_201_CREATED)


def _staff_deal(request: Request, pk: int) -> Deal:
    deal = sel.deal_get(user=request.user, pk=pk)
    _require_staff(request.user)
    return deal


class DealRulesApi(APIView):
    """The co-investment rules' results on the deal, with the figures, and its leverage."""

    permission_classes = [DealReader]

    @extend_schema(responses=s.RuleOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        deal = _staff_deal(request, pk)
        return Response(s.RuleOutput(sel.deal_rule_results(deal=deal), many=True).data)


class DealDDItemsApi(APIView):
    permission_classes = [DealReader]

    @extend_schema(responses=s.DDItemOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        deal = _staff_deal(request, pk)
        items = deal.dd_items.select_related("owner").order_by("order", "pk")
        return Response(s.DDItemOutput(items, many=True).data)

    @extend_schema(request=s.DDItemInput, responses={201: s.DDItemOutput})
    def post(self, request: Request, pk: int) -> Response:
        deal = _staff_deal(request, pk)
        data = s.DDItemInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = diligence.dd_item_add(deal=deal, by=request.user, **data.validated_data)
        return Response(s.DDItemOutput(item).data, status=status.HTTP_201_CREATED)


class DDItemDetailApi(APIView):
    permission_classes = [DealReader]

    @extend_schema(responses=s.DDItemOutput)
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.DDItemOutput(sel.dd_item_get(user=request.user, pk=pk)).data)

    @extend_schema(request=s.DDItemUpdateInput, responses=s.DDItemOutput)
    def patch(self, request: Request, pk: int) -> Response:
        item = sel.dd_item_get(user=request.user, pk=pk)
        data = s.DDItemUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        item = diligence.dd_item_update(item=item, by=request.user, **data.validated_data)
        return Response(s.DDItemOutput(item).data)


class DDItemDocumentApi(APIView):
    """Attach a document to a due diligence item (fund-internal: never the applicant's)."""

    permission_classes = [DealReader]
    parser_classes = [MultiPartParser]

    @extend_schema(request=UPLOAD_SCHEMA, responses={201: DocumentOutput})
    @method_decorator(uploads_limited)
    def post(self, request: Request, pk: int) -> Response:
        item = sel.dd_item_get(user=request.user, pk=pk)
        document = diligence.dd_item_document_upload(
            item=item, by=request.user, file=_upload(request)
        )
        return Response(DocumentOutput(document).data, status=status.HTTP_201_CREATED)


@action_schema
class DealDDCompleteApi(DealActionApi):
    """Complete due diligence: the deal goes to the committee (409 listing open items)."""

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return _fresh(diligence.dd_complete(deal=record, by=request.user))


class DealCommitteeApi(APIView):
    """The committee on the deal: tally, quorum, majority, votes, declarations, conditions."""

    permission_classes = [DealReader]

    @extend_schema(responses=s.CommitteeOutput)
    def get(self, request: Request, pk: int) -> Response:
        deal = _staff_deal(request, pk)
        return Response(s.CommitteeOutput(s.CommitteeOutput.for_deal(deal)).data)


@action_schema
class DealConflictApi(DealActionApi):
    """Declare whether you have a conflict of interest on the deal (IC members)."""

    input_serializer = s.ConflictInput
    output_serializer = s.ConflictOutput
    created = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return committee.ic_conflict_declare(deal=record, by=request.user, **data)


@action_schema
class DealVoteApi(DealActionApi):
    """Vote approve, decline or abstain, with a comment (IC members; 409 if a rule fails)."""

    input_serializer = s.VoteInput
    output_serializer = s.VoteOutput
    created = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return committee.ic_vote_cast(deal=record, by=request.user, **data)


@action_schema
class DealDecisionApi(DealActionApi):
    """Record the committee's decision with its conditions (quorum and majority checked)."""

    input_serializer = s.DecisionInput
    output_serializer = s.DecisionOutput
    created = True

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return committee.ic_decision_record(deal=record, by=request.user, **data)


@action_schema
class ConditionMeetApi(DealActionApi):
    """Tick off a condition of the committee's approval."""

    lookup = staticmethod(sel.ic_condition_get)
    input_serializer = s.ConditionMeetInput
    output_serializer = s.ConditionOutput

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        return committee.ic_condition_meet(condition=record, by=request.user, **data)


class ICPaperApi(APIView):
    """Download the investment committee paper (xlsx)."""

    permission_classes = [DealReader]

    @extend_schema(responses={(200, IC_PAPER_CONTENT_TYPE): OpenApiTypes.BINARY})
    @method_decorator(exports_limited)
    def get(self, request: Request, pk: int) -> HttpResponse:
        deal = _staff_deal(request, pk)
        response = HttpResponse(ic_paper_xlsx(ic_paper_for(deal=deal)), IC_PAPER_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{deal.reference}-ic-paper.xlsx"'
        return response


@action_schema
class DealCompleteApi(DealActionApi):
    """Complete an approved deal: the portfolio investment is created and the deal invested."""

    input_serializer = s.CompleteInput

    def act(self, record: Any, request: Request, data: dict[str, Any]) -> Any:
        amounts = data.pop("co_investor_amounts")
        completed_on = data.pop("completed_on")
        round_name = data.pop("round_name")
        terms = InstrumentTerms(**data)
        return _fresh(
            completion.deal_complete(
                deal=record,
                completed_on=completed_on,
                terms=terms,
                by=request.user,
                co_investor_amounts=amounts,
                round_name=round_name,
            )
        )
