"""Applicant portal: the organisation's investment applications. Start one, fill it in (terms,
lead and co-investors, pitch deck and financials), save the draft, submit, follow its status
and history, answer the fund's questions, withdraw with a reason.

Every deal is reached through portfolio.selectors_deals, so another organisation's deal is a
404; every write goes through portfolio.services.deals, whose refusals show on the page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fundops.security import uploads_limited
from fundops.selectors import organisation_list_for_user
from portfolio.models import Deal
from portfolio.selectors_deals import (
    deal_clarification_get,
    deal_co_investor_get,
    deal_events,
    deal_list_for_user,
)
from portfolio.selectors_deals import deal_get as _deal_get
from portfolio.services import deals as svc
from portfolio.web_deals import forms as f
from portfolio.web_deals.common import (
    REFUSALS,
    documents_by_object,
    form_errors_text,
    labelled_events,
    posted,
    put_refusal_on_form,
    run,
)

NO_ORGANISATION = "Register your organisation before you apply."
DRAFT_SAVED = "Draft saved."
SUBMITTED = "Thank you: your application has been submitted."
WITHDRAWN = "Your application has been withdrawn."
ANSWERED = "Thank you: your answer has been sent."
NOT_EDITABLE_NOW = "This application cannot be changed now."


def _deal(request: HttpRequest, pk: int) -> Deal:
    return _deal_get(user=request.user, pk=pk)  # type: ignore[arg-type]


def _editable(deal: Deal, user: Any) -> bool:
    """The service's own test (a draft, or while the fund's question is open)."""
    try:
        svc.require_editable(deal, user)
    except REFUSALS:
        return False
    return True


def _edit(pk: int) -> HttpResponse:
    return redirect("portfolio:portal-deal-edit", pk=pk)


@require_GET
@login_required
def deal_list(request: HttpRequest) -> HttpResponse:
    deals = deal_list_for_user(user=request.user).select_related("fund")  # type: ignore[arg-type]
    return render(request, "portfolio/portal/deals/list.html", {"deals": deals})


@require_http_methods(["GET", "POST"])
@login_required
def deal_start(request: HttpRequest) -> HttpResponse:
    organisations = organisation_list_for_user(user=request.user).filter(  # type: ignore[arg-type]
        members=request.user
    )
    if not organisations.exists():
        messages.error(request, NO_ORGANISATION)
        return redirect("portal:organisation")
    form = f.StartForm(
        posted(request), organisations=organisations, initial={"organisation": organisations[0]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            deal = svc.deal_create(
                organisation=form.cleaned_data["organisation"],
                fund=form.cleaned_data["fund"],
                by=request.user,  # type: ignore[arg-type]
            )
        except REFUSALS as exc:
            put_refusal_on_form(form, exc)
        else:
            messages.success(request, DRAFT_SAVED)
            return _edit(deal.pk)
    status = 400 if form.errors else 200
    return render(request, "portfolio/portal/deals/start.html", {"form": form}, status=status)


def _edit_page(request: HttpRequest, deal: Deal, terms_form: Any = None) -> HttpResponse:
    context = {
        "deal": deal,
        "terms_form": terms_form or f.DealTermsForm(initial=f.terms_initial(deal), prefix="terms"),
        "co_investors": deal.co_investors.all(),
        "co_investor_form": f.CoInvestorForm(
            prefix="co-new", initial={"same_terms": True, "is_private": True}
        ),
        "documents": documents_by_object(Deal, [deal.pk]).get(deal.pk, []),
        "document_form": f.DealDocumentForm(prefix="doc"),
        "open_questions": [c for c in deal.clarifications.all() if c.is_open],
    }
    status = 400 if terms_form is not None else 200
    return render(request, "portfolio/portal/deals/edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def deal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    if not _editable(deal, request.user):
        messages.error(request, NOT_EDITABLE_NOW)
        return redirect("portfolio:portal-deal", pk=pk)
    if request.method == "GET":
        return _edit_page(request, deal)
    form = f.DealTermsForm(request.POST, prefix="terms")
    if form.is_valid():
        try:
            svc.deal_update(deal=deal, by=request.user, **form.service_fields())  # type: ignore[arg-type]
        except REFUSALS as exc:
            put_refusal_on_form(form, exc)
        else:
            messages.success(request, DRAFT_SAVED)
            return _edit(pk)
    return _edit_page(request, deal, terms_form=form)


@require_POST
@login_required
def co_investor_add(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    form = f.CoInvestorForm(request.POST, prefix="co-new")
    if form.is_valid():
        run(
            request,
            lambda: svc.deal_co_investor_add(deal=deal, by=request.user, **form.cleaned_data),
            f"{form.cleaned_data['name']} added.",
        )
    else:
        messages.error(request, form_errors_text(form))
    return _edit(deal.pk)


@require_POST
@login_required
def co_investor_remove(request: HttpRequest, pk: int) -> HttpResponse:
    row = deal_co_investor_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    run(
        request,
        lambda: svc.deal_co_investor_remove(co_investor=row, by=request.user),
        f"{row.name} removed.",
    )
    return _edit(row.deal_id)


@require_POST
@login_required
@uploads_limited
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    form = f.DealDocumentForm(request.POST, request.FILES, prefix="doc")
    if form.is_valid():
        run(
            request,
            lambda: svc.deal_document_upload(deal=deal, by=request.user, **form.cleaned_data),
            "Document uploaded.",
        )
    else:
        messages.error(request, form_errors_text(form))
    return _edit(deal.pk)


@require_POST
@login_required
def deal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    if run(request, lambda: svc.deal_submit(deal=deal, by=request.user), SUBMITTED):
        return redirect("portfolio:portal-deal", pk=pk)
    return _edit(pk)


@require_GET
@login_required
def deal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    clarifications = list(deal.clarifications.all())
    context = {
        "deal": deal,
        "co_investors": deal.co_investors.all(),
        "documents": documents_by_object(Deal, [deal.pk]).get(deal.pk, []),
        "clarifications": [
            (c, f.AnswerForm(prefix=f"answer-{c.pk}") if c.is_open else None)
            for c in clarifications
        ],
        "events": labelled_events(deal_events(deal=deal), Deal.Status.choices),
        "editable": _editable(deal, request.user),
        "can_withdraw": deal.status in Deal.OPEN_STATES,
        "withdraw_form": f.ReasonForm(prefix="withdraw"),
    }
    return render(request, "portfolio/portal/deals/detail.html", context)


@require_POST
@login_required
def clarification_answer(request: HttpRequest, pk: int) -> HttpResponse:
    clarification = deal_clarification_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    form = f.AnswerForm(request.POST, prefix=f"answer-{clarification.pk}")
    if form.is_valid():
        run(
            request,
            lambda: svc.deal_clarification_answer(
                clarification=clarification, by=request.user, answer=form.cleaned_data["answer"]
            ),
            ANSWERED,
        )
    else:
        messages.error(request, form_errors_text(form))
    return redirect("portfolio:portal-deal", pk=clarification.deal_id)


@require_POST
@login_required
def deal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    form = f.ReasonForm(request.POST, prefix="withdraw")
    if form.is_valid():
        run(
            request,
            lambda: svc.deal_withdraw(
                deal=deal, by=request.user, reason=form.cleaned_data["reason"]
            ),
            WITHDRAWN,
        )
    else:
        messages.error(request, form_errors_text(form))
    return redirect("portfolio:portal-deal", pk=pk)
