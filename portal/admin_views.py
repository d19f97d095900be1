"""Helpers for the apps' own Wagtail admin pages: their URLs, their permission-aware menus,
their base view and their breadcrumbs."""

from django.urls import include, path, reverse, reverse_lazy
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


def admin_urls(prefix, namespace, urlpatterns):
    """The hook's answer for register_admin_urls: `urlpatterns` under `prefix`, named
    `namespace:...`."""
    return [path(prefix, include((urlpatterns, namespace), namespace=namespace))]


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users with one permission."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


def permission_submenu(label, *, icon_name, order, items):
    """A submenu of admin pages in the order given; `items` are (label, URL name, icon,
    permission), each shown only to users with its permission."""
    menu = Menu(
        items=[
            PermissionMenuItem(
                item_label,
                reverse_lazy(url_name),
                icon_name=item_icon,
                order=(position + 1) * 100,
                permission=permission,
            )
            for position, (item_label, url_name, item_icon, permission) in enumerate(items)
        ]
    )
    return SubmenuMenuItem(label, menu, icon_name=icon_name, order=order)


class PermissionAdminView(WagtailAdminTemplateMixin, TemplateView):
    """An admin page that only users with `permission_required` may see; others get
    Wagtail's permission-denied answer. What the page is about (an upload, an event ...) is
    read by `load()` from the URL's arguments after the check, so someone without the
    permission costs no query and learns nothing from a 404."""

    permission_required = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            return permission_denied(request)
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs):
        """Sets what the page is about from the URL's arguments; nothing by default."""


def admin_crumbs(*items):
    """Breadcrumbs from the admin home; `items` are (label, URL) pairs, the last URL empty."""
    return [{"url": reverse("wagtailadmin_home"), "label": "Home"}] + [
        {"url": url, "label": label} for label, url in items
    ]
