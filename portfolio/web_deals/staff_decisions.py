"""The committee's decision and the completion: they commit the fund's money, so they are
pages of their own behind a fresh password check (the re-authentication comes back to the
page), and a refusal is shown on the form with its reason (400)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fundops.security import recent_auth_required
from portfolio.selectors_deals import deal_get, deal_rule_results, ic_tally
from portfolio.services import committee, completion
from portfolio.services.investments import InstrumentTerms
from portfolio.web_deals import forms as f
from portfolio.web_deals.common import REFUSALS, deal_staff_required, posted, put_refusal_on_form


def _back(deal_id: int, section: str = "") -> HttpResponse:
    return redirect(reverse("portfolio:deal", args=[deal_id]) + (f"#{section}" if section else ""))


@deal_staff_required
@require_http_methods(["GET", "POST"])
@recent_auth_required
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    deal = deal_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    form = f.DecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            committee.ic_decision_record(
                deal=deal,
                by=request.user,  # type: ignore[arg-type]
                outcome=form.cleaned_data["outcome"],
                conditions=form.condition_lines(),
                note=form.cleaned_data["note"],
            )
        except REFUSALS as exc:
            put_refusal_on_form(form, exc)
        else:
            messages.success(request, "The committee's decision is recorded.")
            return _back(deal.pk, "committee")
    context = {
        "deal": deal,
        "form": form,
        "tally": ic_tally(deal=deal),
        "votes": deal.votes.select_related("member"),
        "rules": deal_rule_results(deal=deal),
    }
    status = 400 if form.errors else 200
    return render(request, "portfolio/deals/decision.html", context, status=status)


@deal_staff_required
@require_http_methods(["GET", "POST"])
@recent_auth_required
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    deal = deal_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    rows = list(deal.co_investors.all())
    form = f.CompletionForm(
        posted(request), co_investors=rows, initial={"instrument": deal.instrument}
    )
    if request.method == "POST" and form.is_valid():
        try:
            deal = completion.deal_complete(
                deal=deal,
                completed_on=form.cleaned_data["completed_on"],
                terms=InstrumentTerms(**form.terms()),
                by=request.user,  # type: ignore[arg-type]
                co_investor_amounts=form.actual_amounts(),
                round_name=form.cleaned_data["round_name"],
            )
        except REFUSALS as exc:
            put_refusal_on_form(form, exc)
        else:
            messages.success(
                request, f"{deal.reference} completed: investment {deal.investment} recorded."
            )
            return _back(deal.pk)
    context = {
        "deal": deal,
        "form": form,
        "open_conditions": deal.ic_conditions.filter(met_at__isnull=True),
    }
    status = 400 if form.errors else 200
    return render(request, "portfolio/deals/complete.html", context, status=status)
