"""Settings shared by every environment. Everything that differs between machines is read
from environment variables; see the configuration table in README.md."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "portal",
    "guidance",
    "directory",
    "survey",
    "awards",
    "timebank",
    "spend",
    "opportunities",
    "contracts",
    "supplier_events",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    # wagtail.search, with index updates for a search cluster made after commit.
    "portal.apps.SearchConfig",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "captcha",
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors' pages from the cache (portal/cache.py); before sessions and CSRF.
    "portal.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that it sees the result of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]
if env_bool("PORTAL_QUERY_COUNT_HEADER"):
    # Benchmarks read each response's SQL query count from an X-Query-Count header.
    MIDDLEWARE.insert(0, "portal.middleware.QueryCountHeaderMiddleware")

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
            "builtins": ["portal.templatetags.govuk", "wagtail.templatetags.wagtailcore_tags"],
        },
    },
]

# Every Django form renders with GOV.UK Frontend markup (templates/forms/).
FORM_RENDERER = "portal.forms.GovukFormRenderer"

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE avoids upgrade deadlocks.
    # Connections are kept between requests as on PostgreSQL (DATABASE_CONN_MAX_AGE): opening
    # one runs these PRAGMAs and registers Django's SQL functions, 2.5 ms of CPU a request.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "portal.accounts.backends.EmailBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "/"
# How long an email verification link stays valid.
ACCOUNT_VERIFICATION_MAX_AGE = timedelta(days=3)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login throttling: five wrong passwords for one account from one address lock it for 15 min.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_HTTP_RESPONSE_CODE = 429
# Failures are counted against the address as the sign-in backend reads it (any case or
# surrounding space is the same account), and against the client behind trusted proxies.
AXES_USERNAME_CALLABLE = "portal.accounts.backends.axes_username"
AXES_CLIENT_IP_CALLABLE = "portal.ratelimit.axes_client_ip"
# Proxies (addresses or networks) whose X-Forwarded-For names the client (portal/ratelimit.py).
PORTAL_TRUSTED_PROXIES = env_list("PORTAL_TRUSTED_PROXIES")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Private uploads (portal/storage.py): outside MEDIA_ROOT, so no proxy can serve them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# MEDIA_STORAGE=s3 or azure keeps uploads in a bucket or container (django-storages; install
# the `s3` or `azure` extra): public media under media/, private uploads under private/ with
# no public URL. The providers' own variables carry the credentials (AWS_ACCESS_KEY_ID...,
# AZURE_ACCOUNT_KEY or AZURE_CONNECTION_STRING).
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    _bucket = {
        "bucket_name": os.environ.get("MEDIA_BUCKET", ""),
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_bucket, "location": "media", "querystring_auth": False},
    }
    STORAGES["private"] = {
        "BACKEND": "portal.storage.PrivateS3Storage",
        "OPTIONS": {**_bucket, "location": "private", "default_acl": "private"},
    }
elif MEDIA_STORAGE == "azure":
    _container = {
        "azure_container": os.environ.get("MEDIA_BUCKET", ""),
        "account_name": os.environ.get("AZURE_ACCOUNT_NAME") or None,
        "account_key": os.environ.get("AZURE_ACCOUNT_KEY") or None,
        "connection_string": os.environ.get("AZURE_CONNECTION_STRING") or None,
        "overwrite_files": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.azure_storage.AzureStorage",
        "OPTIONS": {**_container, "location": "media"},
    }
    STORAGES["private"] = {
        "BACKEND": "portal.storage.PrivateAzureStorage",
        "OPTIONS": {**_container, "location": "private"},
    }
elif MEDIA_STORAGE != "filesystem":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"MEDIA_STORAGE must be filesystem, s3 or azure, not {MEDIA_STORAGE!r}"
    )

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Uploads above this are refused before they reach a form (413).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal",
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }

# Anonymous page cache (portal/cache.py): shared by every worker on the host, or in Redis.
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "300"))
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": os.environ.get("PORTAL_PAGE_CACHE_DIR", str(BASE_DIR / ".page-cache")),
    "OPTIONS": {"MAX_ENTRIES": 10_000},
}
if os.environ.get("REDIS_URL"):
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}

# Rate limits (portal/ratelimit.py): counts every worker shares, in Redis or a host folder.
CACHES["ratelimit"] = {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": os.environ.get("PORTAL_RATELIMIT_DIR", str(BASE_DIR / ".ratelimit-cache")),
}
if os.environ.get("REDIS_URL"):
    CACHES["ratelimit"] = {**CACHES["default"], "KEY_PREFIX": "ratelimit"}

# Background tasks (emails, spend imports): run at once unless TASKS_BACKEND=database, where
# `manage.py db_worker` runs them (production's default).
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in _TASK_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}

# Email: EMAIL_URL (smtp://user:password@host:587, with ?tls=1) or the usual EMAIL_* settings.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Portsmouth Social Value <socialvalue@portsmouthcc.gov.uk>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
# Seconds before a silent mail server gives up (the worker retries nothing by itself).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
if os.environ.get("EMAIL_URL"):
    from portal.email_url import parse_email_url

    globals().update(parse_email_url(os.environ["EMAIL_URL"]))

# Wagtail
WAGTAIL_SITE_NAME = "Portsmouth Social Value"
WAGTAILADMIN_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
PORTAL_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True

SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database")
_SEARCH_BACKENDS = {
    "database": "wagtail.search.backends.database",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
    "opensearch3": "wagtail.search.backends.opensearch3",
}
if SEARCH_BACKEND not in _SEARCH_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"SEARCH_BACKEND must be one of {', '.join(_SEARCH_BACKENDS)}, not {SEARCH_BACKEND!r}"
    )
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": _SEARCH_BACKENDS[SEARCH_BACKEND]}}
if SEARCH_BACKEND != "database":
    # A cluster is updated by a task after commit (portal/search_index.py), never in the
    # request. The database backend keeps modelsearch's own updates: its index is a table in
    # the same database, written in the same transaction as the change, with no network trip.
    WAGTAILSEARCH_BACKENDS["default"].update(
        {
            "URLS": env_list("SEARCH_URL", "http://127.0.0.1:9200"),
            "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "portal_"),
            "TIMEOUT": 10,
            "AUTO_UPDATE": False,
        }
    )

# Captcha: django-simple-captcha; the audio alternative uses flite when installed.
CAPTCHA_TEST_MODE = False
CAPTCHA_FONT_SIZE = 34
CAPTCHA_LENGTH = 5
CAPTCHA_FLITE_PATH = "/usr/bin/flite" if Path("/usr/bin/flite").exists() else None
CAPTCHA_IMAGE_SIZE = (150, 50)

# Content Security Policy for the public site. The Wagtail admin sets its own inline scripts.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

# Portsmouth City Council's area: postcode districts that count as local.
PORTAL_LOCAL_POSTCODES = [
    district.upper() for district in env_list("PORTAL_LOCAL_POSTCODES", "PO1,PO2,PO3,PO4,PO5,PO6")
]

# Time bank, in minutes: starter credits from the community pot, the default credit limit,
# and whether a broker approves each exchange after the members confirm it.
TIMEBANK_STARTER_MINUTES = int(os.environ.get("TIMEBANK_STARTER_MINUTES", "120"))
TIMEBANK_CREDIT_LIMIT_MINUTES = int(os.environ.get("TIMEBANK_CREDIT_LIMIT_MINUTES", "-600"))
TIMEBANK_BROKER_APPROVAL = env_bool("TIMEBANK_BROKER_APPROVAL")

# Procurement Act 2023 Schedule 1 thresholds (£, VAT included) for a sub-central authority
# such as the council, in force from 1 January 2026 (the Procurement Act 2023 (Threshold
# Amounts) (Amendment) Regulations 2025, SI 2025/1200). Below them an opportunity may be
# reserved for local suppliers, SMEs or VCSEs (PPN 11/20, now PPN 005).
PROCUREMENT_THRESHOLDS = {
    "goods": int(os.environ.get("PROCUREMENT_THRESHOLD_GOODS", "207720")),
    "services": int(os.environ.get("PROCUREMENT_THRESHOLD_SERVICES", "207720")),
    "works": int(os.environ.get("PROCUREMENT_THRESHOLD_WORKS", "5193000")),
    "light_touch": int(os.environ.get("PROCUREMENT_THRESHOLD_LIGHT_TOUCH", "663540")),
}
# Prefix of the Open Contracting identifiers (ocid) of the council's opportunities.
OCDS_PREFIX = os.environ.get("OCDS_PREFIX", "ocds-pcc000")
# Contract social value: what it costs the council, in pounds, to manage the social value of
# one contract (setting commitments, reading reports, verifying them); the breakeven uses it.
CONTRACTS_MANAGEMENT_COST = os.environ.get("CONTRACTS_MANAGEMENT_COST", "2500")
# Days after a reporting period ends that its report is due.
CONTRACTS_REPORT_DUE_DAYS = int(os.environ.get("CONTRACTS_REPORT_DUE_DAYS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Two-factor sign-in (TOTP) for staff (portal/twofactor.py): on in production settings.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "portal.twofactor.StaffTwoFactorMiddleware",
)
OTP_TOTP_ISSUER = "Portsmouth Social Value"
PORTAL_STAFF_TWO_FACTOR = env_bool("PORTAL_STAFF_TWO_FACTOR")
PORTAL_TWO_FACTOR_PATHS = ["/admin/", "/django-admin/", "/timebank/broker/"]
