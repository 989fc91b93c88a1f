from django.urls import path  # noqa: F401

app_name = "reporting"

# Pages of this app, under /reporting/ (staff pages and the applicant portal).
urlpatterns: list = []
