"""Public opportunity pages, interest and questions, alert settings; staff reports."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from directory.models import Organisation
from portal.forms import render_form

from . import services
from .forms import AlertForm, OpportunityFilterForm, OrganisationChoiceForm, QuestionForm
from .models import VALUE_BANDS, AlertSubscription, OpportunityPage

PER_PAGE = 20
CLOSING_SOON_DAYS = 14


def filter_opportunities(queryset, data):
    """Apply the list filters; returns (queryset, form)."""
    form = OpportunityFilterForm(data or None)
    if not form.is_valid():
        return queryset, form
    filters = form.cleaned_data
    if filters.get("q"):
        words = filters["q"]
        queryset = queryset.filter(
            Q(title__icontains=words) | Q(summary__icontains=words) | Q(reference__iexact=words)
        )
    if filters.get("sector"):
        queryset = queryset.filter(sector=filters["sector"])
    if filters.get("value"):
        _key, _label, low, high = next(b for b in VALUE_BANDS if b[0] == filters["value"])
        queryset = queryset.filter(estimated_value__gte=low)
        if high is not None:
            queryset = queryset.filter(estimated_value__lt=high)
    reserved = filters.get("reserved")
    if reserved == "any":
        queryset = queryset.filter(
            Q(reserved_local=True) | Q(reserved_sme=True) | Q(reserved_vcse=True)
        )
    elif reserved == "open":
        queryset = queryset.filter(reserved_local=False, reserved_sme=False, reserved_vcse=False)
    elif reserved:
        queryset = queryset.filter(**{f"reserved_{reserved}": True})
    if filters.get("closing_soon"):
        queryset = queryset.filter(
            closing_at__lte=timezone.now() + datetime.timedelta(days=CLOSING_SOON_DAYS)
        )
    return queryset, form


def opportunity_list(request, index_page, archive):
    queryset = OpportunityPage.objects.child_of(index_page).select_related("sector")
    if archive:
        queryset = queryset.closed().order_by("-closing_at", "-pk")
    else:
        queryset = queryset.open().order_by("closing_at", "pk")
    queryset, form = filter_opportunities(queryset, request.GET)
    page_obj = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    context = index_page.get_context(request)
    context.update(
        {
            "form": form,
            "has_errors": bool(form.errors),
            "page_obj": page_obj,
            "archive": archive,
            "breadcrumbs": [{"title": index_page.title, "url": index_page.url}]
            if archive
            else None,
        }
    )
    return TemplateResponse(
        request,
        "opportunities/opportunity_index_page.html",
        context,
        status=422 if form.errors else 200,
    )


def opportunity_context(request, opportunity):
    """What the opportunity page shows the visitor: published clarifications, and for a
    signed-in member of organisations whether each may bid and what it has done."""
    context = {
        "clarifications": opportunity.clarifications.filter(is_published=True),
        "documents": opportunity.documents.select_related("document"),
        "asks": opportunity.social_value_asks.all(),
        "breadcrumbs": [{"title": "Opportunities", "url": opportunity.get_parent().url}],
    }
    if request.user.is_authenticated:
        checks = services.eligible_organisations(opportunity, request.user)
        interested = set(
            opportunity.interests.filter(
                organisation__in=[c.organisation for c in checks]
            ).values_list("organisation_id", flat=True)
        )
        context["checks"] = checks
        context["interested"] = interested
        context["can_act"] = opportunity.is_open and any(c.eligible for c in checks)
    return context


def _eligible_organisations(request, opportunity):
    ids = [
        c.organisation.pk
        for c in services.eligible_organisations(opportunity, request.user)
        if c.eligible
    ]
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def _acting_form(request, opportunity, form_class):
    """The form for an action an eligible member takes, or a response refusing it."""
    if not request.user.is_authenticated:
        return None, redirect(f"{reverse('accounts:login')}?next={opportunity.url}")
    if not opportunity.is_open:
        messages.error(request, "This opportunity has closed")
        return None, redirect(opportunity.url)
    organisations = _eligible_organisations(request, opportunity)
    if not organisations.exists():
        raise PermissionDenied("None of your organisations may bid for this opportunity")
    data = request.POST if request.method == "POST" else None
    return form_class(data, organisations=organisations), None


def _member_action(request, opportunity, form_class, template, act):
    """GET shows the form; a valid POST does `act(form)` and returns to the opportunity."""
    form, refusal = _acting_form(request, opportunity, form_class)
    if refusal:
        return refusal
    if request.method == "POST" and form.is_valid():
        act(form)
        return redirect(opportunity.url)
    return render_form(
        request, template, {"page": opportunity, "form": form, "back_link": opportunity.url}
    )


@require_http_methods(["GET", "POST"])
def express_interest(request, opportunity):
    def act(form):
        organisation = form.cleaned_data["organisation"]
        _interest, created = services.express_interest(opportunity, organisation, request.user)
        if created:
            messages.success(request, f"We have recorded {organisation.name}'s interest")
        else:
            messages.info(request, f"{organisation.name} had already registered interest")

    return _member_action(
        request, opportunity, OrganisationChoiceForm, "opportunities/interest.html", act
    )


@require_http_methods(["GET", "POST"])
def ask_question(request, opportunity):
    def act(form):
        data = form.cleaned_data
        services.ask_question(opportunity, data["organisation"], request.user, data["question"])
        messages.success(
            request,
            "Your question has been sent. The answer will be published on this page "
            "without your name.",
        )

    return _member_action(request, opportunity, QuestionForm, "opportunities/ask.html", act)


@login_required
@require_http_methods(["GET", "POST"])
def alerts(request):
    subscription = AlertSubscription.objects.filter(user=request.user).first()
    initial = None
    if subscription and subscription.is_active:
        initial = {
            "sectors": list(subscription.sectors.all()),
            "value_bands": subscription.value_bands,
            "frequency": subscription.frequency,
        }
    form = AlertForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        subscription, _created = AlertSubscription.objects.update_or_create(
            user=request.user,
            defaults={
                "value_bands": form.cleaned_data["value_bands"],
                "frequency": form.cleaned_data["frequency"],
                "is_active": True,
            },
        )
        subscription.sectors.set(form.cleaned_data["sectors"])
        messages.success(request, "Your opportunity alerts are saved")
        return redirect("opportunities:alerts")
    return render_form(
        request, "opportunities/alerts.html", {"form": form, "subscription": subscription}
    )


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscription = get_object_or_404(AlertSubscription, unsubscribe_token=token)
    if request.method == "POST":
        services.unsubscribe(subscription)
        return render(request, "opportunities/unsubscribed.html")
    return render(request, "opportunities/unsubscribe.html", {"subscription": subscription})
