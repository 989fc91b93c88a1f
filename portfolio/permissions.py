"""Permissions this app adds to each role (synced by fundops.roles.roles_sync)."""

_MODELS = (
    "investment",
    "round",
    "coinvestor",
    "roundparticipation",
    "ledgerentry",
    "valuation",
    "exit",
    "monitoringreturn",
    # The deal pipeline (issue 4): read by every staff role but assessors.
    "deal",
    "dealcoinvestor",
    "dditem",
    "icvote",
    "icdecision",
    "iccondition",
    "coinvestmentpolicy",
)
_VIEW = tuple(f"portfolio.view_{model}" for model in _MODELS)

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    # The fund manager runs the book: investments, cash flows, valuations, exits, import.
    "fund_manager": (
        *_VIEW,
        "portfolio.add_investment",
        "portfolio.add_round",
        "portfolio.add_coinvestor",
        "portfolio.change_coinvestor",
        "portfolio.add_roundparticipation",
        "portfolio.add_ledgerentry",
        "portfolio.reverse_ledgerentry",
        "portfolio.approve_valuation",
        "portfolio.record_exit",
        "portfolio.import_portfolio",
        "portfolio.add_monitoringreturn",
        "portfolio.change_monitoringreturn",
        # Deals: run the pipeline, record the committee's decision, set the fund's rules.
        "portfolio.add_deal",
        "portfolio.change_deal",
        "portfolio.manage_deal",
        "portfolio.decide_deal",
        "portfolio.change_coinvestmentpolicy",
    ),
    # Finance keeps the ledger straight (cash flows and reversals) but does not value.
    "finance_officer": (
        *_VIEW,
        "portfolio.add_ledgerentry",
        "portfolio.reverse_ledgerentry",
        "portfolio.add_monitoringreturn",
        "portfolio.change_monitoringreturn",
    ),
    "ic_member": (*_VIEW, "portfolio.vote_deal"),
    "board_member": _VIEW,
    "assessor": ("portfolio.view_monitoringreturn",),
}
