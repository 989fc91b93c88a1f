"""Staff read pages of the pipeline: the board, the list with filters, the deal page, the IC
paper (page and download). Every read goes through portfolio.selectors_deals."""

from __future__ import annotations

from itertools import chain
from operator import attrgetter
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fundops.models import Fund, User
from fundops.security import exports_limited
from portfolio import ic_paper
from portfolio.models import DDItem, Deal, DealCoInvestor, ICDecision, Workstream
from portfolio.selectors_deals import (
    days_in_stage,
    dd_open_items,
    deal_events,
    deal_get,
    deal_leverage,
    deal_list_for_user,
    deal_private_same_terms,
    deal_rule_results,
    deal_stage_timing,
    deals_failing_rules,
    ic_tally,
    is_overdue,
    pipeline_board,
)
from portfolio.services import deals
from portfolio.web_deals import forms as f
from portfolio.web_deals.common import (
    REFUSALS,
    deal_staff_required,
    documents_by_object,
    labelled_events,
)

# The board shows the last few invested deals; the list has them all.
INVESTED_ON_BOARD = 10


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_GET
@deal_staff_required
def board(request: HttpRequest) -> HttpResponse:
    fund_id = _int(request.GET.get("fund"))
    owner_id = _int(request.GET.get("owner"))
    now = timezone.now()
    columns = pipeline_board(fund_id=fund_id, owner_id=owner_id, now=now)
    scoped = deal_list_for_user(user=request.user, fund=fund_id, owner=owner_id)  # type: ignore[arg-type]
    invested = scoped.filter(status=Deal.Status.INVESTED).order_by("-stage_entered_at", "-pk")
    counts = {
        status: scoped.filter(status=status).count()
        for status in (Deal.Status.INVESTED, Deal.Status.DECLINED, Deal.Status.WITHDRAWN)
    }
    # DD items past due on deals in due diligence: one query for the whole board.
    overdue_dd = set(
        DDItem.objects.filter(
            deal__status=Deal.Status.DUE_DILIGENCE, due_date__lt=timezone.localdate(now)
        )
        .exclude(status__in=DDItem.CLOSED)
        .values_list("deal_id", flat=True)
    )
    cards = []
    for column in columns:
        for card in column.cards:
            cards.append(card)
    # Rules are checked at screening and before the vote: flag them where they matter.
    rule_failing = deals_failing_rules(
        deals=[
            card.deal
            for card in cards
            if card.deal.status
            in (Deal.Status.ENQUIRY, Deal.Status.SCREENING, Deal.Status.INVESTMENT_COMMITTEE)
        ]
    )
    context = {
        "columns": columns,
        "invested": list(invested[:INVESTED_ON_BOARD]),
        "counts": counts,
        "overdue_dd": overdue_dd,
        "rule_failing": rule_failing,
        "move_targets": f.MOVE_TARGETS,
        "funds": Fund.objects.order_by("name"),
        "owners": f.staff_users(),
        "fund_id": fund_id,
        "owner_id": owner_id,
        "can_manage": request.user.has_perm("portfolio.manage_deal"),
        "total_open": sum(len(column.cards) for column in columns),
    }
    return render(request, "portfolio/deals/board.html", context)


@require_GET
@deal_staff_required
def deal_list(request: HttpRequest) -> HttpResponse:
    deals = deal_list_for_user(user=request.user).order_by("-created_at", "-pk")  # type: ignore[arg-type]
    filterset = f.DealFilter(request.GET or None, queryset=deals)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(deal, days_in_stage(deal, now), is_overdue(deal, now)) for deal in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "rows": rows, "query": query.urlencode()}
    return render(request, "portfolio/deals/list.html", context)


def _history(deal: Deal) -> list[Any]:
    """Field-level changes (simple-history) of the deal, its co-investors and DD items."""
    records = chain(
        deal.history.select_related("history_user").order_by("-history_date")[:30],
        DealCoInvestor.history.filter(deal_id=deal.pk)
        .select_related("history_user")
        .order_by("-history_date")[:30],
        DDItem.history.filter(deal_id=deal.pk)
        .select_related("history_user")
        .order_by("-history_date")[:30],
    )
    labelled = []
    for record in records:
        model = record.instance_type._meta.verbose_name
        name = getattr(record, "name", "") or getattr(record, "title", "")
        record.label = f"{model.capitalize()}{f': {name}' if name else ''}"
        labelled.append(record)
    return sorted(labelled, key=attrgetter("history_date"), reverse=True)[:50]


