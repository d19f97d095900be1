from django import template
from django.urls import reverse
from django.utils.http import urlencode

from portal import cache as page_cache
from portal.models import PortalSettings

register = template.Library()

DEFAULT_NAVIGATION = [
    ("Guidance", "/guidance/"),
    ("Directory", "/directory/"),
    ("Survey", "/survey/"),
    ("Awards", "/awards/"),
    ("Time bank", "/timebank/"),
    ("Local spend", "/spend/"),
    ("Search", "/search/"),
]
DEFAULT_FOOTER = [
    ("Accessibility statement", "/accessibility/"),
    ("Privacy notice", "/privacy/"),
    ("Cookies", "/cookies/"),
    ("Contact", "/about/#contact"),
]


def _load_portal_settings(request):
    try:
        return PortalSettings.for_request(request)
    except PortalSettings.DoesNotExist:
        # No Wagtail site matches the request (e.g. before seed_demo): use the defaults.
        return None


def _portal_settings(context):
    request = context.get("request")
    if request is None:
        return None
    # Finding the Wagtail site and its settings costs two queries and several milliseconds
    # on every page a signed-in visitor sees; saving a Site or the settings starts a new
    # generation, so they are read again after a change.
    return page_cache.kept(
        "portal-settings", request.get_host(), lambda: _load_portal_settings(request)
    )


def _links(stream, fallback):
    links = [{"text": block.value["text"], "href": block.value.href} for block in stream]
    return links or [{"text": text, "href": href} for text, href in fallback]


@register.simple_tag(takes_context=True)
def portal_settings(context):
    """The site's contact details, or the defaults when no site matches the request."""
    return _portal_settings(context) or PortalSettings()


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """Header links from the portal settings, marking the section the visitor is in."""
    request = context.get("request")
    settings = _portal_settings(context)
    links = _links(settings.header_links if settings else [], DEFAULT_NAVIGATION)
    path = request.path if request else ""
    for link in links:
        href = link["href"] or ""
        link["current"] = href.startswith("/") and href != "/" and path.startswith(href)
    return links


@register.simple_tag(takes_context=True)
def footer_links(context):
    settings = _portal_settings(context)
    return _links(settings.footer_links if settings else [], DEFAULT_FOOTER)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced, for sorting and paging links."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter
def page_window(page_obj, size=2):
    """Page numbers around the current one, with None where numbers are skipped."""
    current, last = page_obj.number, page_obj.paginator.num_pages
    numbers = sorted({1, last, *range(max(1, current - size), min(last, current + size) + 1)})
    window, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            window.append(None)
        window.append(number)
        previous = number
    return window


@register.simple_tag
def url_with_query(viewname, **params):
    return f"{reverse(viewname)}?{urlencode({k: v for k, v in params.items() if v})}"
