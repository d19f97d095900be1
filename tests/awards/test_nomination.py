"""Public nomination: open dates, eligible nominees, word limits, evidence valued by the
guidance calculator, checked uploads, anti-spam and email confirmation."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from awards.models import Nomination, SupportingFile
from directory.models import Organisation

from .factories import (
    CycleFactory,
    OrganisationFactory,
    category_with_criteria,
    volunteering_measure,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return category_with_criteria(weights=(50, 30, 20))


def url(category):
    return reverse("awards:nominate", args=[category.slug])


def form_data(category, **overrides):
    data = {
        "organisation": "",
        "nominee_name": "",
        "nominee_email": "",
        "nominator_name": "Rosa Resident",
        "nominator_email": "rosa@example.org",
        "captcha_0": "x",
        "captcha_1": "PASSED",
        "evidence-TOTAL_FORMS": "3",
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "10",
    }
    for criterion in category.criteria.all():
        data[f"statement_{criterion.pk}"] = f"They changed lives through {criterion.title}."
    data.update(overrides)
    return data


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def test_start_page_lists_categories_and_redirects(client, category):
    response = client.get(reverse("awards:nominate_start"))
    assert category.name in response.content.decode()
    response = client.get(
        reverse("awards:nominate_start"), {"choose": "1", "category": category.slug}
    )
    assert response["Location"] == url(category)
    response = client.get(reverse("awards:nominate_start"), {"choose": "1"})
    assert "Select the award you are nominating for" in response.content.decode()
    assert "<title>Error:" in response.content.decode()


def test_anonymous_nomination_is_confirmed_by_email(
    client, category, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Landport Larder", email="team@landport.example.org")
    measure = volunteering_measure()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(category),
            form_data(
                category,
                organisation=organisation.pk,
                **{"evidence-0-measure": measure.pk, "evidence-0-quantity": "100"},
            ),
        )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.status == Nomination.Status.UNCONFIRMED
    assert nomination.nominator is None
    line = nomination.evidence.get()
    # 100 hours x the measure's proxy value, as the guidance calculator values it.
    assert line.value == Decimal("100") * measure.proxy_value
    assert line.proxy_value == measure.proxy_value

    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["rosa@example.org"]
    link = re.search(r"https?://\S+/awards/nominate/confirm/\S+/", mailoutbox[0].body).group(0)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(link)
    assert "Nomination confirmed" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED
    recipients = sorted(message.to[0] for message in mailoutbox[1:])
    assert recipients == ["rosa@example.org", "team@landport.example.org"]
    # A second click changes nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        client.get(link)
    assert len(mailoutbox) == 3


def test_unlisted_nominee_is_invited_to_join_the_directory(
    client, category, mailoutbox, django_capture_on_commit_callbacks
):
    response = client.post(
        url(category),
        form_data(
            category,
            nominee_name="Buckland Boxing Club",
            nominee_contact_name="Sam",
            nominee_email="sam@buckland.example.org",
        ),
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.organisation is None
    from awards import services

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_nomination(nomination)
    invitation = next(m for m in mailoutbox if m.to == ["sam@buckland.example.org"])
    assert "Buckland Boxing Club" in invitation.subject
    assert "/accounts/organisations/new/" in invitation.body


def test_unlisted_nominee_needs_name_and_contact(client, category):
    response = client.post(url(category), form_data(category))
    content = response.content.decode()
    assert "Enter the name of the organisation, or choose it from the directory list" in content
    assert "Enter the organisation&#x27;s contact email address" in content
    assert not Nomination.objects.exists()


def test_signed_in_nominator_needs_no_captcha_and_is_submitted_at_once(
    client, category, user, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(user)
    organisation = OrganisationFactory()
    data = form_data(category, organisation=organisation.pk, is_self_nomination="on")
    for key in ("captcha_0", "captcha_1", "nominator_email"):
        data.pop(key)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url(category), data).status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.status == Nomination.Status.SUBMITTED
    assert nomination.nominator == user and nomination.nominator_email == user.email
    assert nomination.is_self_nomination
    assert user.email in [message.to[0] for message in mailoutbox]


def test_nominating_outside_open_dates_is_refused(client):
    cycle = CycleFactory(
        nominations_open=timezone.now() + datetime.timedelta(days=5),
        nominations_close=timezone.now() + datetime.timedelta(days=15),
    )
    category = category_with_criteria(cycle=cycle)
    response = client.post(url(category), form_data(category, nominee_name="Too Early Ltd"))
    assert response.status_code == 200
    assert "Nominations are closed" in response.content.decode()
    assert "open on" in response.content.decode()
    assert not Nomination.objects.exists()
    assert "Nominations are closed" in client.get(reverse("awards:nominate_start")).content.decode()


@pytest.mark.parametrize(
    "status",
    [Organisation.Status.SUSPENDED, Organisation.Status.DRAFT, Organisation.Status.REJECTED],
)
def test_ineligible_nominee_is_refused(client, category, status):
    organisation = OrganisationFactory(status=status)
    response = client.post(url(category), form_data(category, organisation=organisation.pk))
    assert "that one cannot be nominated" in response.content.decode()
    assert not Nomination.objects.exists()


def test_over_long_statement_keeps_what_was_typed(client, category):
    criterion = category.criteria.first()
    long_text = " ".join(["word"] * (criterion.word_limit + 7))
    response = client.post(
        url(category),
        form_data(
            category,
            nominee_name="Wordy CIC",
            nominee_email="a@example.org",
            **{f"statement_{criterion.pk}": long_text},
        ),
    )
    content = response.content.decode()
    assert (
        f"must be {criterion.word_limit} words or fewer (you wrote {criterion.word_limit + 7})"
        in content
    )
    assert long_text in content
    assert "Wordy CIC" in content
    assert not Nomination.objects.exists()


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("virus.exe", b"MZ\x90\x00", "must be a PDF, JPEG or PNG"),
        ("report.pdf", b"MZ\x90\x00 not a pdf", "is not a real PDF file"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "is not a readable image"),
        ("photo.jpg", png_bytes(), "is not a real JPG file"),
        ("big.pdf", b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024), "must be smaller than 5"),
    ],
)
def test_hostile_uploads_are_refused(client, category, name, content, message):
    data = form_data(category, nominee_name="Upload Test", nominee_email="u@example.org")
    data["files"] = SimpleUploadedFile(name, content)
    response = client.post(url(category), data)
    assert response.status_code == (413 if name == "big.pdf" else 422)
    assert message in response.content.decode()
    assert not Nomination.objects.exists()


def test_good_uploads_are_stored_under_random_names(client, category):
    data = form_data(category, nominee_name="Upload Test", nominee_email="u@example.org")
    data["files"] = [
        SimpleUploadedFile("annual report.pdf", b"%PDF-1.7\n%%EOF"),
        SimpleUploadedFile("team.png", png_bytes()),
    ]
    assert client.post(url(category), data).status_code == 302
    files = list(SupportingFile.objects.order_by("id"))
    assert [(f.original_name, f.content_type) for f in files] == [
        ("annual report.pdf", "application/pdf"),
        ("team.png", "image/png"),
    ]
    assert all("annual" not in f.file.name and "team" not in f.file.name for f in files)


@pytest.mark.parametrize(
    "with_measure, quantity, message",
    [
        (True, "-4", "Quantity must be 0 or more"),
        (False, "12", "Select the measure this quantity is for"),
    ],
)
def test_bad_evidence_quantity_is_explained(client, category, with_measure, quantity, message):
    evidence = {"evidence-0-quantity": quantity}
    if with_measure:
        evidence["evidence-0-measure"] = volunteering_measure().pk
    data = form_data(category, nominee_name="Evidence Test", nominee_email="e@example.org")
    response = client.post(url(category), {**data, **evidence})
    assert message in response.content.decode()
    assert not Nomination.objects.exists()


def test_honeypot_is_silently_discarded(
    client, category, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(category),
            form_data(
                category,
                nominee_name="Spam Ltd",
                nominee_email="s@example.org",
                website_address="http://spam.example",
            ),
            follow=True,
        )
    assert "Nomination sent" in response.content.decode()
    assert not Nomination.objects.exists()
    assert mailoutbox == []


def test_unknown_category_and_token_are_404(client, category):
    assert client.get(reverse("awards:nominate", args=["no-such-award"])).status_code == 404
    assert client.get(reverse("awards:confirm", args=["guessed-token"])).status_code == 404
