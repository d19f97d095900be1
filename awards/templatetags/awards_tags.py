from django import template

from awards.models import Nomination
from awards.services.access import is_judge

register = template.Library()


@register.simple_tag
def awards_account_links(user):
    """What the "Your account" page lists for the awards: judging and the user's nominations."""
    if not user.is_authenticated:
        return {"is_judge": False, "nominations": []}
    nominations = Nomination.objects.filter(nominator=user).select_related(
        "category__cycle", "organisation"
    )[:20]
    return {"is_judge": is_judge(user), "nominations": list(nominations)}
