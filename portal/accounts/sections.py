"""What the "Your account" page lists. Each app adds a section with `register_section`:

    register_section(order=20, template="directory/includes/account_section.html")

The template is rendered with the request in its context and decides what to show.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class AccountSection:
    order: int
    template: str


_sections: list[AccountSection] = []


def register_section(template, order=50):
    if all(section.template != template for section in _sections):
        _sections.append(AccountSection(order, template))


def account_sections(request):
    return [section.template for section in sorted(_sections, key=lambda s: s.order)]
