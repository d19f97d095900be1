"""Reflow (WCAG 1.4.10): no public page, and no form in its error state, scrolls sideways on a
320 px wide phone. Each page is also checked with axe at that width.

The pages are the demo content's. An app with new public pages appends their paths to
PUBLIC_PAGES, and a public form to ERROR_STATES as (path, the submit button's name), and
updates the counts the accessibility statement gives (portal/accessibility_statement.py).
"""

import io

import pytest
from django.core.management import call_command

from tests.e2e.helpers import expect_error_title

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 320, "height": 640}

PUBLIC_PAGES = [
    "/",
    "/about/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/search/?q=social+value",
    "/accounts/login/",
    "/accounts/register/",
    "/accounts/password-reset/",
    "/guidance/",
    "/guidance/what-is-social-value/",
    "/guidance/roadmap/",
    "/guidance/toms-explained/",
    "/guidance/measuring-social-value/",
    "/guidance/procurement-policy-notes/",
    "/guidance/principles/",
    "/guidance/quality-mark-and-certificates/",
    "/guidance/local-partners/",
    "/guidance/toms/",
    "/guidance/calculator/",
    "/guidance/calculator/?contract_value=1000000&measure_0=PSV-VOL&quantity_0=100"
    "&measure_1=PSV-LOCALSME&quantity_1=400000",
    "/directory/",
    "/directory/?q=cleaning",
    "/directory/harbourside-cleaning-co-operative/",
    "/directory/harbourside-cleaning-co-operative/contact/",
    "/survey/",
    "/awards/",
    "/awards/2025/",
    "/awards/nominate/",
    "/awards/nominate/local-employer/",
    "/awards/certificates/check/",
    "/timebank/",
    "/timebank/listings/",
    "/spend/",
]

ERROR_STATES = [
    ("/accounts/login/", "Sign in"),
    ("/accounts/register/", "Create account"),
    ("/accounts/password-reset/", "Send link"),
    ("/guidance/calculator/", "Calculate social value"),
    ("/directory/harbourside-cleaning-co-operative/contact/", "Send message"),
    ("/awards/nominate/local-employer/", "Send nomination"),
    ("/awards/certificates/check/", "Check certificate"),
]


def demo_pages():
    """Public pages whose addresses the demo content makes afresh each time."""
    from awards.models import Certificate
    from timebank.models import Listing

    certificate = Certificate.objects.order_by("pk").first()
    listing = Listing.objects.order_by("pk").first()
    return [
        f"/awards/certificates/{certificate.number}/",
        f"/awards/certificates/{certificate.number}/print/",
        f"/timebank/listings/{listing.pk}/",
    ]


WIDEST = """() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll("body *")]
        .filter((el) => el.clientWidth > 1 && (el.getBoundingClientRect().right > width + 1
            || el.scrollWidth > el.clientWidth + 1))
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(
            el.getBoundingClientRect().right)} px)`);
}"""


def sideways_scroll(page):
    """What makes the page wider than the screen, or nothing when it fits."""
    scroll_width, viewport = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if scroll_width <= viewport:
        return None
    return f"{page.url}: {scroll_width} px wide in {viewport} px: {page.evaluate(WIDEST)}"


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def demo(home_page):
    call_command("seed_demo", stdout=io.StringIO())


def check(page, axe):
    """Every problem on the page as it is now: sideways scrolling and axe's violations."""
    problems = [sideways_scroll(page)]
    try:
        axe(page)
    except AssertionError as violations:
        problems.append(str(violations))
    return problems


def test_no_public_page_or_error_state_scrolls_sideways_at_320px(phone, axe, demo):
    problems = []
    for path in PUBLIC_PAGES + demo_pages():
        response = phone.goto(path)
        if not response.ok:
            problems.append(f"{path}: {response.status}")
            continue
        problems += check(phone, axe)
    for path, button in ERROR_STATES:
        phone.goto(path)
        phone.get_by_role("button", name=button, exact=True).click()
        expect_error_title(phone)
        problems += check(phone, axe)
    problems = [problem for problem in problems if problem]
    assert not problems, "\n".join(problems)
