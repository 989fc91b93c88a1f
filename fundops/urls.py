from django.contrib import admin
from django.contrib.auth import views as django_auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from fundops import auth_views, portal_views, registration, staff_views, two_factor, views

staff_patterns = (
    [
        path("", staff_views.StaffHomeView.as_view(), name="home"),
        path(
            "organisations/", staff_views.OrganisationListView.as_view(), name="organisation-list"
        ),
        path(
            "organisations/<int:pk>/",
            staff_views.OrganisationDetailView.as_view(),
            name="organisation-detail",
        ),
        path("funds/", staff_views.FundListView.as_view(), name="fund-list"),
    ],
    "staff",
)
portal_patterns = (
    [
        path("", portal_views.home, name="home"),
        path("organisation/", portal_views.organisation, name="organisation"),
    ],
    "portal",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/register/", registration.register, name="register"),
    path("accounts/register/<uidb64>/<token>/", registration.verify, name="register-verify"),
    path("accounts/2fa/setup/", two_factor.setup, name="two-factor-setup"),
    path("accounts/2fa/verify/", two_factor.verify, name="two-factor-verify"),
    path("accounts/reauthenticate/", auth_views.reauthenticate, name="reauthenticate"),
    path("accounts/logout/", django_auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        django_auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        django_auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        django_auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        django_auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        django_auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        django_auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/my-data.json", views.personal_data_download, name="personal-data"),
    path("documents/<int:pk>/download/", views.document_download, name="document-download"),
    path("staff/", include(staff_patterns)),
    path("grants/", include("grants.urls")),
    path("portfolio/", include("portfolio.urls")),
    path("reporting/", include("reporting.urls")),
    path("portal/", include(portal_patterns)),
    path("admin/", admin.site.urls),
    path("api/", include("fundops.api.urls")),
    path("api/grants/", include("grants.api.urls")),
    path("api/portfolio/", include("portfolio.api.urls")),
    path("api/reporting/", include("reporting.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

admin.site.site_header = "FundOps administration"
admin.site.site_title = "FundOps"
