"""Staff forms: invest (initial or follow-on) with co-investors, record a cash flow, reverse
an entry, revalue, record an exit or write-off, enter a monitoring return, upload a document,
import a workbook. Each calls one service; a refused rule is shown on the form (400)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View

from fundops.api.errors import DomainError
from fundops.forms import DocumentUploadForm
from fundops.models import Organisation
from fundops.security import uploads_limited
from fundops.services.documents import document_upload
from fundops.workflow import InvalidTransition
from portfolio import forms as f
from portfolio import selectors
from portfolio.models import LedgerEntry
from portfolio.services import exits, ledger, monitoring, valuations
from portfolio.services._common import NOT_ALLOWED
from portfolio.services.investments import (
    CoInvestment,
    InstrumentTerms,
    RoundSpec,
    co_investor_get_or_create,
    investment_create,
)
from portfolio.views import PortfolioStaffMixin

Action = Callable[[dict[str, Any]], str]


def _run(
    request: HttpRequest,
    form: forms.Form,
    action: Action,
    *,
    title: str,
    back: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Validate, call the service, redirect with its message; or re-show with the reason."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST" and form.is_valid():
        try:
            # One transaction per form: a rule refused half-way leaves nothing behind.
            with transaction.atomic():
                message = action(form.cleaned_data)
            messages.success(request, message)
            return redirect(back)
        except (DomainError, InvalidTransition) as exc:
            form.add_error(None, exc.reason)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": title, "back": back, **(extra or {})}
    return render(request, "portfolio/action_form.html", context, status=status)


def _company_url(organisation_id: int) -> str:
    return reverse("portfolio:company", args=[organisation_id])


class InvestView(PortfolioStaffMixin, View):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not self.test_func():
            return super().dispatch(request, *args, **kwargs)
        organisation = get_object_or_404(Organisation, pk=kwargs["pk"])
        form = f.InvestmentForm(request.POST or None)
        formset = f.CoInvestorFormSet(request.POST or None, prefix="co")
        valid_formset = request.method == "POST" and formset.is_valid()

        def action(data: dict[str, Any]) -> str:
            if not valid_formset:
                raise DomainError("Check the co-investors below.")
            co = [
                CoInvestment(
                    co_investor_get_or_create(
                        name=row["name"], kind=row["kind"] or "other", source=row["source"]
                    ),
                    row["amount"],
                    row["same_terms"],
                )
                for row in formset.cleaned_data
                if row.get("name")
            ]
            investment = investment_create(
                organisation=organisation,
                fund=data["fund"],
                round=RoundSpec(
                    name=data["round_name"],
                    date=data["round_date"],
                    total_size=data["round_size"],
                    pre_money_valuation=data["pre_money_valuation"],
                    price_per_share=data["price_per_share"],
                ),
                instrument=InstrumentTerms(
                    **{k: data[k] for k in InstrumentTerms.__dataclass_fields__ if k in data},
                ),
                amount=data["amount"],
                date=data["date"],
                co_investors=co,
                by=request.user,  # type: ignore[arg-type]
                reference=data["reference"],
            )
            kind = "Follow-on" if investment.is_follow_on else "Investment"
            return f"{kind} of £{investment.amount:,.2f} recorded with {len(co)} co-investor(s)."

        return _run(
            request,
            form,
            action,
            title=f"Invest in {organisation.name}",
            back=_company_url(organisation.pk),
            extra={"formset": formset},
        )


class CashFlowView(PortfolioStaffMixin, View):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not self.test_func():
            return super().dispatch(request, *args, **kwargs)
        investment = selectors.investment_get(pk=kwargs["pk"])

        def action(data: dict[str, Any]) -> str:
            entry = ledger.ledger_entry_create(
                investment=investment,
                kind=data["kind"],
                date=data["date"],
                amount=ledger.signed_amount(data["kind"], data["amount"]),
                note=data["note"],
                by=request.user,  # type: ignore[arg-type]
            )
            return f"{entry.get_kind_display()} of £{entry.amount:,.2f} recorded."

        return _run(
            request,
            f.CashFlowForm(request.POST or None),
            action,
            title=f"Record a cash flow: {investment}",
            back=_company_url(investment.organisation_id),
        )


class ReverseView(PortfolioStaffMixin, View):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not self.test_func():
            return super().dispatch(request, *args, **kwargs)
        entry = get_object_or_404(LedgerEntry.objects.select_related("investment"), pk=kwargs["pk"])

        def action(data: dict[str, Any]) -> str:
            _, correction = ledger.ledger_entry_reverse(
                entry=entry,
                by=request.user,
                **data,  # type: ignore[arg-type]
            )
            return "Entry reversed" + (" and the corrected entry recorded." if correction else ".")

        return _run(
            request,
            f.ReverseForm(request.POST or None),
            action,
            title=f"Reverse {entry.get_kind_display().lower()} of £{entry.amount:,.2f} "
            f"on {entry.date:%d %b %Y}",
            back=_company_url(entry.investment.organisation_id),
        )


class RevalueView(PortfolioStaffMixin, View):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not self.test_func():
            return super().dispatch(request, *args, **kwargs)
        investment = selectors.investment_get(pk=kwargs["pk"])

        def action(data: dict[str, Any]) -> str:
            valuation = valuations.valuation_record(
                investment=investment,
                by=request.user,
                **data,  # type: ignore[arg-type]
            )
            return f"Fair value £{valuation.fair_value:,.2f} recorded."

        return _run(
            request,
            f.ValuationForm(request.POST or None),
            action,
            title=f"Revalue {investment}",
            back=_company_url(investment.organisation_id),
        )


class ExitView(PortfolioStaffMixin, View):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not self.test_func():
            return super().dispatch(request, *args, **kwargs)
        investment = selectors.investment_get(pk=kwargs["pk"])
        by = request.user

        def action(data: dict[str, Any]) -> str:
            if data["kind"] == "write_off":
                exits.investment_write_off(
                    investment=investment,
                    date=data["date"],
                    by=by,
                    reason=data["note"],  # type: ignore[arg-type]
                )
                return "Investment written off."
            exit = exits.exit_record(
                investment=investment,
                date=data["date"],
                proceeds=data["proceeds"] or 0,
                shares_sold=data["shares_sold"],
                fraction=data["fraction"],
                note=data["note"],
                by=by,  # type: ignore[arg-type]
            )
            return f"Exit recorded: realised gain £{exit.realised_gain:,.2f}."

        return _run(
            request,
            f.ExitForm(request.POST or None),
            action,
            title=f"Exit or write off {investment}",
            back=_company_url(investment.organisation_id),
        )


class StaffReturnView(PortfolioStaffMixin, View):
    """Staff enter a return the company sent another way (made and submitted at once)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not self.test_func():
            return super().dispatch(request, *args, **kwargs)
        organisation = selectors.portfolio_company_get(pk=kwargs["pk"])
        by = request.user

        def action(data: dict[str, Any]) -> str:
            if not by.has_perm("portfolio.add_monitoringreturn"):
                raise DomainError(NOT_ALLOWED, code="forbidden", status=403)
            period, period_end = data.pop("period"), data.pop("period_end")
            item = monitoring.monitoring_return_create(
                organisation=organisation,
                period=period,
                period_end=period_end,
                due_on=period_end + timedelta(days=30),
                by=by,  # type: ignore[arg-type]
            )
            monitoring.monitoring_return_submit(monitoring_return=item, by=by, **data)  # type: ignore[arg-type]
            return "Monitoring return recorded."

        return _run(
            request,
            f.StaffReturnForm(request.POST or None),
            action,
            title=f"Enter a monitoring return for {organisation.name}",
            back=_company_url(organisation.pk),
        )


class CompanyDocumentView(PortfolioStaffMixin, View):
    @method_decorator(uploads_limited)
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        organisation = selectors.portfolio_company_get(pk=pk)
        form = DocumentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document_upload(
                    file=form.cleaned_data["file"],
                    attach_to=organisation,
                    by=request.user,  # type: ignore[arg-type]
                    description=form.cleaned_data["description"],
                )
                messages.success(request, "Document uploaded.")
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, "Choose a file to upload.")
        return redirect("portfolio:company", pk=pk)
