"""The grants web pages (included from grants/urls.py at the root of /grants/): the applicant
portal under /grants/portal/ and the staff pages under /grants/staff/."""

from django.urls import path

from grants.web import (
    assess,
    portal,
    portal_delivery,
    portal_status,
    staff,
    staff_actions,
    staff_claims,
)

P = "portal/"
A = "staff/applications/<int:pk>/"

urlpatterns = [
    # --- applicant portal --------------------------------------------------------------
    path(f"{P}calls/", portal.call_list, name="portal-calls"),
    path(f"{P}calls/<int:pk>/apply/", portal.application_start, name="portal-apply"),
    path(f"{P}applications/", portal.application_list, name="portal-applications"),
    path(
        f"{P}applications/<int:pk>/",
        portal_status.application_detail,
        name="portal-application",
    ),
    path(
        f"{P}applications/<int:pk>/edit/", portal.application_edit, name="portal-application-edit"
    ),
    path(f"{P}applications/<int:pk>/costs/", portal.cost_line_add, name="portal-cost-line-add"),
    path(f"{P}cost-lines/<int:pk>/quote/", portal.cost_line_quote, name="portal-cost-line-quote"),
    path(
        f"{P}cost-lines/<int:pk>/remove/",
        portal.cost_line_remove,
        name="portal-cost-line-remove",
    ),
    path(
        f"{P}applications/<int:pk>/match-funding/",
        portal.match_funding_add,
        name="portal-match-funding-add",
    ),
    path(
        f"{P}match-funding/<int:pk>/remove/",
        portal.match_funding_remove,
        name="portal-match-funding-remove",
    ),
    path(
        f"{P}applications/<int:pk>/mfa-declarations/",
        portal.mfa_declaration_add,
        name="portal-mfa-declaration-add",
    ),
    path(
        f"{P}mfa-declarations/<int:pk>/remove/",
        portal.mfa_declaration_remove,
        name="portal-mfa-declaration-remove",
    ),
    path(
        f"{P}applications/<int:pk>/submit/",
        portal_status.application_submit,
        name="portal-application-submit",
    ),
    path(
        f"{P}applications/<int:pk>/respond/",
        portal_status.application_respond,
        name="portal-application-respond",
    ),
    path(
        f"{P}applications/<int:pk>/withdraw/",
        portal_status.application_withdraw,
        name="portal-application-withdraw",
    ),
    path(f"{P}applications/<int:pk>/offer/", portal_delivery.offer, name="portal-offer"),
    path(
        f"{P}applications/<int:pk>/claims/new/",
        portal_delivery.claim_new,
        name="portal-claim-new",
    ),
    path(f"{P}claims/<int:pk>/", portal_delivery.claim_detail, name="portal-claim"),
    path(
        f"{P}claims/<int:pk>/lines/",
        portal_delivery.claim_line_add,
        name="portal-claim-line-add",
    ),
    path(
        f"{P}claim-lines/<int:pk>/remove/",
        portal_delivery.claim_line_remove,
        name="portal-claim-line-remove",
    ),
    path(
        f"{P}claim-lines/<int:pk>/evidence/",
        portal_delivery.claim_line_evidence,
        name="portal-claim-line-evidence",
    ),
    path(f"{P}claims/<int:pk>/submit/", portal_delivery.claim_submit, name="portal-claim-submit"),
    path(
        f"{P}outcome-reports/<int:pk>/",
        portal_delivery.outcome_report,
        name="portal-outcome-report",
    ),
    # --- staff ---------------------------------------------------------------------------
    path("staff/", staff.queue, name="staff-queue"),
    path(A, staff.application_detail, name="staff-application"),
    path(f"{A}declare/", assess.declare, name="staff-declare"),
    path(f"{A}score/", assess.score, name="staff-score"),
    path(f"{A}assign/", staff_actions.assign, name="staff-assign"),
    path(f"{A}request-info/", staff_actions.request_info, name="staff-request-info"),
    path(f"{A}start-assessment/", staff_actions.start_assessment, name="staff-start-assessment"),
    path(f"{A}send-to-panel/", staff_actions.send_to_panel, name="staff-send-to-panel"),
    path(f"{A}approve/", staff_actions.approve, name="staff-approve"),
    path(f"{A}reject/", staff_actions.reject, name="staff-reject"),
    path(f"{A}send-offer/", staff_actions.send_offer, name="staff-send-offer"),
    path(f"{A}clawbacks/", staff_actions.clawback_raise, name="staff-clawback-raise"),
    path(
        "staff/clawbacks/<int:pk>/resolve/",
        staff_actions.clawback_resolve,
        name="staff-clawback-resolve",
    ),
    path("staff/claims/<int:pk>/", staff_claims.claim_detail, name="staff-claim"),
    path("staff/claim-lines/<int:pk>/check/", staff_claims.line_check, name="staff-line-check"),
    path("staff/claims/<int:pk>/approve/", staff_claims.claim_approve, name="staff-claim-approve"),
    path("staff/claims/<int:pk>/reject/", staff_claims.claim_reject, name="staff-claim-reject"),
    path(
        "staff/claims/<int:pk>/release/",
        staff_claims.payment_release,
        name="staff-payment-release",
    ),
]
