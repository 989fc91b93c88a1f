"""Staff writes on a deal: each form calls one service and comes back to the page with the
service's answer (a refusal is a message naming the reason, never a 500). The committee's
decision and the completion are in staff_decisions.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fundops.security import uploads_limited
from portfolio.models import Deal
from portfolio.selectors_deals import (
    dd_item_get,
    deal_co_investor_get,
    deal_get,
    ic_condition_get,
)
from portfolio.services import committee, deals, diligence
from portfolio.web_deals import forms as f
from portfolio.web_deals.common import (
    deal_staff_required,
    form_errors_text,
    run,
)

MOVED = "{reference} moved to {stage}."
CHECK_FORM = "Check the form: {errors}"


def _deal(request: HttpRequest, pk: int) -> Deal:
    return deal_get(user=request.user, pk=pk)  # type: ignore[arg-type]


def _back(deal_id: int, section: str = "") -> HttpResponse:
    return redirect(reverse("portfolio:deal", args=[deal_id]) + (f"#{section}" if section else ""))


def _next_or(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _invalid(request: HttpRequest, form: Any) -> None:
    messages.error(request, CHECK_FORM.format(errors=form_errors_text(form)))


def _literal(text: str) -> str:
    """A message naming a record (whose text may hold braces), not a template."""
    return text.replace("{", "{{").replace("}", "}}")


def _submit(request: HttpRequest, form: Any, write: Callable[[Any], object], done: str) -> None:
    """A valid form runs its service (``write(form)``) and says ``done``, formatted with the
    form's data, or the service's refusal; an invalid one says what to fix."""
    if form.is_valid():
        run(request, lambda: write(form), done.format(**form.cleaned_data))
    else:
        _invalid(request, form)


@require_POST
@deal_staff_required
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """The board's card control (and drag-and-drop): the same deal_move service as the API."""
    deal = _deal(request, pk)
    back = _next_or(request, reverse("portfolio:deal-board"))
    form = f.MoveForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return redirect(back)
    to = form.cleaned_data["to"]
    if to == Deal.Status.APPROVED:
        # The decision is recorded with its votes and conditions, behind a password check.
        return redirect("portfolio:deal-decision", pk=deal.pk)
    label = dict(Deal.Status.choices)[to]
    run(
        request,
        lambda: deals.deal_move(
            deal=deal, to=to, by=request.user, reason=form.cleaned_data["reason"]
        ),
        MOVED.format(reference=deal.reference, stage=label),
    )
    return redirect(back)


@require_POST
@deal_staff_required
def terms_update(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    _submit(
        request,
        f.DealTermsForm(request.POST, prefix="terms"),
        lambda form: deals.deal_update(deal=deal, by=request.user, **form.service_fields()),
        "Terms saved.",
    )
    return _back(deal.pk, "terms")


@require_POST
@deal_staff_required
def co_investor_add(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    _submit(
        request,
        f.CoInvestorForm(request.POST, prefix="co-new"),
        lambda form: deals.deal_co_investor_add(deal=deal, by=request.user, **form.cleaned_data),
        "{name} added.",
    )
    return _back(deal.pk, "co-investors")


@require_POST
@deal_staff_required
def co_investor_update(request: HttpRequest, pk: int) -> HttpResponse:
    row = deal_co_investor_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    _submit(
        request,
        f.CoInvestorForm(request.POST, prefix=f"co-{row.pk}"),
        lambda form: deals.deal_co_investor_update(
            co_investor=row, by=request.user, **form.cleaned_data
        ),
        "{name} updated.",
    )
    return _back(row.deal_id, "co-investors")


@require_POST
@deal_staff_required
def co_investor_remove(request: HttpRequest, pk: int) -> HttpResponse:
    row = deal_co_investor_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    run(
        request,
        lambda: deals.deal_co_investor_remove(co_investor=row, by=request.user),
        f"{row.name} removed.",
    )
    return _back(row.deal_id, "co-investors")


@require_POST
@deal_staff_required
@uploads_limited
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    _submit(
        request,
        f.DealDocumentForm(request.POST, request.FILES, prefix="doc"),
        lambda form: deals.deal_document_upload(deal=deal, by=request.user, **form.cleaned_data),
        "Document uploaded.",
    )
    return _back(deal.pk, "documents")


@require_POST
@deal_staff_required
def owner_assign(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    _submit(
        request,
        f.OwnerForm(request.POST),
        lambda form: deals.deal_owner_assign(
            deal=deal, by=request.user, owner=form.cleaned_data["owner"]
        ),
        "Owner changed.",
    )
    return _back(deal.pk)


@require_POST
@deal_staff_required
def clarification_ask(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    _submit(
        request,
        f.QuestionForm(request.POST),
        lambda form: deals.deal_clarification_ask(
            deal=deal, by=request.user, question=form.cleaned_data["question"]
        ),
        "Question sent to the applicant.",
    )
    return _back(deal.pk, "clarifications")


@require_POST
@deal_staff_required
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    _submit(
        request,
        f.ReasonForm(request.POST, prefix="decline"),
        lambda form: deals.deal_decline(
            deal=deal, by=request.user, reason=form.cleaned_data["reason"]
        ),
        _literal(f"{deal.reference} declined."),
    )
    return _back(deal.pk)


@require_POST
@deal_staff_required
def dd_item_update(request: HttpRequest, pk: int) -> HttpResponse:
    item = dd_item_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    _submit(
        request,
        f.DDItemForm(request.POST, prefix=f"item-{item.pk}"),
        lambda form: diligence.dd_item_update(item=item, by=request.user, **form.cleaned_data),
        _literal(f"“{item.title}” saved."),
    )
    return _back(item.deal_id, f"item-{item.pk}")


@require_POST
@deal_staff_required
@uploads_limited
def dd_item_document(request: HttpRequest, pk: int) -> HttpResponse:
    item = dd_item_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    _submit(
        request,
        f.FileForm(request.POST, request.FILES),
        lambda form: diligence.dd_item_document_upload(
            item=item, by=request.user, file=form.cleaned_data["file"]
        ),
        _literal(f"Document attached to “{item.title}”."),
    )
    return _back(item.deal_id, f"item-{item.pk}")


@require_POST
@deal_staff_required
def dd_complete(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    run(
        request,
        lambda: diligence.dd_complete(deal=deal, by=request.user),
        "Due diligence complete: the deal is at the investment committee.",
    )
    return _back(deal.pk, "dd")


@require_POST
@deal_staff_required
def conflict_declare(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    form = f.ConflictForm(request.POST)
    if form.is_valid():
        conflicted = form.cleaned_data["conflicted"]
        run(
            request,
            lambda: committee.ic_conflict_declare(
                deal=deal, by=request.user, conflicted=conflicted, note=form.cleaned_data["note"]
            ),
            "Conflict declared: you will not vote." if conflicted else "No conflict declared.",
        )
    else:
        _invalid(request, form)
    return _back(deal.pk, "committee")


@require_POST
@deal_staff_required
def vote_cast(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    _submit(
        request,
        f.VoteForm(request.POST),
        lambda form: committee.ic_vote_cast(deal=deal, by=request.user, **form.cleaned_data),
        "Your vote is recorded.",
    )
    return _back(deal.pk, "committee")


@require_POST
@deal_staff_required
def condition_meet(request: HttpRequest, pk: int) -> HttpResponse:
    condition = ic_condition_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    form = f.ConditionMeetForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: committee.ic_condition_meet(
                condition=condition, by=request.user, note=form.cleaned_data["note"]
            ),
            "Condition ticked off.",
        )
    return _back(condition.deal_id, "committee")
