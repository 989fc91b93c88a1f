from django.urls import path

from reporting.api import views

# API of this app, under /api/reporting/.
urlpatterns = [
    path("metrics/", views.MetricsApi.as_view(), name="reporting-metrics"),
    path("metrics/irr-series/", views.IrrSeriesApi.as_view(), name="reporting-irr-series"),
    path("packs/", views.PackListApi.as_view(), name="reporting-pack-list"),
    path("packs/<int:pk>/", views.PackDetailApi.as_view(), name="reporting-pack-detail"),
    path(
        "packs/<int:pk>/download/",
        views.PackDownloadApi.as_view(),
        name="reporting-pack-download",
    ),
    path("packs/<int:pk>/retry/", views.PackRetryApi.as_view(), name="reporting-pack-retry"),
]
