"""What the load is driven against. Each endpoint is built from the seeded data; one whose
app is not there yet is skipped with the reason."""

import json
from dataclasses import dataclass

from django.db import DatabaseError
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from benchmarks.load import Request


@dataclass
class Endpoint:
    name: str
    requests: list  # rotated through by the load
    note: str = ""


class Skip(Exception):
    pass


def _route(path):
    """The path itself when a Django view (not Wagtail's page catch-all) serves it."""
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        raise Skip(f"no URL {path} yet") from None
    if match.func.__module__.startswith("wagtail.views"):
        raise Skip(f"no view for {path} yet")
    return path


def _reverse(*names, **kwargs):
    for name in names:
        try:
            return reverse(name, **kwargs)
        except NoReverseMatch:
            continue
    raise Skip(f"none of the URL names {', '.join(names)} exists yet")


def session_cookie(user):
    """A signed-in session for `user`, as the login view would create it; for staff, after
    their second factor too, as production requires for the admin."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from portal.twofactor import is_staff_account

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "portal.accounts.backends.EmailBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if is_staff_account(user):
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="benchmark", defaults={"confirmed": True}
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return ("Cookie", f"{settings.SESSION_COOKIE_NAME}={session.session_key}")


def healthz(ctx):
    return [Request("GET", "/healthz")]


def home(ctx):
    from portal.models import HomePage

    page = HomePage.objects.live().first()
    if page is None:
        raise Skip("no live home page")
    return [Request("GET", page.get_url() or "/")]


def guidance_page(ctx):
    try:
        from guidance.models import GuidancePage
    except ImportError:
        raise Skip("guidance has no GuidancePage yet") from None
    pages = [p.get_url() for p in GuidancePage.objects.live().order_by("path")[:10]]
    pages = [url for url in pages if url]
    if not pages:
        raise Skip("no live guidance page (seed_demo made none)")
    return [Request("GET", url) for url in pages]


def toms_list(ctx):
    return [Request("GET", _route("/guidance/toms/"))]


def directory_search(ctx):
    _route("/directory/")
    from benchmarks.seed import KEYWORDS

    sectors = ctx.get("sectors") or []
    if not ctx.get("organisations") or not sectors:
        raise Skip("no seeded organisations")
    second = ["type=sme", "type=vcse", "local=yes"]
    queries = []
    for i in range(120):
        keyword = KEYWORDS[i % len(KEYWORDS)].replace(" ", "+")
        sector = sectors[(i * 7) % len(sectors)].slug
        queries.append(f"/directory/?q={keyword}&sector={sector}&{second[i % len(second)]}")
    return [Request("GET", q) for q in queries]


def organisation_profile(ctx):
    organisations = ctx.get("organisations") or []
    if not organisations:
        raise Skip("no seeded organisations")
    step = max(1, len(organisations) // 50)
    return [
        Request("GET", _route(_reverse("directory:profile", kwargs={"slug": o.slug})))
        for o in organisations[::step][:50]
    ]


def directory_api(ctx):
    if not ctx.get("organisations"):
        raise Skip("no seeded organisations")
    pages = max(1, min(20, len(ctx["organisations"]) // 50))
    return [
        Request("GET", f"/api/directory/organizations?page={page}") for page in range(1, pages + 1)
    ]


def oruk_api(ctx):
    """The Open Referral UK feed: pages of services, summary and fully nested."""
    if not ctx.get("organisations"):
        raise Skip("no seeded organisations")
    path = _route("/api/oruk/services")
    pages = max(1, min(20, len(ctx["organisations"]) // 50))
    return [
        Request("GET", f"{path}?page={page}&per_page=50" + ("&full=true" if page % 2 else ""))
        for page in range(1, pages + 1)
    ]


def calculator_api(ctx):
    from guidance.models import Measure

    measures = list(Measure.objects.active().order_by("code")[:5])
    if not measures:
        raise Skip("no active TOMs measures")
    bodies = []
    for n in range(1, 11):
        lines = [{"measure": m.code, "quantity": str(n * (i + 1))} for i, m in enumerate(measures)]
        bodies.append(json.dumps({"contract_value": str(250_000 * n), "lines": lines}).encode())
    return [Request("POST", "/api/social-value/calculate", body=body) for body in bodies]


def timebank_statement(ctx):
    member = ctx.get("statement_user")
    if member is None:
        raise Skip("no seeded time-bank member")
    path = _route(_reverse("timebank:statement"))
    return [Request("GET", path, headers=(session_cookie(member),))]


def awards_leaderboard(ctx):
    categories = ctx.get("awards_categories")
    if not categories:
        raise Skip("no seeded awards cycle")
    cookie = session_cookie(ctx["awards_admin"])
    return [
        Request(
            "GET",
            _reverse("awards_office:leaderboard", kwargs={"category_pk": category.pk}),
            headers=(cookie,),
        )
        for category in categories
    ]


def survey_dashboard(ctx):
    if ctx.get("survey_responses") is None:
        raise Skip("no seeded survey responses")
    path = _reverse("survey_results:dashboard", kwargs={"pk": ctx["survey"].pk})
    return [Request("GET", path, headers=(session_cookie(ctx["analyst"]),))]


def contracts_dashboard(ctx):
    manager = ctx.get("contract_manager")
    if manager is None:
        raise Skip("no seeded contracts")
    path = _reverse("contracts_admin:dashboard")
    return [Request("GET", path, headers=(session_cookie(manager),))]


ENDPOINTS = [
    ("healthz", healthz),
    ("home", home),
    ("guidance_page", guidance_page),
    ("toms_list", toms_list),
    ("directory_search", directory_search),
    ("organisation_profile", organisation_profile),
    ("directory_api", directory_api),
    ("oruk_api", oruk_api),
    ("calculator_api", calculator_api),
    ("timebank_statement", timebank_statement),
    ("awards_leaderboard", awards_leaderboard),
    ("survey_dashboard", survey_dashboard),
    ("contracts_dashboard", contracts_dashboard),
]


def build(ctx, only=None):
    """([Endpoint], {name: reason skipped})."""
    endpoints, skipped = [], {}
    for name, make in ENDPOINTS:
        if only and name not in only and name != "healthz":
            continue
        try:
            endpoints.append(Endpoint(name, make(ctx)))
        except Skip as reason:
            skipped[name] = str(reason)
        except DatabaseError as exc:  # an app's model whose migration has not landed yet
            skipped[name] = f"database not ready: {exc}"[:200]
    return endpoints, skipped
