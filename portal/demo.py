"""The portal's own demo pages: the home page and the site's standard pages."""

from wagtail.models import Page, Site

from portal import accessibility_statement
from portal.demo_registry import demo_builder, demo_user
from portal.models import HomePage, StandardPage
from portal.roles import ANALYSTS, EDITORS, MODERATORS

# The council staff who work in the Wagtail admin, one demo account for each role.
STAFF = [
    ("editor@example.org", "Erin", "Editor", EDITORS),
    ("moderator@example.org", "Morgan", "Moderator", MODERATORS),
    ("analyst@example.org", "Ali", "Analyst", ANALYSTS),
]

HOME_CARDS = [
    (
        "Guidance",
        "What social value is, how Portsmouth measures it with TOMs, and a calculator.",
        "/guidance/",
    ),
    (
        "Local supplier directory",
        "Find local small firms, charities and social enterprises to work with.",
        "/directory/",
    ),
    ("Barriers survey", "Tell us what stops your organisation winning council work.", "/survey/"),
    (
        "Social value awards",
        "Nominate an organisation and see who has been recognised.",
        "/awards/",
    ),
    (
        "Time bank",
        "Give an hour of help, get an hour back. Every hour is worth the same.",
        "/timebank/",
    ),
    (
        "Our local spend",
        "How much the council spends with local firms, SMEs and the VCSE sector.",
        "/spend/",
    ),
]

STANDARD_PAGES = {
    "about": (
        "About the portal",
        [
            (
                "paragraph",
                "<p>Portsmouth City Council wants every pound it spends to do more for the city: local jobs, a greener Portsmouth and stronger communities. This portal brings together the council's social value programme in one place.</p>",
            ),
            ("heading", "Contact"),
            (
                "paragraph",
                "<p>Email the social value team at socialvalue@portsmouthcc.gov.uk or write to Civic Offices, Guildhall Square, Portsmouth PO1 2AL.</p>",
            ),
        ],
    ),
    "accessibility": (accessibility_statement.TITLE, accessibility_statement.BODY),
    "privacy": (
        "Privacy notice",
        [
            (
                "paragraph",
                "<p>Portsmouth City Council is the data controller for the personal data this portal holds. We use it to run the directory, the survey, the awards and the time bank, under our public task of improving the economic, social and environmental well-being of the city.</p>",
            ),
            ("heading", "What we keep"),
            (
                "paragraph",
                "<p>Your name and email address if you create an account; the details you publish about your organisation; your survey answers (anonymous answers keep no name, address, IP address or exact time); award nominations and scores; and your time bank exchanges.</p>",
            ),
            ("heading", "Your rights"),
            (
                "paragraph",
                "<p>You can ask to see, correct or delete your data. Time bank members can download their data and close their account from their account page.</p>",
            ),
        ],
    ),
    "cookies": (
        "Cookies",
        [
            (
                "paragraph",
                "<p>The portal uses only the cookies it needs to work: one to keep you signed in (sessionid) and one to protect forms from forgery (csrftoken). We do not use analytics or advertising cookies.</p>",
            ),
        ],
    ),
}


def _content(stream):
    return [(child.block_type, child.block.get_prep_value(child.value)) for child in stream]


@demo_builder(order=0)
def build_site(context):
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title="Home",
            slug="home-portal",
            hero_heading="Social value in Portsmouth",
            hero_text=(
                "Making every pound the council spends work harder for Portsmouth: local jobs, "
                "local suppliers, a greener city and stronger communities."
            ),
        )
        home.cards = [
            (
                "card",
                {
                    "heading": heading,
                    "text": text,
                    "link": {"text": heading, "page": None, "url": url},
                },
            )
            for heading, text, url in HOME_CARDS
        ]
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Portsmouth Social Value",
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Portsmouth Social Value"
        site.save()
        if (
            old_root.depth == 2
            and not old_root.get_children().exists()
            and old_root.specific_class is Page
        ):
            old_root.delete()
    for slug, (title, body) in STANDARD_PAGES.items():
        page = StandardPage.objects.filter(slug=slug).first()
        if page is None:
            page = StandardPage(title=title, slug=slug, body=body)
            home.add_child(instance=page)
            page.save_revision().publish()
        elif not page.revisions.exclude(user=None).exists() and _content(page.body) != _content(
            StandardPage(body=body).body
        ):
            # Demo text nobody has edited follows the demo's newer version.
            page.body = body
            page.save_revision().publish()
    context["home"] = home


@demo_builder(order=1)
def build_staff(context):
    for email, first, last, role in STAFF:
        demo_user(email, first, last, role)
