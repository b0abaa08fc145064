"""Settings, read from the environment with development defaults.

Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; then
`manage.py check --deploy` is clean.
"""

import datetime as dt
import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
_DEV_SECRET = "dev-only-secret-key-change-me-in-production-0123456789abcdef"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "moralprovince.portal.apps.BackOfficeConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Static files go through WhiteNoise and the middleware in development too, so they
    # carry the same headers (nosniff) as in production; runserver's own handler would not.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "moralprovince.core",
    "moralprovince.geo",
    "moralprovince.framework",
    "moralprovince.audit",
    "moralprovince.accounts",
    "moralprovince.organisations",
    "moralprovince.plans",
    "moralprovince.monitoring",
    "moralprovince.jobs",
    "moralprovince.knowledge",
    "moralprovince.surveys",
    "moralprovince.certificates",
    "moralprovince.people",
    "moralprovince.assessments",
    "moralprovince.partnerships",
    "moralprovince.api",
    "moralprovince.demo",
    "moralprovince.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside the two above, so static files get their headers as every page does.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "moralprovince.lib.uploads.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "moralprovince.core.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "moralprovince.core.middleware.SiteErrorPagesMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the login page saying when.
    "axes.middleware.AxesMiddleware",
]
# In development WhiteNoise finds files where runserver would, and sees edits at once.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

ROOT_URLCONF = "moralprovince.urls"
WSGI_APPLICATION = "moralprovince.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "moralprovince.portal.context_processors.site",
            ],
        },
    },
]

(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run while one writer commits; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue instead of failing with "database is locked"; the busy
    # timeout is how long a writer waits in that queue (seconds) before it gives up, long
    # enough for a deadline's burst of short writes, short of the server's request timeout.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
# A form refused by the CSRF check gets the site's own page, in Thai.
CSRF_FAILURE_VIEW = "moralprovince.core.views.csrf_failure"
LOGOUT_REDIRECT_URL = "portal:home"
# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "moralprovince.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair out for 15 minutes;
# the login page says until when. A right password resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "moralprovince.accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
# Behind a proxy REMOTE_ADDR is the proxy's: see TRUSTED_PROXIES below.
AXES_CLIENT_IP_CALLABLE = "moralprovince.accounts.backends.client_ip"
# A password-reset link works for one hour.
PASSWORD_RESET_TIMEOUT = 3600
# API tokens live this many days unless their owner chooses fewer (never more).
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "90"))
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "365"))
# An invitation to a role in a province can be accepted for this many days.
INVITATION_DAYS = 14

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from npm (package.json); only their built files are served.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/pico", NODE_MODULES / "@picocss" / "pico" / "css"),
    ("vendor/sarabun", NODE_MODULES / "@fontsource" / "sarabun"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/squire", NODE_MODULES / "squire-rte" / "dist"),
]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# On several app servers the files go to S3-compatible object storage (django-storages): name
# the bucket in STORAGE_BUCKET (with STORAGE_ENDPOINT_URL for a non-AWS service, and the keys
# in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). Objects stay private; the site reads them
# through the storage API and serves them through its files view as it does local files.
STORAGE_BUCKET = os.environ.get("STORAGE_BUCKET", "")
if STORAGE_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_BUCKET,
            "endpoint_url": os.environ.get("STORAGE_ENDPOINT_URL") or None,
            "region_name": os.environ.get("STORAGE_REGION") or None,
            "location": os.environ.get("STORAGE_PREFIX", ""),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
