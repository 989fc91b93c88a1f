"""FundOps settings: one module, read from the environment.

With no environment at all it runs on a SQLite file under ``var/`` and Celery in eager mode,
so ``make run`` needs no services. Production differs only by environment variables
(README: "Running it for real").
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FUNDOPS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    # Development only: a fixed key so sessions survive restarts of `make run`.
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production-0123456789"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")

INSTALLED_APPS = [
    # fundops first: its registration/ templates (login, password reset) win over the admin's.
    "fundops",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "grants",
    "portfolio",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fundops.middleware.RejectNullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "fundops.security.SessionTimeoutMiddleware",
    "fundops.security.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "fundops.middleware.ApplicantPortalOnlyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, so that it sees every failed login the views above report.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fundops.urls"
WSGI_APPLICATION = "fundops.wsgi.application"
ASGI_APPLICATION = "fundops.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fundops.context_processors.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'fundops.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on the busy
        # timeout instead of failing with "database is locked" when a read lock upgrades.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users --------------------------------------------------------------------------------
AUTH_USER_MODEL = "fundops.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # counts failures; refuses during the cool-off
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Files --------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"  # never served directly: downloads go through an authorised view
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))
# Office files are zip archives: refuse ones that would expand beyond these (zip bombs).
DOCUMENT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("DOCUMENT_MAX_UNCOMPRESSED_BYTES", 100 * 2**20)
)
DOCUMENT_MAX_ZIP_ENTRIES = int(os.environ.get("DOCUMENT_MAX_ZIP_ENTRIES", 2000))
DOCUMENT_SCANNER = os.environ.get("DOCUMENT_SCANNER", "fundops.scanning.SignatureScanner")
DOCUMENT_SCANNER_CLAMD = os.environ.get("DOCUMENT_SCANNER_CLAMD", "127.0.0.1:3310")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email --------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # filebased backend
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "FundOps <noreply@fundops.example.com>")

# --- Security: production-safe whenever debug is off ----------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", 31_536_000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Brute force: 5 failures for one email from one address lock that pair for a cool-off, not
# for ever. Unknown emails are counted the same way, so the lock-out reveals nothing.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", 0.25))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Sessions end after 30 idle minutes and, whatever the activity, 12 hours after sign-in.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", 30 * 60))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", 12 * 3600))
# Releasing a payment or approving an award asks for the password again after this long.
REAUTH_MAX_AGE_SECONDS = int(os.environ.get("REAUTH_MAX_AGE_SECONDS", 5 * 60))
# Two-factor authentication (TOTP + backup codes) is required for every staff role in
# production. The development server only offers it, so the demo logins work without a phone;
# FUNDOPS_STAFF_2FA_REQUIRED=true turns it on there too.
STAFF_2FA_REQUIRED = env_bool("FUNDOPS_STAFF_2FA_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "FundOps"

# Content-Security-Policy: only our own origin; no inline script or style; never framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Rate limits (django-ratelimit, counted in the cache): per client address.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
        }
        if os.environ.get("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
RATELIMIT_VIEW = "fundops.security.rate_limited"
RATE_LIMITS = {
    "login": os.environ.get("RATE_LIMIT_LOGIN", "20/m"),
    "register": os.environ.get("RATE_LIMIT_REGISTER", "10/h"),
    "upload": os.environ.get("RATE_LIMIT_UPLOAD", "60/h"),
    "export": os.environ.get("RATE_LIMIT_EXPORT", "30/h"),
}

# --- REST API -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated call then gets 401 with WWW-Authenticate, not 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "fundops.api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "FundOps API",
    "DESCRIPTION": "Back office of a regional public co-investment fund for MedTech and "
    "HealthTech: grants, investments, portfolio and reporting.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI is served by the project (drf-spectacular-sidecar), never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Celery -------------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
# No broker configured: run tasks in-process (the embedded default needs no services).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ACKS_LATE = True  # a task is acknowledged once done, so a killed worker's task reruns
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "fundops"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An unacknowledged task (its worker died) is handed to another worker after this many
# seconds; the fault tests lower it to see the redelivery quickly.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 3600))
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "heartbeat": {"task": "fundops.tasks.heartbeat_record", "schedule": 60.0, "args": ("beat",)},
    # Publishes outbox rows the broker could not take at commit (fundops/outbox.py).
    "outbox-flush": {"task": "fundops.tasks.outbox_flush", "schedule": 30.0},
}

# --- Domain settings ----------------------------------------------------------------------
# The core names the apps only by string (fundops imports no app):
# seed_demo calls each seeder in turn; every app adds its own part of the demo fund.
DEMO_SEEDERS = [
    "fundops.demo.seed",
    "grants.demo.seed",
    "portfolio.demo.seed",
    "portfolio.demo_deals.seed",
]
# Each app's extra permissions per role, and its navigation items.
ROLE_PERMISSION_MODULES = ["grants.permissions", "portfolio.permissions", "reporting.permissions"]
# Each app's part of a person's data export (callables: user -> dict).
PRIVACY_EXPORTERS: list[str] = []
# Applicant accounts unused this long have their personal data erased (apply_retention).
PRIVACY_RETENTION_DAYS = int(os.environ.get("PRIVACY_RETENTION_DAYS", 7 * 365))
NAVIGATION_MODULES = ["grants.navigation", "portfolio.navigation", "reporting.navigation"]
DEMO_PASSWORD = os.environ.get("FUNDOPS_DEMO_PASSWORD", "fundops-demo-2026")

# --- Grants settings (grants/) -------------------------------------------------------------
from decimal import Decimal  # noqa: E402

# Euro SME thresholds (turnover EUR 50m, balance sheet EUR 43m) are compared in pounds at
# this rate; set it to the rate the scheme's rules fix (e.g. the rate on the call's opening).
GRANTS_EUR_TO_GBP = Decimal(os.environ.get("GRANTS_EUR_TO_GBP", "0.85"))
# An award above this needs a second approver who is not the first (four-eyes).
GRANTS_FOUR_EYES_THRESHOLD = Decimal(os.environ.get("GRANTS_FOUR_EYES_THRESHOLD", "10000"))
# Minimal financial assistance limit over the current and two previous financial years.
GRANTS_MFA_LIMIT = Decimal("315000")
# 360Giving: grant ids are 360G-<prefix>-<id>; the funder's own org-id.
GRANTS_360_PREFIX = os.environ.get("GRANTS_360_PREFIX", "wmmcf")
GRANTS_360_FUNDER_ID = os.environ.get("GRANTS_360_FUNDER_ID", "GB-GOR-PC000000")
GRANTS_360_FUNDER_NAME = os.environ.get(
    "GRANTS_360_FUNDER_NAME", "West Midlands MedTech Co-Investment Fund"
)
GRANTS_PORTAL_URL = os.environ.get("GRANTS_PORTAL_URL", "http://127.0.0.1:8000/portal/")
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "GrantApplicationStatusEnum": "grants.models.Application.Status",
        "GrantBarrierEnum": "grants.models.Application.Barrier",
        "GrantClaimStatusEnum": "grants.models.Claim.Status",
        "GrantClaimLineStatusEnum": "grants.models.ClaimLine.Status",
        "GrantClawbackStatusEnum": "grants.models.Clawback.Status",
        "GrantOutcomeReportKindEnum": "grants.models.OutcomeReport.Kind",
        "GrantMatchFundingKindEnum": "grants.models.MatchFunding.Kind",
        "GrantCostCategoryEnum": "grants.models.CostCategory",
        "GrantEligibilityRuleEnum": "grants.models.EligibilityCheck.Rule",
    }
)
CELERY_BEAT_SCHEDULE["grants-reminders"] = {
    "task": "grants.tasks.reminders_send",
    "schedule": 6 * 60 * 60.0,
}

# --- Portfolio settings (portfolio/) -------------------------------------------------------
# A quarterly return falls due this many days after the quarter ends; companies are reminded
# this many days before; the beat task runs daily (it is safe to run twice).
PORTFOLIO_RETURN_DUE_DAYS = int(os.environ.get("PORTFOLIO_RETURN_DUE_DAYS", 30))
PORTFOLIO_RETURN_REMINDER_DAYS = int(os.environ.get("PORTFOLIO_RETURN_REMINDER_DAYS", 14))
PORTFOLIO_IMPORT_MAX_BYTES = 5 * 1024 * 1024
# Two portfolio models have a "kind": name their enums in the API schema.
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "LedgerEntryKindEnum": "portfolio.models.LedgerEntry.Kind",
        "CoInvestorKindEnum": "portfolio.models.CoInvestor.Kind",
    }
)
CELERY_BEAT_SCHEDULE["portfolio-monitoring-reminders"] = {
    "task": "portfolio.tasks.monitoring_returns_remind",
    "schedule": 24 * 60 * 60.0,
}
# Deal pipeline: target days per stage (a deal in a stage longer is flagged overdue).
PORTFOLIO_STAGE_TARGET_DAYS = {
    "enquiry": 10,
    "screening": 14,
    "due_diligence": 45,
    "investment_committee": 14,
    "approved": 14,
    "completion": 30,
}
# Investment committee: votes cast (approve, decline or abstain) needed for a decision, and
# the majority: "simple" = more approves than declines among the votes cast (abstentions
# count towards the quorum only); "absolute" = approves more than half of the votes cast;
# "two_thirds" = approves at least two thirds of the votes cast.
PORTFOLIO_IC_QUORUM = int(os.environ.get("PORTFOLIO_IC_QUORUM", 3))
PORTFOLIO_IC_MAJORITY = os.environ.get("PORTFOLIO_IC_MAJORITY", "simple")
PORTFOLIO_PORTAL_URL = os.environ.get("PORTFOLIO_PORTAL_URL", "http://127.0.0.1:8000/portal/")
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "DealStatusEnum": "portfolio.models.Deal.Status",
        "DDItemStatusEnum": "portfolio.models.DDItem.Status",
    }
)
CELERY_BEAT_SCHEDULE["portfolio-dd-reminders"] = {
    "task": "portfolio.tasks.dd_reminders_send",
    "schedule": 24 * 60 * 60.0,
}

# --- Reporting settings (reporting/) -------------------------------------------------------
# A queued or running board pack with no progress for this long is stale (its worker died or
# its message was lost): the beat task re-queues it, up to the attempts limit.
REPORTING_PACK_STALE_SECONDS = int(os.environ.get("REPORTING_PACK_STALE_SECONDS", 600))
REPORTING_PACK_MAX_ATTEMPTS = int(os.environ.get("REPORTING_PACK_MAX_ATTEMPTS", 3))
CELERY_BEAT_SCHEDULE["reporting-packs-requeue-stale"] = {
    "task": "reporting.tasks.board_packs_requeue_stale",
    "schedule": 60.0,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
