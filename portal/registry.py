"""What apps contribute to a page of another app without that app importing them (account
sections, profile panels): each item once, listed by its order."""


class OrderedRegistry:
    def __init__(self):
        self._entries = []

    def add(self, item, order=50):
        """Add `item` unless it is there already (AppConfig.ready() can run more than once)."""
        if all(existing != item for _, existing in self._entries):
            self._entries.append((order, item))

    def __iter__(self):
        return (item for _, item in sorted(self._entries, key=lambda entry: entry[0]))
