"""The respondent's journey: start, one page per section, check and send, confirmation."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format

from portal import ratelimit
from portal.emails import send_templated_email
from portal.forms import invalid_form_status
from survey.forms import OrganisationChoiceForm, SectionForm, SendForm
from survey.models import AnonymousParticipation, Response
from survey.services import (
    AlreadyAnswered,
    AlreadyAnsweredAnonymously,
    Draft,
    SurveyClosed,
    organisations_for,
    submit_response,
)

SENT_KEY = "survey:sent"
# Anonymous respondents: the surveys this browser session has answered (no reference, no
# time), and a short-lived signed cookie for the confirmation page. Nothing in the session
# store names or dates an anonymous response.
ANSWERED_KEY = "survey:answered"
SENT_COOKIE = "survey_sent"
SENT_COOKIE_SALT = "survey.sent"
# Receipts to one address, or from one person, in an hour.
RECEIPT_LIMIT = 3
RECEIPT_WINDOW = 60 * 60


def _url(survey, name, *args):
    return survey.url + survey.reverse_subpage(name, args=args)


def _closed_message(survey):
    if survey.has_closed():
        when = date_format(timezone.localtime(survey.closes_at), "j F Y")
        return f"This survey closed on {when}, so it cannot take answers any more."
    when = date_format(timezone.localtime(survey.opens_at), "j F Y")
    return f"This survey opens on {when}."


def _render(request, survey, template, context):
    context = {"page": survey, "self": survey, **context}
    status = invalid_form_status(context) if request.method == "POST" else None
    return TemplateResponse(request, template, context, status=status or 200)


def _organisation(request, survey, draft):
    """The organisation a signed-in member answers for: None for anonymous respondents."""
    organisations = organisations_for(request.user)
    if draft.organisation_id:
        return organisations.filter(pk=draft.organisation_id).first()
    if len(organisations) == 1:
        draft.start_for(organisations[0], survey)
        return organisations[0]
    return None


def _must_choose_organisation(request, draft):
    return not draft.organisation_id and organisations_for(request.user).count() > 1


def start(request, survey):
    draft = Draft(request, survey)
    draft.set_channel(request.GET.get("source", "").strip().lower())
    organisations = organisations_for(request.user)
    choice_form = None
    if len(organisations) > 1:
        choice_form = OrganisationChoiceForm(
            request.POST if request.method == "POST" else None,
            organisations=organisations,
            initial={"organisation": draft.organisation_id},
        )
        if request.method == "POST" and choice_form.is_valid():
            draft.start_for(choice_form.cleaned_data["organisation"], survey)
            return redirect(_url(survey, "section", 1))
    organisation = _organisation(request, survey, draft)
    existing = (
        Response.objects.filter(survey=survey, organisation=organisation).first()
        if organisation
        else None
    )
    return _render(
        request,
        survey,
        "survey/survey_page.html",
        {
            "is_open": survey.is_open(),
            "closed_message": None if survey.is_open() else _closed_message(survey),
            "organisation": organisation,
            "existing": existing,
            "form": choice_form,
            "start_url": _url(survey, "section", 1),
            "section_count": len(survey.sections),
            "question_count": len(survey.all_questions),
        },
    )


def _draft_or_refusal(request, survey):
    """(draft, None) for a respondent who may answer now; (None, a redirect to the survey's
    start page) when it is closed or the organisation is not chosen yet."""
    if not survey.is_open():
        messages.error(request, _closed_message(survey))
        return None, redirect(survey.url)
    draft = Draft(request, survey)
    if _must_choose_organisation(request, draft):
        messages.info(request, "Choose the organisation you are answering for first.")
        return None, redirect(survey.url)
    return draft, None


def section(request, survey, number):
    draft, refusal = _draft_or_refusal(request, survey)
    if refusal:
        return refusal
    _organisation(request, survey, draft)
    sections = survey.sections
    if not 1 <= number <= len(sections):
        messages.error(request, "That page of the survey does not exist. Start from here.")
        return redirect(survey.url)
    first_incomplete = draft.first_incomplete(sections)
    if first_incomplete and number > first_incomplete:
        messages.info(request, "Answer this page first; the survey goes in order.")
        return redirect(_url(survey, "section", first_incomplete))
    current = sections[number - 1]
    if request.method == "POST":
        form = SectionForm(current, request.POST)
        if form.is_valid():
            draft.complete_section(number, form.answers(), current)
            if number < len(sections) and draft.first_incomplete(sections):
                return redirect(_url(survey, "section", number + 1))
            return redirect(_url(survey, "check_answers"))
    else:
        form = SectionForm(current, initial=SectionForm.initial_from(current, draft.answers))
    return _render(
        request,
        survey,
        "survey/section.html",
        {
            "form": form,
            "section": current,
            "number": number,
            "section_count": len(sections),
            "back_link": _url(survey, "section", number - 1) if number > 1 else survey.url,
        },
    )


def _summary(survey, answers):
    return [
        {
            "section": section,
            "change_url": _url(survey, "section", section.number),
            "rows": [
                (question, question.display(answers.get(question.id)))
                for question in section.questions
            ],
        }
        for section in survey.sections
    ]


def check(request, survey):
    draft, refusal = _draft_or_refusal(request, survey)
    if refusal:
        return refusal
    organisation = _organisation(request, survey, draft)
    sections = survey.sections
    first_incomplete = draft.first_incomplete(sections)
    if first_incomplete:
        messages.info(request, "Answer every page of the survey before you send it.")
        return redirect(_url(survey, "section", first_incomplete))
    form = SendForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        survey=survey,
        initial={"receipt_email": getattr(request.user, "email", "")} if organisation else None,
    )
    if organisation is None and _answered_anonymously(request, survey):
        draft.clear()
        messages.info(request, ALREADY_ANSWERED)
        return redirect(survey.url)
    if request.method == "POST" and form.is_valid():
        if form.is_spam():
            draft.clear()
            return _sent_anonymously(request, survey, receipt=False)
        participant = request.user if request.user.is_authenticated else None
        try:
            response = submit_response(
                survey,
                draft.answers,
                organisation=organisation,
                user=request.user if organisation else None,
                channel_slug=draft.channel,
                participant=None if organisation else participant,
            )
        except AlreadyAnsweredAnonymously:
            draft.clear()
            messages.info(request, ALREADY_ANSWERED)
            return redirect(survey.url)
        except SurveyClosed:
            messages.error(request, _closed_message(survey))
            return redirect(survey.url)
        except AlreadyAnswered:
            messages.error(
                request,
                "Someone else from your organisation sent answers at the same moment. "
                "Your answers are still here: check them and send again to replace theirs.",
            )
            return redirect(_url(survey, "check_answers"))
        email = form.cleaned_data.get("receipt_email")
        if email and not ratelimit.allow(
            request, "survey-receipt", RECEIPT_LIMIT, RECEIPT_WINDOW, email
        ):
            email = None  # the answers are kept; only the receipt is not sent
        if organisation is None:
            draft.clear()
            _mark_answered(request, survey)
            if email:
                # Nothing in the receipt (or in the queued task that sends it) identifies the
                # response: no reference, just thanks.
                send_templated_email(email, "survey/email/anonymous_receipt", {"survey": survey})
            return _sent_anonymously(request, survey, receipt=bool(email))
        if email:
            send_templated_email(
                email,
                "survey/email/receipt",
                {
                    "survey": survey,
                    "reference": response.reference,
                    "organisation": organisation,
                    "closes_at": survey.closes_at,
                },
            )
        draft.clear()
        request.session[SENT_KEY] = {
            "survey": survey.pk,
            "reference": response.reference,
            "changed": bool(response.changed_on),
            "receipt": bool(email),
        }
        return redirect(_url(survey, "sent"))
    return _render(
        request,
        survey,
        "survey/check.html",
        {
            "form": form,
            "summary": _summary(survey, draft.answers),
            "organisation": organisation,
            "back_link": _url(survey, "section", len(sections)),
        },
    )


ALREADY_ANSWERED = "You have already answered this survey. Thank you."


def _answered_anonymously(request, survey):
    if request.user.is_authenticated:
        key = AnonymousParticipation.key_for(survey, request.user)
        return AnonymousParticipation.objects.filter(key=key).exists()
    return survey.pk in request.session.get(ANSWERED_KEY, [])


def _mark_answered(request, survey):
    """A signed-in person is recorded by submit_response; a visitor's session keeps only the
    survey's id."""
    if not request.user.is_authenticated:
        request.session[ANSWERED_KEY] = sorted({*request.session.get(ANSWERED_KEY, []), survey.pk})


def _sent_anonymously(request, survey, receipt):
    response = redirect(_url(survey, "sent"))
    response.set_signed_cookie(
        SENT_COOKIE,
        f"{survey.pk}:{int(receipt)}",
        salt=SENT_COOKIE_SALT,
        max_age=10 * 60,
        httponly=True,
        secure=request.is_secure(),
        samesite="Lax",
    )
    return response


def sent(request, survey):
    sent = request.session.get(SENT_KEY)
    if sent and sent.get("survey") == survey.pk:
        return _render(request, survey, "survey/sent.html", {"sent": sent})
    value = request.get_signed_cookie(SENT_COOKIE, None, salt=SENT_COOKIE_SALT, max_age=10 * 60)
    if value and value.split(":")[0] == str(survey.pk):
        anonymous = {"survey": survey.pk, "anonymous": True, "receipt": value.endswith(":1")}
        return _render(request, survey, "survey/sent.html", {"sent": anonymous})
    return redirect(survey.url)
