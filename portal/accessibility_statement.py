"""The accessibility statement the demo content publishes at /accessibility/, in the sections
the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations
2018 require, following the GOV.UK model statement.

The figures are the browser tests' own (tests/e2e): a test checks they still match, so a page
added to the reflow test means updating them here.
"""

PREPARED = "3 December 2026"
# tests/e2e/test_reflow.py: PUBLIC_PAGES plus the demo's certificate, its print version and a
# time-bank listing; ERROR_STATES.
PUBLIC_PAGES_TESTED = 37
ERROR_STATES_TESTED = 7
REFLOW_WIDTH_PX = 320

EHRC_URL = "https://www.equalityhumanrights.com/"
EASS_URL = "https://www.equalityadvisoryservice.com/"
REGULATIONS_URL = "https://www.legislation.gov.uk/uksi/2018/952/contents/made"
WCAG_URL = "https://www.w3.org/TR/WCAG22/"

# What Wagtail's own page editor does that the portal cannot change, by axe rule: the WCAG
# success criterion it fails. The editor's browser test allows exactly these there.
WAGTAIL_EDITOR_RULES = {
    # Draftail's rich text box (role="textbox") has no accessible name.
    "aria-input-field-name": "4.1.2",
    # The page outline ("minimap") beside a long page scrolls but cannot take keyboard focus.
    "scrollable-region-focusable": "2.1.1",
}

TITLE = "Accessibility statement"


def _p(*sentences):
    return ("paragraph", "".join(f"<p>{sentence}</p>" for sentence in sentences))


def _list(*items):
    return ("paragraph", "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")


def _link(url, text):
    return f'<a href="{url}">{text}</a>'


BODY = [
    _p(
        "This accessibility statement applies to the Portsmouth Social Value Portal: the "
        "guidance and social value calculator, the local supplier directory, the barriers "
        "survey, the social value awards, the time bank, events, contract opportunities and "
        "the local spend pages, and the administration pages council staff use to run them.",
        "This portal is run by Portsmouth City Council. We want as many people as possible to "
        "be able to use it. For example, that means you should be able to:",
    ),
    _list(
        "change colours, contrast levels and fonts using browser or device settings",
        "zoom in up to 400% without the text spilling off the screen",
        "get from the start to the end of every form using just a keyboard",
        "use every page and form on a phone 320 pixels wide without scrolling sideways",
        "listen to most of the portal using a screen reader",
    ),
    _p(
        _link("https://mcmw.abilitynet.org.uk/", "AbilityNet")
        + " has advice on making your device easier to use if you have a disability."
    ),
    ("heading", "How accessible this portal is"),
    _p(
        "Every public page and every public form, including its error messages, meets the "
        "standard. Some of the administration pages council staff use do not:"
    ),
    _list(
        "in the page editor, a screen reader announces the rich text boxes (where editors "
        "write the body of a page) without their label",
        "in the page editor, the outline of a long page beside the form cannot be scrolled "
        "with a keyboard",
    ),
    ("heading", "Feedback and contact information"),
    _p(
        "If you need information on this portal in a different format, such as accessible "
        "PDF, large print, easy read, audio recording or braille, email "
        "socialvalue@portsmouthcc.gov.uk or call 023 9283 4092. We will consider your request "
        "and get back to you within 5 working days.",
    ),
    ("heading", "Reporting accessibility problems with this portal"),
    _p(
        "We are always looking to improve the accessibility of this portal. If you find any "
        "problems not listed on this page or think we are not meeting accessibility "
        "requirements, email socialvalue@portsmouthcc.gov.uk or write to Portsmouth City "
        "Council, Civic Offices, Guildhall Square, Portsmouth PO1 2AL.",
    ),
    ("heading", "Enforcement procedure"),
    _p(
        "The "
        + _link(EHRC_URL, "Equality and Human Rights Commission (EHRC)")
        + " is responsible for enforcing the Public Sector Bodies (Websites and Mobile "
        "Applications) (No. 2) Accessibility Regulations 2018 (the 'accessibility "
        "regulations'). If you are not happy with how we respond to your complaint, contact "
        "the " + _link(EASS_URL, "Equality Advisory and Support Service (EASS)") + ".",
    ),
    ("heading", "Technical information about this portal's accessibility"),
    _p(
        "Portsmouth City Council is committed to making its website accessible, in accordance "
        "with the " + _link(REGULATIONS_URL, "accessibility regulations") + ".",
    ),
    ("heading", "Compliance status"),
    _p(
        "This website is partially compliant with the "
        + _link(WCAG_URL, "Web Content Accessibility Guidelines version 2.2")
        + " AA standard, due to the non-compliances listed below. The public pages are fully "
        "compliant; the non-compliances are in the administration pages council staff use.",
    ),
    ("heading", "Non-accessible content"),
    _p(
        "The content listed below is non-accessible for the following reasons.",
        "<b>Non-compliance with the accessibility regulations</b>",
        "The administration pages are built on Wagtail, an open source content management "
        "system the portal uses but whose own screens the council does not write. The portal "
        "gives every field of its own a label and help text; these problems are in Wagtail's "
        "page editor itself:",
    ),
    _list(
        "the rich text box is a text area without an accessible name: a screen reader "
        "announces it as an unnamed text box, although the field's label is shown above it. "
        "This fails WCAG 2.2 success criterion 4.1.2 (name, role, value)",
        'the outline of the page\'s sections (the "minimap") beside a long page scrolls, '
        "but cannot take keyboard focus, so its lower entries cannot be scrolled to with a "
        "keyboard. This fails WCAG 2.2 success criterion 2.1.1 (keyboard); every section it "
        "lists can still be reached in the form itself",
    ),
    _p(
        "We will take Wagtail's fixes when they are released. Until then, a member of staff "
        "who uses a screen reader can ask the social value team to enter or change page text "
        "for them.",
    ),
    ("heading", "Disproportionate burden"),
    _p(
        "We are not claiming that fixing any accessibility problem would be a "
        "disproportionate burden."
    ),
    ("heading", "What we are doing to improve accessibility"),
    _p(
        "Every change to the portal is tested automatically before it is published (see "
        "below), and a change that introduces an accessibility failure on a public page is "
        "not published. We will review this statement when Wagtail fixes its page editor."
    ),
    ("heading", "Preparation of this accessibility statement"),
    _p(
        f"This statement was prepared on {PREPARED}. It was last reviewed on {PREPARED}.",
        f"This website was last tested on {PREPARED} against the WCAG 2.2 AA standard. The "
        "test was carried out by Portsmouth City Council. The tests run again on every change "
        "to the portal. We tested:",
    ),
    _list(
        f"every public page ({PUBLIC_PAGES_TESTED} pages) and every public form with its error "
        f"messages showing ({ERROR_STATES_TESTED} forms) with the axe-core accessibility "
        f"engine in the Chromium browser, on a phone {REFLOW_WIDTH_PX} pixels wide, checking "
        "as well that nothing on them scrolls sideways",
        "every page visited in the journeys people take through the portal (registering, "
        "publishing an organisation profile, answering the survey, nominating for an award "
        "and judging it, booking an event, recording a time-bank exchange, uploading spend "
        "data and more), with axe-core at desktop width and, for the phone journeys, 375 "
        "pixels wide",
        "reaching and using the sign-in form with only a keyboard, from the skip link",
        "the page editor and the survey results pages council staff use, with axe-core",
    ),
]
