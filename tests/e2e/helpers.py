import re

from playwright.sync_api import expect

ERROR_TITLE = re.compile(r"^Error: ")


def expect_error_title(page):
    """The page shown after a failed submit has a title starting "Error: " (GOV.UK pattern).

    Waits for the navigation the submit started, so the old page's title is never read.
    """
    expect(page).to_have_title(ERROR_TITLE)


def fill_date(page, legend, value):
    """Type a date into the GOV.UK date input whose fieldset legend is `legend`."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(value.day))
    group.get_by_label("Month").fill(str(value.month))
    group.get_by_label("Year").fill(str(value.year))
