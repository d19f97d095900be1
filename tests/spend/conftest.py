import pytest

from tests.spend.factories import OrganisationFactory, spend_measures

WORKED_EXAMPLE = """Body,Service Area,Expense Type,Payment Date,Transaction Number,Amount,Supplier Name,Supplier ID
Portsmouth City Council,Housing,Catering,01/05/2025,TX001,"£1,000.00",HARBOUR BAKERY LIMITED,01234567
Portsmouth City Council,Housing,Catering,2025-05-20,TX002,500,Harbour Bakery Ltd.,01234567
Portsmouth City Council,Housing,Catering,3 Jun 2025,TX003,(100.00),Harbour Bakery Ltd,01234567
Portsmouth City Council,Children and Families,Grants,15-Jun-2025,TX004,"£2,000",Pompey Youth Trust,1123456
Portsmouth City Council,Finance,Facilities,30/06/2025,TX005,"5,000.00",Big National Facilities,
Portsmouth City Council,Finance,Stationery,01/07/2025 00:00,TX006,£1600,Mystery Supplies,V999
"""


@pytest.fixture
def worked_example_directory(db):
    """The directory organisations the worked example pays."""
    spend_measures()
    return {
        "bakery": OrganisationFactory(
            name="The Harbour Bakery Ltd",
            companies_house_number="01234567",
            size_band="micro",
            is_local=True,
        ),
        "trust": OrganisationFactory(
            name="Pompey Youth Trust",
            legal_form="charity",
            charity_number="1123456",
            size_band="small",
            is_local=True,
            is_vcse=True,
        ),
        "national": OrganisationFactory(
            name="Big National Facilities PLC",
            companies_house_number="09999999",
            size_band="large",
            is_local=False,
            postcode="LS1 1AA",
        ),
    }


@pytest.fixture
def spend_file(tmp_path):
    """spend_file(text, name="spend.csv") -> a path to a file with that content."""

    def make(text, name="spend.csv", encoding="utf-8"):
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding=encoding)
        return path

    return make
