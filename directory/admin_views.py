"""The moderation queue in the Wagtail admin: review a new profile or a proposed change,
then approve, reject with a reason (emailed), suspend or reinstate."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import services
from .forms import ModerationReasonForm
from .labels import ValueNames, field_label
from .models import Organisation, Service

PERMISSION = "directory.moderate_organisation"


def _require_moderator(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _moderation_page(request, template, title, **context):
    """A page of the moderation area in the Wagtail admin, headed by `title`."""
    return TemplateResponse(
        request,
        template,
        {**context, "page_title": title, "header_title": title, "header_icon": "tasks"},
    )


def queue(request):
    _require_moderator(request)
    organisations = (
        Organisation.objects.awaiting_moderation()
        .select_related("pending_submitted_by")
        .order_by("pending_submitted_at", "created_at")
    )
    return _moderation_page(
        request,
        "directory/admin/queue.html",
        "Directory moderation",
        organisations=organisations,
        suspended=Organisation.objects.filter(status=Organisation.Status.SUSPENDED),
        services=Service.objects.awaiting_moderation()
        .select_related("organisation")
        .order_by("pending_submitted_at", "created_at"),
    )


def review(request, pk):
    _require_moderator(request)
    organisation = get_object_or_404(Organisation, pk=pk)
    live = services.profile_values(organisation)
    proposed = organisation.pending_change or live
    names = ValueNames()
    rows = [
        {
            "label": field_label(field),
            "live": names.display(field, live.get(field)),
            "proposed": names.display(field, proposed.get(field)),
            "changed": live.get(field) != proposed.get(field),
        }
        for field in proposed
    ]
    history = [
        (entry, names.changes(entry.changes))
        for entry in organisation.history.select_related("user")[:50]
    ]
    return _moderation_page(
        request,
        "directory/admin/review.html",
        f"Review {organisation.name}",
        organisation=organisation,
        rows=rows,
        is_new=organisation.status != Organisation.Status.PUBLISHED,
        reject_form=ModerationReasonForm(prefix="reject"),
        suspend_form=ModerationReasonForm(prefix="suspend"),
        history=history,
        members=organisation.memberships.select_related("user"),
    )


@require_POST
def decide(request, pk, action):
    _require_moderator(request)
    organisation = get_object_or_404(Organisation, pk=pk)
    back = reverse("directory_moderation:review", args=[pk])
    try:
        if action == "approve":
            services.approve(organisation, request.user)
            messages.success(request, f"{organisation.name} is published")
        elif action in ("reject", "suspend"):
            form = ModerationReasonForm(request.POST, prefix=action)
            if not form.is_valid():
                messages.error(request, "Enter the reason; it is emailed to the organisation")
                return redirect(back)
            getattr(services, action)(organisation, request.user, form.cleaned_data["reason"])
            messages.success(request, f"{organisation.name}: {action}ed")
        elif action == "reinstate":
            services.reinstate(organisation, request.user)
            messages.success(request, f"{organisation.name} is published again")
        else:
            raise PermissionDenied
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
        return redirect(back)
    return redirect("directory_moderation:queue")


# Services (what an organisation offers)


def service_review(request, pk):
    _require_moderator(request)
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    live = services.service_values(service)
    proposed = service.pending_change or live
    rows = [
        {
            "label": Service._meta.get_field(field).verbose_name.capitalize(),
            "live": live.get(field) or "—",
            "proposed": proposed.get(field) or "—",
            "changed": live.get(field) != proposed.get(field),
        }
        for field in services.SERVICE_FIELDS
    ]
    return _moderation_page(
        request,
        "directory/admin/service_review.html",
        f"Review the service {service.name}",
        service=service,
        organisation=service.organisation,
        rows=rows,
        is_new=service.status != Service.Status.PUBLISHED,
    )


@require_POST
def service_decide(request, pk, action):
    _require_moderator(request)
    service = get_object_or_404(Service, pk=pk)
    if action == "approve":
        services.approve_service(service, request.user)
        messages.success(request, f"The service {service.name} is published")
    elif action == "reject":
        form = ModerationReasonForm(request.POST, prefix="reject")
        if not form.is_valid():
            messages.error(request, "Enter the reason; it is emailed to the organisation")
            return redirect("directory_moderation:service_review", pk)
        services.reject_service(service, request.user, form.cleaned_data["reason"])
        messages.success(request, f"The service {service.name}: rejected")
    else:
        raise PermissionDenied
    return redirect("directory_moderation:queue")
