"""Guidance index and pages: routing, contents list, breadcrumbs, previous/next, review dates,
the review-due report, and the demo content."""

import datetime

import pytest
import wagtail_factories
from wagtail.blocks import StructBlockValidationError
from wagtail.models import Page

from guidance.blocks import ImageBlock
from guidance.demo import build_guidance
from guidance.models import CalculatorPage, GuidanceIndexPage, GuidancePage
from tests.guidance.factories import GuidancePageFactory, body, guidance_tree, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(home_page):
    return guidance_tree(home_page)


def test_index_lists_the_guide_and_the_toms_list(client, tree):
    html = client.get("/guidance/").content.decode()
    assert "What social value is" in html and "Measuring it" in html
    assert "Social value calculator" in html
    assert 'href="/guidance/toms/"' in html


def test_guidance_page_has_contents_breadcrumbs_and_review_dates(client, tree):
    _, first, _, _ = tree
    first.body = body(
        ("heading", "Why it matters"),
        ("rich_text", "<p>Because.</p>"),
        ("heading", "Why it matters"),
        ("warning", {"text": "Do not over-claim"}),
        ("inset", {"text": "<p>An aside.</p>"}),
        ("details", {"summary": "More", "content": "<p>Detail.</p>"}),
        ("measures", {"caption": "Roadmap measures", "measures": [], "heading": "x"}),
    )
    first.save_revision().publish()
    html = client.get("/guidance/first/").content.decode()
    assert 'href="#why-it-matters"' in html and 'href="#why-it-matters-2"' in html
    assert 'id="why-it-matters-2"' in html
    assert 'class="govuk-breadcrumbs__link" href="/guidance/"' in html
    assert "Last reviewed 1 January 2026. Next review due 1 January 2030." in html
    assert "govuk-warning-text" in html and "govuk-inset-text" in html
    assert "govuk-details" in html


def test_previous_and_next_within_the_guide(client, tree):
    html = client.get("/guidance/first/").content.decode()
    assert 'rel="next"' in html and "Measuring it" in html
    assert 'rel="prev"' not in html
    html = client.get("/guidance/second/").content.decode()
    assert 'rel="prev"' in html and 'rel="next"' not in html


def test_measures_block_shows_unit_and_proxy_value(client, tree):
    from guidance.models import Measure

    _, first, _, _ = tree
    vol = Measure.objects.get(code="PSV-VOL")
    first.body = body(("measures", {"caption": "Roadmap measures", "measures": [vol.pk]}))
    first.save_revision().publish()
    html = client.get("/guidance/first/").content.decode()
    assert "Roadmap measures" in html and "£16.07 per hour" in html


def test_image_needs_alt_text_unless_decorative(db):
    image = wagtail_factories.ImageFactory()
    block = ImageBlock()
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(block.to_python({"image": image.pk, "alt_text": " ", "decorative": False}))
    assert "alt_text" in raised.value.block_errors
    assert block.clean(block.to_python({"image": image.pk, "decorative": True}))["decorative"]
    html = block.render(block.to_python({"image": image.pk, "alt_text": "A chart of spend"}))
    assert 'alt="A chart of spend"' in html


def test_page_types_fit_under_the_home_page_and_index(home_page):
    assert GuidanceIndexPage.can_create_at(home_page)
    assert not GuidancePage.can_create_at(home_page)
    assert CalculatorPage in GuidanceIndexPage.allowed_subpage_models()


def test_review_due_must_be_after_last_review(tree):
    from django.core.exceptions import ValidationError

    _, first, _, _ = tree
    first.review_due = first.last_reviewed
    with pytest.raises(ValidationError):
        first.full_clean()


def test_editors_see_pages_past_review_in_a_report(client, tree, make_role_user):
    index, first, _, _ = tree
    first.review_due = datetime.date(2020, 1, 1)
    first.last_reviewed = datetime.date(2019, 1, 1)
    first.save_revision().publish()
    client.force_login(make_role_user("Editors"))
    response = client.get("/admin/reports/guidance-review-due/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "What social value is" in html
    assert "Measuring it" not in html
    assert "1 January 2020" in html


def test_review_report_is_refused_to_people_without_page_rights(client, tree, user, make_role_user):
    client.force_login(make_role_user("Analysts"))
    response = client.get("/admin/reports/guidance-review-due/")
    assert response.status_code in (302, 403)
    client.logout()
    assert client.get("/admin/reports/guidance-review-due/").status_code == 302


def test_demo_builds_every_topic_once(client, home_page):
    context = {"home": home_page}
    build_guidance(context)
    count = Page.objects.count()
    build_guidance(context)
    assert Page.objects.count() == count
    index = context["guidance"]
    assert index.url == "/guidance/"
    slugs = set(index.get_children().values_list("slug", flat=True))
    assert {
        "what-is-social-value",
        "roadmap",
        "toms-explained",
        "measuring-social-value",
        "procurement-policy-notes",
        "principles",
        "quality-mark-and-certificates",
        "local-partners",
        "calculator",
    } <= slugs
    html = client.get("/guidance/roadmap/").content.decode()
    for stage in [
        "Align and pilot",
        "Learn and roll out",
        "Develop and recognise",
        "Growth and maximise",
        "Maturity",
    ]:
        assert stage in html
    assert "Shaping Portsmouth" in client.get("/guidance/local-partners/").content.decode()


def test_guidance_pages_appear_in_site_search(client, tree):
    html = client.get("/search/?q=Measuring").content.decode()
    assert "Measuring it" in html


def test_draft_pages_are_not_public(client, tree):
    index, *_ = tree
    draft = GuidancePageFactory(parent=index, slug="draft", title="Draft page", live=False)
    assert client.get(draft.url or "/guidance/draft/").status_code == 404
    assert publish(draft).live
