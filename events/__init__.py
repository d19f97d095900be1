def __getattr__(name):
    """opensearch-py runs `from events import Events`, meaning the PyPI package "Events",
    which this app's name hides: hand it that package's classes, loaded from its file."""
    if name not in {"Events", "EventsException"}:
        raise AttributeError(name)
    import importlib.metadata
    import importlib.util

    path = importlib.metadata.distribution("Events").locate_file("events/events.py")
    spec = importlib.util.spec_from_file_location("events_package_events", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)
