"""Answering the survey: anonymously, for an organisation, and every kind of bad input."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, models
from django.utils import timezone

from survey.forms import field_name
from survey.models import Answer, Response
from tests.survey.factories import LOCAL, SUPPORT, TYPES, make_member, questions_by_label

pytestmark = pytest.mark.django_db


def _names(survey):
    return {label: field_name(q) for label, q in questions_by_label(survey).items()}


def section_one(survey, **overrides):
    names = _names(survey)
    data = {
        names["What type of organisation are you?"]: TYPES[1],
        names["Is your organisation based in Portsmouth?"]: LOCAL[0],
        names["Tender paperwork takes too long"]: "4",
    }
    data.update(overrides)
    return data


def section_two(survey, **overrides):
    names = _names(survey)
    data = {
        names["Which kinds of support would help?"]: [SUPPORT[0], SUPPORT[2]],
        names["How many tenders did you bid for last year?"]: "3",
        names["What support would help most?"]: "Earlier notice of small contracts",
    }
    data.update(overrides)
    return data


def send_data(**overrides):
    return {"consent": "on", "captcha_0": "x", "captcha_1": "PASSED", **overrides}


def answer_everything(client, survey, send=None):
    assert client.post(f"{survey.url}section/1/", section_one(survey)).status_code == 302
    assert client.post(f"{survey.url}section/2/", section_two(survey)).status_code == 302
    return client.post(f"{survey.url}check/", send or send_data())


def test_anonymous_journey_stores_answers_and_channel_but_nothing_personal(client, survey):
    client.get(f"{survey.url}?source=intend")
    response = answer_everything(client, survey)
    assert response.status_code == 302
    assert response["Location"].endswith("/survey/sent/")

    stored = Response.objects.get()
    assert stored.channel.slug == "intend"
    assert stored.organisation is None and stored.submitted_by is None
    assert stored.submitted_on == timezone.localdate()
    labels = {q.id: q.label for q in survey.all_questions}
    answers = {
        (labels[a.question_id], a.choice or a.text or str(int(a.number)))
        for a in Answer.objects.all()
    }
    assert ("What type of organisation are you?", TYPES[1]) in answers
    assert ("Tender paperwork takes too long", "4") in answers
    assert ("Which kinds of support would help?", SUPPORT[0]) in answers
    assert ("Which kinds of support would help?", SUPPORT[2]) in answers
    assert ("How many tenders did you bid for last year?", "3") in answers

    confirmation = client.get(response["Location"]).content.decode()
    assert "Your answers have been sent" in confirmation
    assert stored.reference not in confirmation


def test_anonymous_responses_have_nowhere_to_keep_personal_data():
    fields = {f.name: f for f in Response._meta.get_fields() if hasattr(f, "get_internal_type")}
    assert not any(isinstance(f, models.DateTimeField) for f in fields.values())
    assert not any(isinstance(f, models.GenericIPAddressField) for f in fields.values())
    assert not {"ip", "ip_address", "user_agent", "email", "session_key"} & set(fields)


def test_database_refuses_a_person_on_an_anonymous_response(survey, user):
    with pytest.raises(IntegrityError):
        Response.objects.create(survey=survey, submitted_by=user)


def test_unknown_source_is_ignored(client, survey):
    client.get(f"{survey.url}?source=<script>")
    answer_everything(client, survey)
    assert Response.objects.get().channel is None


def test_missing_answers_show_error_summary_and_keep_the_answers_given(client, survey):
    names = _names(survey)
    data = section_one(survey)
    del data[names["Tender paperwork takes too long"]]
    response = client.post(f"{survey.url}section/1/", data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "There is a problem" in html
    assert "Select how much you agree: ‘Tender paperwork takes too long’" in html
    assert html.count("checked") == 2
    assert f'value="{TYPES[1]}" checked' in html


@pytest.mark.parametrize(
    ("label", "value", "message"),
    [
        ("What type of organisation are you?", "Plc", "Select one of the answers listed"),
        ("Tender paperwork takes too long", "6", "Choose a rating from 1 to 5"),
        ("Tender paperwork takes too long", "0", "Choose a rating from 1 to 5"),
    ],
)
def test_answers_outside_the_allowed_values_are_refused(client, survey, label, value, message):
    response = client.post(
        f"{survey.url}section/1/", section_one(survey, **{_names(survey)[label]: value})
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not client.session.get(f"survey:{survey.pk}", {}).get("done")


def test_number_and_choice_limits_on_the_second_page(client, survey):
    client.post(f"{survey.url}section/1/", section_one(survey))
    names = _names(survey)
    response = client.post(
        f"{survey.url}section/2/",
        section_two(
            survey,
            **{
                names["How many tenders did you bid for last year?"]: "-1",
                names["Which kinds of support would help?"]: ["Free money"],
            },
        ),
    )
    html = response.content.decode()
    assert "Enter a number of at least 0" in html
    assert "Select only answers listed" in html


def test_answers_are_kept_between_pages(client, survey):
    client.post(f"{survey.url}section/1/", section_one(survey))
    html = client.get(f"{survey.url}section/1/").content.decode()
    assert f'value="{TYPES[1]}" checked' in html
    assert 'value="4" checked' in html


@pytest.mark.parametrize("number", [0, 3, 999999])
def test_tampered_page_numbers_redirect_with_a_message(client, survey, number):
    response = client.get(f"{survey.url}section/{number}/", follow=True)
    assert response.status_code == 200
    assert "That page of the survey does not exist" in response.content.decode()


def test_pages_cannot_be_skipped(client, survey):
    response = client.post(f"{survey.url}section/2/", section_two(survey))
    assert response["Location"].endswith("/section/1/")
    assert client.get(f"{survey.url}check/")["Location"].endswith("/section/1/")


def test_honeypot_is_discarded_silently(client, survey):
    response = answer_everything(client, survey, send_data(website_address="http://spam.example"))
    assert response["Location"].endswith("/sent/")
    assert "Your answers have been sent" in client.get(response["Location"]).content.decode()
    assert not Response.objects.exists()


def test_wrong_captcha_and_missing_consent_are_errors_and_keep_the_answers(client, survey):
    response = answer_everything(client, survey, {"captcha_0": "x", "captcha_1": "WRONG"})
    html = response.content.decode()
    assert "The characters you typed do not match" in html
    assert "Confirm that you have read the privacy notice" in html
    assert TYPES[1] in html
    assert not Response.objects.exists()
    assert client.post(f"{survey.url}check/", send_data()).status_code == 302
    assert Response.objects.count() == 1


def test_email_receipt_is_sent_and_the_address_is_not_kept(
    client, survey, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer_everything(client, survey, send_data(receipt_email="someone@example.org"))
    (message,) = mail.outbox
    stored = Response.objects.get()
    assert message.to == ["someone@example.org"]
    assert stored.reference not in message.subject + message.body
    assert not any(
        "someone@example.org" in str(value) for value in Response.objects.values_list().get()
    )


def test_closed_survey_takes_no_answers(client, survey):
    client.post(f"{survey.url}section/1/", section_one(survey))
    client.post(f"{survey.url}section/2/", section_two(survey))
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save_revision().publish()
    response = client.post(f"{survey.url}check/", send_data(), follow=True)
    assert "This survey closed on" in response.content.decode()
    assert not Response.objects.exists()
    assert "Start now" not in client.get(survey.url).content.decode()


def test_survey_not_open_yet(client, survey):
    survey.opens_at = timezone.now() + timedelta(days=3)
    survey.save_revision().publish()
    html = client.get(survey.url).content.decode()
    assert "This survey opens on" in html
    assert client.get(f"{survey.url}section/1/").status_code == 302


def test_member_answers_for_their_organisation_once_and_can_change_until_close(
    client, survey, user, other_user
):
    organisation = make_member(user)
    make_member(other_user, organisation)
    client.force_login(user)
    assert organisation.name in client.get(survey.url).content.decode()
    # Signed-in members are not asked for a captcha.
    answer_everything(client, survey, {"consent": "on"})
    first = Response.objects.get()
    assert first.organisation == organisation and first.submitted_by == user

    # A colleague sees the organisation's answers and changes them: still one response.
    client.force_login(other_user)
    start = client.get(survey.url).content.decode()
    assert "Change your answers" in start
    assert first.reference in start
    names = _names(survey)
    html = client.get(f"{survey.url}section/1/").content.decode()
    assert f'value="{TYPES[1]}" checked' in html
    client.post(
        f"{survey.url}section/1/",
        section_one(survey, **{names["What type of organisation are you?"]: TYPES[2]}),
    )
    response = client.post(f"{survey.url}check/", {"consent": "on"})
    assert response.status_code == 302
    assert Response.objects.count() == 1
    changed = Response.objects.get()
    assert changed.reference == first.reference
    assert changed.changed_on == timezone.localdate()
    assert changed.submitted_by == other_user
    type_id = questions_by_label(survey)["What type of organisation are you?"].id
    assert Answer.objects.get(question_id=type_id).choice == TYPES[2]
    assert (
        "Your changed answers have been sent" in client.get(response["Location"]).content.decode()
    )


def test_database_allows_one_response_per_organisation(survey, user):
    organisation = make_member(user)
    Response.objects.create(survey=survey, organisation=organisation, submitted_by=user)
    with pytest.raises(IntegrityError):
        Response.objects.create(survey=survey, organisation=organisation, submitted_by=user)


def test_member_of_two_organisations_chooses_only_their_own(client, survey, user, other_user):
    first, second = make_member(user), make_member(user)
    stranger = make_member(other_user)
    client.force_login(user)
    assert client.get(f"{survey.url}section/1/")["Location"] == survey.url
    response = client.post(survey.url, {"organisation": stranger.pk})
    assert "Select one of your organisations" in response.content.decode()
    response = client.post(survey.url, {"organisation": second.pk})
    assert response["Location"].endswith("/section/1/")
    client.post(f"{survey.url}section/1/", section_one(survey))
    client.post(f"{survey.url}section/2/", section_two(survey))
    client.post(f"{survey.url}check/", {"consent": "on"})
    assert Response.objects.get().organisation == second
    assert first.survey_responses.count() == 0


def test_organisation_cannot_change_answers_after_close(client, survey, user):
    organisation = make_member(user)
    client.force_login(user)
    answer_everything(client, survey, {"consent": "on"})
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save_revision().publish()
    response = client.post(f"{survey.url}section/1/", section_one(survey), follow=True)
    assert "This survey closed on" in response.content.decode()
    assert Response.objects.get(organisation=organisation).changed_on is None


def test_account_page_lists_the_survey_for_members(client, survey, user):
    make_member(user)
    client.force_login(user)
    html = client.get("/accounts/").content.decode()
    assert "has not answered yet" in html


def test_numbers_without_editor_limits_still_fit_the_database():
    from survey.forms import SectionForm
    from survey.questionnaire import NUMBER, Question, Section

    question = Question(id="n", kind=NUMBER, label="Staff")
    section = Section(number=1, title="Size", intro="", questions=[question])
    form = SectionForm(section, {"q_n": str(10**15)})
    assert not form.is_valid()
    assert "Enter a number no more than" in str(form.errors)
    valid = SectionForm(section, {"q_n": "250"})
    assert valid.is_valid()
    assert valid.answers() == {"n": 250}


def test_a_required_question_added_mid_journey_must_be_answered_before_sending(client, survey):
    client.post(f"{survey.url}section/1/", section_one(survey))
    client.post(f"{survey.url}section/2/", section_two(survey))
    session = client.session
    draft = session[f"survey:{survey.pk}"]
    type_id = questions_by_label(survey)["What type of organisation are you?"].id
    del draft["answers"][type_id]
    session.save()
    response = client.post(f"{survey.url}check/", send_data())
    assert response["Location"].endswith("/section/1/")
    assert not Response.objects.exists()
