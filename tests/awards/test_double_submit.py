"""Repeating a nomination's POST (double click, resend) creates one nomination."""

import uuid

import pytest

from awards.models import Nomination

from .factories import category_with_criteria
from .test_nomination import form_data, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("with_token", [True, False])
def test_a_repeated_nomination_post_creates_one_nomination(
    client, mailoutbox, with_token, django_capture_on_commit_callbacks
):
    category = category_with_criteria(weights=(50, 30, 20))
    data = form_data(
        category, nominee_name="Landport Larder", nominee_email="team@landport.example.org"
    )
    if with_token:
        data["form_token"] = str(uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=True):
        responses = [client.post(url(category), data) for _ in range(3)]
    assert [response.status_code for response in responses] == [302] * 3, (
        responses[0].context["form"].errors
    )
    assert len({response["Location"] for response in responses}) == 1
    assert Nomination.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_new_form_makes_a_new_nomination(client):
    category = category_with_criteria(weights=(50, 30, 20))
    for name in ["Landport Larder", "Fratton Food Bank"]:
        data = form_data(
            category, nominee_name=name, nominee_email="a@example.org", form_token=str(uuid.uuid4())
        )
        client.post(url(category), data)
    assert Nomination.objects.count() == 2


def test_the_nomination_form_carries_a_fresh_token(client):
    category = category_with_criteria(weights=(50, 30, 20))
    first = client.get(url(category)).content.decode()
    second = client.get(url(category)).content.decode()
    assert 'name="form_token"' in first
    token = first.split('name="form_token" value="')[1].split('"')[0]
    assert token not in second
