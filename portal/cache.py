"""Whole-page cache for anonymous visitors, invalidated by a generation token.

Every cached page's key includes the current generation. Publishing or unpublishing a
Wagtail page, or saving or deleting any content model (an organisation a moderator approves
or suspends, a TOMs measure, a site setting ...), replaces the generation once the
transaction commits, so the next anonymous request renders afresh. Pages also expire after
PORTAL_PAGE_CACHE_SECONDS, which bounds what a queryset.update() (no signals) can leave.

Only anonymous GET requests without a query string and with no cookie but the CSRF one are
served from or stored in the cache; only 200 responses that set no cookie (so no CSRF
token, no message, no session) and are not marked private or no-store are stored.
The cache alias "pages" (shared by every worker: a folder, or Redis) is used when it
exists, otherwise "default".
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

GENERATION_KEY = "portal:pages:generation"
EXCLUDED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/captcha/",
    "/documents/",
    "/search/",
    "/healthz",
    "/readyz",
    "/static/",
    "/media/",
)
# Writes that change nothing an anonymous visitor sees (or happen on every request).
IGNORED_APPS = {
    "sessions",
    "axes",
    "captcha",
    "admin",
    "django_tasks",
    "django_tasks_database",
    "wagtailsearch",
}
IGNORED_MODELS = {
    "portal.User",
    "timebank.Movement",
    "timebank.Transfer",
    "survey.Answer",
    "wagtailcore.PageLogEntry",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.Revision",
}


def page_cache():
    return caches["pages" if "pages" in settings.CACHES else "default"]


def timeout():
    return getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 0)


def enabled():
    return timeout() > 0 and not settings.DEBUG


def generation():
    cache = page_cache()
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


# Values a worker keeps for the current generation: {name: (generation, {key: value})}.
_kept = {}
MAX_KEPT = 100  # keys per name, so a stream of unexpected hosts cannot grow a worker


def kept(name, key, load):
    """load(), computed once per worker for each (name, key) until any saved content starts a
    new generation; computed every time while the page cache is off (development, tests).

    For data read on every request that changes only when content is saved (site settings,
    the TOMs measures), so the request after a change sees it.
    """
    if not enabled():
        return load()
    current = generation()
    kept_generation, values = _kept.get(name, (None, None))
    if kept_generation != current or len(values) >= MAX_KEPT:
        values = {}
        _kept[name] = (current, values)
    if key not in values:
        values[key] = load()
    return values[key]


def _new_generation():
    page_cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate():
    """Every cached page is stale once the current transaction commits (at once outside one).

    Not before the commit: a request rendering in between would store the old content under
    the new generation.
    """
    transaction.on_commit(_new_generation)


def _on_model_change(sender, raw=False, **kwargs):
    meta = sender._meta
    if raw or meta.app_label in IGNORED_APPS or meta.label in IGNORED_MODELS:
        return
    invalidate()


def _on_page_change(**kwargs):
    invalidate()


def connect_signals():
    from wagtail.signals import page_published, page_slug_changed, page_unpublished

    post_save.connect(_on_model_change, dispatch_uid="portal.cache.post_save")
    post_delete.connect(_on_model_change, dispatch_uid="portal.cache.post_delete")
    m2m_changed.connect(_on_model_change, dispatch_uid="portal.cache.m2m_changed")
    page_published.connect(_on_page_change, dispatch_uid="portal.cache.page_published")
    page_unpublished.connect(_on_page_change, dispatch_uid="portal.cache.page_unpublished")
    page_slug_changed.connect(_on_page_change, dispatch_uid="portal.cache.page_slug_changed")


def cacheable_request(request):
    if request.method != "GET" or request.META.get("QUERY_STRING"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    # Signed in, or carrying a session or messages: never from the shared cache.
    return all(name == settings.CSRF_COOKIE_NAME for name in request.COOKIES)


def cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def page_key(request):
    raw = f"{request.scheme}://{request.get_host()}{request.path}"
    return f"portal:page:{generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"


class AnonymousPageCacheMiddleware:
    """Serves anonymous visitors' pages from the cache (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not cacheable_request(request):
            return self.get_response(request)
        cache = page_cache()
        key = page_key(request)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if cacheable_response(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() != "x-query-count"]
            cache.set(key, (response.status_code, headers, response.content), timeout())
            response["X-Page-Cache"] = "miss"
        return response
