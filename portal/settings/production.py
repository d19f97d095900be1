from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY: production settings refuse to start without it.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS: production settings refuse to start without it.")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "Set DATABASE_URL: production settings refuse to start without it "
        "(e.g. postgres://user:password@host:5432/portal)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Never test mode in production, whatever the environment says.
CAPTCHA_TEST_MODE = False

# Staff always sign in to the admin with a second factor, whatever the environment says.
PORTAL_STAFF_TWO_FACTOR = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# Wagtail's live preview shows the page being edited in a same-origin frame, so DENY would
# break it; SAMEORIGIN (with CSP frame-ancestors 'self') still stops framing by other sites.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")
# One JSON object per line (portal/logs.py), as gunicorn writes its own; LOG_FORMAT=text for plain.
if os.environ.get("LOG_FORMAT", "json") == "json":
    LOGGING["formatters"] = {"json": {"()": "portal.logs.JsonFormatter"}}
    LOGGING["handlers"]["console"]["formatter"] = "json"

# The `db_worker` process runs background tasks, unless TASKS_BACKEND says otherwise.
if "TASKS_BACKEND" not in os.environ:
    TASKS_BACKEND = "database"
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
