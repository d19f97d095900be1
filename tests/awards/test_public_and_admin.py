"""Winners page, certificates and their public verification, supporting files, and the
awards administrators' screens in the Wagtail admin."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.models import Certificate, Nomination, SupportingFile

from .factories import (
    CertificateFactory,
    CycleFactory,
    NominationFactory,
    OrganisationFactory,
    category_with_criteria,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "nominator", "assigned", "conflicted", "unassigned", "administrator"]


# Certificates --------------------------------------------------------------------------


def test_certificate_numbers_are_unique_and_unguessable(db):
    numbers = {CertificateFactory().number for _ in range(30)}
    assert len(numbers) == 30
    assert all(len(number) == 18 and number.startswith("PSV-") for number in numbers)


def test_certificate_expires_two_years_after_issue():
    certificate = CertificateFactory(issued_on=datetime.date(2024, 2, 29))
    assert certificate.expires_on == datetime.date(2026, 2, 28)
    valid = Certificate.objects.valid(on=datetime.date(2025, 6, 1))
    assert list(valid) == [certificate]
    assert not Certificate.objects.valid(on=datetime.date(2026, 3, 1)).exists()


@pytest.mark.parametrize(
    "issued_days_ago,revoke,expected",
    [(10, False, "Valid"), (800, False, "Expired on"), (10, True, "Revoked on")],
)
def test_public_verification_page(client, issued_days_ago, revoke, expected):
    certificate = CertificateFactory(
        organisation__name="Milton Makers",
        issued_on=timezone.localdate() - datetime.timedelta(days=issued_days_ago),
        level=Certificate.Level.GOLD,
    )
    if revoke:
        admin = __import__("tests.awards.factories", fromlist=["x"]).administrator()
        services.revoke_certificate(certificate, admin, "Evidence was found to be false")
    response = client.get(reverse("awards:certificate", args=[certificate.number]))
    content = response.content.decode()
    assert response.status_code == 200
    assert expected in content
    assert "Milton Makers" in content and "Gold (independently verified value)" in content
    assert ("Evidence was found to be false" in content) == revoke
    printable = client.get(reverse("awards:certificate_print", args=[certificate.number]))
    assert printable.status_code == (200 if expected == "Valid" else 404)


def test_guessed_certificate_number_is_404(client):
    CertificateFactory()
    assert client.get(reverse("awards:certificate", args=["PSV-AAAA-BBBB-CCCC"])).status_code == 404


def test_lower_case_number_still_verifies(client):
    certificate = CertificateFactory()
    response = client.get(reverse("awards:certificate", args=[certificate.number.lower()]))
    assert response.status_code == 200


def test_only_an_administrator_issues_a_certificate(people):
    organisation = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        services.issue_certificate(
            Certificate(organisation=organisation, level="gold"), people["assigned"]
        )
    assert not Certificate.objects.exists()
    certificate = services.issue_certificate(
        Certificate(organisation=organisation, level="gold"), people["administrator"]
    )
    assert certificate.issued_by == people["administrator"] and certificate.number


def test_revocation_needs_an_administrator_and_a_reason(people):
    certificate = CertificateFactory()
    with pytest.raises(PermissionDenied):
        services.revoke_certificate(certificate, people["assigned"], "No")
    with pytest.raises(ValidationError):
        services.revoke_certificate(certificate, people["administrator"], "  ")
    services.revoke_certificate(certificate, people["administrator"], "Closed down")
    assert not Certificate.objects.valid().exists()


# Winners page ---------------------------------------------------------------------------


def test_winners_page_shows_announced_winners_only(client, people):
    past = CycleFactory(
        year=2025,
        title="Portsmouth Social Value Awards 2025",
        announcement_date=timezone.localdate() - datetime.timedelta(days=30),
    )
    category = category_with_criteria(cycle=past, name="Green champion")
    winner = NominationFactory(category=category, organisation__name="Eastney Eco Hub")
    NominationFactory(category=category, organisation__name="Runner Up Ltd")
    services.set_winner(winner, people["administrator"])
    winner.citation = "Planted 2,000 trees across the city."
    winner.save()
    future = category_with_criteria(name="Future award")
    hidden = NominationFactory(category=future, organisation__name="Not Yet Announced")
    services.set_winner(hidden, people["administrator"])

    content = client.get(reverse("awards:index")).content.decode()
    assert "Eastney Eco Hub" in content and "Planted 2,000 trees" in content
    assert "Runner Up Ltd" not in content and "Not Yet Announced" not in content
    assert client.get(reverse("awards:cycle", args=[2025])).status_code == 200
    assert client.get(reverse("awards:cycle", args=[future.cycle.year])).status_code == 404
    winner.refresh_from_db()
    assert winner.winner_by == people["administrator"] and winner.shortlisted_at


# Supporting files -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 302),
        ("nominator", 403),
        ("assigned", 200),
        ("conflicted", 404),
        ("unassigned", 404),
        ("administrator", 200),
    ],
)
def test_supporting_files_permissions(signed_in, scenario, role, expected):
    attachment = SupportingFile(
        nomination=scenario["nomination"],
        original_name="report.pdf",
        content_type="application/pdf",
        size=14,
    )
    attachment.file.save("x.pdf", ContentFile(b"%PDF-1.7\n%%EOF"))
    url = reverse("awards:supporting_file", args=[scenario["nomination"].pk, attachment.pk])
    assert signed_in(role).get(url).status_code == expected


# Admin screens --------------------------------------------------------------------------


def admin_urls(scenario):
    nomination = scenario["nomination"]
    cycle = nomination.category.cycle
    return [
        reverse("awards_office:index"),
        reverse("awards_office:nominations", args=[cycle.pk]) + "?status=all",
        reverse("awards_office:progress", args=[cycle.pk]),
        reverse("awards_office:nomination", args=[nomination.pk]),
        reverse("awards_office:leaderboard", args=[nomination.category.pk]),
        reverse("awards_office:revoke_certificate", args=[CertificateFactory().pk]),
        reverse("awards_cycle:index"),
        reverse("awards_category:index"),
        reverse("awards_category:edit", args=[nomination.category.pk]),
        reverse("awards_certificate:index"),
        reverse("awards_certificate:add"),
        reverse("awards_nomination:edit", args=[nomination.pk]),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_admin_screens_are_for_administrators(signed_in, scenario, role):
    client = signed_in(role)
    for url in admin_urls(scenario):
        response = client.get(url)
        if role == "administrator":
            assert response.status_code == 200, url
        else:
            # Judges and the public have no admin access: sent to sign in or refused.
            assert response.status_code in (302, 403), url
            assert b"Southsea Repair Cafe" not in response.content


def test_administrator_screens_shortlists_and_picks_a_winner(client, scenario):
    admin = scenario["administrator"]
    client.force_login(admin)
    fresh = NominationFactory(
        category=scenario["category"],
        status=Nomination.Status.SUBMITTED,
        organisation__name="Copnor Community Kitchen",
    )
    url = reverse("awards_office:nomination", args=[fresh.pk])
    response = client.post(url, {"action": "accept", "reason": ""})
    assert "Enter the reason for your decision" in response.content.decode()
    fresh.refresh_from_db()
    assert fresh.status == Nomination.Status.SUBMITTED

    client.post(url, {"action": "reject", "reason": "Based outside Portsmouth"})
    fresh.refresh_from_db()
    assert fresh.status == Nomination.Status.REJECTED
    assert fresh.screened_by == admin and fresh.screening_reason == "Based outside Portsmouth"
    response = client.post(url, {"action": "winner"}, follow=True)
    assert "Only eligible nominations can win" in response.content.decode()

    client.post(url, {"action": "accept", "reason": "Appeal upheld: Portsmouth branch"})
    client.post(url, {"action": "shortlist"})
    client.post(url, {"action": "winner"})
    fresh.refresh_from_db()
    assert fresh.shortlisted_by == admin and fresh.winner_by == admin and fresh.winner_at

    leaderboard = client.get(
        reverse("awards_office:leaderboard", args=[scenario["category"].pk])
    ).content.decode()
    assert "Copnor Community Kitchen" in leaderboard and "Winner" in leaderboard
    assert services.TIE_BREAK_RULE in leaderboard


def test_administrator_sees_conflicts_and_progress(client, scenario):
    client.force_login(scenario["administrator"])
    cycle = scenario["category"].cycle
    content = client.get(reverse("awards_office:progress", args=[cycle.pk])).content.decode()
    assert "I am a trustee" in content
    assert "1 of 1" in content


def test_administrator_reopens_submitted_scores(client, scenario):
    nomination = scenario["nomination"]
    services.save_scores(
        nomination,
        scenario["assigned"],
        dict.fromkeys(nomination.category.criteria.all(), (3, "")),
        submit=True,
    )
    sheet = nomination.score_sheets.get()
    client.force_login(scenario["administrator"])
    url = reverse("awards_office:nomination", args=[nomination.pk])
    client.post(url, {"action": "reopen", "sheet": sheet.pk, "reopen_reason": ""})
    sheet.refresh_from_db()
    assert sheet.is_submitted
    client.post(url, {"action": "reopen", "sheet": sheet.pk, "reopen_reason": "Typo in score"})
    sheet.refresh_from_db()
    assert not sheet.is_submitted


def test_administrator_issues_and_revokes_a_certificate(client, scenario):
    admin = scenario["administrator"]
    client.force_login(admin)
    organisation = scenario["nomination"].organisation
    response = client.post(
        reverse("awards_certificate:add"),
        {
            "organisation": organisation.pk,
            "level": "bronze",
            "issued_on": "2026-01-15",
            "expires_on": "",
            "citation": "",
        },
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.issued_by == admin
    assert certificate.expires_on == datetime.date(2028, 1, 15)
    assert list(organisation.certificates.all()) == [certificate]

    revoke = reverse("awards_office:revoke_certificate", args=[certificate.pk])
    response = client.post(revoke, {"reason": ""})
    assert "Enter the reason for your decision" in response.content.decode()
    client.post(revoke, {"reason": "Organisation closed"})
    certificate.refresh_from_db()
    assert certificate.revoked_at and certificate.revocation_reason == "Organisation closed"


def test_account_page_lists_judging_and_own_nominations(client, scenario):
    client.force_login(scenario["assigned"])
    content = client.get("/accounts/").content.decode()
    assert reverse("awards:judging") in content
    client.force_login(scenario["nominator"])
    content = client.get("/accounts/").content.decode()
    assert scenario["nomination"].reference in content
    assert reverse("awards:judging") not in content


def test_administrator_assigns_judges_and_edits_criteria(client, scenario):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    category = scenario["category"]
    client.force_login(scenario["administrator"])
    url = reverse("awards_category:edit", args=[category.pk])
    content = client.get(url).content.decode()
    assert scenario["unassigned"].email in content  # a judge who could be assigned
    assert scenario["nominator"].email not in content  # not a judge: not offered

    criteria = list(category.criteria.all())
    data = nested_form_data(
        {
            "cycle": category.cycle.pk,
            "name": category.name,
            "slug": category.slug,
            "description": "Updated",
            "sort_order": 0,
            "criteria": inline_formset(
                [
                    {
                        "id": criterion.pk,
                        "title": criterion.title,
                        "guidance": "",
                        "weight": weight,
                        "word_limit": 100,
                        "max_score": 5,
                        "descriptors": "",
                        "ORDER": index,
                    }
                    for index, (criterion, weight) in enumerate(
                        zip(criteria, [60, 30, 10], strict=True)
                    )
                ],
                initial=3,
            ),
        }
    )
    data["judges"] = [scenario["assigned"].pk, scenario["unassigned"].pk]
    response = client.post(url, data)
    assert response.status_code == 302
    assert set(category.judges.all()) == {scenario["assigned"], scenario["unassigned"]}
    assert [c.weight for c in category.criteria.order_by("sort_order")] == [60, 30, 10]


def test_certificate_api(client, people):
    certificate = CertificateFactory(organisation__name="Milton Makers")
    response = client.get(f"/api/awards/certificates/{certificate.number}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "valid" and body["organisation"] == "Milton Makers"
    services.revoke_certificate(certificate, people["administrator"], "Closed down")
    body = client.get(f"/api/awards/certificates/{certificate.number.lower()}").json()
    assert body["status"] == "revoked" and body["revocation_reason"] == "Closed down"
    assert client.get("/api/awards/certificates/PSV-AAAA-BBBB-CCCC").status_code == 404


@pytest.mark.django_db
def test_the_closing_time_reads_as_one_sentence(client, home_page):
    import zoneinfo

    from tests.awards.factories import CycleFactory

    close = datetime.datetime(2040, 1, 1, 19, 7, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    CycleFactory(nominations_close=close)
    content = client.get(reverse("awards:index")).content.decode()
    assert "until 7:07pm on 1 January 2040." in content
    assert ".." not in content