# Uploaded and generated files (photos, evidence, signed documents, year reports, survey
# imports) are private as their records are. The site serves each through its files view
# (`core.files`, /files/…), which checks who may see the record; nothing serves MEDIA_URL,
# and in production the web server must NOT serve MEDIA_ROOT (no alias or location for it).
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "moralprovince.api.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # A limit or offset that is not a count, and a body that is not JSON, get a 400 in the
    # caller's language (`api.checks`), never a 500 from the database.
    "DEFAULT_PAGINATION_CLASS": "moralprovince.api.checks.Pagination",
    "DEFAULT_PARSER_CLASSES": [
        "moralprovince.api.checks.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "moralprovince.api.checks.exception_handler",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Moral Province API",
    "DESCRIPTION": "JSON API of the Moral Province system (ระบบขับเคลื่อนจังหวัดคุณธรรม).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Plans and indicator values share one review workflow, so one enum in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ReviewStatusEnum": "moralprovince.core.workflow.ReviewStatus",
        "AssessmentStatusEnum": "moralprovince.assessments.models.AssessmentStatus",
        "AssessmentLevelEnum": "moralprovince.assessments.models.Level",
        "CriterionLevelEnum": "moralprovince.assessments.models.CRITERION_LEVELS",
        "CriteriaVersionStatusEnum": "moralprovince.assessments.models.VersionStatus",
    },
    # The refusals (400, 401, 403, 404, 415) are part of each operation's contract too.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "moralprovince.api.schema.document_errors",
        "moralprovince.api.schema.local_times",
    ],
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@moralprovince.local")
# The site's address, for links in e-mails sent outside a request (invitations).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# How many proxies of our own stand in front of the site, each adding the address it got the
# request from to X-Forwarded-For: the reader's address is that many entries from the end.
# 0 (the default) reads REMOTE_ADDR and ignores the header, which anyone can write.
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The load balancer asks for /healthz over plain HTTP, inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Content Security Policy (django-csp): scripts only from our own files, never inline, so an
# injected <script> or on*= attribute does not run. Styles likewise come from our files;
# the hashes allow the only inline <style> elements the site shows: the one htmx adds for
# its loading indicator and the one of the API docs page (drf-spectacular's Swagger
# template). No page of ours
# has a style="" attribute (the PDF templates do, but WeasyPrint is no browser); Chart.js
# sizes its canvas through the DOM, which CSP allows. Pico's icons are data: SVG images.
HTMX_INDICATOR_STYLE_HASH = "'sha256-faU7yAF8NxuMTNEwVmBz+VcYeIoBQ2EMHW3WaVxCvnk='"
SWAGGER_UI_STYLE_HASH = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [
            SELF,
            HTMX_INDICATOR_STYLE_HASH,
            SWAGGER_UI_STYLE_HASH,
        ],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The largest request body taken (uploads included); larger ones are answered 413 unread.
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", str(300 * 1024 * 1024)))

# The directory's page size and the minimum length of a search term.
DIRECTORY_PAGE_SIZE = 25

# How far from its target an indicator may be and still count as on track (0.15 = ±15 %).
MONITORING_ON_TRACK_BAND = float(os.environ.get("MONITORING_ON_TRACK_BAND", "0.15"))
# Survey results of groups smaller than this are never shown or exported (respondents are minors).
SURVEY_MIN_GROUP = int(os.environ.get("SURVEY_MIN_GROUP", "10"))
# A school's survey link takes at most SURVEY_LINK_LIMIT forms in any SURVEY_LINK_WINDOW_SECONDS
# (a sliding window); more than SURVEY_BURST_THRESHOLD through one link in 10 minutes are shown
# to the school and the round's managers. An uploaded file of responses is deleted once it is
# imported or refused, or after SURVEY_IMPORT_KEEP_HOURS without being imported.
SURVEY_LINK_LIMIT = int(os.environ.get("SURVEY_LINK_LIMIT", "30"))
SURVEY_LINK_WINDOW_SECONDS = int(os.environ.get("SURVEY_LINK_WINDOW_SECONDS", "300"))
SURVEY_BURST_THRESHOLD = int(os.environ.get("SURVEY_BURST_THRESHOLD", "25"))
# /healthz calls the queue stalled when a job has waited this long (no worker running).
HEALTH_QUEUE_STALLED_SECONDS = int(os.environ.get("HEALTH_QUEUE_STALLED_SECONDS", "900"))
SURVEY_IMPORT_KEEP_HOURS = int(os.environ.get("SURVEY_IMPORT_KEEP_HOURS", "24"))
# Run background jobs inside the request instead of a worker (tests, or a site without one).
JOBS_RUN_INLINE = env_bool("JOBS_RUN_INLINE", False)
# Background jobs go through Django's tasks framework; the queue is a table of the site's own
# database, and `manage.py run_jobs` (django-tasks-db's worker) runs them. Several workers
# never take the same job: each claims its task in a locked transaction.
# For several machines, TASKS_BACKEND=rq puts the queue in Redis (REDIS_URL) instead, and
# `manage.py run_jobs` runs django-rq's worker; the job pages read the same Job rows.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'database' or 'rq'.")
# A job is stopped once it has run this long, and a job still marked running this long after
# it started lost its worker: it is queued again, up to JOBS_MAX_ATTEMPTS runs in all.
JOBS_TIME_LIMIT_SECONDS = int(os.environ.get("JOBS_TIME_LIMIT_SECONDS", "1800"))
JOBS_MAX_ATTEMPTS = int(os.environ.get("JOBS_MAX_ATTEMPTS", "2"))
# How long past its time limit a running job must be before it counts as lost: its worker
# needs this long to notice the limit and record the failure itself.
JOBS_REAP_GRACE_SECONDS = int(os.environ.get("JOBS_REAP_GRACE_SECONDS", "60"))
# RQ stops a job at its own timeout too: set past ours, so ours (with its message) comes first.
RQ_QUEUES = {
    "default": {
        "URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "DEFAULT_TIMEOUT": JOBS_TIME_LIMIT_SECONDS + JOBS_REAP_GRACE_SECONDS,
    }
}

# Province admins are reminded by e-mail this many days before an MOU ends (and again 30 and
# 7 days before), through the daily reminder command.
MOU_REMINDER_DAYS = int(os.environ.get("MOU_REMINDER_DAYS", "90"))
