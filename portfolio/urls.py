from django.urls import path

from portfolio import portal_views, views, views_actions, views_import
from portfolio.web_deals.urls import urlpatterns as deal_urlpatterns

app_name = "portfolio"

# Pages of this app, under /portfolio/ (staff pages and the applicant portal).
urlpatterns = [
    path("", views.PortfolioListView.as_view(), name="list"),
    path("companies/<int:pk>/", views.CompanyView.as_view(), name="company"),
    path("companies/<int:pk>/invest/", views_actions.InvestView.as_view(), name="invest"),
    path(
        "companies/<int:pk>/documents/",
        views_actions.CompanyDocumentView.as_view(),
        name="company-document",
    ),
    path(
        "companies/<int:pk>/returns/new/",
        views_actions.StaffReturnView.as_view(),
        name="return-enter",
    ),
    path("investments/<int:pk>/cash-flow/", views_actions.CashFlowView.as_view(), name="cash-flow"),
    path("investments/<int:pk>/revalue/", views_actions.RevalueView.as_view(), name="revalue"),
    path("investments/<int:pk>/exit/", views_actions.ExitView.as_view(), name="exit"),
    path("ledger/<int:pk>/reverse/", views_actions.ReverseView.as_view(), name="reverse"),
    path("import/", views_import.ImportView.as_view(), name="import"),
    path("import/template.xlsx", views_import.ImportTemplateView.as_view(), name="import-template"),
    path("portal/returns/", portal_views.return_list, name="portal-returns"),
    path("portal/returns/<int:pk>/", portal_views.return_submit, name="portal-return"),
]
# The deal pipeline (issue 4): staff board, list, deal page; portal investment applications.
urlpatterns += deal_urlpatterns
