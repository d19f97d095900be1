"""A member's own organisations: the list, adding one, managing and editing a profile
(/accounts/organisations/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from portal.forms import render_form
from portal.idempotency import submit_once

from .. import services
from ..forms import InviteForm, OrganisationForm
from ..labels import field_label
from ..models import Invitation, JoinRequest, Organisation, OrganisationMembership
from .membership import membership_of


@login_required
def my_organisations(request):
    memberships = (
        OrganisationMembership.objects.filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    invitations = Invitation.objects.filter(
        email__iexact=request.user.email, accepted_at__isnull=True
    ).select_related("organisation")
    requests = JoinRequest.objects.filter(user=request.user).select_related("organisation")
    return render_form(
        request,
        "directory/account/list.html",
        {"memberships": memberships, "invitations": invitations, "join_requests": requests},
    )


def _edit_context(form, **extra):
    return {"form": form, **extra}


@login_required
@require_http_methods(["GET", "POST"])
def create_organisation(request):
    form = OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():

        def create():
            organisation = services.create_organisation(
                form.profile_values(request.user), request.user
            )
            messages.success(
                request,
                "Your profile has been sent for moderation. We will email you when it is live.",
            )
            return reverse("directory:manage", args=[organisation.slug])

        return submit_once(request, form, "directory.create-organisation", create)
    return render_form(request, "directory/account/edit.html", _edit_context(form, creating=True))


@login_required
def manage(request, slug):
    membership = membership_of(request, slug)
    organisation = membership.organisation
    is_owner = membership.role == OrganisationMembership.Role.OWNER
    return render_form(
        request,
        "directory/account/manage.html",
        {
            "organisation": organisation,
            "membership": membership,
            "is_owner": is_owner,
            "members": organisation.memberships.select_related("user").order_by("user__email"),
            "join_requests": organisation.join_requests.select_related("user") if is_owner else [],
            "invitations": organisation.invitations.filter(accepted_at__isnull=True)
            if is_owner
            else [],
            "history": [
                (entry, [field_label(field) for field in entry.changes])
                for entry in organisation.history.select_related("user")[:20]
            ],
            "services": organisation.services.all(),
            "invite_form": InviteForm(organisation=organisation) if is_owner else None,
            "breadcrumbs": [
                {"title": "Your account", "url": reverse("accounts:home")},
                {"title": "Your organisations", "url": reverse("directory:my_organisations")},
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_organisation(request, slug):
    organisation = membership_of(request, slug).organisation
    if organisation.status == Organisation.Status.SUSPENDED:
        messages.error(request, "This profile is suspended. Contact the council to change it.")
        return redirect("directory:manage", slug=slug)
    form = OrganisationForm(
        request.POST or None,
        request.FILES or None,
        instance=organisation,
        values=services.proposed_values(organisation),
    )
    if request.method == "POST" and form.is_valid():
        services.submit_change(organisation, form.profile_values(request.user), request.user)
        if organisation.status == Organisation.Status.PUBLISHED:
            text = "Your changes have been sent for moderation. Your published profile stays live until they are approved."
        else:
            text = "Your profile has been sent for moderation."
        messages.success(request, text)
        return redirect("directory:manage", slug=slug)
    return render_form(
        request,
        "directory/account/edit.html",
        _edit_context(
            form, organisation=organisation, back_link=reverse("directory:manage", args=[slug])
        ),
    )
