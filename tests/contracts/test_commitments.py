"""Commitments are valued by the guidance calculator; staff set, accept and remove them."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.models import AuditEntry, Commitment
from contracts.services import add_commitment, decide_commitment
from tests.contracts.factories import CommitmentFactory, ContractFactory, measure

pytestmark = pytest.mark.django_db


def test_worked_value_100_volunteering_hours_on_a_million_pound_contract(volunteering):
    contract = ContractFactory(value=Decimal("1000000"))
    commitment = CommitmentFactory(
        contract=contract, measure=volunteering, target_quantity=Decimal("100")
    )
    assert commitment.committed_value == Decimal("1607.00")
    assert commitment.value_per_pound == Decimal("0.0016")


def test_adjustments_use_the_calculator(volunteering):
    # 100 x 16.07 x 0.75 (25% deadweight) = 1,205.25, as the calculator's own worked example.
    commitment = CommitmentFactory(measure=volunteering, deadweight=Decimal("25"))
    assert commitment.committed_value == Decimal("1205.25")
    # Two years with the Green Book discount: 1,607 + 1,607 / 1.035 (1,552.657) = 3,159.66
    two_years = CommitmentFactory(measure=volunteering, years=2)
    assert two_years.committed_value == Decimal("3159.66")


def _form(**overrides):
    data = {
        "measure": measure("PSV-VOL").pk,
        "target_quantity": "100",
        "period_start": "2025-04-01",
        "period_end": "2026-03-31",
        "deadweight": "0",
        "displacement": "0",
        "attribution": "0",
        "years": "1",
        "drop_off": "0",
        "note": "",
    }
    data.update(overrides)
    return data


def test_manager_sets_a_commitment_and_it_is_audited(client, manager, contract):
    client.force_login(manager)
    url = reverse("contracts_admin:add_commitment", args=[contract.pk])
    response = client.post(url, _form())
    assert response.status_code == 302
    commitment = contract.commitments.get()
    assert commitment.status == Commitment.Status.ACCEPTED
    assert commitment.committed_value == Decimal("1607.00")
    assert commitment.decided_by == manager
    entry = AuditEntry.objects.get(contract=contract)
    assert entry.actor == manager and entry.action == "commitment set"
    assert "£1,607.00" in entry.detail
    page = client.get(reverse("contracts_admin:contract", args=[contract.pk]))
    assert page.status_code == 200
    assert "£1,607.00" in page.content.decode()
    assert "0.0016" in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"target_quantity": "lots"}, "target_quantity", "Enter the target quantity as a number"),
        ({"target_quantity": "0"}, "target_quantity", "The target quantity must be more than 0"),
        ({"measure": ""}, "measure", "Select a TOMs measure"),
        ({"deadweight": "120"}, "deadweight", "Deadweight must be 100% or less"),
        ({"period_start": "2024-01-01"}, "period_start", "The period must start within"),
        ({"period_end": "2025-03-01"}, "period_end", "The last day of the period must be after"),
        ({"years": "0"}, "years", "The benefit must last at least 1 year"),
    ],
)
def test_bad_commitments_are_refused_with_a_message(
    client, manager, contract, overrides, field, message
):
    client.force_login(manager)
    response = client.post(
        reverse("contracts_admin:add_commitment", args=[contract.pk]), _form(**overrides)
    )
    assert response.status_code == 422
    assert message in " ".join(response.context["commitment_form"].errors[field])
    assert not contract.commitments.exists()


def test_proposed_commitment_is_accepted_once(manager, contract, supplier_member, volunteering):
    proposal = add_commitment(
        Commitment(
            contract=contract,
            measure=volunteering,
            target_quantity=Decimal("40"),
            period_start=date(2025, 4, 1),
            period_end=date(2026, 3, 31),
        ),
        supplier_member,
        proposed=True,
    )
    assert proposal.status == Commitment.Status.PROPOSED
    decide_commitment(proposal, manager, accept=True)
    decide_commitment(proposal, manager, accept=False)  # a double submit changes nothing
    proposal.refresh_from_db()
    assert proposal.status == Commitment.Status.ACCEPTED
    assert proposal.decided_by == manager
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["commitment accepted", "commitment proposed"]


def test_decision_view_accepts_declines_and_removes(client, manager, contract, volunteering):
    proposal = CommitmentFactory(contract=contract, status=Commitment.Status.PROPOSED)
    set_one = CommitmentFactory(contract=contract)
    client.force_login(manager)
    url = reverse("contracts_admin:commitment", args=[contract.pk, proposal.pk])
    assert client.post(url, {"action": "decline"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Commitment.Status.DECLINED
    remove = reverse("contracts_admin:commitment", args=[contract.pk, set_one.pk])
    client.post(remove, {"action": "remove"})
    assert not Commitment.objects.filter(pk=set_one.pk).exists()


def test_commitment_of_another_contract_is_404(client, manager, contract):
    other = CommitmentFactory()
    client.force_login(manager)
    url = reverse("contracts_admin:commitment", args=[contract.pk, other.pk])
    assert client.post(url, {"action": "remove"}).status_code == 404
    assert Commitment.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("who", ["anonymous", "user", "supplier", "analyst"])
def test_only_contract_managers_set_commitments(
    client, who, user, supplier_member, make_role_user, contract
):
    from portal import roles

    people = {
        "user": user,
        "supplier": supplier_member,
        "analyst": make_role_user(roles.ANALYSTS),
    }
    roles.sync_role_permissions()
    if who in people:
        client.force_login(people[who])
    response = client.post(reverse("contracts_admin:add_commitment", args=[contract.pk]), _form())
    assert response.status_code in (302, 403)
    if who == "anonymous":
        assert "/admin/login/" in response["Location"]
    assert not contract.commitments.exists()


def test_superuser_sees_the_contract(client, superuser, contract):
    client.force_login(superuser)
    assert client.get(reverse("contracts_admin:contract", args=[contract.pk])).status_code == 200
