"""Public award pages: winners, nomination, judging and certificate verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from guidance.calculator import InvalidCalculation, value_of
from portal import ratelimit
from portal.forms import render_form
from portal.idempotency import submit_once
from portal.storage import private_file_response
from portal.templatetags.govuk import error_summary

from . import services
from .forms import (
    CertificateCheckForm,
    ConflictForm,
    EvidenceFormSet,
    NominationForm,
    ScoreForm,
)
from .models import Category, Cycle, Nomination, SupportingFile


def open_cycle():
    now = timezone.now()
    return Cycle.objects.filter(nominations_open__lte=now, nominations_close__gt=now).first()


def announced_cycles():
    return Cycle.objects.filter(announcement_date__lte=timezone.localdate())


def winners_of(cycle):
    """The cycle's winners; each has `certificate`, its organisation's best certificate in
    force today (or None), to show as a badge linking to the certificate's page."""
    winners = list(
        Nomination.objects.filter(category__cycle=cycle, winner_at__isnull=False)
        .select_related("category", "organisation", "photo")
        .prefetch_related(services.valid_certificates("organisation__certificates"))
        .order_by("category__sort_order", "category__name")
    )
    for winner in winners:
        held = winner.organisation.valid_certificates if winner.organisation_id else []
        winner.certificate = services.best_certificate(held)
    return winners


def index(request):
    cycles = list(announced_cycles())
    latest = cycles[0] if cycles else None
    return render_form(
        request,
        "awards/index.html",
        {
            "open_cycle": open_cycle(),
            "latest": latest,
            "winners": winners_of(latest) if latest else [],
            "earlier": cycles[1:],
            "certified": services.certified_organisations(),
            "form": CertificateCheckForm(),
        },
    )


def cycle_winners(request, year):
    cycle = get_object_or_404(announced_cycles(), year=year)
    return render_form(
        request,
        "awards/cycle.html",
        {
            "cycle": cycle,
            "winners": winners_of(cycle),
            "breadcrumbs": [{"title": "Awards", "url": reverse("awards:index")}],
        },
    )


def nominate_start(request):
    cycle = open_cycle()
    if cycle is None:
        return render_form(request, "awards/nominations_closed.html", {"next_cycle": _next_cycle()})
    categories = list(cycle.categories.all())
    error = None
    chosen = request.GET.get("category")
    if "choose" in request.GET:
        if any(category.slug == chosen for category in categories):
            return redirect("awards:nominate", slug=chosen)
        error = "Select the award you are nominating for"
    return render_form(
        request,
        "awards/nominate_start.html",
        {"cycle": cycle, "categories": categories, "error": error, "has_errors": bool(error)},
    )


def _next_cycle():
    return Cycle.objects.filter(nominations_open__gt=timezone.now()).order_by("year").first()


@require_http_methods(["GET", "POST"])
def nominate(request, slug):
    cycle = open_cycle()
    if cycle is None:
        return render_form(request, "awards/nominations_closed.html", {"next_cycle": _next_cycle()})
    category = get_object_or_404(
        Category.objects.prefetch_related("criteria"), cycle=cycle, slug=slug
    )
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = NominationForm(data, files, category=category, user=request.user)
    evidence = EvidenceFormSet(data, prefix="evidence")
    if request.method == "POST" and form.is_valid() and evidence.is_valid():
        if form.is_spam():
            return redirect("awards:nomination_sent")
        lines, error = _value_evidence(evidence)
        if error is None:

            def create():
                nomination = services.submit_nomination(
                    category,
                    form.cleaned_data,
                    form.statements(),
                    lines,
                    request.user if request.user.is_authenticated else None,
                    request.build_absolute_uri,
                )
                request.session["awards_nomination"] = nomination.reference
                return reverse("awards:nomination_sent")

            return submit_once(request, form, "awards.nomination", create)
        evidence.forms[error[0]].add_error("quantity", error[1])
    return render_form(
        request,
        "awards/nominate.html",
        {
            "cycle": cycle,
            "category": category,
            "form": form,
            "evidence": evidence,
            "has_errors": bool(form.errors or any(evidence.errors)),
            "back_link": reverse("awards:nominate_start"),
        },
    )


