"""Reads for the board packs and the dashboards (the figures come from reporting.selectors).

Board packs are fund-level documents, not anybody's own: every role that may view packs
(reporting.view_boardpack) sees them all; other roles see none (the views refuse them).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from fundops.models import Fund
from reporting.models import BoardPack


def board_pack_list(*, fund_id: int | None = None) -> QuerySet[BoardPack]:
    packs = BoardPack.objects.select_related("fund", "requested_by")
    return packs.filter(fund_id=fund_id) if fund_id else packs


def board_pack_get(*, pk: int) -> BoardPack:
    return get_object_or_404(board_pack_list(), pk=pk)


def fund_default() -> Fund | None:
    """The fund a page shows when none is chosen: the newest (Fund's own ordering)."""
    return Fund.objects.first()


def _pipeline_for_fund(fund_id: int) -> list[Any] | None:
    """The deal pipeline, when the portfolio app provides it (None: no pipeline yet)."""
    from portfolio import reporting_selectors

    pipeline = getattr(reporting_selectors, "pipeline_for_fund", None)
    return None if pipeline is None else list(pipeline(fund_id=fund_id))


# The funnel's order on the chart; a stage the pipeline adds later goes at the end.
PIPELINE_ORDER = (
    "draft",
    "enquiry",
    "screening",
    "due_diligence",
    "investment_committee",
    "approved",
    "completion",
)


def pipeline_by_stage(fund_id: int) -> list[dict[str, Any]] | None:
    """Deals, money sought and overdue deals per stage, in the pipeline's own stage order;
    None when the portfolio app has no pipeline."""
    deals = _pipeline_for_fund(fund_id)
    if deals is None:
        return None
    stages: dict[str, dict[str, Any]] = {}
    for deal in deals:
        stage = stages.setdefault(
            deal.stage,
            {
                "stage": deal.stage,
                "label": deal.stage_label,
                "deals": 0,
                "overdue": 0,
                "amount_sought": Decimal("0.00"),
            },
        )
        stage["deals"] += 1
        stage["amount_sought"] += deal.amount_sought
        stage["overdue"] += int(bool(deal.overdue))
    known = {code: n for n, code in enumerate(PIPELINE_ORDER)}
    return sorted(stages.values(), key=lambda row: known.get(row["stage"], len(known)))


LEVERAGE_LABELS = {
    "initial": "Initial rounds",
    "follow_on": "Follow-on rounds",
    "fund": "All rounds (fund level)",
    "crowded_in": "Crowded in (later, without the fund)",
    "grants": "Grants (match funding)",
}


def _charts(
    metrics: dict[str, Any], irr: list[dict[str, Any]], vintages: list[dict[str, Any]]
) -> dict[str, Any]:
    """The chart series, as plain JSON for json_script (money as numbers of pounds)."""
    grants = metrics["grants"]
    lines = metrics["leverage_lines"]
    return {
        "irr": {
            "labels": [p["date"] for p in irr],
            "values": [None if p["irr"] is None else round(p["irr"] * 100, 2) for p in irr],
        },
        "vintage": {
            "labels": [str(v["vintage"]) for v in vintages],
            "cost": [float(v["cost"]) for v in vintages],
            "fair_value": [float(v["fair_value"]) for v in vintages],
            "realised": [float(v["realised"]) for v in vintages],
        },
        "leverage": {
            "labels": [LEVERAGE_LABELS[k] for k in LEVERAGE_LABELS if k != "fund"],
            "ratios": [lines[k]["ratio"] for k in LEVERAGE_LABELS if k != "fund"],
        },
        "grants": {
            "labels": ["Budget", "Pending offers", "Committed", "Paid", "Remaining"],
            "values": [
                float(grants[k])
                for k in ("budget", "pending", "committed", "paid", "remaining_budget")
            ],
        },
    }


def dashboard_data(*, fund_id: int, as_of: date) -> dict[str, Any]:
    """Headline figures, tables and chart series for the dashboard and the board page, from
    one load of the fund's frames."""
    from reporting import selectors

    frames = selectors.fund_frames(fund_id=fund_id, as_of=as_of)
    metrics = selectors.fund_metrics(fund_id=fund_id, as_of=as_of, frames=frames)
    irr = selectors.fund_irr_series(fund_id=fund_id, as_of=as_of, frames=frames)
    vintages = selectors.fund_vintage_table(fund_id=fund_id, as_of=as_of, frames=frames)
    pipeline = pipeline_by_stage(fund_id)
    charts = _charts(metrics, irr, vintages)
    if pipeline is not None:
        charts["pipeline"] = {
            "labels": [row["label"] for row in pipeline],
            "deals": [row["deals"] for row in pipeline],
            "amount_sought": [float(row["amount_sought"]) for row in pipeline],
        }
    leverage = [
        {"key": key, "label": label, **metrics["leverage_lines"][key]}
        for key, label in LEVERAGE_LABELS.items()
    ]
    return {
        "metrics": metrics,
        "irr_series": irr,
        "vintages": vintages,
        "leverage": leverage,
        "pipeline": pipeline,
        "charts": charts,
    }
