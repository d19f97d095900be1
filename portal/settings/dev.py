from .base import *

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
CAPTCHA_TEST_MODE = env_bool("PORTAL_CAPTCHA_TEST_MODE")
if not os.environ.get("EMAIL_URL") and not os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# `make run` collects the demo's emails in one file rather than printing them.
PORTAL_EMAIL_FILE = os.environ.get("PORTAL_EMAIL_FILE", "")
if PORTAL_EMAIL_FILE:
    EMAIL_BACKEND = "portal.mail_backends.OneFileEmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
