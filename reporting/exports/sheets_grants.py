"""The board pack's grant, pipeline and outcome sheets (see ``sheets`` for the others)."""

from __future__ import annotations

import pandas as pd

from reporting import grant_metrics
from reporting.exports.layout import Block, Column, Sheet
from reporting.exports.sheets import column_map, preamble, rows
from reporting.frames import FundFrames

REPORT_LABELS = {"6m": "6 months", "12m": "12 months"}
C = Column

CALLS = [
    C("Call", width=30),
    C("Budget", "money", True),
    C("Awarded", "money", True),
    C("Pending", "money", True),
    C("Committed", "money", True),
    C("Paid", "money", True),
    C("Remaining budget", "money", True, 18),
]
APPLICATIONS = [
    C("Reference", width=12),
    C("Company", width=30),
    C("Council area", width=20),
    C("Project", width=36),
    C("Status", width=20),
    C("Submitted", "date"),
    C("Decided", "date"),
    C("Days to decision", "int", width=10),
    C("Awarded", "money", True),
    C("Paid", "money", True),
    C("Private match (awards)", "money", True, 22),
]
CATEGORIES = [
    C("Cost category", width=30),
    C("Projects", "int", True),
    C("Eligible costs", "money", True),
]
COUNCILS = [
    C("Council area", width=30),
    C("Applications", "int", True),
    C("Awards", "int", True),
    C("Awarded", "money", True),
    C("Paid", "money", True),
]
MONITORING = [
    C("Company", width=30),
    C("Period", width=10),
    C("Period end", "date"),
    C("Jobs created", "int", True),
    C("Jobs safeguarded", "int", True),
    C("Private follow-on with the fund", "money", True, 20),
    C("Private follow-on without the fund", "money", True, 20),
    C("Public follow-on with the fund", "money", True, 20),
    C("Public follow-on without the fund", "money", True, 20),
    C("Regulatory milestones", width=50),
]
GRANT_OUTCOMES = [
    C("Grant", width=12),
    C("Company", width=30),
    C("Report", width=10),
    C("Submitted", "date"),
    C("Jobs created", "int", True),
    C("Jobs safeguarded", "int", True),
    C("Product new to market", "int", True, 12),
    C("First sale", "int", True),
    C("Private follow-on", "money", True),
    C("Public follow-on", "money", True),
]
PIPELINE = [
    C("Company", width=30),
    C("Stage", width=20),
    C("Amount sought", "money", True),
    C("Days in stage", "int"),
    C("Overdue", width=9),
    C("Owner", width=24),
]
PIPELINE_STAGES = [C("Stage", width=30), C("Deals", "int", True), C("Amount sought", "money", True)]


def grants(sheet: Sheet, frames: FundFrames) -> dict[str, Block]:
    preamble(sheet, frames, "Grants")
    blocks = {
        "calls": sheet.table(
            "GrantCalls",
            CALLS,
            rows(
                frames.grant_calls,
                "name",
                "budget",
                "awarded",
                "pending",
                "committed",
                "paid",
                "remaining",
            ),
        )
    }
    apps = frames.grant_applications
    paid = frames.grant_payments.groupby("application_id")["amount"].sum().to_dict()
    private = frames.grant_match[frames.grant_match["kind"] == "private"]
    match = private.groupby("application_id")["amount"].sum().to_dict()
    sheet.blank()
    sheet.heading("Applications submitted by the as-of date")
    blocks["applications"] = sheet.table(
        "GrantApplications",
        APPLICATIONS,
        rows(
            apps,
            "reference",
            "company",
            "council_area",
            "title",
            "status_label",
            "submitted_on",
            "decided_on",
            "days_to_decision",
            "amount_awarded",
            lambda r: paid.get(r.application_id),
            lambda r: match.get(r.application_id) if r.amount_awarded is not None else None,
        ),
    )
    sheet.blank()
    sheet.heading("Eligible costs of awarded projects by category")
    by_category = grant_metrics.grants_by_category(frames)
    blocks["categories"] = sheet.table(
        "GrantCategories", CATEGORIES, rows(by_category, "category", "projects", "amount")
    )
    sheet.blank()
    sheet.heading("By council area")
    by_council = grant_metrics.grants_by_council(frames)
    blocks["councils"] = sheet.table(
        "GrantCouncils",
        COUNCILS,
        rows(by_council, "council_area", "applications", "awards", "awarded", "paid"),
    )
    return blocks


def pipeline(sheet: Sheet, frames: FundFrames) -> Block:
    preamble(sheet, frames, "Deal pipeline (as it stands today)")
    deals = frames.pipeline if frames.pipeline is not None else pd.DataFrame()
    block = sheet.table(
        "Pipeline",
        PIPELINE,
        rows(
            deals,
            "company",
            "stage_label",
            "amount_sought",
            "days_in_stage",
            lambda r: "Yes" if r.overdue else "No",
            lambda r: str(r.owner or ""),
        ),
    )
    sheet.blank()
    sheet.heading("Deals by stage")
    stages = []
    if len(deals):
        for label, group in deals.groupby("stage_label", sort=False):
            stages.append((label, len(group), sum(a or 0 for a in group["amount_sought"])))
    sheet.table("PipelineStages", PIPELINE_STAGES, stages)
    return block


def outcomes(sheet: Sheet, frames: FundFrames) -> dict[str, Block]:
    preamble(
        sheet,
        frames,
        "Outcomes: jobs, products and follow-on money",
        "Portfolio companies' monitoring returns",
    )
    monitoring = sheet.table(
        "MonitoringOutcomes",
        MONITORING,
        rows(
            frames.monitoring,
            "company",
            lambda r: str(r.period).capitalize(),
            "period_end",
            "jobs_created",
            "jobs_safeguarded",
            "follow_on_private_with_fund",
            "follow_on_private_without_fund",
            "follow_on_public_with_fund",
            "follow_on_public_without_fund",
            "regulatory_milestones",
        ),
    )
    sheet.blank()
    sheet.heading("Grantees' latest outcome reports")
    apps = frames.grant_applications
    reference = column_map(apps, "application_id", "reference")
    company = column_map(apps, "application_id", "company")
    grant = sheet.table(
        "GrantOutcomes",
        GRANT_OUTCOMES,
        rows(
            grant_metrics.latest_outcomes(frames),
            lambda r: reference.get(r.application_id, ""),
            lambda r: company.get(r.application_id, ""),
            lambda r: REPORT_LABELS.get(r.kind, r.kind),
            "submitted_on",
            "jobs_created",
            "jobs_safeguarded",
            lambda r: int(r.new_to_market_product),
            lambda r: int(r.first_sale),
            "follow_on_private",
            "follow_on_public",
        ),
    )
    return {"monitoring": monitoring, "grants": grant}
