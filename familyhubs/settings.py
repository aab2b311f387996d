"""Settings for Family Hubs, read from the environment with safe defaults for local use.

Local use needs no configuration: SQLite in var/, DEBUG on, email to the console.
Production sets DATABASE_URL, SECRET_KEY, DEBUG=false and ALLOWED_HOSTS (see README).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from referrals.encryption import local_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FAMILYHUBS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "accounts.apps.BackOfficeAdminConfig",  # Django's admin behind two-factor sign-in
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Our apps, one per domain.
    "core",
    "geo",
    "directory",
    "timetable",
    "oruk",
    "campaigns",
    "web",
    "accounts",
    "families",
    "bookings",
    "notifications",
    "audit",
    "editorial",
    "referrals",
    "reports",
]

MIDDLEWARE = [
    "core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SignInRulesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "familyhubs.urls"
WSGI_APPLICATION = "familyhubs.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "familyhubs" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "core.context_processors.council",
            ],
        },
    },
]

# SQLite in var/ unless DATABASE_URL says otherwise (postgres://... in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'familyhubs.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers and one writer work at once; the timeout rides out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # Pages run many short queries: PostgreSQL's JIT compiler spent seconds compiling a
    # results-page query that runs in milliseconds (bench/README.md, "Results page").
    # The directory is read from memory, not disk: at the default random_page_cost (4, for
    # spinning disks) the planner hashed national sets (every step-free place's services)
    # rather than probe the few services near a family through their indexes.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c random_page_cost=1.1"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "familyhubs" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
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

# The public ORUK API is open data: any origin may read it.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_ALL_ORIGINS = True

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Email when GOV.UK Notify is not configured: the console locally, SMTP in production.
# Django 6.1 configures email as MAILERS (the EMAIL_* settings are deprecated).
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEBUG else SMTP_BACKEND
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            # Seconds; a hung mail server must not outlast the notifications lease (10 minutes).
            "timeout": 30,
        }
        if EMAIL_BACKEND_PATH == SMTP_BACKEND
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Family Hubs <no-reply@familyhubs.example>"
)
GOVUK_NOTIFY_API_KEY = os.environ.get("GOVUK_NOTIFY_API_KEY", "")

# The council running this instance: its name and colours are settings, not code.
FAMILYHUBS_COUNCIL_NAME = os.environ.get("FAMILYHUBS_COUNCIL_NAME", "Thurrock Council")
FAMILYHUBS_SERVICE_NAME = os.environ.get("FAMILYHUBS_SERVICE_NAME", "Family Hubs")
FAMILYHUBS_BRAND_COLOUR = os.environ.get("FAMILYHUBS_BRAND_COLOUR", "#1d70b8")
FAMILYHUBS_BRAND_ACCENT = os.environ.get("FAMILYHUBS_BRAND_ACCENT", "#003078")
FAMILYHUBS_CONTACT_EMAIL = os.environ.get("FAMILYHUBS_CONTACT_EMAIL", "familyhubs@council.example")
FAMILYHUBS_BASE_URL = os.environ.get("FAMILYHUBS_BASE_URL", "http://127.0.0.1:8000")

# Search hints on the parents' pages: a postcode and a town from this council's area.
FAMILYHUBS_EXAMPLE_POSTCODE = os.environ.get("FAMILYHUBS_EXAMPLE_POSTCODE", "RM18 7AA")
FAMILYHUBS_EXAMPLE_TOWN = os.environ.get("FAMILYHUBS_EXAMPLE_TOWN", "Tilbury")

# Families' data: the privacy notice consent is recorded against, and how long we keep it.
FAMILYHUBS_PRIVACY_NOTICE_VERSION = os.environ.get("FAMILYHUBS_PRIVACY_NOTICE_VERSION", "2026-11")
FAMILYHUBS_FAMILY_RETENTION_DAYS = int(os.environ.get("FAMILYHUBS_FAMILY_RETENTION_DAYS", "1095"))
FAMILYHUBS_CLAIM_LINK_DAYS = int(os.environ.get("FAMILYHUBS_CLAIM_LINK_DAYS", "30"))
# Requests for support: Fernet keys for their personal fields, newest first (README says how
# to rotate; a local key comes from SECRET_KEY only with DEBUG on), and years kept after closing.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS") or (
    [local_key(SECRET_KEY)] if DEBUG else []
)
REFERRALS_RETENTION_YEARS = int(os.environ.get("REFERRALS_RETENTION_YEARS", "8"))
ACCOUNT_LOCKOUT_FAILURES = int(os.environ.get("ACCOUNT_LOCKOUT_FAILURES", "5"))
ACCOUNT_LOCKOUT_MINUTES = int(os.environ.get("ACCOUNT_LOCKOUT_MINUTES", "15"))
# Staff sign in with two factors and their sessions end when idle or old (parents' do not).
STAFF_SESSION_IDLE_MINUTES = int(os.environ.get("STAFF_SESSION_IDLE_MINUTES", "30"))
STAFF_SESSION_MAX_HOURS = int(os.environ.get("STAFF_SESSION_MAX_HOURS", "12"))
OTP_TOTP_ISSUER = f"{FAMILYHUBS_COUNCIL_NAME} {FAMILYHUBS_SERVICE_NAME}"  # names us in the app

# Bookings and messages to families.
BOOKINGS_DEFAULT_CAPACITY = int(os.environ.get("BOOKINGS_DEFAULT_CAPACITY", "12"))
# Providers are reminded to check each listing this often (editorial: remind_listing_checks).
LISTING_CHECK_REMINDER_MONTHS = int(os.environ.get("LISTING_CHECK_REMINDER_MONTHS", "6"))
NOTIFICATIONS_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATIONS_MAX_ATTEMPTS", "5"))
NOTIFICATIONS_RETRY_BASE_SECONDS = int(os.environ.get("NOTIFICATIONS_RETRY_BASE_SECONDS", "60"))
GOVUK_NOTIFY_EMAIL_TEMPLATE_ID = os.environ.get("GOVUK_NOTIFY_EMAIL_TEMPLATE_ID", "")
GOVUK_NOTIFY_SMS_TEMPLATE_ID = os.environ.get("GOVUK_NOTIFY_SMS_TEMPLATE_ID", "")

# Security: strict in production, relaxed only where local HTTP needs it.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only our own files; an inline <script> only with the request's nonce, no inline styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
FAMILYHUBS_PERMISSIONS_POLICY_DENIED = [
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
    "microphone", "midi", "payment", "usb", "browsing-topics",
]  # fmt: skip

# Rate limits: attempts per address (IP) and per account (the email a form names, or the
# signed-in user) in a window of minutes; RATE_LIMIT_<NAME>_PER_ADDRESS, _PER_ACCOUNT and
# _MINUTES change them. Counted in Redis when REDIS_URL is set, in the database otherwise.
RATE_LIMITS = {
    name: {
        "per_address": int(os.environ.get(f"RATE_LIMIT_{name.upper()}_PER_ADDRESS", per_address)),
        "per_account": int(os.environ.get(f"RATE_LIMIT_{name.upper()}_PER_ACCOUNT", per_account)),
        "minutes": int(os.environ.get(f"RATE_LIMIT_{name.upper()}_MINUTES", minutes)),
    }
    for name, (per_address, per_account, minutes) in {
        "sign_in": (50, 10, 15),
        "sign_up": (20, 3, 60),
        "password_reset": (20, 3, 60),
        "claim_link": (60, 30, 60),
        "self_referral": (20, 5, 60),
        "shortlist_email": (20, 3, 60),
        "search": (120, 120, 1),
        "problem_report": (10, 10, 60),
    }.items()
}
REDIS_URL = os.environ.get("REDIS_URL", "")
RATE_LIMIT_STORE = "redis" if REDIS_URL else "database"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "familyhubs",
        }
    }
# Proxies in front of the site that append the caller's address to X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# JSON lines, each with its request's id; one access line per request (core.middleware).
# Nothing about a family goes to logs: events and ids, never query strings or request bodies.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs the full request on 4xx/5xx at WARNING; keep it to errors.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # runserver's own access lines hold the query string; ours do not.
        "django.server": {"handlers": [], "propagate": False},
    },
}
