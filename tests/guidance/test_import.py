"""Loading a National TOMs edition from CSV in the admin, and exporting it again."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guidance.models import Measure, Outcome
from guidance.services import MeasureImportError, import_measures

pytestmark = pytest.mark.django_db

HEADER = "code,theme,outcome,title,unit,proxy_value,edition,year,source\n"
GOOD = (
    HEADER
    + "NT29,social,Resilient communities,Hours volunteering,hour,16.93,National TOMs 2023,2023,Social Value Portal\n"
    + "PSV-VOL,Social,,Volunteering time,hour,16.93,National TOMs 2023,2023,Social Value Portal\n"
)


def test_import_creates_and_updates_measures():
    summary = import_measures(GOOD.encode())
    assert (summary.created, summary.updated) == (1, 1)
    nt29 = Measure.objects.get(code="NT29")
    assert nt29.outcome.title == "Resilient communities"
    assert nt29.proxy_value == Decimal("16.93")
    assert Measure.objects.get(code="PSV-VOL").edition == "National TOMs 2023"


@pytest.mark.parametrize(
    ("csv_text", "expected"),
    [
        (
            "code,theme,title,unit,proxy_value,edition,year,source\nA,jobs,T,hour,1,E,2024,S\n",
            [(1, "The header row is missing the column outcome")],
        ),
        (
            HEADER + "A,jobs,,T,hour,1,E,2024,S\nA,jobs,,T,hour,2,E,2024,S\n",
            [(3, "The code A is also on line 2")],
        ),
        (
            HEADER + "A,jobs,,T,hour,sixteen,E,2024,S\n",
            [(2, "The proxy value sixteen is not a number")],
        ),
        (
            HEADER + "A,jobs,,T,hour,1,E,2024,S\nB,wellbeing,,T,hour,-1,E,20x,S\n",
            [
                (
                    3,
                    "There is no theme called wellbeing; the proxy value must be between 0 "
                    "and 9,999,999,999; the year 20x must be a year such as 2024",
                )
            ],
        ),
        (
            HEADER + "A,jobs,,,hour,1e30,E,2024,\n",
            [
                (
                    2,
                    "Enter the title; enter the source; the proxy value must be between 0 "
                    "and 9,999,999,999",
                )
            ],
        ),
        ("", [(None, "The file is empty")]),
        (HEADER, [(None, "The file has no measures in it")]),
    ],
)
def test_bad_files_write_nothing_and_name_each_line(csv_text, expected):
    before = list(Measure.objects.values_list("code", "proxy_value"))
    with pytest.raises(MeasureImportError) as raised:
        import_measures(csv_text.encode())

    assert raised.value.errors == expected
    assert list(Measure.objects.values_list("code", "proxy_value")) == before


def test_one_bad_row_stops_the_good_ones():
    with pytest.raises(MeasureImportError):
        import_measures((GOOD + "NT30,social,New outcome,Other,hour,abc,E,2023,S\n").encode())
    assert not Measure.objects.filter(code="NT29").exists()
    assert not Outcome.objects.filter(title="Resilient communities").exists()
    assert Measure.objects.get(code="PSV-VOL").proxy_value == Decimal("16.07")


def test_admin_import_page_reports_errors(client, make_role_user):
    client.force_login(make_role_user("Editors"))
    url = "/admin/snippets/guidance/measure/import/"
    assert client.get(url).status_code == 200
    bad = SimpleUploadedFile("toms.csv", (HEADER + "A,jobs,,T,hour,lots,E,2024,S\n").encode())
    response = client.post(url, {"file": bad})
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert "Line 2: The proxy value lots is not a number" in html
    response = client.post(url, {"file": SimpleUploadedFile("toms.csv", GOOD.encode())})
    assert response.status_code == 302
    assert Measure.objects.filter(code="NT29").exists()


def test_import_needs_permission(client, user, make_role_user):
    url = "/admin/snippets/guidance/measure/import/"
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(make_role_user("Analysts"))
    response = client.post(url, {"file": SimpleUploadedFile("toms.csv", GOOD.encode())})
    assert response.status_code in (302, 403)
    assert not Measure.objects.filter(code="NT29").exists()


def test_export_uses_the_import_columns(client, make_role_user):
    client.force_login(make_role_user("Editors"))
    response = client.get("/admin/snippets/guidance/measure/?export=csv")
    assert response.status_code == 200
    text = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    lines = text.strip().splitlines()
    assert lines[0].lstrip("\ufeff") == HEADER.strip()
    assert any(line.startswith("PSV-VOL,social,,Volunteering time,hour,16.0700") for line in lines)


def test_exported_file_imports_back_unchanged(client, make_role_user):
    client.force_login(make_role_user("Editors"))
    response = client.get("/admin/snippets/guidance/measure/?export=csv")
    text = b"".join(response.streaming_content) if response.streaming else response.content
    summary = import_measures(text)
    assert (summary.created, summary.updated) == (0, 5)
