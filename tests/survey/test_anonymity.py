"""Anonymous answers leave nothing that links them to a person or an exact time, and each
person or browser sends one."""

import logging
import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client

from survey.models import AnonymousParticipation, Response
from tests.survey.test_responding import answer_everything, send_data

pytestmark = pytest.mark.django_db


def stored_sessions():
    return [session.get_decoded() for session in Session.objects.all()]


def test_an_anonymous_response_leaves_no_reference_in_the_session_store(client, survey):
    answer_everything(client, survey)
    reference = Response.objects.get().reference
    client.get(f"{survey.url}sent/")
    for data in stored_sessions():
        assert reference not in repr(data)
        assert not any(key.startswith("survey:sent") for key in data)


def test_a_signed_in_person_without_an_organisation_answers_with_nothing_beside_their_id(
    client, survey, user
):
    client.force_login(user)
    response = answer_everything(client, survey, send_data(receipt_email=user.email))
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.organisation is None and stored.submitted_by is None
    assert "Anonymously" in client.get(response["Location"]).content.decode()
    (session,) = [data for data in stored_sessions() if data.get("_auth_user_id")]
    assert not any(key.startswith("survey") for key in session)
    assert stored.reference not in repr(session)
    # What marks them as having answered holds neither the response nor a time.
    (participation,) = AnonymousParticipation.objects.all()
    # A keyed hash (64 hex digits), never the id itself or the reference.
    assert re.fullmatch(r"[0-9a-f]{64}", participation.key)
    assert participation.key != str(user.pk) and stored.reference not in participation.key
    assert {field.name for field in AnonymousParticipation._meta.fields} == {"key", "survey"}


def test_the_anonymous_receipt_does_not_identify_the_response(
    client, survey, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer_everything(client, survey, send_data(receipt_email="someone@example.org"))
    (message,) = mail.outbox
    assert Response.objects.get().reference not in message.subject + message.body
    assert "does not say which answers were yours" in message.body


def test_no_log_record_names_the_response_or_the_respondent(
    client, survey, user, caplog, django_capture_on_commit_callbacks
):
    client.force_login(user)
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        answer_everything(client, survey, send_data(receipt_email="someone@example.org"))
    reference = Response.objects.get().reference
    for record in caplog.records:
        text = record.getMessage() + repr(record.args)
        assert reference not in text and "someone@example.org" not in text
        assert user.email not in text


def test_a_signed_in_person_sends_one_anonymous_response(client, survey, user):
    client.force_login(user)
    answer_everything(client, survey)
    response = answer_everything(client, survey)
    assert response.status_code == 302
    assert response["Location"] == survey.url
    assert Response.objects.count() == 1
    assert "already answered" in client.get(survey.url).content.decode()


def test_a_browser_session_sends_one_anonymous_response(client, survey):
    answer_everything(client, survey)
    answer_everything(client, survey)
    assert Response.objects.count() == 1


def test_signing_out_and_in_again_does_not_allow_a_second_response(client, survey, user):
    client.force_login(user)
    answer_everything(client, survey)
    client.logout()
    client.force_login(user)
    answer_everything(client, survey)
    assert Response.objects.count() == 1


def test_receipts_are_rate_limited_per_address(survey, django_capture_on_commit_callbacks):
    for _ in range(5):
        client = Client()
        with django_capture_on_commit_callbacks(execute=True):
            answer_everything(client, survey, send_data(receipt_email="target@example.org"))
    assert Response.objects.count() == 5
    assert len(mail.outbox) == 3
