"""What other apps add to an organisation's public profile, without the directory importing
them. An app registers a panel in its AppConfig.ready():

    register_panel(render, order=30)

`render(request, organisation)` returns HTML (rendered from a template, so text is escaped),
or "" to show nothing. The profile shows the panels in order.
"""

from django.utils.safestring import mark_safe

from portal.registry import OrderedRegistry

_panels = OrderedRegistry()


def register_panel(render, order=50):
    _panels.add(render, order)


def render_panels(request, organisation):
    rendered = (render(request, organisation) for render in _panels)
    return [mark_safe(html) for html in rendered if html]  # noqa: S308 - rendered templates
