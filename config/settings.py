"""Settings for the partnership CRM, read from the environment (see README, "Configuration").

Every value has a safe default for local development; ``APP_ENV=production`` turns on
the checks and security headers a public deployment needs.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import django
import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

_BOOLEAN_WORDS = {
    "1": True, "true": True, "yes": True, "on": True,
    "0": False, "false": False, "no": False, "off": False, "": False,
}  # fmt: skip


def _env_bool(name: str, default: bool) -> bool:
    raw = env.str(name, default=str(default)).strip().lower()
    if raw not in _BOOLEAN_WORDS:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")
    return _BOOLEAN_WORDS[raw]


APP_ENV = env.str("APP_ENV", default="development")
if APP_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"APP_ENV={APP_ENV!r}: use 'development' or 'production'.")
PRODUCTION = APP_ENV == "production"

DEBUG = _env_bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when APP_ENV=production.")
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = [h.strip() for h in env.str("ALLOWED_HOSTS", default="").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    if PRODUCTION:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when APP_ENV=production.")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

# Mail (password reset, reminders): printed to the console unless EMAIL_URL names a server,
# e.g. smtp+tls://user:password@mail.example.org:587.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="crm@localhost")

_DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}
DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
_scheme = urlsplit(DATABASE_URL).scheme
if _scheme not in _DATABASE_SCHEMES:
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {_scheme!r} is not supported; "
        "use sqlite:///path/to/file.sqlite3 or postgres://user@host:5432/name."
    )
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
if _scheme == "sqlite":
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA foreign_keys=ON;"}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development WhiteNoise serves straight from the apps' static folders, so no collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

INSTALLED_APPS = [
    "core.admin_app.CrmAdminConfig",  # django.contrib.admin with the CRM's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "django_filters",
    "import_export",
    "simple_history",
    "axes",
    "corsheaders",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "people",
    "partnerships",
    "contacts",
    "events",
    "activity",
    "followups",
    "directory",
    "articles",
    "reports",
    "ops",
    "privacy",
    "front",
    "api",
]
# Synthetic data, the benchmark and the load generator are tools for developers, not part of
# the product: a production installation does not have their commands.
if not PRODUCTION:
    INSTALLED_APPS.append("perf")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "core.context_processors.roles",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out logins before the password check
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
# Django's own catalogue before the apps': Django REST framework translates some of Django's
# messages differently ("Lade ein gültiges Bild hoch …"), and the admin's forms keep Django's.
LOCALE_PATHS = [BASE_DIR / "locale", Path(django.__file__).parent / "conf" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

COUNTRIES_FIRST = ["DE", "JP", "US", "CA"]

# Uploads: images (logos, photos) and documents (agreement scans); see core/validators.py.
MAX_IMAGE_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_IMAGE_MEGAPIXELS = 40  # checked from the header, before anything is decoded
MAX_DOCUMENT_UPLOAD_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# Spreadsheet import (core/spreadsheets.py): what the first step will parse at most.
SPREADSHEET_MAX_BYTES = 5 * 1024 * 1024
SPREADSHEET_MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # XLSX, from the ZIP directory
SPREADSHEET_MAX_XLSX_PARTS = 200
SPREADSHEET_MAX_ROWS = 5_000
SPREADSHEET_MAX_CELL_CHARS = 10_000

IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Brute-force limit for the site and the admin login: 5 failures per username and address,
# or 20 per address across all usernames, then 15 minutes locked (core/login_limit.py;
# core/security.py finds the address behind the proxy).
# --- JSON API (api/, docs/api.md) -------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.access.TokenAuthentication",  # first: its scheme is named in 401 answers
        "rest_framework.authentication.SessionAuthentication",  # the documentation page
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.access.RolePermission"],
    "DEFAULT_THROTTLE_CLASSES": ["api.access.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.CrmAutoSchema",
    "EXCEPTION_HANDLER": "api.errors.handle",
    "URL_FORMAT_OVERRIDE": None,
}
REST_KNOX = {"TOKEN_TTL": timedelta(days=90), "TOKEN_LIMIT_PER_USER": None}
KNOX_TOKEN_MODEL = "api.ApiToken"
# knox's migrations would create its own token table even though api.ApiToken replaces it
# (they predate the swappable model); a table no model owns is never flushed or truncated.
MIGRATION_MODULES = {"knox": None}
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="600/minute")
# The period /berichte/ opens on: "latest" (the latest year up to now with events, delegations
# or agreements), "this_year", "last_year" or "all".
DASHBOARD_DEFAULT_PERIOD = env.str("DASHBOARD_DEFAULT_PERIOD", default="latest").strip().lower()
if DASHBOARD_DEFAULT_PERIOD not in {"latest", "this_year", "last_year", "all"}:
    raise ImproperlyConfigured(
        f"DASHBOARD_DEFAULT_PERIOD={DASHBOARD_DEFAULT_PERIOD!r}: "
        "use latest, this_year, last_year or all."
    )
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=1024 * 1024)
SPECTACULAR_SETTINGS = {
    "TITLE": "Partnership CRM API",
    "DESCRIPTION": "Organisations, people, delegations, agreements and events, with who took "
    "part in what. Lists take the filters and sorts of their list pages. See docs/api.md.",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "SERVE_PERMISSIONS": ["api.access.ReaderPermission"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CountryEnum": "api.schema.country_choices",
        "EventKindEnum": "events.models.Event.Kind",
        "EventStatusEnum": "events.models.Event.Status",
        "AgreementKindEnum": "partnerships.models.Agreement.Kind",
        "AgreementStatusEnum": "partnerships.models.Agreement.Status",
        "OrganisationKindEnum": "people.models.Organisation.Kind",
    },
}
# Other sites may call the API from a browser only if listed here (none by default).
CORS_ALLOWED_ORIGINS = [
    o.strip() for o in env.str("CORS_ALLOWED_ORIGINS", default="").split(",") if o.strip()
]
CORS_URLS_REGEX = r"^/api/.*$"

AXES_HANDLER = "core.login_limit.AddressLimitHandler"
AXES_FAILURE_LIMIT = 5
AXES_ADDRESS_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
# How many reverse proxies append to X-Forwarded-For in front of the app.
NUM_PROXIES = env.int("NUM_PROXIES", default=1 if PRODUCTION else 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
