"""Settings for childwelfare (童护), read from environment variables.

Every setting that differs between a developer's machine and production comes from the
environment; README.md lists them all.
"""

import os
from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)
# The development defaults below are only used when DJANGO_DEBUG=1 (make run sets it).
_DEV_SECRET = "dev-only-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz"
_DEV_FIELD_KEY = "dev-only-field-encryption-key-not-for-production"
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("DJANGO_SECRET_KEY must be set (or DJANGO_DEBUG=1 for development).")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Encryption of ID numbers at rest (django-fernet-encrypted-fields) and the keyed hash used
# to search them exactly. Changing either makes existing rows unreadable / unsearchable.
FIELD_ENCRYPTION_KEY = env_str("FIELD_ENCRYPTION_KEY", _DEV_FIELD_KEY if DEBUG else "")
if not FIELD_ENCRYPTION_KEY:
    raise RuntimeError("FIELD_ENCRYPTION_KEY must be set (or DJANGO_DEBUG=1 for development).")
SALT_KEY = [FIELD_ENCRYPTION_KEY]
ID_HASH_KEY = env_str("ID_HASH_KEY", FIELD_ENCRYPTION_KEY)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # Django's widget templates for the project FORM_RENDERER
    "django_htmx",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "childwelfare.areas",
    "childwelfare.accounts",
    "childwelfare.audit",
    "childwelfare.workflow",
    "childwelfare.registry",
    "childwelfare.discovery",
    "childwelfare.benefits",
    "childwelfare.deadlines",
    "childwelfare.cases",
    "childwelfare.stations",
    "childwelfare.submissions",
    "childwelfare.exports",
    "childwelfare.outreach",
    "childwelfare.reports",
    "childwelfare.testing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "childwelfare.accounts.middleware.SecurityHeadersMiddleware",
    "childwelfare.accounts.middleware.SessionLifetimeMiddleware",
    "childwelfare.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "childwelfare.urls"
WSGI_APPLICATION = "childwelfare.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Bootstrap classes, the date picker and field errors for every form (lib/forms.py).
FORM_RENDERER = "childwelfare.lib.forms.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # A 64 MB page cache per connection (allocated as used; SQLite's default is 2 MB):
        # a payroll month's INSERT into the indexed lines table at 100,000 children took 2.4 s
        # with the default and 1.5 s with it (docs/database.md, issue 14).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The browser tests' live server answers several requests at once (a page, its session
    # renewal, a draft check). Django's in-memory test database is one connection shared by
    # every server thread, and two of them writing the session table at once failed with
    # "database table is locked". So `run_tests browser` names a file: each thread gets its
    # own connection, and WAL with the timeout above makes them wait for each other.
    if env_str("SQLITE_TEST_DATABASE", ""):
        DATABASES["default"]["TEST"] = {"NAME": env_str("SQLITE_TEST_DATABASE", "")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles any query whose estimated cost passes jit_above_cost; on the
    # work lists it cost more than the query (bench/discovery.py, issue 14). Off for the
    # application's connections unless DATABASE_JIT=1; the server's setting is left alone.
    if not env_bool("DATABASE_JIT", False):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = (options.get("options", "") + " -c jit=off").strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Passwords (issue 13): at least 10 characters, not like the user's name, not common, not
# all digits. Applied where a person chooses one (password-change page, admin).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "first_name", "last_name", "email")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Session ends after 30 minutes without activity (issue: Foundation, accounts).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# ... and 12 hours after sign-in whatever the activity (accounts.middleware).
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)

# A form sent with a stale or missing CSRF token gets a page in the user's language that
# offers to send it again (issue 8, item 5); one-time form tokens of creating forms stay
# valid this long (submissions.once, item 6).
CSRF_FAILURE_VIEW = "childwelfare.submissions.views.csrf_failure"
FORM_TOKEN_MAX_AGE_SECONDS = env_int("FORM_TOKEN_MAX_AGE_SECONDS", 24 * 60 * 60)

# Login lockout (django-axes): 5 failures lock the username+address for 30 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Behind a reverse proxy every request comes from the proxy's address: the client's is read
# from X-Forwarded-For (django-ipware) by the access log and by axes alike, so a lockout is
# per username + client, and nobody can lock a named account out for everyone (issue 13 §9).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
AXES_CLIENT_IP_CALLABLE = "childwelfare.audit.services.client_ip"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates as ISO dates, like the Chinese pages (childwelfare/formats/en).
FORMAT_MODULE_PATH = ["childwelfare.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Bootstrap comes from the xstatic-bootstrap package and htmx from django-htmx: no CDN.
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR)]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads up to 50 MB (a district roster of 100,000 rows is about 8 MB as .xlsx).
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploaded files (rosters, evidence) readable by the server's user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Every uploaded file is counted as it streams in and refused past UPLOAD_MAX_BYTES (413),
# without reading the rest of the body (issue 13).
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "childwelfare.lib.uploads.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Spreadsheets are parsed in a child process with these caps (lib.sheet_guard).
SPREADSHEET_MEMORY_MB = env_int("SPREADSHEET_MEMORY_MB", 1536)
SPREADSHEET_SECONDS = env_int("SPREADSHEET_SECONDS", 300)
# A roster import still running this long after its upload lost its worker: marked failed.
IMPORT_JOB_TIMEOUT_MINUTES = env_int("IMPORT_JOB_TIMEOUT_MINUTES", 120)
# A dry run's file is kept this long for its 确认导入 (no second upload), then deleted.
IMPORT_CONFIRM_HOURS = env_int("IMPORT_CONFIRM_HOURS", 24)
# Exports (childwelfare.exports): over this many rows a background job writes the file,
# which its owner may download for this many days.
EXPORT_JOB_THRESHOLD = env_int("EXPORT_JOB_THRESHOLD", 3000)
EXPORT_KEEP_DAYS = env_int("EXPORT_KEEP_DAYS", 3)

# Case conferences (会商, issue 10): how many invited departments must be present before a
# conference may be recorded as held (the default of each new conference; 本市规定：至少三个部门).
CONFERENCE_QUORUM_DEPARTMENTS = env_int("CONFERENCE_QUORUM_DEPARTMENTS", 3)

# Background jobs (django-tasks). make run starts a database worker beside the server;
# TASKS_IMMEDIATE=1 runs jobs inside the request (tests, or a machine without a worker).
if env_bool("TASKS_IMMEDIATE", False):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Production hardening, on whenever DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY") else None
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts and style sheets from this site only, no inline
# script and no eval (htmx runs with allowEval off, see templates/base.html). Inline style
# attributes stay allowed (progress bars, widths): they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Domain settings (DOMAIN.md §10): platform defaults, overridable per deployment.
CITY_AREA_CODE = env_str("CITY_AREA_CODE", "3201")
# When an allowance is paid (benefits.payroll, README "Payment timing"): "next_month"
# (default, 民发〔2019〕62号: from the month after confirmation to the end of the month
# eligibility ends, the 18th-birthday month in full), "prorated" (calendar days from the
# confirmation date to the day before the end) or "whole_month_if_eligible_on_first".
PAYMENT_TIMING = env_str("PAYMENT_TIMING", "next_month")
# work_mem for the payroll's statements on PostgreSQL (SET LOCAL, that transaction only): its
# joins and the corrections' aggregate spilled to disk at the 4 MB default (issue 14). "" keeps
# the server's setting. See docs/database.md.
PAYROLL_WORK_MEM = env_str("PAYROLL_WORK_MEM", "64MB")
