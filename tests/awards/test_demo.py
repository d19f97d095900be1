import pytest

from awards.demo import build_awards
from awards.models import Certificate, ConflictDeclaration, Cycle, Nomination, ScoreSheet
from portal.models import User

pytestmark = pytest.mark.django_db


def counts():
    return [
        model.objects.count()
        for model in (Cycle, Nomination, Certificate, ConflictDeclaration, ScoreSheet)
    ]


def test_demo_awards_are_complete_and_idempotent():
    build_awards({})
    first = counts()
    build_awards({})
    assert counts() == first

    past, current = Cycle.objects.order_by("year")
    assert past.is_announced() and not current.is_announced()
    assert current.nominations_are_open() and current.judging_is_open()
    winners = Nomination.objects.filter(category__cycle=past, winner_at__isnull=False)
    assert winners.count() == 5 and all(w.photo_id and w.citation for w in winners)
    assert Certificate.objects.valid().count() >= 3
    assert Certificate.objects.filter(revoked_at__isnull=False).count() == 1
    assert ConflictDeclaration.objects.filter(has_conflict=True).count() == 1
    assert ScoreSheet.objects.filter(status="submitted").exists()
    assert ScoreSheet.objects.filter(status="draft").exists()
    judge = User.objects.get(email="judge.amara@example.org")
    assert judge.check_password("portsmouth-demo") and judge.groups.filter(name="Judges").exists()
