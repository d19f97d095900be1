"""One registration point for demo content. Each app has a `demo.py` that registers its
builder; `manage.py seed_demo` finds them all and runs them in order.

    from portal.demo_registry import demo_builder

    @demo_builder(order=20)
    def build_directory(context):
        ...

Every builder must be idempotent: running `seed_demo` twice leaves one copy of everything.
`context` is a dict shared by the builders (for example `context["home"]`, the home page).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoBuilder:
    name: str
    order: int
    build: Callable


_builders: dict[str, DemoBuilder] = {}


def demo_builder(order=50, name=None):
    def decorator(func):
        key = name or f"{func.__module__}.{func.__name__}"
        _builders[key] = DemoBuilder(key, order, func)
        return func

    return decorator


def builders():
    return sorted(_builders.values(), key=lambda builder: (builder.order, builder.name))


# Every demo account's password, printed by `make run` and listed in the README.
DEMO_PASSWORD = "portsmouth-demo"  # noqa: S105 - published demo accounts only


def demo_user(email, first, last, role=None, staff=False):
    """A verified demo account with the shared demo password, in `role` if given; idempotent.

    Every app's demo builder makes its people here, so they all sign in the same way."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from portal.models import User

    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "username": email,
            "first_name": first,
            "last_name": last,
            "email_verified_at": timezone.now(),
            "is_staff": staff,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user