def _dd_groups(deal: Deal, user: User) -> list[tuple[str, list[tuple[DDItem, list, Any]]]]:
    items = list(deal.dd_items.select_related("owner", "closed_by").order_by("order", "pk"))
    documents = documents_by_object(DDItem, [item.pk for item in items])
    labels = dict(Workstream.choices)
    groups: dict[str, list[tuple[DDItem, list, Any]]] = {}
    editable = deal.status == Deal.Status.DUE_DILIGENCE and user.has_perm("portfolio.manage_deal")
    for item in items:
        form = (
            f.DDItemForm(initial=f.dd_item_initial(item), prefix=f"item-{item.pk}")
            if editable
            else None
        )
        groups.setdefault(item.workstream, []).append((item, documents.get(item.pk, []), form))
    return [(str(labels.get(ws, ws)), rows) for ws, rows in groups.items()]


def _terms_editable(deal: Deal, user: User) -> bool:
    """The service's own test: a manager corrects terms until the committee votes."""
    try:
        deals.require_editable(deal, user)
    except REFUSALS:
        return False
    return True


def deal_context(deal: Deal, user: User) -> dict[str, Any]:
    """Everything on the deal page, with the forms the user's role may use."""
    can_manage = user.has_perm("portfolio.manage_deal")
    status = deal.status
    at_ic = status == Deal.Status.INVESTMENT_COMMITTEE
    votes = list(deal.votes.select_related("member"))
    conflicts = list(deal.conflicts.select_related("member"))
    declared = next((c for c in conflicts if c.member_id == user.pk), None)
    voted = any(v.member_id == user.pk for v in votes)
    can_vote_perm = user.has_perm("portfolio.vote_deal")
    co_investors = list(deal.co_investors.all())
    terms_open = _terms_editable(deal, user)
    decision = ICDecision.objects.filter(deal=deal).select_related("decided_by").first()
    return {
        "deal": deal,
        "now": timezone.now(),
        "days_in_stage": days_in_stage(deal),
        "overdue": is_overdue(deal),
        "rules": deal_rule_results(deal=deal),
        "leverage": deal_leverage(deal=deal),
        "private_same_terms": deal_private_same_terms(deal=deal),
        "timing": deal_stage_timing(deal=deal),
        "co_investors": [
            (row, f.CoInvestorForm(initial=f.co_investor_initial(row), prefix=f"co-{row.pk}"))
            for row in co_investors
        ],
        "co_investor_form": f.CoInvestorForm(
            prefix="co-new", initial={"same_terms": True, "is_private": True}
        ),
        "terms_form": f.DealTermsForm(initial=f.terms_initial(deal), prefix="terms"),
        "terms_open": terms_open,
        "documents": documents_by_object(Deal, [deal.pk]).get(deal.pk, []),
        "document_form": f.DealDocumentForm(prefix="doc"),
        "dd_groups": _dd_groups(deal, user),
        "dd_open": dd_open_items(deal=deal),
        "dd_file_form": f.FileForm(),
        "votes": votes,
        "conflicts": conflicts,
        "tally": ic_tally(deal=deal),
        "decision": decision,
        "conditions": list(deal.ic_conditions.select_related("met_by")),
        "condition_form": f.ConditionMeetForm(),
        "conflict_form": f.ConflictForm() if at_ic and can_vote_perm and not declared else None,
        "vote_form": (
            f.VoteForm()
            if at_ic and can_vote_perm and declared and not declared.conflicted and not voted
            else None
        ),
        "my_declaration": declared,
        "clarifications": list(deal.clarifications.select_related("asked_by", "answered_by")),
        "question_form": f.QuestionForm(),
        "owner_form": f.OwnerForm(initial={"owner": deal.owner_id}),
        "decline_form": f.ReasonForm(prefix="decline"),
        "events": labelled_events(deal_events(deal=deal), Deal.Status.choices),
        "history": _history(deal),
        "can_manage": can_manage,
        "can_decide": user.has_perm("portfolio.decide_deal"),
        "is_open": status in Deal.OPEN_STATES,
        "move_targets": f.MOVE_TARGETS,
    }


@require_GET
@deal_staff_required
def deal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deal = deal_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    return render(request, "portfolio/deals/detail.html", deal_context(deal, request.user))  # type: ignore[arg-type]


@require_GET
@deal_staff_required
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    deal = deal_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    return render(
        request,
        "portfolio/deals/ic_paper.html",
        {"deal": deal, "paper": ic_paper.ic_paper_for(deal=deal)},
    )


@require_GET
@deal_staff_required
@exports_limited
def paper_download(request: HttpRequest, pk: int) -> HttpResponse:
    deal = deal_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    body = ic_paper.ic_paper_xlsx(ic_paper.ic_paper_for(deal=deal))
    response = HttpResponse(body, content_type=ic_paper.IC_PAPER_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{deal.reference}-ic-paper.xlsx"'
    return response
