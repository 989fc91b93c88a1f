from django.urls import path

from reporting import views

app_name = "reporting"

# Pages of this app, under /reporting/ (staff only).
urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("board/", views.BoardView.as_view(), name="board"),
    path("board/packs/<int:pk>/status/", views.PackStatusView.as_view(), name="pack-status"),
    path("board/packs/<int:pk>/download/", views.PackDownloadView.as_view(), name="pack-download"),
    path("board/packs/<int:pk>/retry/", views.PackRetryView.as_view(), name="pack-retry"),
]
