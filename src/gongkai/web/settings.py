"""Django settings for the gongkai system: SQLite in var/ by default, PostgreSQL through DATABASE_URL."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from gongkai.law.report_due import parse_month_day
from gongkai.web.security import env_flag, env_list, load_or_create_secret_key

# src/gongkai/web/settings.py -> the project root holding var/
PROJECT_ROOT = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", PROJECT_ROOT / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# No key in the source: one given by the administrator, or one made on first run and kept in var/ (0600).
SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY") or load_or_create_secret_key(VAR_DIR)
DEBUG = env_flag(os.environ, "GONGKAI_DEBUG")
# The local names, what the administrator configures, and (added by `gongkai serve`) the address served.
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", *env_list(os.environ, "GONGKAI_ALLOWED_HOSTS")]

# E-mail (on-line applications): SMTP when GONGKAI_EMAIL_HOST is set, else printed to the console.
EMAIL_HOST = os.environ.get("GONGKAI_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("GONGKAI_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("GONGKAI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GONGKAI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag(os.environ, "GONGKAI_EMAIL_TLS")
EMAIL_TIMEOUT = 10
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_EMAIL_FROM", "gongkai@localhost")
# The public site's address (e.g. https://gk.example.gov.cn), put before the links that e-mails carry.
PUBLIC_URL = os.environ.get("GONGKAI_PUBLIC_URL", "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "ninja",  # the open-data API's documentation page (its Swagger UI files, served locally)
    "gongkai.web",
    "gongkai.core",
    "gongkai.accounts",
    "gongkai.agencies",
    "gongkai.proactive",
    "gongkai.applications",
    "gongkai.statistics",
    "gongkai.reports",
    "gongkai.supervision",
    "gongkai.api",
    "gongkai.portal",
    "gongkai.online",
    "gongkai.demo",
]

MIDDLEWARE = [
    # First, so that everything logged while answering carries the request's id.
    "gongkai.web.errors.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Serves the collected static files in production (`gongkai serve` collects them first).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Control characters removed from every query-string and form value (gongkai.annual.printable).
    "gongkai.web.input.PrintableInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongkai.accounts.middleware.SessionActivityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a login refused for too many failures into the Chinese lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.web.urls"
WSGI_APPLICATION = "gongkai.web.wsgi.application"

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
                "django.template.context_processors.i18n",
                "gongkai.web.menu.menu",
            ],
        },
    },
]

# Widgets, options and empty error lists written in Python, the same HTML as Django's templates
# (gongkai.web.forms_renderer; issue 14).
FORM_RENDERER = "gongkai.web.forms_renderer.QuickRenderer"

# An empty DATABASE_URL (as scripts/test sets for the SQLite run) means the default, too.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}",
        conn_max_age=int(os.environ.get("GONGKAI_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under many clerks at once (docs/decisions/sqlite-concurrency.md): readers never
    # wait for the writer (WAL); a write transaction takes the lock when it begins (BEGIN IMMEDIATE), so
    # it queues for up to `timeout` seconds instead of failing when a read must turn into a write.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("GONGKAI_SQLITE_TIMEOUT", "30")),
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "gongkai.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai.accounts.passwords.ChineseCommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise looks here from the first request on
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("GONGKAI_MEDIA_ROOT", VAR_DIR / "media"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# -- authentication (docs/decisions/authentication.md) ---------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "gongkai.accounts.backends.LoginThrottleBackend",  # refuses any login while the account or address is locked
    # Django's ModelBackend, the user of each request read with SQL compiled once per process (issue 14)
    "gongkai.accounts.backends.AccountBackend",
]
# Django's database sessions, the row of each request read with SQL compiled once per process (issue 14)
SESSION_ENGINE = "gongkai.accounts.sessions"
# Failed logins are counted per account and per address (separately), over a window that restarts with each
# failure; reaching the limit locks that account (or address) until the window passes or the agency
# administrator unlocks it.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("GONGKAI_LOGIN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_CALLABLE = "gongkai.accounts.views.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # logins and logouts go to gongkai's own audit log
AXES_VERBOSE = False
# A session ends after this long without a request (and when the browser closes).
SESSION_COOKIE_AGE = 60 * int(os.environ.get("GONGKAI_SESSION_IDLE_MINUTES", "30"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_FAILURE_VIEW = "gongkai.web.errors.csrf_failure"

# -- served over HTTPS behind a reverse proxy (GONGKAI_HTTPS=1; README "生产部署") ---------------------------
if env_flag(os.environ, "GONGKAI_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag(os.environ, "GONGKAI_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_flag(os.environ, "GONGKAI_HSTS_PRELOAD", default=True)

# -- logging: JSON lines with the request id, in var/log/ by default ------------------------------------
LOG_FILE = os.environ.get("GONGKAI_LOG_FILE", str(VAR_DIR / "log" / "gongkai.log"))
if LOG_FILE:
    Path(LOG_FILE).parent.mkdir(parents=True, exist_ok=True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "gongkai.web.errors.RequestContextFilter"}},
    "formatters": {
        "json": {
            "()": "gongkai.web.errors.json_formatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {
        "file": (
            {
                "class": "logging.handlers.WatchedFileHandler",  # reopens the file after logrotate moves it
                "filename": LOG_FILE,
                "encoding": "utf-8",
                "formatter": "json",
                "filters": ["request"],
            }
            if LOG_FILE
            else {"class": "logging.NullHandler"}
        ),
    },
    "loggers": {
        "django": {"handlers": ["file"], "level": "WARNING"},
        "gongkai": {"handlers": ["file"], "level": "INFO"},
        "axes": {"handlers": ["file"], "level": "WARNING"},
    },
}

# Attachments to applications (第二十九条: the application and its proof of identity).
GONGKAI_ATTACHMENT_MAX_BYTES = int(os.environ.get("GONGKAI_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
GONGKAI_ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".txt": "text/plain",
    ".ofd": "application/ofd",
}
# Days before a due date when the queue turns yellow (working days).
# Days between the notice to a third party that its information will be disclosed over its objection
# (条例第三十二条) and the disclosure reaching the applicant: time for the third party to seek its remedy.
GONGKAI_THIRD_PARTY_NOTICE_DAYS = int(os.environ.get("GONGKAI_THIRD_PARTY_NOTICE_DAYS", "15"))
GONGKAI_DUE_SOON_WORKING_DAYS = int(os.environ.get("GONGKAI_DUE_SOON_WORKING_DAYS", "5"))

# Background jobs (imports of published reports): Celery with the deployment's broker (Redis or
# RabbitMQ). None set: jobs run in-process. `gongkai worker` starts a worker on any machine that shares
# the database and the data folder.
GONGKAI_BROKER_URL = os.environ.get("GONGKAI_BROKER_URL", "")
GONGKAI_QUEUE = os.environ.get("GONGKAI_QUEUE", "gongkai")
# Redis only: seconds after which a task taken by a worker that vanished is handed out again.
GONGKAI_BROKER_VISIBILITY_TIMEOUT = int(os.environ.get("GONGKAI_BROKER_VISIBILITY_TIMEOUT", "3600"))
# Which decisions the letters send to reconsideration first (复议前置): `broad` or `narrow`
# (gongkai.law.remedies.READINGS; docs/decisions/reconsideration-first.md).
GONGKAI_RECONSIDERATION_FIRST = os.environ.get("GONGKAI_RECONSIDERATION_FIRST", "broad")

# A locally set earlier due date for the annual reports ("月-日" of the following year), by agency kind:
# the supervising office's pages and the 年报体检 count reports as late against it (条例第四十九条 sets
# 31 January for departments; governments publish by 31 March).
REPORT_LOCAL_DUE = {
    kind: parse_month_day(value)
    for kind, variable in (
        ("department", "GONGKAI_REPORT_DUE_DEPARTMENT"),
        ("government", "GONGKAI_REPORT_DUE_GOVERNMENT"),
    )
    if (value := os.environ.get(variable, "").strip())
}
