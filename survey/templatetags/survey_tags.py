from django import template

from survey.models import Response, SurveyPage
from survey.services import organisations_for

register = template.Library()


@register.simple_tag
def survey_for_account(user):
    """Open surveys and whether each of the user's organisations has answered them."""
    organisations = list(organisations_for(user))
    if not organisations:
        return []
    surveys = [
        survey
        for survey in SurveyPage.objects.live().order_by("-first_published_at")
        if survey.is_open()
    ]
    answered = {
        (response.survey_id, response.organisation_id): response
        for response in Response.objects.filter(survey__in=surveys, organisation__in=organisations)
    }
    return [
        {
            "survey": survey,
            "organisations": [(org, answered.get((survey.pk, org.pk))) for org in organisations],
        }
        for survey in surveys
    ]
