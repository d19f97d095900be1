"""What other apps add to an organisation's public profile, without the directory importing
them. An app registers a panel in its AppConfig.ready():

    register_panel(render, order=30)

`render(request, organisation)` returns HTML (rendered from a template, so text is escaped),
or "" to show nothing. The profile shows the panels in order.
"""

from dataclasses import dataclass

from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class ProfilePanel:
    order: int
    render: object


_panels: list[ProfilePanel] = []


def register_panel(render, order=50):
    if all(panel.render is not render for panel in _panels):
        _panels.append(ProfilePanel(order, render))


def render_panels(request, organisation):
    rendered = (
        panel.render(request, organisation) for panel in sorted(_panels, key=lambda p: p.order)
    )
    return [mark_safe(html) for html in rendered if html]  # noqa: S308 - rendered templates
