"""Submitted score sheets keep their weighted total when a criterion's weight or scale
changes (or a criterion goes)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Criterion, ScoreSheet
from .services.leaderboard import store_weighted_totals


@receiver(post_save, sender=Criterion)
@receiver(post_delete, sender=Criterion)
def criterion_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    store_weighted_totals(
        ScoreSheet.objects.filter(
            nomination__category_id=instance.category_id, status=ScoreSheet.Status.SUBMITTED
        )
    )