def _value_evidence(formset):
    lines = []
    for index, evidence_form in enumerate(formset.forms):
        measure = evidence_form.cleaned_data.get("measure")
        quantity = evidence_form.cleaned_data.get("quantity")
        if measure is None or quantity is None:
            continue
        try:
            lines.append((measure, quantity, value_of(measure, quantity)))
        except InvalidCalculation as problem:
            return None, (index, problem.errors.get("quantity", "Enter a valid quantity"))
    return lines, None


def nomination_sent(request):
    reference = request.session.get("awards_nomination")
    nomination = Nomination.objects.filter(reference=reference).first() if reference else None
    return render_form(request, "awards/nomination_sent.html", {"nomination": nomination})


def confirm(request, token):
    nomination = get_object_or_404(
        Nomination.objects.select_related("category__cycle", "organisation"),
        confirmation_token=token,
    )
    if nomination.status == Nomination.Status.UNCONFIRMED:
        if not nomination.category.cycle.nominations_are_open():
            return render_form(
                request, "awards/nominations_closed.html", {"late_confirmation": True}
            )
        services.confirm_nomination(nomination)
    return render_form(request, "awards/nomination_confirmed.html", {"nomination": nomination})


# Judging -------------------------------------------------------------------------------


def _require_judge(request):
    if not services.is_judge(request.user):
        raise PermissionDenied("Only judges can see judging pages")


@login_required
def judging_index(request):
    _require_judge(request)
    nominations = (
        services.with_judge_state(services.judge_nominations(request.user), request.user)
        .select_related("category__cycle", "organisation")
        .order_by("category__cycle__year", "category__sort_order", "category__name", "id")
    )
    return render_form(request, "awards/judging/index.html", {"nominations": nominations})


@login_required
@require_http_methods(["GET", "POST"])
def judging_declare(request, pk):
    _require_judge(request)
    nomination = services.nomination_for_judge(request.user, pk)
    declaration = services.declaration_for(request.user, nomination)
    if declaration is not None:
        if declaration.has_conflict:
            raise Http404("You declared a conflict of interest with this nomination")
        return redirect("awards:judging_nomination", pk=pk)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.declare_conflict(
            nomination,
            request.user,
            form.cleaned_data["has_conflict"],
            form.cleaned_data.get("details", ""),
        )
        if form.cleaned_data["has_conflict"]:
            messages.success(
                request,
                "Thank you. You will not see or score this nomination; "
                "the awards administrators have been told.",
            )
            return redirect("awards:judging")
        return redirect("awards:judging_nomination", pk=pk)
    return render_form(
        request,
        "awards/judging/declare.html",
        {
            "nomination": nomination,
            "form": form,
            "breadcrumbs": [{"title": "Judging", "url": reverse("awards:judging")}],
        },
    )


def _judge_can_see(request, pk):
    _require_judge(request)
    nomination = services.nomination_for_judge(request.user, pk)
    declaration = services.declaration_for(request.user, nomination)
    if declaration is None:
        return nomination, redirect("awards:judging_declare", pk=pk)
    if declaration.has_conflict:
        raise Http404("You declared a conflict of interest with this nomination")
    return nomination, None


