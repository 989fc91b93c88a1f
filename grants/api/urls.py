from django.urls import path

from grants.api.views import applications as a
from grants.api.views import delivery as d
from grants.api.views import staff as st

# API of this app, under /api/grants/. Every record is looked up through a scoping selector:
# an applicant gets 404 for another organisation's records on every endpoint.
urlpatterns = [
    path("calls/", st.CallListApi.as_view(), name="grants-call-list"),
    path("calls/<int:pk>/", st.CallDetailApi.as_view(), name="grants-call-detail"),
    path("calls/<int:pk>/budget/", st.CallBudgetApi.as_view(), name="grants-call-budget"),
    path("applications/", a.ApplicationListApi.as_view(), name="grants-application-list"),
    path(
        "applications/<int:pk>/", a.ApplicationDetailApi.as_view(), name="grants-application-detail"
    ),
    path(
        "applications/<int:pk>/cost-lines/", a.CostLineAddApi.as_view(), name="grants-cost-line-add"
    ),
    path(
        "applications/<int:pk>/match-funding/",
        a.MatchFundingAddApi.as_view(),
        name="grants-match-funding-add",
    ),
    path(
        "applications/<int:pk>/mfa-declarations/",
        a.MFADeclarationAddApi.as_view(),
        name="grants-mfa-declaration-add",
    ),
    path(
        "applications/<int:pk>/submit/",
        a.ApplicationSubmitApi.as_view(),
        name="grants-application-submit",
    ),
    path(
        "applications/<int:pk>/withdraw/",
        a.ApplicationWithdrawApi.as_view(),
        name="grants-application-withdraw",
    ),
    path(
        "applications/<int:pk>/respond/",
        a.ApplicationRespondApi.as_view(),
        name="grants-application-respond",
    ),
    path("applications/<int:pk>/offer/", a.OfferApi.as_view(), name="grants-offer"),
    path(
        "applications/<int:pk>/offer/accept/",
        a.OfferAcceptApi.as_view(),
        name="grants-offer-accept",
    ),
    path(
        "applications/<int:pk>/offer/confirm-mfa/",
        a.OfferMFAConfirmApi.as_view(),
        name="grants-offer-confirm-mfa",
    ),
    path(
        "applications/<int:pk>/claims/",
        d.ApplicationClaimsApi.as_view(),
        name="grants-application-claims",
    ),
    # staff actions on an application
    path(
        "applications/<int:pk>/request-info/",
        st.ApplicationInfoRequestApi.as_view(),
        name="grants-application-request-info",
    ),
    path(
        "applications/<int:pk>/eligibility/",
        st.ApplicationEligibilityRunApi.as_view(),
        name="grants-application-eligibility",
    ),
    path(
        "applications/<int:pk>/assignments/",
        st.AssignmentCreateApi.as_view(),
        name="grants-assignment-create",
    ),
    path(
        "applications/<int:pk>/start-assessment/",
        st.ApplicationAssessmentStartApi.as_view(),
        name="grants-application-start-assessment",
    ),
    path(
        "applications/<int:pk>/send-to-panel/",
        st.ApplicationPanelSendApi.as_view(),
        name="grants-application-send-to-panel",
    ),
    path(
        "applications/<int:pk>/approve/",
        st.ApplicationApproveApi.as_view(),
        name="grants-application-approve",
    ),
    path(
        "applications/<int:pk>/reject/",
        st.ApplicationRejectApi.as_view(),
        name="grants-application-reject",
    ),
    path("applications/<int:pk>/offer/send/", st.OfferSendApi.as_view(), name="grants-offer-send"),
    path(
        "applications/<int:pk>/timings/",
        st.ApplicationTimingsApi.as_view(),
        name="grants-application-timings",
    ),
    path(
        "applications/<int:pk>/clawbacks/",
        d.ClawbackRaiseApi.as_view(),
        name="grants-clawback-raise",
    ),
    path("cost-lines/<int:pk>/", a.CostLineDetailApi.as_view(), name="grants-cost-line-detail"),
    path("cost-lines/<int:pk>/quote/", a.CostLineQuoteApi.as_view(), name="grants-cost-line-quote"),
    path(
        "match-funding/<int:pk>/",
        a.MatchFundingDetailApi.as_view(),
        name="grants-match-funding-detail",
    ),
    path(
        "mfa-declarations/<int:pk>/",
        a.MFADeclarationDetailApi.as_view(),
        name="grants-mfa-declaration-detail",
    ),
    path("assignments/", st.AssignmentListApi.as_view(), name="grants-assignment-list"),
    path(
        "assignments/<int:pk>/declare/",
        st.AssignmentDeclareApi.as_view(),
        name="grants-assignment-declare",
    ),
    path(
        "assignments/<int:pk>/scores/",
        st.AssignmentScoreApi.as_view(),
        name="grants-assignment-score",
    ),
    path("claims/", d.ClaimListApi.as_view(), name="grants-claim-list"),
    path("claims/<int:pk>/", d.ClaimDetailApi.as_view(), name="grants-claim-detail"),
    path("claims/<int:pk>/lines/", d.ClaimLineAddApi.as_view(), name="grants-claim-line-add"),
    path("claims/<int:pk>/submit/", d.ClaimSubmitApi.as_view(), name="grants-claim-submit"),
    path("claims/<int:pk>/approve/", d.ClaimApproveApi.as_view(), name="grants-claim-approve"),
    path("claims/<int:pk>/reject/", d.ClaimRejectApi.as_view(), name="grants-claim-reject"),
    path("claims/<int:pk>/pay/", d.ClaimPayApi.as_view(), name="grants-claim-pay"),
    path("claim-lines/<int:pk>/", d.ClaimLineDetailApi.as_view(), name="grants-claim-line-detail"),
    path(
        "claim-lines/<int:pk>/evidence/",
        d.ClaimLineEvidenceApi.as_view(),
        name="grants-claim-line-evidence",
    ),
    path(
        "claim-lines/<int:pk>/check/", d.ClaimLineCheckApi.as_view(), name="grants-claim-line-check"
    ),
    path("payments/", d.PaymentListApi.as_view(), name="grants-payment-list"),
    path("clawbacks/", d.ClawbackListApi.as_view(), name="grants-clawback-list"),
    path(
        "clawbacks/<int:pk>/resolve/",
        d.ClawbackResolveApi.as_view(),
        name="grants-clawback-resolve",
    ),
    path("outcome-reports/", d.OutcomeReportListApi.as_view(), name="grants-outcome-report-list"),
    path(
        "outcome-reports/<int:pk>/",
        d.OutcomeReportDetailApi.as_view(),
        name="grants-outcome-report-detail",
    ),
    path(
        "outcome-reports/<int:pk>/submit/",
        d.OutcomeReportSubmitApi.as_view(),
        name="grants-outcome-report-submit",
    ),
]
