from django.urls import path

from portfolio.api import deal_views as v

# The deal pipeline API, included by portfolio/api/urls.py under /api/portfolio/.
urlpatterns = [
    path("deals/", v.DealListApi.as_view(), name="portfolio-deal-list"),
    path("deals/<int:pk>/", v.DealDetailApi.as_view(), name="portfolio-deal-detail"),
    path("deals/<int:pk>/submit/", v.DealSubmitApi.as_view(), name="portfolio-deal-submit"),
    path("deals/<int:pk>/withdraw/", v.DealWithdrawApi.as_view(), name="portfolio-deal-withdraw"),
    path("deals/<int:pk>/move/", v.DealMoveApi.as_view(), name="portfolio-deal-move"),
    path("deals/<int:pk>/owner/", v.DealOwnerApi.as_view(), name="portfolio-deal-owner"),
    path(
        "deals/<int:pk>/clarifications/",
        v.DealClarificationAskApi.as_view(),
        name="portfolio-deal-clarification-ask",
    ),
    path(
        "deal-clarifications/<int:pk>/answer/",
        v.ClarificationAnswerApi.as_view(),
        name="portfolio-deal-clarification-answer",
    ),
    path(
        "deals/<int:pk>/co-investors/",
        v.DealCoInvestorAddApi.as_view(),
        name="portfolio-deal-coinvestor-add",
    ),
    path(
        "deal-co-investors/<int:pk>/",
        v.DealCoInvestorDetailApi.as_view(),
        name="portfolio-deal-coinvestor-detail",
    ),
    path("deals/<int:pk>/documents/", v.DealDocumentApi.as_view(), name="portfolio-deal-documents"),
    path("deals/<int:pk>/rules/", v.DealRulesApi.as_view(), name="portfolio-deal-rules"),
    path("deals/<int:pk>/dd-items/", v.DealDDItemsApi.as_view(), name="portfolio-deal-dd-items"),
    path("dd-items/<int:pk>/", v.DDItemDetailApi.as_view(), name="portfolio-dd-item-detail"),
    path(
        "dd-items/<int:pk>/documents/",
        v.DDItemDocumentApi.as_view(),
        name="portfolio-dd-item-documents",
    ),
    path(
        "deals/<int:pk>/dd-complete/",
        v.DealDDCompleteApi.as_view(),
        name="portfolio-deal-dd-complete",
    ),
    path(
        "deals/<int:pk>/committee/", v.DealCommitteeApi.as_view(), name="portfolio-deal-committee"
    ),
    path("deals/<int:pk>/conflicts/", v.DealConflictApi.as_view(), name="portfolio-deal-conflict"),
    path("deals/<int:pk>/votes/", v.DealVoteApi.as_view(), name="portfolio-deal-vote"),
    path("deals/<int:pk>/decision/", v.DealDecisionApi.as_view(), name="portfolio-deal-decision"),
    path(
        "ic-conditions/<int:pk>/meet/",
        v.ConditionMeetApi.as_view(),
        name="portfolio-ic-condition-meet",
    ),
    path("deals/<int:pk>/ic-paper/", v.ICPaperApi.as_view(), name="portfolio-deal-ic-paper"),
    path("deals/<int:pk>/complete/", v.DealCompleteApi.as_view(), name="portfolio-deal-complete"),
]
