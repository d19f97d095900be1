import re

from playwright.sync_api import expect

from portal import roles

ERROR_TITLE = re.compile(r"^Error: ")


def expect_error_title(page):
    """The page shown after a failed submit has a title starting "Error: " (GOV.UK pattern).

    Waits for the navigation the submit started, so the old page's title is never read.
    """
    expect(page).to_have_title(ERROR_TITLE)


def submit_with_errors(page, button):
    """Press the button of a form that is not filled in right; answer the error summary of
    the page that comes back, once it has loaded."""
    page.get_by_role("button", name=button).click()
    expect_error_title(page)
    return page.locator(".govuk-error-summary")


def fill_date(page, legend, value):
    """Type a date into the GOV.UK date input whose fieldset legend is `legend`."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(value.day))
    group.get_by_label("Month").fill(str(value.month))
    group.get_by_label("Year").fill(str(value.year))


def fill_in(page, fields):
    """Type each value into the field whose label is its key."""
    for label, value in fields.items():
        page.get_by_label(label).fill(value)


def submit(page, button, then):
    """Press the button and wait for the page it leads to (`then`: a URL glob or pattern)."""
    page.get_by_role("button", name=button).click()
    page.wait_for_url(then)


def register(page, first_name, last_name, email, password):
    """Fill in and send the registration form on the current page (the captcha passes in
    tests)."""
    fill_in(
        page,
        {
            "First name": first_name,
            "Last name": last_name,
            "Email address": email,
            "Create a password": password,
            "Confirm your password": password,
            "Type the characters you see in the picture": "PASSED",
        },
    )
    submit(page, "Create account", "**/check-your-email/")


def approve_in_moderation(page, login, make_role_user, name):
    """A moderator signs in and approves `name` (an organisation or a service) from the
    directory moderation queue."""
    moderator = make_role_user(roles.MODERATORS, is_staff=False)
    roles.sync_role_permissions()
    page.context.clear_cookies()
    login(moderator)
    page.goto("/admin/directory-moderation/")
    page.get_by_role("link", name=name).click()
    submit(page, "Approve and publish", "**/admin/directory-moderation/")
