from django.urls import include, path

from grants import views

app_name = "grants"

# Pages of this app, under /grants/ (the portal and staff pages build on grants.services).
urlpatterns = [
    path("applications/<int:pk>/offer-letter/", views.offer_letter, name="offer-letter"),
    path(
        "applications/<int:pk>/offer-letter/download/",
        views.offer_letter_download,
        name="offer-letter-download",
    ),
    path("export/360giving.json", views.export_360giving, {"fmt": "json"}, name="export-json"),
    path("export/360giving.csv", views.export_360giving, {"fmt": "csv"}, name="export-csv"),
    # The applicant portal and the staff pages (grants/web/).
    path("", include("grants.web.urls")),
]
