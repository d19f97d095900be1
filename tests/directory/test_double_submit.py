"""Repeating a create form's POST creates one thing."""

import pytest
from django.core import mail

from directory.models import JoinRequest, Organisation

from .test_self_service import form_data

pytestmark = pytest.mark.django_db


def test_a_repeated_new_organisation_post_creates_one_pending_organisation(client, user):
    client.force_login(user)
    token = client.get("/accounts/organisations/new/").context["form"]["form_token"].initial
    data = form_data(form_token=str(token))
    responses = [client.post("/accounts/organisations/new/", data) for _ in range(2)]
    assert [response.status_code for response in responses] == [302, 302]
    assert responses[0]["Location"] == responses[1]["Location"]
    assert Organisation.objects.count() == 1


def test_a_repeated_join_request_creates_one_request(client, organisation, other_user):
    client.force_login(other_user)
    url = f"/directory/{organisation.slug}/join/"
    for _ in range(2):
        client.post(url, {"message": "I run the Saturday shift", "form_token": "1" * 32})
    assert JoinRequest.objects.count() == 1


def test_a_repeated_enquiry_sends_one_email(
    client, organisation, other_user, django_capture_on_commit_callbacks
):
    client.force_login(other_user)
    url = f"/directory/{organisation.slug}/contact/"
    data = {
        "name": "Sam",
        "email": "sam@example.org",
        "message": "Do you cater for 40?",
        "form_token": "2" * 32,
    }
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, data)
    assert len(mail.outbox) == 1