@login_required
@require_http_methods(["GET", "POST"])
def judging_nomination(request, pk):
    nomination, must_declare = _judge_can_see(request, pk)
    if must_declare:
        return must_declare
    cycle = nomination.category.cycle
    criteria = list(nomination.category.criteria.all())
    sheet = nomination.score_sheets.filter(judge=request.user).first()
    saved = {score.criterion_id: score for score in sheet.scores.all()} if sheet else {}
    locked = bool(sheet and sheet.is_submitted) or not cycle.judging_is_open()
    score_forms = [
        ScoreForm(
            request.POST if request.method == "POST" else None,
            prefix=f"c{criterion.pk}",
            criterion=criterion,
            disabled=locked,
            initial={
                "value": saved[criterion.pk].value if criterion.pk in saved else None,
                "comment": saved[criterion.pk].comment if criterion.pk in saved else "",
            },
        )
        for criterion in criteria
    ]
    if request.method == "POST":
        if locked:
            messages.error(
                request,
                "These scores are locked. Ask an awards administrator to reopen them."
                if sheet and sheet.is_submitted
                else "Judging is closed for this cycle.",
            )
            return redirect("awards:judging_nomination", pk=pk)
        if all(form.is_valid() for form in score_forms):
            submit = "submit" in request.POST
            values = {
                form.criterion: (
                    form.cleaned_data["value"] if form.cleaned_data["value"] != "" else None,
                    form.cleaned_data["comment"].strip(),
                )
                for form in score_forms
            }
            try:
                services.save_scores(nomination, request.user, values, submit=submit)
            except ValidationError as problem:
                by_criterion = {form.criterion.pk: form for form in score_forms}
                for criterion_pk, message in problem.message_dict.items():
                    by_criterion[int(criterion_pk)].add_error("value", message)
            else:
                messages.success(
                    request,
                    "Your scores are submitted." if submit else "Your draft scores are saved.",
                )
                if submit:
                    return redirect("awards:judging")
                return redirect("awards:judging_nomination", pk=pk)
    return render_form(
        request,
        "awards/judging/nomination.html",
        {
            "nomination": nomination,
            "cycle": cycle,
            "sheet": sheet,
            "locked": locked,
            "score_forms": score_forms,
            "show_nominator": not cycle.hide_nominator_from_judges,
            "has_errors": any(form.errors for form in score_forms),
            "error_summary_html": error_summary(*score_forms),
            "breadcrumbs": [{"title": "Judging", "url": reverse("awards:judging")}],
        },
    )


def _can_open_files(request, nomination_pk):
    if services.is_administrator(request.user):
        return get_object_or_404(Nomination, pk=nomination_pk)
    nomination, must_declare = _judge_can_see(request, nomination_pk)
    if must_declare:
        raise PermissionDenied("Declare any conflict of interest first")
    return nomination


@login_required
def supporting_file(request, pk, file_pk):
    nomination = _can_open_files(request, pk)
    attachment = get_object_or_404(SupportingFile, nomination=nomination, pk=file_pk)
    return private_file_response(
        attachment.file,
        attachment.original_name,
        attachment.content_type,
        inline=attachment.content_type != "application/pdf",
    )


# Certificates --------------------------------------------------------------------------


CHECK_LIMIT = 30  # certificate checks per visitor in CHECK_WINDOW seconds
CHECK_WINDOW = 600


def _certificate(number):
    certificate = services.certificate_by_number(number)
    if certificate is None:
        raise Http404("No certificate has that number")
    return certificate


@require_GET
def certificate_check(request):
    """Find a certificate by the number printed on it and go to its verification page.

    A GET form, so /awards/ can carry it and stay cacheable. Answers 422 for an empty or
    malformed number, 404 for a number no certificate has, 429 past the rate limit."""
    checking = "number" in request.GET
    form = CertificateCheckForm(request.GET if checking else None)
    status = None
    if checking and not ratelimit.allow(
        request, "awards-certificate-check", CHECK_LIMIT, CHECK_WINDOW
    ):
        form.full_clean()
        form.add_error(
            None,
            "You have checked a lot of certificate numbers in a short time. "
            "Wait 10 minutes, then try again",
        )
        status = 429
    elif checking:
        status = 422
        if form.is_valid():
            certificate = services.certificate_by_number(form.cleaned_data["number"])
            if certificate is not None:
                return redirect("awards:certificate", number=certificate.number)
            form.add_error(
                "number",
                f"No certificate has the number {form.cleaned_data['number']}. "
                "Check the number on the certificate and enter it again",
            )
            status = 404
    return render_form(
        request,
        "awards/certificate_check.html",
        {"form": form, "breadcrumbs": [{"title": "Awards", "url": reverse("awards:index")}]},
        status=status,
    )


def certificate_verify(request, number):
    certificate = _certificate(number)
    return render_form(
        request,
        "awards/certificate_verify.html",
        {
            "certificate": certificate,
            "breadcrumbs": [{"title": "Awards", "url": reverse("awards:index")}],
        },
    )


def certificate_print(request, number):
    certificate = _certificate(number)
    if not certificate.is_valid:
        raise Http404("Only a valid certificate can be printed")
    return render_form(request, "awards/certificate_print.html", {"certificate": certificate})
