"""The benchmark server's settings: production settings as they are, except that static
files are served by plain storage (the pages measured never depend on collectstatic) and
no email leaves the machine."""

from portal.settings.production import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Seeded people must not be emailed (demo builders and services send notifications).
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
STATIC_ROOT = None  # static files come from the finders; no collectstatic folder
# Tasks (emails) run in the request, as in development: the benchmark starts no worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
