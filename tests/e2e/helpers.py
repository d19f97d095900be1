import re

from playwright.sync_api import expect

ERROR_TITLE = re.compile(r"^Error: ")


def expect_error_title(page):
    """The page shown after a failed submit has a title starting "Error: " (GOV.UK pattern).

    Waits for the navigation the submit started, so the old page's title is never read.
    """
    expect(page).to_have_title(ERROR_TITLE)
