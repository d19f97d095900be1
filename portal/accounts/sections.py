"""What the "Your account" page lists. Each app adds a section with `register_section`:

    register_section(order=20, template="directory/includes/account_section.html")

The template is rendered with the request in its context and decides what to show.
"""

from portal.registry import OrderedRegistry

_sections = OrderedRegistry()


def register_section(template, order=50):
    _sections.add(template, order)


def account_sections(request):
    return list(_sections)
