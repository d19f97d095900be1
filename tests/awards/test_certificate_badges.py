"""Checking a certificate by its number, the certificate badges on /awards/ and on directory
profiles, and the rough edges of the awards office and the judging page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from awards import services, views
from awards.models import Nomination

from .factories import CertificateFactory, CycleFactory, NominationFactory, category_with_criteria

pytestmark = pytest.mark.django_db

CHECK_URL = "/awards/certificates/check/"


def check(client, number):
    return client.get(CHECK_URL, {"number": number})


# Checking a certificate by its number ------------------------------------------------------


@pytest.mark.parametrize("signed_in", [False, True])
def test_check_form_goes_to_the_certificate_page(client, signed_in, people):
    if signed_in:
        client.force_login(people["nominator"])
    certificate = CertificateFactory(organisation__name="Milton Makers")
    page = client.get(CHECK_URL)
    assert page.status_code == 200 and "Certificate number" in page.content.decode()
    response = check(client, certificate.number)
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:certificate", args=[certificate.number])


@pytest.mark.parametrize(
    "typed",
    [
        lambda number: number.lower(),
        lambda number: "  " + number.replace("-", " ") + " ",
        lambda number: number.removeprefix("PSV-").replace("-", ""),
    ],
)
def test_check_form_accepts_the_number_however_it_is_typed(client, typed):
    certificate = CertificateFactory()
    response = check(client, typed(certificate.number))
    assert response["Location"] == reverse("awards:certificate", args=[certificate.number])


@pytest.mark.parametrize(
    "number,status,message",
    [
        ("", 422, "Enter the certificate number"),
        ("PSV-12", 422, "Enter the certificate number as printed, like PSV-7K2M-9QXA-4HNR"),
        ("<script>", 422, "Enter the certificate number as printed"),
        ("psv-aaaa-bbbb-cccc", 404, "No certificate has the number PSV-AAAA-BBBB-CCCC"),
    ],
)
def test_check_form_errors(client, number, status, message):
    CertificateFactory()
    response = check(client, number)
    content = response.content.decode()
    assert response.status_code == status
    assert "govuk-error-summary" in content and message in content
    assert 'href="#id_number"' in content  # the summary links to the box
    assert "<title>Error: " in content
    assert "<script>" not in content.split("<main", 1)[1].split("</main>")[0]


def test_check_form_is_rate_limited(client):
    certificate = CertificateFactory()
    for _ in range(views.CHECK_LIMIT):
        assert check(client, "PSV-AAAA-BBBB-CCCC").status_code == 404
    response = check(client, certificate.number)
    assert response.status_code == 429
    assert "Wait 10 minutes, then try again" in response.content.decode()
    # Only checks count: the page itself and the certificate's own page still answer.
    assert client.get(CHECK_URL).status_code == 200
    assert client.get(reverse("awards:certificate", args=[certificate.number])).status_code == 200


def test_awards_page_carries_the_check_form(client):
    content = client.get(reverse("awards:index")).content.decode()
    assert f'action="{CHECK_URL}"' in content and 'name="number"' in content


# Badges linking to the certificate's page --------------------------------------------------


def badge_link(certificate):
    return f'href="{reverse("awards:certificate", args=[certificate.number])}"'


def test_awards_page_lists_certified_organisations_with_badges(client):
    gold = CertificateFactory(organisation__name="Zebra Works", level="gold")
    bronze = CertificateFactory(organisation__name="Alpha Care", level="bronze")
    revoked = CertificateFactory(organisation__name="Revoked Ltd", revoked_at=timezone.now())
    expired = CertificateFactory(
        organisation__name="Expired Ltd",
        issued_on=timezone.localdate() - datetime.timedelta(days=900),
    )
    hidden = CertificateFactory(
        organisation__name="Suspended Ltd", organisation__status="suspended"
    )
    content = client.get(reverse("awards:index")).content.decode()
    assert "Certified organisations" in content
    assert badge_link(gold) in content and badge_link(bronze) in content
    assert "Gold social value award" in content and "Bronze social value award" in content
    # Highest level first.
    assert content.index("Zebra Works") < content.index("Alpha Care")
    for absent in (revoked, expired, hidden):
        assert absent.organisation.name not in content and badge_link(absent) not in content


def test_an_organisation_is_listed_once_with_its_highest_certificate(client):
    silver = CertificateFactory(organisation__name="Twice Certified", level="silver")
    gold = CertificateFactory(organisation=silver.organisation, level="gold")
    content = client.get(reverse("awards:index")).content.decode()
    assert content.count("Twice Certified</a>") == 1
    assert badge_link(gold) in content and badge_link(silver) not in content


def test_awards_page_queries_do_not_grow_with_certificates(client, django_assert_max_num_queries):
    def queries_for_page():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("awards:index")).status_code == 200
        return len(captured)

    CertificateFactory()
    few = queries_for_page()
    for _ in range(15):
        CertificateFactory()
    with django_assert_max_num_queries(few):
        client.get(reverse("awards:index"))


def test_winners_show_their_certificate_badge(client, people):
    cycle = CycleFactory(
        year=2025, announcement_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    winner = NominationFactory(
        category=category_with_criteria(cycle=cycle), organisation__name="Eastney Eco Hub"
    )
    services.set_winner(winner, people["administrator"])
    certificate = CertificateFactory(organisation=winner.organisation, level="gold")
    for url in (reverse("awards:index"), reverse("awards:cycle", args=[2025])):
        content = client.get(url).content.decode()
        section = content.split("awards-winners", 1)[1].split("</ul>", 1)[0]
        assert badge_link(certificate) in section


def test_directory_profile_shows_the_badge_with_its_link(client):
    certificate = CertificateFactory(organisation__name="Fratton Fix-It Cafe", level="gold")
    profile = reverse("directory:profile", args=[certificate.organisation.slug])
    content = client.get(profile).content.decode()
    assert "Gold social value award" in content and badge_link(certificate) in content

    certificate.revoked_at = timezone.now()
    certificate.save()
    content = client.get(profile).content.decode()
    assert "social value award" not in content and badge_link(certificate) not in content


# Awards office and judging -----------------------------------------------------------------


def test_a_winner_is_not_offered_accept_as_eligible(client, scenario):
    nomination = scenario["nomination"]
    admin = scenario["administrator"]
    client.force_login(admin)
    url = reverse("awards_office:nomination", args=[nomination.pk])
    content = client.get(url).content.decode()
    assert "Accept as eligible" not in content  # already eligible
    assert "Reject as not eligible" in content

    services.set_winner(nomination, admin)
    content = client.get(url).content.decode()
    assert "Accept as eligible" not in content and "Reject as not eligible" not in content
    assert "first remove it as a winner" in content
    with pytest.raises(ValidationError):
        services.screen(nomination, admin, accept=False, reason="Changed my mind")
    response = client.post(url, {"action": "reject", "reason": "Changed my mind"}, follow=True)
    assert "remove it as a winner first" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ACCEPTED and nomination.winner_at


def test_judges_see_declare_conflicts_once_per_nomination(client, scenario):
    fresh = NominationFactory(category=scenario["category"], organisation__name="Copnor Kitchen")
    client.force_login(scenario["assigned"])
    content = client.get(reverse("awards:judging")).content.decode()
    assert content.count("Declare conflicts") == 1
    assert reverse("awards:judging_declare", args=[fresh.pk]) in content
    assert "Not declared" in content
