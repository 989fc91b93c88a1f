"""Permissions this app adds to each role (synced by fundops.roles.roles_sync).

Maker-checker: fund managers and finance officers can both check claims, finance officers
release payments; the payment service refuses a release by the claim's own approver.
"""

from __future__ import annotations


def _view(*models: str) -> tuple[str, ...]:
    return tuple(f"grants.view_{model}" for model in models)


VIEW_ALL = _view(
    "call",
    "criterion",
    "application",
    "eligibilitycheck",
    "costline",
    "matchfunding",
    "mfadeclaration",
    "assignment",
    "score",
    "approval",
    "offer",
    "mfaconfirmation",
    "claim",
    "claimline",
    "payment",
    "clawback",
    "outcomereport",
)
MANAGE = tuple(
    f"grants.{action}_{model}"
    for model in ("call", "criterion")
    for action in ("add", "change", "delete")
)

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "fund_manager": (
        *VIEW_ALL,
        *MANAGE,
        "grants.manage_application",
        "grants.decide_application",
        "grants.check_claim",
    ),
    "ic_member": (*VIEW_ALL, "grants.decide_application"),
    "assessor": (
        *_view(
            "call",
            "criterion",
            "application",
            "costline",
            "matchfunding",
            "eligibilitycheck",
            "assignment",
            "score",
        ),
        "grants.score_application",
    ),
    "finance_officer": (*VIEW_ALL, "grants.check_claim", "grants.release_payment"),
    "board_member": _view("call", "application", "payment", "outcomereport"),
}
