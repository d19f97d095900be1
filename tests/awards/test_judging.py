"""Judging pages: who may see and score what, drafts, submission, locking and reopening."""

import pytest
from django.urls import reverse

from awards import services
from awards.models import ScoreEvent, ScoreSheet

from .factories import NominationFactory

pytestmark = pytest.mark.django_db


def judge_page_access(assigned):
    """What each role gets from a judge's page about one nomination: the assigned judge
    `assigned`, everyone else a login redirect or a refusal."""
    return [
        ("anonymous", 302),
        ("nominator", 403),
        ("assigned", assigned),
        ("conflicted", 404),
        ("unassigned", 404),
        ("administrator", 403),
    ]


def score_data(nomination, values, comment="Clear local impact", action="save"):
    data = {action: "1"}
    for criterion, value in zip(nomination.category.criteria.all(), values, strict=True):
        data[f"c{criterion.pk}-value"] = value
        data[f"c{criterion.pk}-comment"] = comment
    return data


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 302),
        ("nominator", 403),
        ("assigned", 200),
        ("conflicted", 200),
        ("unassigned", 200),
        ("administrator", 403),
    ],
)
def test_judging_index_is_for_judges(signed_in, scenario, role, expected):
    response = signed_in(role).get(reverse("awards:judging"))
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


def test_judging_index_lists_only_assigned_nominations(client, scenario):
    client.force_login(scenario["unassigned"])
    assert b"Southsea Repair Cafe" not in client.get(reverse("awards:judging")).content
    client.force_login(scenario["conflicted"])
    content = client.get(reverse("awards:judging")).content.decode()
    assert "Conflict declared" in content
    assert reverse("awards:judging_nomination", args=[scenario["nomination"].pk]) not in content


@pytest.mark.parametrize("role,expected", judge_page_access(200))
def test_nomination_page_permissions(signed_in, scenario, role, expected):
    url = reverse("awards:judging_nomination", args=[scenario["nomination"].pk])
    response = signed_in(role).get(url)
    assert response.status_code == expected
    if expected != 200:
        assert b"I am a trustee" not in response.content
        assert b"Impact on Portsmouth people" not in response.content


@pytest.mark.parametrize("role,expected", judge_page_access(302))
def test_scoring_by_post_permissions(signed_in, scenario, role, expected):
    nomination = scenario["nomination"]
    url = reverse("awards:judging_nomination", args=[nomination.pk])
    response = signed_in(role).post(url, score_data(nomination, [5, 4, 3]))
    assert response.status_code == expected
    judges_with_sheets = set(ScoreSheet.objects.values_list("judge__first_name", flat=True))
    assert judges_with_sheets == ({"Asha"} if role == "assigned" else set())


@pytest.mark.parametrize("role,expected", judge_page_access(302))
def test_declaration_page_permissions(signed_in, scenario, role, expected):
    url = reverse("awards:judging_declare", args=[scenario["nomination"].pk])
    assert signed_in(role).get(url).status_code == expected


def test_judge_must_declare_before_seeing_a_nomination(client, scenario):
    fresh = NominationFactory(category=scenario["category"], organisation__name="Eastney Arts")
    client.force_login(scenario["assigned"])
    page = reverse("awards:judging_nomination", args=[fresh.pk])
    declare = reverse("awards:judging_declare", args=[fresh.pk])
    assert client.get(page)["Location"] == declare
    response = client.post(page, score_data(fresh, [5, 5, 5]))
    assert response["Location"] == declare
    assert not ScoreSheet.objects.filter(nomination=fresh).exists()

    response = client.post(declare, {"has_conflict": "yes"})
    assert response.status_code == 422
    assert "Enter the details of your conflict of interest" in response.content.decode()
    response = client.post(declare, {"has_conflict": "no"})
    assert response["Location"] == page
    assert client.get(page).status_code == 200


