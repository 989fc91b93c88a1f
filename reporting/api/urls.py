from django.urls import path  # noqa: F401

# API of this app, under /api/reporting/.
urlpatterns: list = []
