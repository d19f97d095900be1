import pytest

from contracts.demo import build_contracts
from contracts.models import Contract, ContractsSummaryPage, ReportLine
from directory.demo import build_directory

pytestmark = pytest.mark.django_db


def test_demo_contracts_are_built_once(home_page, django_capture_on_commit_callbacks):
    build_directory({})
    with django_capture_on_commit_callbacks(execute=True):
        build_contracts({"home": home_page})
        build_contracts({"home": home_page})
    assert Contract.objects.filter(reference__startswith="DEMO-C-").count() == 4
    assert ContractsSummaryPage.objects.live().count() == 1
    cleaning = Contract.objects.get(reference="DEMO-C-001")
    assert cleaning.organisation.name == "Harbourside Cleaning Co-operative"
    statuses = set(ReportLine.objects.values_list("status", flat=True))
    assert {"verified", "queried"} <= statuses
