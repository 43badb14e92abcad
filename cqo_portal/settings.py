"""The portal's one settings file: every value read from the environment, with a safe default."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is convenient for development; production sets real environment variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)

# The development keys, printed here for everyone to read: used only in DEBUG, refused without it
# (below) and reported by `check --deploy` (cqo_portal.checks) wherever they turn up.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
DEVELOPMENT_FIELD_ENCRYPTION_KEY = "ZGV2LW9ubHktZmllbGQta2V5LW5ldmVyLWluLXByb2Q="
DEVELOPMENT_ID_HASH_KEY = "dev-only-id-hash-key-do-not-use-in-production"

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
else:
    # Without DEBUG there is no default: a production portal must never run on a known key.
    SECRET_KEY = env("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "cqo_portal.admin_site.PortalAdminConfig",  # django.contrib.admin with an empty _to_field refused
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Third party
    "bootstrap",  # django-bootstrap-static: Bootstrap 5 served from our own static files
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "csp",
    "simple_history",
    "axes",
    # The portal
    "registry",
    "training",
    "pool",
    "filings",
    "dashboards",
    "eligibility",
    "cqo_portal",  # the project itself: commands that span the apps (seed_demo)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session is read and any view runs: a NUL in the path, query, a form field or a cookie
    # is a 400 (or a forgotten cookie), not a 500 from PostgreSQL.
    "cqo_portal.input.StorableInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: records the signed-in user as history_user on change history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cqo_portal.urls"
WSGI_APPLICATION = "cqo_portal.wsgi.application"

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
                "registry.context_processors.navigation",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database
# ---------------------------------------------------------------------------
# Default: an embedded SQLite file so `make run` needs no server. CI and production set
# DATABASE_URL=postgres://...
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections: opening one per request costs more than a simple page's query.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A list page's queries are cancelled after this long (PostgreSQL statement_timeout, SET LOCAL in the page's
# transaction; cqo_portal/timeouts.py): the page then answers with an empty list asking to narrow the search,
# rather than holding a worker for seconds. 0 turns it off.
LIST_STATEMENT_TIMEOUT_MS = env.int("LIST_STATEMENT_TIMEOUT_MS", default=2000)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------
AUTH_USER_MODEL = "registry.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username + address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend whose get_user loads the account and its organisation in one query.
    "registry.auth_backend.PortalModelBackend",
]

# Failed-login throttling (django-axes), for the portal's sign-in and /admin/login/ alike: after
# this many failures for one username from one client address, that pair is refused for the
# lockout period, which every further failure restarts. Keyed on the pair, so one office's
# wrong passwords do not lock the account for everyone else. Attempts are rows in the database,
# shared by every process and visible to superusers in the admin.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=15 * 60)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(seconds=LOGIN_LOCKOUT_SECONDS)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "cqo_portal.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "registry.views.accounts.locked_out"
# Quiet start-up: axes otherwise prints its banner on every manage.py command and Celery start.
AXES_VERBOSE = False
# The client's address: X-Forwarded-For is believed only when the connection comes from one of
# these proxies (nginx on the same host: 127.0.0.1). Empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])


def _rate_limits(name: str, default: list[str]) -> list[tuple[int, int]]:
    """A rate limit read from the environment: "limit/seconds" pairs, comma-separated, each enforced."""
    return [tuple(int(part) for part in pair.split("/")) for pair in env.list(name, default=default)]


# Typed resident-ID look-ups (registry.services.access_log.id_lookup) per account; each look-up is an
# access-log row, and the rows themselves are counted.
ID_LOOKUP_LIMITS = _rate_limits("ID_LOOKUP_LIMITS", ["20/600", "100/86400"])

# Public enterprise account applications (registry.services.accounts) per client address, counted from the
# stored applications themselves.
ACCOUNT_APPLICATION_LIMITS = _rate_limits("ACCOUNT_APPLICATION_LIMITS", ["5/3600", "20/86400"])

# Public certificate verification (/verify/ and its JSON) per client address: look-ups by number and name, every
# attempt counted (a wrong guess like a right one), in the cache (Redis when set: shared by every worker).
# Empty (VERIFY_LIMITS=) switches it off, as the benchmark does.
VERIFY_LIMITS = _rate_limits("VERIFY_LIMITS", ["20/300", "200/86400"])

# ---------------------------------------------------------------------------
# Certificates: the Ed25519 key that signs the facts carried in each certificate's QR code (training.certificates)
# ---------------------------------------------------------------------------
# CERTIFICATE_SIGNING_KEY_FILE: the bureau's private key, PEM (`openssl genpkey -algorithm ed25519 -out key.pem`).
# Its key id is derived from the public key. Rotation: put the old key's public half
# (`openssl pkey -in old.pem -pubout`) in CERTIFICATE_RETIRED_KEY_FILES (comma-separated PEM files) and point
# CERTIFICATE_SIGNING_KEY_FILE at the new key: old certificates still verify, new ones use the new key. All of
# them are published at /verify/keys.json. Unset in DEBUG: a development key whose seed is printed in
# training/certificates/signing.py (refused by `check --deploy`); unset without DEBUG: issuing is refused.
CERTIFICATE_SIGNING_KEY_FILE = env("CERTIFICATE_SIGNING_KEY_FILE", default="")
CERTIFICATE_RETIRED_KEY_FILES = env.list("CERTIFICATE_RETIRED_KEY_FILES", default=[])
CERTIFICATE_DEVELOPMENT_KEY = DEBUG and not CERTIFICATE_SIGNING_KEY_FILE
# The address printed in QR codes (scheme and host, no trailing slash): where the public reaches /verify/.
PORTAL_PUBLIC_URL = env("PORTAL_PUBLIC_URL", default="http://127.0.0.1:8000").rstrip("/")

# ---------------------------------------------------------------------------
# Personal data: resident ID numbers (registry.crypto)
# ---------------------------------------------------------------------------
# FIELD_ENCRYPTION_KEY: comma-separated Fernet keys (generate one with
# `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`).
# The first encrypts; all decrypt. To rotate: put the new key first, re-encrypt every row
# (registry.crypto.reencrypt), then drop the old key.
# ID_HASH_KEY: the HMAC key of the look-up hash; kept apart so a leaked encryption key does not
# also reveal which hash is whose, and changed only together with recomputing every hash.
if DEBUG:
    FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEY", default=[DEVELOPMENT_FIELD_ENCRYPTION_KEY])
    ID_HASH_KEY = env("ID_HASH_KEY", default=DEVELOPMENT_ID_HASH_KEY)
else:
    # Like SECRET_KEY: no default in production, where a known key would expose every ID.
    FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEY")
    ID_HASH_KEY = env("ID_HASH_KEY")
    # Nor the printed development keys copied into the environment: the web, Celery and every
    # command refuse to start, as the settings are the first thing each of them reads.
    _public = [
        name
        for name, public in (
            ("SECRET_KEY", SECRET_KEY == DEVELOPMENT_SECRET_KEY),
            ("FIELD_ENCRYPTION_KEY", DEVELOPMENT_FIELD_ENCRYPTION_KEY in FIELD_ENCRYPTION_KEYS),
            ("ID_HASH_KEY", ID_HASH_KEY == DEVELOPMENT_ID_HASH_KEY),
        )
        if public
    ]
    if _public:
        raise ImproperlyConfigured(
            f"{', '.join(_public)}: the development default printed in cqo_portal/settings.py is public; "
            "set a key of your own before starting without DEBUG."
        )

# An appointment may be registered at most this many days before its start date.
APPOINTMENT_MAX_DAYS_AHEAD = env.int("APPOINTMENT_MAX_DAYS_AHEAD", default=90)

# An institution's staff are told this many days ahead that their entrustment period ends (training.selectors).
ENTRUSTMENT_ENDING_NOTICE_DAYS = env.int("ENTRUSTMENT_ENDING_NOTICE_DAYS", default=30)

# What the home page shows above the to-do list, from the apps above registry (which imports none of them):
# dotted paths of callables taking the user and returning a list of home panels (registry.selectors.HomePanel).
HOME_PANELS = [
    "training.selectors.entrustment_home_panels",
    "training.selectors.graduate_import_home_panels",
    "filings.selectors.home.filing_home_panels",
    "dashboards.selectors.province_todo_panels",
]

# The province's dashboard flags an appointment still awaiting its city bureau this many days after submission.
DASHBOARD_APPOINTMENT_WAIT_DAYS = env.int("DASHBOARD_APPOINTMENT_WAIT_DAYS", default=14)
# The dashboards' figures and rendered panels are kept in the cache this long (0: computed on every request), and
# the beat renders the province's and every city's afresh every DASHBOARD_REFRESH_MINUTES (dashboards/panels.py):
# with a beat, figures are at most that old and nobody waits for them; see README's Benchmarks.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=900)
DASHBOARD_REFRESH_MINUTES = env.int("DASHBOARD_REFRESH_MINUTES", default=5)
# The pool list's "约 N 人（统计估算）" is PostgreSQL's planner statistic, itself as old as the last ANALYZE: each
# process reads it at most once per this many seconds (pool/selectors.py), one round trip fewer per page.
POOL_ESTIMATE_SECONDS = env.int("POOL_ESTIMATE_SECONDS", default=60)

# Uploads of apps above the registry that `manage.py orphaned_files` checks besides the registry's own letters and
# evidence: (model label, file field, the top folder its upload_to names). The registry imports no app above it.
OTHER_STORED_UPLOADS = [("filings.FilingAttachment", "file", "filings")]

# Evidence files of Article 6 findings and other uploads are refused above this size.
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)

# Graduate files (CONTRACT §3, training.imports): refused above this size, before anything parses them; an XLSX is
# judged first by its zip directory (entries, total uncompressed size, a part's compression ratio). Rows are
# validated and written GRADUATE_IMPORT_BATCH at a time.
GRADUATE_IMPORT_MAX_BYTES = env.int("GRADUATE_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
GRADUATE_IMPORT_MAX_ROWS = env.int("GRADUATE_IMPORT_MAX_ROWS", default=50_000)
GRADUATE_IMPORT_BATCH = env.int("GRADUATE_IMPORT_BATCH", default=1000)
GRADUATE_IMPORT_XLSX_MAX_ENTRIES = env.int("GRADUATE_IMPORT_XLSX_MAX_ENTRIES", default=200)
GRADUATE_IMPORT_XLSX_MAX_UNCOMPRESSED = env.int("GRADUATE_IMPORT_XLSX_MAX_UNCOMPRESSED", default=200 * 1024 * 1024)
GRADUATE_IMPORT_XLSX_MAX_RATIO = env.int("GRADUATE_IMPORT_XLSX_MAX_RATIO", default=200)

# A request with more fields than this answers 400 before any form is built. The largest page (the
# eligibility self-check with every formset full, registry.bounds) needs about 260; Django's default is 1000.
# DATA_UPLOAD_MAX_MEMORY_SIZE keeps Django's 2.5 MB: text fields are bounded far below it (registry.bounds).
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=500)

# ---------------------------------------------------------------------------
# Language and time
# ---------------------------------------------------------------------------
# Chinese for everyone: no LocaleMiddleware, so a browser set to English still gets Django's own messages
# ("该字段是必填项。") in Chinese beside the portal's.
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------------------
# Static files: Bootstrap comes from the django-bootstrap-static package, never a CDN.
# ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"
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

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# ---------------------------------------------------------------------------
# Cache: Redis when there is one (shared by all workers); otherwise local memory. The login lock
# does not depend on it: django-axes keeps its counts in the database.
# ---------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, keeping one client per pool rather than building one per call (cqo_portal/cache.py).
            "BACKEND": "cqo_portal.cache.KeptClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="cqo"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each process's own memory, for rendered fragments that are a pure function of their key (a list's filter form):
# read on every list page, where a Redis round trip and its unpickling cost more than the lookup they save.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "cqo-fragments",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
# With Redis, sessions are read from the cache and written through to the database (a page saves a
# session query); without it (the embedded `make run`, several processes) the database alone holds them.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"

# ---------------------------------------------------------------------------
# Celery: Redis broker; with no Redis (the embedded `make run`), tasks run eagerly in-process.
# ---------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# One beat process runs these; each task derives what to do from the database, so a missed
# run is made good by the next one.
CELERY_BEAT_SCHEDULE: dict = {
    # Years of experience grow and findings lapse with the date: re-judge the pool nightly.
    "pool-rebuild-nightly": {
        "task": "pool.rebuild",
        "schedule": crontab(hour=2, minute=30),
    },
    # Appointments acknowledged ahead of their date become current on it (readers already count it so).
    "appointments-take-effect-daily": {
        "task": "registry.appointments_take_effect",
        "schedule": crontab(hour=0, minute=5),
    },
    # Filing reminders (filings/services/reminders.py): the ledger is derived from the database, so a run lost
    # with Redis is made good by the next; a second beat by mistake sends nothing twice.
    "filing-reminders-daily": {
        "task": "filings.sweep_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # The province's and the city bureaux' dashboards rendered ahead of the clerks (dashboards/panels.py).
    "dashboards-refresh": {
        "task": "dashboards.refresh",
        "schedule": crontab(minute=f"*/{DASHBOARD_REFRESH_MINUTES}"),
    },
}
# A filing gets one reminder for its latest stage fallen due, however long ago (0); set a number of days to send none
# for a stage that fell due longer ago than that (CONTRACT §4 wants every overdue, unsubmitted filing reminded).
REMINDER_CATCH_UP_DAYS = env.int("REMINDER_CATCH_UP_DAYS", default=0)
# Ledger rows sent per transaction by the synchronous sweep (send_reminders).
REMINDER_BATCH_SIZE = env.int("REMINDER_BATCH_SIZE", default=200)
# A failed send is retried after 5 minutes, then 10, 20, ... at most a day apart.
REMINDER_RETRY_BASE_SECONDS = env.int("REMINDER_RETRY_BASE_SECONDS", default=300)
REMINDER_RETRY_MAX_SECONDS = env.int("REMINDER_RETRY_MAX_SECONDS", default=86400)

# ---------------------------------------------------------------------------
# Email
# ---------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="cqo-portal@localhost")
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (the reminder reliability tests' outbox).
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))

# ---------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: DRF's browsable HTML page needs an inline script the CSP forbids.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON bounded in size and nesting (deep nesting was a RecursionError); the form parsers as DRF's default.
    "DEFAULT_PARSER_CLASSES": [
        "cqo_portal.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "cqo_portal.pagination.PkCursorPagination",
    "PAGE_SIZE": 50,
    # Every API error in one shape, in Chinese: {"error": {"code", "message", "fields"}}.
    "EXCEPTION_HANDLER": "cqo_portal.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "福建省企业首席质量官管理平台 API",
    "DESCRIPTION": (
        "首席质量官人才库、任职资格核验等接口。企业、人员、聘任和第六条认定的接口只读，范围与平台页面相同；"
        "登记、修改等写入暂不通过接口提供。身份证号码一律脱敏。"
        '出错时返回 {"error": {"code": 英文代码, "message": 中文说明, "fields": {字段: [错误]}}}，'
        "fields 仅在 400 校验错误时非空（任职资格核验的逐条错误见该接口的 400 说明）。"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Several models have a "status" (appointments, verdicts): name each choice set after its domain
    # so the schema does not call them all StatusEnum.
    "ENUM_NAME_OVERRIDES": {
        "VerdictStatusEnum": "registry.models.VerdictStatus",
        "AppointmentStatusEnum": "registry.models.AppointmentStatus",
        "AppointmentEndReasonEnum": "registry.models.AppointmentEndReason",
        "FindingItemEnum": "registry.models.FindingItem",
        "EnterpriseSizeEnum": "registry.models.EnterpriseSize",
        # The engine and the registry share one vocabulary, so each choice set has one name.
        "EducationEnum": "registry.models.Education",
        "TitleLevelEnum": "registry.models.TitleLevel",
    },
}

# ---------------------------------------------------------------------------
# Security
# ---------------------------------------------------------------------------
# No inline scripts anywhere: every script is a file served by the portal itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    # Behind a TLS-terminating proxy (nginx) that sets X-Forwarded-Proto.
    if env.bool("SECURE_PROXY_SSL_HEADER", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
