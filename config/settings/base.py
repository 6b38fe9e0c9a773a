"""Settings shared by every environment; what differs per install comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "wingman.accounts.admin_site.WingmanAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "axes",
    "django_tasks_db",
    "ninja",
    "wingman.core",
    "wingman.accounts",
    "wingman.audit",
    "wingman.background",
    "wingman.people",
    "wingman.referrals",
    "wingman.casework",
    "wingman.documents",
    "wingman.assessments",
    "wingman.plans",
    "wingman.outcomes",
    "wingman.offending",
    "wingman.family",
    "wingman.court",
    "wingman.safeguarding",
    "wingman.costs",
    "wingman.reports",
    "wingman.oversight",
    "wingman.impact",
    "wingman.datalab",
    "wingman.dashboards",
    "wingman.home",
    "wingman.api",
    "wingman.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "wingman.core.middleware.NoStoreMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wingman.audit.middleware.AuditContextMiddleware",
    "wingman.core.middleware.RefuseUnreadableInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wingman.accounts.middleware.OTPMiddleware",
    "wingman.accounts.middleware.SessionLimitsMiddleware",
    "wingman.accounts.middleware.TwoFactorRequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "wingman" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wingman.accounts.context_processors.service",
            ],
            # `{{ value|when }}`: one way of showing dates on every page.
            "builtins": ["wingman.core.templatetags.dates"],
        },
    },
]


DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'wingman.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Django's own backends, plus linking audit rows into the audit chain at commit.
DATABASES["default"]["ENGINE"] = {
    "django.db.backends.sqlite3": "wingman.audit.db.sqlite3",
    "django.db.backends.postgresql": "wingman.audit.db.postgresql",
}.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])
# The key that seals the audit chain (HMAC-SHA256). Keep it outside the database, never change it.
WINGMAN_AUDIT_CHAIN_KEY = os.environ.get("WINGMAN_AUDIT_CHAIN_KEY", "")
# PostgreSQL: the role the application connects as. After each migrate (run as the tables'
# owner) it is granted what it needs, and on the audit tables only INSERT and SELECT.
WINGMAN_DATABASE_APP_ROLE = os.environ.get("WINGMAN_DATABASE_APP_ROLE", "")
if "sqlite" in DATABASES["default"]["ENGINE"]:
    # SQLite has one writer at a time, and every request here writes (access events, sessions).
    # IMMEDIATE takes the write lock when a transaction begins, so a second writer waits for it
    # (up to `timeout` seconds) instead of failing at once when a read transaction would have to
    # become a write; WAL lets readers outside transactions go on meanwhile. docs/adr/0006.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "wingman.accounts.backends.StaffBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Sessions live in the database (disabling an account deletes them there: accounts migration
# 0003); 30 minutes idle (renewed by requests, at most once a minute), 10 hours at most.
SESSION_ENGINE = "wingman.accounts.sessions"
SESSION_COOKIE_AGE = 30 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
WINGMAN_SESSION_ABSOLUTE_SECONDS = 10 * 60 * 60

# Sign-in throttling: 5 failures for one username from one address -> 15 minutes' cool-off.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "wingman.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_SENSITIVE_PARAMETERS = ["password", "code", "new_password1", "new_password2"]
AXES_CLIENT_IP_CALLABLE = "wingman.audit.client_ip.client_ip"

# Reverse proxies in front of Wingman (addresses or networks, comma-separated). Only when the
# direct peer is one of them is the client's address read from X-Forwarded-For, for the sign-in
# lock-out, audit rows and staff sessions alike. Empty: the direct peer is the client.
WINGMAN_TRUSTED_PROXIES = env_list("WINGMAN_TRUSTED_PROXIES")

# Two-factor sign-in (TOTP). Required for every staff role unless an install says otherwise,
# and then every page says so.
WINGMAN_TWO_FACTOR_REQUIRED = env_bool("WINGMAN_TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "Wingman"
# No two-factor secret or QR code is ever shown in the back office (its device pages are not
# there at all; this is the second lock).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Enrolment codes (docs/adr/0009): a code works once, for this many hours after it is shown to
# the person handing it over; once accepted, its holder has this many minutes to finish.
WINGMAN_ENROLMENT_CODE_HOURS = int(os.environ.get("WINGMAN_ENROLMENT_CODE_HOURS", "72"))
WINGMAN_ENROLMENT_FINISH_MINUTES = 60

# Email: account holders are told when their sign-in is reset or an enrolment code is used.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
        ),
        "OPTIONS": {
            "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
            "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
            "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
            "timeout": 10,
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Wingman <wingman@localhost>")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "wingman" / "static"]
# Documents uploaded to a client's record: files on disk under their own root, outside the
# database, the static files and any served directory (never given a URL: each download goes
# through the documents app's scoped, audited view). Created when the first file is saved.
WINGMAN_DOCUMENTS_ROOT = Path(
    os.environ.get("WINGMAN_DOCUMENTS_ROOT", BASE_DIR / "var" / "documents")
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "wingman.core.storage.StaticFilesStorage"},
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": WINGMAN_DOCUMENTS_ROOT,
            "base_url": None,
            "directory_permissions_mode": 0o700,
            "file_permissions_mode": 0o600,
        },
    },
}

# Only the hashed copies are kept and compressed (pages refer to nothing else), and source maps,
# fetched only by a developer's browser tools, are not compressed: collectstatic then takes
# seconds rather than a minute (Swagger UI and Redoc are most of it).
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# A strict content security policy: scripts only from us, with a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Safeguarding: how soon a new concern must be triaged, and acted on by its grade (red in clock
# hours, since a red concern cannot wait for Monday; amber and green in working days, skipping
# weekends and the bank holidays of WINGMAN_BANK_HOLIDAYS). An organisation may set its own in
# the back office.
WINGMAN_TRIAGE_DEADLINES = {
    "triage_hours": 4,
    "red_hours": 4,
    "amber_working_days": 1,
    "green_working_days": 3,
}
# Whose bank holidays are not working days: a country and its subdivision as the `holidays`
# package names them (GB and ENG: England and Wales share them).
WINGMAN_BANK_HOLIDAYS = (
    os.environ.get("WINGMAN_BANK_HOLIDAYS_COUNTRY", "GB"),
    os.environ.get("WINGMAN_BANK_HOLIDAYS_SUBDIVISION", "ENG"),
)
# The address staff reach Wingman at, for links in emails ("https://wingman.example.org");
# without it an email gives the path only.
WINGMAN_SITE_URL = os.environ.get("WINGMAN_SITE_URL", "")
