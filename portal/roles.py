"""The portal's roles as Django groups, and the permissions each role holds.

The groups themselves are created by a data migration, so a fresh database has them. Model
permissions only exist after every app has migrated, so they are granted after `migrate`
by `sync_role_permissions`; an app adds its own with `grant()` in its AppConfig.ready().
"""

from collections import defaultdict

EDITORS = "Editors"
MODERATORS = "Moderators"
ANALYSTS = "Analysts"
JUDGES = "Judges"
AWARDS_ADMINISTRATORS = "Awards administrators"
BROKERS = "Brokers"
PROCUREMENT_OFFICERS = "Procurement officers"
EVENT_ORGANISERS = "Event organisers"
CONTRACT_MANAGERS = "Contract managers"

ROLES = [EDITORS, MODERATORS, ANALYSTS, JUDGES, AWARDS_ADMINISTRATORS, BROKERS]
ROLES += [CONTRACT_MANAGERS]
ROLES += [PROCUREMENT_OFFICERS, EVENT_ORGANISERS]

# Roles that work in the Wagtail admin (judges score on the public site).
ADMIN_ROLES = [EDITORS, MODERATORS, ANALYSTS, AWARDS_ADMINISTRATORS, BROKERS]
ADMIN_ROLES += [CONTRACT_MANAGERS]
ADMIN_ROLES += [PROCUREMENT_OFFICERS, EVENT_ORGANISERS]

_grants = defaultdict(set)


def grant(role, *permissions):
    """Give `role` each permission, written as "app_label.codename"."""
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}")
    _grants[role].update(permissions)


def granted(role):
    return set(_grants[role])


for _role in ADMIN_ROLES:
    grant(_role, "wagtailadmin.access_admin")
grant(
    EDITORS, "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image"
)
grant(
    EDITORS,
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)
grant(EDITORS, "portal.change_portalsettings")


def user_has_role(user, role):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_portal_role_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._portal_role_names = cache
    return role in cache


def grant_page_permissions(role, page, *codenames):
    """Give `role` Wagtail page permissions (add_page, change_page, ...) on `page` and below."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    group = Group.objects.filter(name=role).first()
    if group is None:
        return
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=codenames
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def sync_role_permissions(sender=None, using="default", **kwargs):
    """Add every granted permission that exists to its group; runs after each migrate."""
    from django.contrib.auth.models import Group, Permission

    for role in ROLES:
        wanted = _grants.get(role)
        group = Group.objects.using(using).filter(name=role).first()
        if group is None or not wanted:
            continue
        by_app = defaultdict(set)
        for name in wanted:
            app_label, codename = name.split(".", 1)
            by_app[app_label].add(codename)
        permissions = []
        for app_label, codenames in by_app.items():
            permissions += list(
                Permission.objects.using(using).filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
        group.permissions.add(*permissions)
