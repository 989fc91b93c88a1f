from django.urls import path

from fundops.api import views

urlpatterns = [
    path("me/", views.MeApi.as_view(), name="me"),
    path("organisations/", views.OrganisationListApi.as_view(), name="organisation-list"),
    path(
        "organisations/<int:pk>/", views.OrganisationDetailApi.as_view(), name="organisation-detail"
    ),
    path(
        "organisations/<int:pk>/transition/",
        views.OrganisationTransitionApi.as_view(),
        name="organisation-transition",
    ),
    path(
        "organisations/<int:pk>/events/",
        views.OrganisationEventsApi.as_view(),
        name="organisation-events",
    ),
    path(
        "organisations/<int:pk>/history/",
        views.OrganisationHistoryApi.as_view(),
        name="organisation-history",
    ),
    path("funds/", views.FundListApi.as_view(), name="fund-list"),
    path("funds/<int:pk>/", views.FundDetailApi.as_view(), name="fund-detail"),
    path("events/", views.WorkflowEventListApi.as_view(), name="event-list"),
    path("documents/", views.DocumentListApi.as_view(), name="document-list"),
    path(
        "documents/<int:pk>/download/",
        views.DocumentDownloadApi.as_view(),
        name="document-download",
    ),
]
