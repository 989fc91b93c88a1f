from django.urls import path

from portfolio.api import deal_urls, views

# API of this app, under /api/portfolio/.
urlpatterns = [
    path("investments/", views.InvestmentListApi.as_view(), name="portfolio-investment-list"),
    path(
        "investments/<int:pk>/",
        views.InvestmentDetailApi.as_view(),
        name="portfolio-investment-detail",
    ),
    path(
        "investments/<int:pk>/loan-schedule/",
        views.InvestmentLoanScheduleApi.as_view(),
        name="portfolio-investment-loan-schedule",
    ),
    path(
        "investments/<int:pk>/exit/",
        views.InvestmentExitApi.as_view(),
        name="portfolio-investment-exit",
    ),
    path(
        "investments/<int:pk>/write-off/",
        views.InvestmentWriteOffApi.as_view(),
        name="portfolio-investment-write-off",
    ),
    path(
        "investments/<int:pk>/convert/",
        views.InvestmentConvertApi.as_view(),
        name="portfolio-investment-convert",
    ),
    path("rounds/", views.RoundListApi.as_view(), name="portfolio-round-list"),
    path("rounds/<int:pk>/", views.RoundDetailApi.as_view(), name="portfolio-round-detail"),
    path("co-investors/", views.CoInvestorListApi.as_view(), name="portfolio-coinvestor-list"),
    path(
        "co-investors/<int:pk>/",
        views.CoInvestorDetailApi.as_view(),
        name="portfolio-coinvestor-detail",
    ),
    path("ledger/", views.LedgerListApi.as_view(), name="portfolio-ledger-list"),
    path("ledger/<int:pk>/", views.LedgerDetailApi.as_view(), name="portfolio-ledger-detail"),
    path(
        "ledger/<int:pk>/reverse/",
        views.LedgerReverseApi.as_view(),
        name="portfolio-ledger-reverse",
    ),
    path("valuations/", views.ValuationListApi.as_view(), name="portfolio-valuation-list"),
    path(
        "valuations/<int:pk>/",
        views.ValuationDetailApi.as_view(),
        name="portfolio-valuation-detail",
    ),
    path(
        "monitoring-returns/",
        views.MonitoringReturnListApi.as_view(),
        name="portfolio-return-list",
    ),
    path(
        "monitoring-returns/<int:pk>/",
        views.MonitoringReturnDetailApi.as_view(),
        name="portfolio-return-detail",
    ),
    path(
        "monitoring-returns/<int:pk>/submit/",
        views.MonitoringReturnSubmitApi.as_view(),
        name="portfolio-return-submit",
    ),
]

# The deal pipeline (issue 4).
urlpatterns += deal_urls.urlpatterns
