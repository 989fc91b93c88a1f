"""Permissions this app adds to each role (synced by fundops.roles.roles_sync).

Board members and fund managers see the dashboards and metrics, ask for board packs and
retry failed ones. Finance officers read the same figures and download packs, but do not
ask for them. Investment committee members, assessors and applicants see none of it.
"""

READ = ("reporting.view_reporting", "reporting.view_boardpack")
REQUEST = ("reporting.request_boardpack",)

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "fund_manager": (*READ, *REQUEST),
    "board_member": (*READ, *REQUEST),
    "finance_officer": READ,
}
