"""import_organisations FILE.csv [--dry-run]: all or nothing, idempotent, errors by line."""

import pytest
from django.core.management import CommandError, call_command

from directory.models import Organisation, OrganisationHistory

HEADER = "name,legal_form,size_band,companies_house_number,charity_number,postcode,description,sectors,website,open_to_partnerships\n"
GOOD = (
    HEADER
    + "Solent Sails Ltd,limited_company,small,1234567,,po1 3ax,Sail making,Marine and maritime,https://sails.example.org,yes\n"
    + "Milton Meals,charity,micro,,1123456,PO4 8LR,Community meals,Catering and food; Community and advice,,no\n"
)


@pytest.fixture
def csv_file(tmp_path):
    def write(text):
        path = tmp_path / "organisations.csv"
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


@pytest.mark.django_db
def test_import_creates_published_profiles(csv_file, capsys):
    call_command("import_organisations", csv_file(GOOD))
    sails = Organisation.objects.get(companies_house_number="01234567")
    assert sails.status == "published" and sails.is_local and sails.postcode == "PO1 3AX"
    assert sails.open_to_partnerships
    meals = Organisation.objects.get(charity_number="1123456")
    assert meals.is_vcse
    assert sorted(meals.sectors.values_list("name", flat=True)) == [
        "Catering and food",
        "Community and advice",
    ]
    output = capsys.readouterr()
    assert "2 created" in output.out
    assert "2/2" in output.err  # progress bar
    assert OrganisationHistory.objects.filter(action="imported").count() == 2


@pytest.mark.django_db
def test_import_is_idempotent_by_number(csv_file, capsys):
    call_command("import_organisations", csv_file(GOOD))
    call_command("import_organisations", csv_file(GOOD))
    assert Organisation.objects.count() == 2
    assert "0 created, 0 updated" in capsys.readouterr().out
    changed = GOOD.replace("Sail making", "Sails and covers")
    call_command("import_organisations", csv_file(changed))
    assert Organisation.objects.get(companies_house_number="01234567").description == (
        "Sails and covers"
    )


@pytest.mark.django_db
def test_dry_run_saves_nothing(csv_file, capsys):
    call_command("import_organisations", csv_file(GOOD), dry_run=True)
    assert not Organisation.objects.exists()
    assert "Dry run: 2 to create" in capsys.readouterr().out


@pytest.mark.django_db
def test_errors_are_reported_by_line_and_nothing_is_imported(csv_file):
    bad = (
        GOOD
        + "Bad Postcode Ltd,limited_company,small,7654321,,NOT A POSTCODE,x,,,no\n"
        + "Script Site,limited_company,small,,,PO1 1AA,x,Underwater basket weaving,javascript:alert(1),no\n"
    )
    with pytest.raises(CommandError) as error:
        call_command("import_organisations", csv_file(bad))
    message = str(error.value)
    assert "Line 4: postcode: Enter a real UK postcode" in message
    assert "Line 5: website" in message
    assert "Line 5: sectors: unknown sector Underwater basket weaving" in message
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_organisations", "/nonexistent/organisations.csv")
