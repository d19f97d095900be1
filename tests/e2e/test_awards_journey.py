"""The awards in a real browser: nominate anonymously, screen, declare a conflict, score and
submit, pick a winner, issue a certificate and verify it publicly; axe on every public page."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from awards.models import Certificate, Nomination, ScoreSheet
from tests.awards.factories import (
    NominationFactory,
    OrganisationFactory,
    category_with_criteria,
    volunteering_measure,
)
from tests.e2e.helpers import expect_error_title, submit_with_errors
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def category(home_page):
    category = category_with_criteria(weights=(50, 30, 20), name="Green champion")
    category.description = "An organisation cutting carbon and waste in Portsmouth."
    category.save()
    return category


def sign_out(page):
    page.context.clear_cookies()


def test_anonymous_nomination_with_error_state(page, axe, category):
    OrganisationFactory(name="Eastney Eco Hub", email="hello@eastney.example.org")
    volunteering_measure()

    page.goto("/awards/nominate/")
    axe(page)
    submit_with_errors(page, "Continue")
    axe(page)
    page.get_by_label("Green champion").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/awards/nominate/{category.slug}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Nominate for Green champion"
    axe(page)

    # Everything missing: the error summary lists each problem, and the page stays usable.
    summary = submit_with_errors(page, "Send nomination").inner_text()
    assert "Enter the name of the organisation" in summary
    assert "Enter your full name" in summary
    assert "Type the characters you see in the picture" in summary
    axe(page)

    page.get_by_label("Organisation in the directory").select_option(label="Eastney Eco Hub")
    for criterion in category.criteria.all():
        page.get_by_label(criterion.title).fill(
            f"Eastney Eco Hub planted 2,000 trees: {criterion.title.lower()}."
        )
    page.locator("#id_evidence-0-measure").select_option(label="Volunteering time (per hour)")
    page.locator("#id_evidence-0-quantity").fill("250")
    page.get_by_label("Your full name").fill("Rosa Resident")
    page.get_by_label("Your email address").fill("rosa@example.org")
    page.get_by_label("Type the characters you see in the picture").fill("PASSED")
    page.get_by_role("button", name="Send nomination").click()
    page.wait_for_url("**/awards/nominate/sent/")
    assert "Confirm your email address" in page.content()
    axe(page)

    nomination = Nomination.objects.get()
    assert nomination.status == Nomination.Status.UNCONFIRMED
    assert str(nomination.evidence.get().value) == "4017.50"  # 250 hours x £16.07
    link = re.search(r"https?://\S+/awards/nominate/confirm/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    assert "Nomination confirmed" in page.content()
    axe(page)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED


def test_screen_judge_pick_winner_and_certify(page, axe, login, category):
    admin = UserFactory(is_superuser=True, is_staff=True, first_name="Priya")
    fair = UserFactory(first_name="Asha", last_name="Judge", roles=["Judges"])
    conflicted = UserFactory(first_name="Connor", last_name="Judge", roles=["Judges"])
    organisation = OrganisationFactory(name="Fratton Fix-It Cafe")
    nomination = NominationFactory(
        category=category, organisation=organisation, status=Nomination.Status.SUBMITTED
    )
    criteria = list(category.criteria.all())

    # The awards administrator screens the nomination and assigns the judges.
    login(admin)
    page.goto(f"/admin/awards/office/nominations/{nomination.pk}/")
    page.get_by_label("Reason for your decision").fill("Portsmouth based; trades locally")
    page.get_by_role("button", name="Accept as eligible").click()
    page.wait_for_load_state()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ACCEPTED
    category.judges.add(fair, conflicted)
    sign_out(page)

    # One judge declares a conflict and never sees the nomination again.
    login(conflicted)
    page.goto("/awards/judging/")
    axe(page)
    page.get_by_role("link", name="Declare conflicts for Fratton Fix-It Cafe").click()
    axe(page)
    page.get_by_label("Yes, I have a conflict").check()
    submit_with_errors(page, "Confirm")
    axe(page)
    page.get_by_label("Details of the conflict").fill("I am a volunteer there")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/awards/judging/")
    assert "Conflict declared" in page.content()
    response = page.goto(f"/awards/judging/{nomination.pk}/")
    assert response.status == 404
    sign_out(page)

    # The other judge declares no conflict, saves a draft, then submits.
    login(fair)
    page.goto(f"/awards/judging/{nomination.pk}/declare/")
    page.get_by_label("No, I have no conflict").check()
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"**/awards/judging/{nomination.pk}/")
    axe(page)
    page.locator(f"#id_c{criteria[0].pk}-value_5").check()
    summary = submit_with_errors(page, "Submit scores")
    assert "before you submit" in summary.inner_text()
    axe(page)
    for criterion, value in zip(criteria, [5, 4, 3], strict=True):
        page.locator(f"#id_c{criterion.pk}-value_{value}").check()
    page.get_by_label(f"Comment on {criteria[0].title}").fill("Strong local impact")
    page.get_by_role("button", name="Submit scores").click()
    page.wait_for_url("**/awards/judging/")
    assert "Submitted" in page.content()
    sheet = ScoreSheet.objects.get()
    assert sheet.is_submitted and sheet.judge == fair
    page.goto(f"/awards/judging/{nomination.pk}/")
    assert "They are locked" in page.content()
    axe(page)
    sign_out(page)

    # The administrator reads the leaderboard and records the winner.
    login(admin)
    page.goto(f"/admin/awards/office/categories/{category.pk}/leaderboard/")
    assert "86.00" in page.content()  # 5/5 x 50 + 4/5 x 30 + 3/5 x 20
    page.goto(f"/admin/awards/office/nominations/{nomination.pk}/")
    page.get_by_role("button", name="Record as winner").click()
    page.wait_for_load_state()
    nomination.refresh_from_db()
    assert nomination.winner_by == admin

    # ...and issues a certificate.
    page.goto("/admin/awards/certificates/new/")
    page.get_by_label("Organisation").select_option(label="Fratton Fix-It Cafe")
    page.get_by_label("Level").select_option(label="Gold (independently verified value)")
    page.get_by_role("button", name="Create").click()
    page.wait_for_url("**/admin/awards/certificates/")
    certificate = Certificate.objects.get()
    assert certificate.issued_by == admin
    sign_out(page)

    # The public sees the winner once announced, and can verify the certificate.
    cycle = category.cycle
    cycle.announcement_date = timezone.localdate() - datetime.timedelta(days=1)
    cycle.save()
    nomination.citation = "Repaired 3,000 items that would have gone to landfill."
    nomination.save()
    page.goto("/awards/")
    assert "Fratton Fix-It Cafe" in page.content() and "Repaired 3,000 items" in page.content()
    axe(page)
    page.goto(f"/awards/certificates/{certificate.number}/")
    assert page.locator(".govuk-panel__title").inner_text() == "Valid"
    axe(page)
    page.goto(f"/awards/certificates/{certificate.number}/print/")
    assert "Gold (independently verified value)" in page.content()
    axe(page)
    assert page.goto("/awards/certificates/PSV-AAAA-BBBB-CCCC/").status == 404


def test_check_a_certificate_by_number_and_follow_the_badges(page, axe, home_page):
    cycle = category_with_criteria(name="Community champion").cycle
    cycle.announcement_date = timezone.localdate() - datetime.timedelta(days=1)
    cycle.save()
    winner = NominationFactory(
        category=cycle.categories.get(), organisation__name="Fratton Fix-It Cafe"
    )
    winner.winner_at = timezone.now()
    winner.save()
    certificate = Certificate.objects.create(organisation=winner.organisation, level="gold")
    other = Certificate.objects.create(
        organisation=OrganisationFactory(name="Milton Makers"), level="silver"
    )

    # From /awards/: a number nobody holds is an error the summary links to.
    page.goto("/awards/")
    axe(page)
    page.get_by_label("Certificate number").fill("PSV-AAAA-BBBB-CCCC")
    summary = submit_with_errors(page, "Check certificate")
    assert "No certificate has the number PSV-AAAA-BBBB-CCCC" in summary.inner_text()
    axe(page)
    page.get_by_label("Certificate number").fill("PSV-12")
    page.get_by_role("button", name="Check certificate").click()
    page.wait_for_url(re.compile(r"number=PSV-12$"))
    expect_error_title(page)
    assert "Enter the certificate number as printed" in summary.inner_text()
    axe(page)

    # Typed as people type it: lower case, spaces for dashes.
    page.get_by_label("Certificate number").fill(other.number.lower().replace("-", " "))
    page.get_by_role("button", name="Check certificate").click()
    page.wait_for_url(f"**/awards/certificates/{other.number}/")
    assert page.locator(".govuk-panel__title").inner_text() == "Valid"
    assert "Milton Makers" in page.content()
    axe(page)

    # The winner and the certified organisations carry a badge linking to the certificate.
    page.goto("/awards/")
    winners = page.locator(".awards-winners")
    assert "Gold social value award" in winners.inner_text()
    winners.get_by_role("link", name=f"Certificate {certificate.number}").click()
    page.wait_for_url(f"**/awards/certificates/{certificate.number}/")
    axe(page)
    page.goto("/awards/")
    certified = page.locator(".awards-certified")
    assert certified.get_by_role("link", name=f"Certificate {other.number}").count() == 1

    # ...and so does the organisation's directory profile.
    page.goto(f"/directory/{winner.organisation.slug}/")
    axe(page)
    page.get_by_role("link", name=f"Certificate {certificate.number}").click()
    page.wait_for_url(f"**/awards/certificates/{certificate.number}/")
    assert "Fratton Fix-It Cafe" in page.content()

    # The check page on its own, empty.
    page.goto("/awards/certificates/check/")
    axe(page)
    summary = submit_with_errors(page, "Check certificate")
    assert "Enter the certificate number" in summary.inner_text()
    axe(page)


def test_winner_is_not_screened_again_and_judges_see_declare_once(page, axe, login, category):
    admin = UserFactory(is_superuser=True, is_staff=True)
    judge = UserFactory(first_name="Asha", last_name="Judge", roles=["Judges"])
    category.judges.add(judge)
    nomination = NominationFactory(category=category, organisation__name="Copnor Kitchen")

    login(judge)
    page.goto("/awards/judging/")
    axe(page)
    assert page.get_by_text("Declare conflicts").count() == 1
    assert page.get_by_role("link", name="Declare conflicts for Copnor Kitchen").count() == 1
    sign_out(page)

    login(admin)
    page.goto(f"/admin/awards/office/nominations/{nomination.pk}/")
    assert page.get_by_role("button", name="Reject as not eligible").count() == 1
    assert page.get_by_role("button", name="Accept as eligible").count() == 0  # already is
    page.get_by_role("button", name="Record as winner").click()
    page.wait_for_load_state()
    assert page.get_by_text("first remove it as a winner").count() == 1
    assert page.get_by_role("button", name="Accept as eligible").count() == 0
    assert page.get_by_role("button", name="Reject as not eligible").count() == 0
    nomination.refresh_from_db()
    assert nomination.winner_at and nomination.status == Nomination.Status.ACCEPTED
