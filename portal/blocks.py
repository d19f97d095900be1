"""Helpers for the portal's StreamField blocks."""


def named(block, name):
    """Give a simple block's text box an accessible name. Wagtail labels the fields of a
    StructBlock, but a CharBlock placed straight in a StreamField or a ListBlock shows its label
    only as the block's heading, so a screen reader announces an unnamed text box."""
    block.field.widget.attrs["aria-label"] = name
    return block
