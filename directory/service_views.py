"""Owners' pages for the services their organisation offers. Each change waits for
moderation (see services.add_service and services.submit_service_change)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from . import services
from .forms import ServiceForm
from .models import Organisation, OrganisationMembership, Service


def _owned_organisation(request, slug):
    """The organisation if the user owns it; 404 for strangers, 403 for other members."""
    membership = get_object_or_404(
        OrganisationMembership.objects.select_related("organisation"),
        organisation__slug=slug,
        user=request.user,
    )
    if membership.role != OrganisationMembership.Role.OWNER:
        raise PermissionDenied("Only owners can change the organisation's services")
    return membership.organisation


def _render_form(request, form, organisation, service=None):
    return render(
        request,
        "directory/account/service_form.html",
        {
            "form": form,
            "organisation": organisation,
            "service": service,
            "back_link": reverse("directory:manage", args=[organisation.slug]),
        },
        status=422 if form.is_bound else 200,
    )


def _save(request, form, organisation, save, service=None):
    if organisation.status == Organisation.Status.SUSPENDED:
        messages.error(request, "This profile is suspended. Contact the council to change it.")
        return redirect("directory:manage", slug=organisation.slug)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.service_values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("directory:manage", slug=organisation.slug)
    return _render_form(request, form, organisation, service)


@login_required
@require_http_methods(["GET", "POST"])
def add_service(request, slug):
    organisation = _owned_organisation(request, slug)
    form = ServiceForm(request.POST or None)

    def save(values):
        services.add_service(organisation, values, request.user)
        messages.success(
            request,
            f"“{values['name']}” has been sent for moderation. We will email you when it is live.",
        )

    return _save(request, form, organisation, save)


@login_required
@require_http_methods(["GET", "POST"])
def edit_service(request, slug, pk):
    organisation = _owned_organisation(request, slug)
    service = get_object_or_404(Service, pk=pk, organisation=organisation)
    form = ServiceForm(request.POST or None, values=services.proposed_service_values(service))

    def save(values):
        was_published = service.status == Service.Status.PUBLISHED
        services.submit_service_change(service, values, request.user)
        if was_published:
            text = "Your changes have been sent for moderation. The published service stays live until they are approved."
        else:
            text = "The service has been sent for moderation."
        messages.success(request, text)

    return _save(request, form, organisation, save, service)
