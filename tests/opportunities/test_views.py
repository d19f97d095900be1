"""The public list, archive, filters, feeds, the opportunity page, interest and questions."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from opportunities.models import Clarification, Interest
from tests.directory.factories import MembershipFactory, OrganisationFactory, SectorFactory

from .factories import make_opportunity


def test_list_shows_open_live_opportunities_and_archive_the_closed(client, index):
    open_one = make_opportunity(title="Open cleaning contract")
    closed = make_opportunity(
        title="Closed catering contract", closing_at=timezone.now() - datetime.timedelta(days=1)
    )
    draft = make_opportunity(title="Draft contract", publish=False)
    listing = client.get(index.url).content.decode()
    assert open_one.title in listing
    assert closed.title not in listing
    assert draft.title not in listing
    archive = client.get(index.url + "archive/").content.decode()
    assert closed.title in archive
    assert open_one.title not in archive
    assert client.get(draft.url or f"{index.url}{draft.slug}/").status_code == 404


def test_filters_by_sector_value_reservation_and_closing_soon(client, index):
    cleaning = SectorFactory(slug="cleaning", name="Cleaning")
    soon = make_opportunity(
        title="Soon and reserved",
        sector=cleaning,
        reserved_local=True,
        estimated_value=Decimal("20000"),
        closing_at=timezone.now() + datetime.timedelta(days=3),
    )
    later = make_opportunity(title="Later and open", estimated_value=Decimal("150000"))

    def titles(**params):
        body = client.get(index.url, params).content.decode()
        return {o.title for o in (soon, later) if o.title in body}

    assert titles() == {soon.title, later.title}
    assert titles(sector="cleaning") == {soon.title}
    assert titles(value="up-to-30k") == {soon.title}
    assert titles(value="100k-threshold") == {later.title}
    assert titles(reserved="local") == {soon.title}
    assert titles(reserved="any") == {soon.title}
    assert titles(reserved="open") == {later.title}
    assert titles(closing_soon="on") == {soon.title}
    assert titles(q="later") == {later.title}


@pytest.mark.parametrize("params", [{"sector": "nope"}, {"value": "lots"}, {"reserved": "x"}])
def test_a_bad_filter_is_a_422_with_an_error_summary(client, index, params):
    response = client.get(index.url, params)
    assert response.status_code == 422
    assert "There is a problem" in response.content.decode()


def test_list_query_count_does_not_grow_with_opportunities(
    client, index, django_assert_max_num_queries
):
    for _ in range(3):
        make_opportunity()
    client.get(index.url)
    with django_assert_max_num_queries(12) as few:
        client.get(index.url)
    for _ in range(8):
        make_opportunity()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(index.url)


def test_feeds_list_open_opportunities(client, index):
    opportunity = make_opportunity(title="Feed <b>item</b>", reserved_sme=True)
    rss = client.get(index.url + "feed/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "Feed &lt;b&gt;item&lt;/b&gt;" in rss.content.decode()
    assert "Reserved for SMEs" in rss.content.decode()
    atom = client.get(index.url + "feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert opportunity.ocid in atom.content.decode()


def test_page_escapes_text_and_shows_published_clarifications_without_the_asker(
    client, opportunity
):
    asker = OrganisationFactory(name="Secret Asker Ltd")
    Clarification.objects.create(
        opportunity=opportunity,
        organisation=asker,
        question="<script>alert(1)</script> Who pays for parking?",
        answer="The supplier does.",
        is_published=True,
    )
    Clarification.objects.create(
        opportunity=opportunity, organisation=asker, question="Unanswered one?"
    )
    body = client.get(opportunity.url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Who pays for parking?" in body
    assert "The supplier does." in body
    assert "Secret Asker Ltd" not in body
    assert "Unanswered one?" not in body


def test_an_ineligible_member_sees_why_and_cannot_express_interest(client, index, user):
    opportunity = make_opportunity(reserved_vcse=True)
    MembershipFactory(user=user, organisation=OrganisationFactory(name="Plain Ltd"))
    client.force_login(user)
    body = client.get(opportunity.url).content.decode()
    assert "Plain Ltd cannot bid for this opportunity" in body
    assert "reserved for voluntary, community and social enterprise" in body
    assert "Register interest</a>" not in body
    assert client.get(opportunity.url + "interest/").status_code == 403
    assert client.post(opportunity.url + "interest/").status_code == 403
    assert not Interest.objects.exists()


def test_an_eligible_member_expresses_interest_once(client, opportunity, member, organisation):
    client.force_login(member)
    assert "Register interest</a>" in client.get(opportunity.url).content.decode()
    assert client.get(opportunity.url + "interest/").status_code == 200
    for _ in range(2):
        response = client.post(opportunity.url + "interest/", {"organisation": organisation.pk})
        assert response.status_code == 302
    assert Interest.objects.filter(opportunity=opportunity, organisation=organisation).count() == 1
    assert "has registered interest" in client.get(opportunity.url).content.decode()


def test_someone_elses_organisation_cannot_be_used(client, opportunity, member):
    other = OrganisationFactory()
    MembershipFactory(organisation=other)
    client.force_login(member)
    response = client.post(opportunity.url + "interest/", {"organisation": other.pk})
    assert response.status_code == 422
    assert "Select one of your organisations" in response.content.decode()
    assert not Interest.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, opportunity):
    response = client.post(opportunity.url + "interest/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get(opportunity.url + "ask/").status_code == 302


def test_a_closed_opportunity_takes_no_interest(client, index, member, organisation):
    closed = make_opportunity(closing_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(member)
    response = client.post(closed.url + "interest/", {"organisation": organisation.pk})
    assert response.status_code == 302
    assert not Interest.objects.exists()


def test_a_question_is_emailed_to_officers_and_kept_unpublished(
    client,
    opportunity,
    member,
    organisation,
    make_role_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    officer = make_role_user("Procurement officers")
    client.force_login(member)
    empty = client.post(opportunity.url + "ask/", {"organisation": organisation.pk})
    assert empty.status_code == 422
    assert "Enter your question" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            opportunity.url + "ask/",
            {"organisation": organisation.pk, "question": "Is TUPE likely to apply?"},
        )
    assert response.status_code == 302
    clarification = Clarification.objects.get()
    assert clarification.organisation == organisation
    assert not clarification.is_published
    assert [m.to for m in mailoutbox] == [[officer.email]]
    assert "Is TUPE likely to apply?" in mailoutbox[0].body
    assert "Is TUPE likely to apply?" not in client.get(opportunity.url).content.decode()


def test_a_clarification_cannot_be_published_without_an_answer(opportunity, organisation):
    from django.core.exceptions import ValidationError

    clarification = Clarification(
        opportunity=opportunity, organisation=organisation, question="Q?", is_published=True
    )
    with pytest.raises(ValidationError):
        clarification.full_clean()
