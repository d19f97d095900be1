from .base import *

# Playwright's sync API runs an event loop in the test thread; the ORM calls in browser
# tests are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CAPTCHA_TEST_MODE = env_bool("PORTAL_CAPTCHA_TEST_MODE", True)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off in tests; tests of the page cache itself switch it on.
PORTAL_PAGE_CACHE_SECONDS = 0
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = BASE_DIR / ".test-media"
STORAGES["private"]["OPTIONS"]["location"] = BASE_DIR / ".test-media-private"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WHITENOISE_AUTOREFRESH = True
# Off in tests; tests of two-factor sign-in switch it on.
PORTAL_STAFF_TWO_FACTOR = False
