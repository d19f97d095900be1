"""Spend uploads: Excel's UTF-16 files are read, absurd files are refused quickly with a clear
message, and every refusal answers 4xx with the form."""

import time

import pytest
from django.urls import reverse

from portal import roles
from spend.models import SpendUpload
from tests.spend.conftest import WORKED_EXAMPLE
from tests.spend.test_admin_views import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(make_role_user):
    roles.sync_role_permissions()
    return make_role_user(roles.ANALYSTS)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_from_excel_is_imported(client, analyst, worked_example_directory, codec):
    client.force_login(analyst)
    response = upload(client, WORKED_EXAMPLE.encode(codec))
    assert "6 payments imported" in response.content.decode()
    assert SpendUpload.objects.get().status == SpendUpload.Status.COMPLETE


def test_a_tab_separated_file_is_refused_saying_how_to_save_it(client, analyst):
    client.force_login(analyst)
    text = WORKED_EXAMPLE.replace(",", "\t")
    response = upload(client, text.encode("utf-16"))
    assert response.status_code == 422
    assert "separated by tabs" in response.content.decode()
    assert "CSV UTF-8 (Comma delimited)" in response.content.decode()


def test_a_file_with_200000_columns_is_refused_quickly_with_a_clear_message(client, analyst):
    client.force_login(analyst)
    heading = ",".join(f"c{number}" for number in range(200_000))
    started = time.monotonic()
    response = upload(client, f"{heading}\n".encode())
    assert time.monotonic() - started < 10
    assert response.status_code == 422
    assert "a spend file can have at most 200" in response.content.decode()
    assert len(response.content) < 200_000
    assert SpendUpload.objects.count() == 0


def test_a_refused_upload_answers_422_with_the_form(client, analyst):
    client.force_login(analyst)
    response = upload(client, b"a,b\n1,2\n", "spend.xlsx")
    assert response.status_code == 422
    assert "The selected file must be a CSV file" in response.content.decode()


def test_an_upload_over_the_size_limit_answers_413(client, analyst, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100 * 1024 * 1024
    client.force_login(analyst)
    response = upload(client, b"a" * (50 * 1024 * 1024 + 1))
    assert response.status_code == 413


def test_an_invalid_column_mapping_answers_422(client, analyst):
    client.force_login(analyst)
    upload(client, "When,Ref,Net Value,Who\n01/08/2025,A1,£10,Alpha Ltd\n")
    mapping_url = reverse("spend_admin:mapping", args=[SpendUpload.objects.get().pk])
    response = client.post(mapping_url, {"payment_date": "When", "amount": "When"})
    assert response.status_code == 422