def test_conflict_tells_administrators(
    client, scenario, mailoutbox, django_capture_on_commit_callbacks
):
    fresh = NominationFactory(category=scenario["category"], organisation__name="Eastney Arts")
    client.force_login(scenario["assigned"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("awards:judging_declare", args=[fresh.pk]),
            {"has_conflict": "yes", "details": "I advise their board"},
        )
    assert [message.to for message in mailoutbox] == [[scenario["administrator"].email]]
    assert "I advise their board" in mailoutbox[0].body
    assert client.get(reverse("awards:judging_nomination", args=[fresh.pk])).status_code == 404


def test_draft_then_submit_locks_scores_and_keeps_history(client, scenario):
    nomination = scenario["nomination"]
    url = reverse("awards:judging_nomination", args=[nomination.pk])
    client.force_login(scenario["assigned"])

    response = client.post(url, score_data(nomination, [5, "", ""]))
    assert response.status_code == 302
    sheet = ScoreSheet.objects.get()
    assert sheet.status == "draft" and sheet.scores.count() == 1

    response = client.post(url, score_data(nomination, [5, "", ""], action="submit"))
    assert response.status_code == 422
    assert "Score Evidence of delivery before you submit" in response.content.decode()

    client.post(url, score_data(nomination, [5, 4, 3], action="submit"))
    sheet.refresh_from_db()
    assert sheet.is_submitted
    assert [score.value for score in sheet.scores.order_by("criterion__sort_order")] == [5, 4, 3]

    # Changing a submitted score is refused and nothing changes.
    response = client.post(url, score_data(nomination, [0, 0, 0], action="submit"), follow=True)
    assert "These scores are locked" in response.content.decode()
    assert sorted(sheet.scores.values_list("value", flat=True)) == [3, 4, 5]

    services.reopen_sheet(sheet, scenario["administrator"], "Judge asked to correct a typo")
    client.post(url, score_data(nomination, [4, 4, 3], action="submit"))
    sheet.refresh_from_db()
    assert sheet.is_submitted
    actions = list(sheet.events.values_list("action", flat=True))
    assert actions == ["saved", "submitted", "reopened", "submitted"]
    last = sheet.events.last()
    assert last.actor == scenario["assigned"]
    changed = str(nomination.category.criteria.order_by("sort_order").first().pk)
    assert last.before[changed]["value"] == 5 and last.after[changed]["value"] == 4
    assert ScoreEvent.objects.filter(action="reopened", reason__contains="typo").exists()


def test_scores_outside_the_scale_are_refused(client, scenario):
    nomination = scenario["nomination"]
    client.force_login(scenario["assigned"])
    response = client.post(
        reverse("awards:judging_nomination", args=[nomination.pk]),
        score_data(nomination, [9, -1, "x"], action="submit"),
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert "Score Impact on Portsmouth people from 0 to 5" in content
    assert content.count("govuk-error-message") >= 3
    assert not ScoreSheet.objects.exists()


def test_judge_never_sees_other_judges_scores_or_hidden_nominator(client, scenario):
    nomination = scenario["nomination"]
    other = scenario["unassigned"]
    scenario["category"].judges.add(other)
    services.declare_conflict(nomination, other, False)
    criteria = list(nomination.category.criteria.all())
    services.save_scores(
        nomination,
        other,
        dict.fromkeys(criteria, (1, "Secret comment from Uma")),
        submit=True,
    )
    client.force_login(scenario["assigned"])
    content = client.get(reverse("awards:judging_nomination", args=[nomination.pk])).content
    assert b"Secret comment from Uma" not in content
    assert b"Nina Nominator" not in content

    nomination.category.cycle.hide_nominator_from_judges = False
    nomination.category.cycle.save()
    content = client.get(reverse("awards:judging_nomination", args=[nomination.pk])).content
    assert b"Nina Nominator" in content
    assert b"Secret comment from Uma" not in content


def test_scoring_closed_when_judging_closed(client, scenario):
    from django.utils import timezone

    nomination = scenario["nomination"]
    cycle = nomination.category.cycle
    cycle.judging_close = timezone.now()
    cycle.save()
    client.force_login(scenario["assigned"])
    response = client.post(
        reverse("awards:judging_nomination", args=[nomination.pk]),
        score_data(nomination, [5, 4, 3], action="submit"),
        follow=True,
    )
    assert "Judging is closed" in response.content.decode()
    assert not ScoreSheet.objects.exists()
