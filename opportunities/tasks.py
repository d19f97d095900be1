from django_tasks import task


@task()
def queue_opportunity_alerts(opportunity_id):
    """Owe a newly published opportunity to its subscribers; email the immediate ones."""
    from . import services
    from .models import OpportunityPage

    opportunity = OpportunityPage.objects.filter(pk=opportunity_id).first()
    if opportunity is not None:
        services.queue_alerts(opportunity)
