"""Staff pages: the portfolio list and a company's page (read-only views)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from fundops.forms import DocumentUploadForm
from fundops.models import Fund, Organisation, WorkflowEvent
from fundops.staff_views import StaffRequiredMixin
from portfolio import selectors
from portfolio.models import Exit, Investment, MonitoringReturn, Round, Valuation


class PortfolioStaffMixin(StaffRequiredMixin):
    """Staff whose role reads the portfolio (portfolio.permissions: an assessor sees only
    monitoring returns, not investments, the ledger or valuations)."""

    def test_func(self) -> bool:
        return super().test_func() and self.request.user.has_perm("portfolio.view_investment")


class PortfolioListView(PortfolioStaffMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        filters = {
            name: request.GET.get(name, "")
            for name in ("fund", "instrument", "status", "sub_sector")
        }
        fund_id = int(filters["fund"]) if filters["fund"].isdigit() else None
        investments = list(
            selectors.investment_list(
                fund_id=fund_id,
                instrument=filters["instrument"],
                status=filters["status"],
                sub_sector=filters["sub_sector"],
            )
        )
        totals = {
            "cost": sum(i.amount for i in investments),
            "fair_value": sum(i.latest_fair_value or 0 for i in investments),
            "realised": sum(i.realised for i in investments),
        }
        context = {
            "investments": investments,
            "totals": totals,
            "filters": filters,
            "funds": Fund.objects.order_by("name"),
            "instruments": Investment.Instrument.choices,
            "statuses": Investment.Status.choices,
            "sub_sectors": Organisation.SubSector.choices,
        }
        return render(request, "portfolio/portfolio_list.html", context)


def kpi_series(returns: list[MonitoringReturn]) -> dict[str, list[object]]:
    """Submitted returns, oldest first, as chart series (numbers as strings/ints for JSON)."""
    submitted = sorted(
        (r for r in returns if r.status == MonitoringReturn.Status.SUBMITTED),
        key=lambda r: r.period_end,
    )
    return {
        "labels": [r.period_end.isoformat() for r in submitted],
        "revenue": [float(r.revenue) if r.revenue is not None else None for r in submitted],
        "rnd_spend": [float(r.rnd_spend) if r.rnd_spend is not None else None for r in submitted],
        "headcount": [r.headcount for r in submitted],
        "jobs_created": [r.jobs_created for r in submitted],
        "cash_runway_months": [r.cash_runway_months for r in submitted],
    }


def company_context(organisation: Organisation) -> dict[str, object]:
    """Everything on a company's page in a fixed number of queries."""
    investments = list(selectors.investment_list(organisation_id=organisation.pk))
    ids = [i.pk for i in investments]
    rounds = list(
        Round.objects.filter(organisation=organisation)
        .prefetch_related("participations__co_investor")
        .order_by("date", "pk")
    )
    fund_by_round: dict[int, list[Investment]] = {}
    for investment in investments:
        fund_by_round.setdefault(investment.round_id, []).append(investment)
    for round in rounds:
        round.fund_investments = fund_by_round.get(round.pk, [])  # type: ignore[attr-defined]
    returns = list(MonitoringReturn.objects.filter(organisation=organisation))
    ledger = list(selectors.ledger_for_organisation(organisation=organisation))
    valuations = list(
        Valuation.objects.filter(investment_id__in=ids)
        .select_related("approved_by", "investment")
        .order_by("-valued_on", "-pk")
    )
    history = sorted(
        [
            *_labelled(
                Investment.history.filter(organisation_id=organisation.pk)
                .select_related("history_user")
                .order_by("-history_date")[:30],
                "Investment {h.reference} ({h.instrument}, {h.status})",
            ),
            *_labelled(_history(ids, "ledger_entries"), "Ledger #{h.id}: {h.kind} {h.amount}"),
            *_labelled(_history(ids, "valuations"), "Valuation #{h.id}: {h.fair_value}"),
        ],
        key=lambda record: record.history_date,
        reverse=True,
    )[:50]
    schedules = {
        i.pk: selectors.loan_schedule_for(investment=i)
        for i in investments
        if i.instrument == Investment.Instrument.LOAN
    }
    return {
        "organisation": organisation,
        "investments": investments,
        "rounds": rounds,
        "ledger": ledger,
        "valuations": valuations,
        "exits": Exit.objects.filter(investment_id__in=ids).select_related("investment"),
        "returns": returns,
        "kpis": kpi_series(returns),
        "schedules": [(i, schedules[i.pk]) for i in investments if i.pk in schedules],
        "documents": organisation.documents.select_related("owner"),
        "events": WorkflowEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Investment), object_id__in=ids
        ).select_related("actor"),
        "history": history,
        "upload_form": DocumentUploadForm(),
    }


def _labelled(records: Iterable[Any], pattern: str) -> list[Any]:
    """A label from the record's own columns: the historical __str__ would fetch the
    organisation again for every row."""
    records = list(records)
    for record in records:
        record.label = pattern.format(h=record)
    return records


def _history(ids: list[int], related: str) -> list[Any]:
    model = Investment._meta.get_field(related).related_model
    return list(
        model.history.filter(investment_id__in=ids)  # type: ignore[union-attr]
        .select_related("history_user")
        .order_by("-history_date")[:30]
    )


class CompanyView(PortfolioStaffMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        organisation = selectors.portfolio_company_get(pk=pk)
        return render(request, "portfolio/company.html", company_context(organisation))
