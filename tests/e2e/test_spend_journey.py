"""Browser journeys for the local spend baseline: an analyst uploads a file, reviews an
unmatched supplier and reads the dashboard; the public page passes axe."""

import pytest

from portal import roles
from spend.models import Supplier
from tests.spend.conftest import WORKED_EXAMPLE
from tests.spend.factories import OrganisationFactory, spend_measures, spend_page

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def directory(db):
    spend_measures()
    OrganisationFactory(
        name="The Harbour Bakery Ltd", companies_house_number="01234567", size_band="micro"
    )
    OrganisationFactory(
        name="Pompey Youth Trust", charity_number="1123456", legal_form="charity", is_vcse=True
    )
    OrganisationFactory(
        name="Big National Facilities PLC",
        companies_house_number="09999999",
        size_band="large",
        is_local=False,
    )


def test_upload_review_and_dashboard(page, login, make_role_user, directory, tmp_path):
    analyst = make_role_user(roles.ANALYSTS)
    roles.sync_role_permissions()
    spend_file = tmp_path / "payments-over-500.csv"
    spend_file.write_text(WORKED_EXAMPLE)
    login(analyst)

    page.goto("/admin/spend/uploads/")
    page.get_by_label("Spend file").set_input_files(spend_file)
    page.get_by_role("button", name="Upload and import").click()
    page.get_by_role("heading", name="The file is imported").wait_for()
    assert "6 payments imported" in page.content()

    page.get_by_role("link", name="Review 2 suppliers").click()
    page.get_by_role("link", name="Mystery Supplies").click()
    page.locator("input[name=is_local][value=yes]").check()
    page.locator("input[name=is_sme][value=yes]").check()
    page.locator("input[name=is_vcse][value=no]").check()
    page.get_by_label("Postcode").fill("PO4 8AA")
    page.get_by_role("button", name="Save classification").click()
    page.wait_for_load_state()
    supplier = Supplier.objects.get(normalised_name="mystery supplies")
    assert (supplier.is_local, supplier.is_sme, supplier.is_vcse) == (True, True, False)
    assert supplier.reviewed_by == analyst

    page.goto("/admin/spend/")
    table = page.locator("table.spend-table").first
    local_row = table.get_by_role("row", name="Local suppliers")
    assert "£5,000.00" in local_row.inner_text()
    assert "50.0%" in local_row.inner_text()
    assert "£510.00" in page.locator(".spend-headlines").inner_text()
    assert page.get_by_role("img", name="Share of total spend for each supplier group").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Export Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_public_page_is_accessible(page, axe, home_page, directory, tmp_path):
    from spend.services import import_spend_file

    spend_file = tmp_path / "spend.csv"
    spend_file.write_text(WORKED_EXAMPLE)
    import_spend_file(spend_file)
    spend_page(home_page, intro="<p>How much of the council's spending stays in Portsmouth.</p>")

    page.goto("/spend/")
    assert page.get_by_role("heading", level=1).inner_text() == "Our local spend"
    assert "34.0%" in page.get_by_role("table").inner_text()
    axe(page)
