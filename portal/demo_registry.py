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
