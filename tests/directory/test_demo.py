import pytest
from django.core.management import call_command

from directory.models import Organisation
from portal.models import User


@pytest.mark.django_db
def test_seed_demo_adds_invented_portsmouth_organisations_once():
    call_command("seed_demo", only=["directory"])
    total = Organisation.objects.count()
    assert total >= 30
    assert Organisation.objects.published().count() >= 25
    assert Organisation.objects.filter(status="pending").count() >= 2
    assert Organisation.objects.filter(is_local=True).count() > total // 2
    owner = User.objects.get(email="harbourside.owner@example.org")
    assert owner.check_password("portsmouth-demo")
    assert owner.organisation_memberships.exists()
    call_command("seed_demo", only=["directory"])
    assert Organisation.objects.count() == total
    assert Organisation.objects.published().search("cleaning").count() >= 1
