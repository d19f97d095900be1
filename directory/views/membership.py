"""Joining an organisation, invitations and members: requests, answers and removals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from portal.forms import render_form
from portal.idempotency import submit_once

from .. import services
from ..forms import InviteForm, JoinForm
from ..models import Invitation, JoinRequest, Organisation, OrganisationMembership
from ..search import DirectorySearch, clean_query


def membership_of(request, slug):
    """The user's membership of the organisation, or 404 for anyone else."""
    return get_object_or_404(
        OrganisationMembership.objects.select_related("organisation"),
        organisation__slug=slug,
        user=request.user,
    )


@login_required
@require_http_methods(["GET", "POST"])
def join(request, slug):
    organisation = get_object_or_404(Organisation.objects.published(), slug=slug)
    if services.is_member(request.user, organisation):
        return redirect("directory:manage", slug=slug)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def create():
            services.request_to_join(organisation, request.user, form.cleaned_data["message"])
            messages.success(
                request, f"Your request to join {organisation.name} has been sent to its owners"
            )
            return reverse("directory:my_organisations")

        return submit_once(request, form, "directory.join", create)
    return render_form(
        request,
        "directory/account/join.html",
        {
            "form": form,
            "organisation": organisation,
            "back_link": reverse("directory:profile", args=[slug]),
        },
    )


@login_required
def find_to_join(request):
    query = clean_query(request.GET.get("q"))
    results = []
    if query:
        results = list(DirectorySearch({"q": query, "sort": "name"}).results()[:20])
    return render_form(request, "directory/account/find.html", {"query": query, "results": results})


def _owned(request, slug):
    membership = membership_of(request, slug)
    if membership.role != OrganisationMembership.Role.OWNER:
        raise PermissionDenied("Only owners can do this")
    return membership.organisation


@login_required
@require_POST
def invite(request, slug):
    organisation = _owned(request, slug)
    form = InviteForm(request.POST, organisation=organisation)
    if form.is_valid():

        def create():
            services.invite(organisation, form.cleaned_data["email"], request.user)
            messages.success(
                request, f"We have emailed an invitation to {form.cleaned_data['email']}"
            )
            return reverse("directory:manage", args=[slug])

        return submit_once(request, form, "directory.invite", create)
    return render_form(
        request,
        "directory/account/invite.html",
        {
            "form": form,
            "organisation": organisation,
            "back_link": reverse("directory:manage", args=[slug]),
        },
    )


@login_required
@require_POST
def answer_join_request(request, slug, pk):
    organisation = _owned(request, slug)
    join_request = get_object_or_404(JoinRequest, pk=pk, organisation=organisation)
    if request.POST.get("decision") == "accept":
        services.add_member(organisation, join_request.user, request.user)
        messages.success(request, f"{join_request.user.email} is now a member")
    else:
        services.decline_join_request(join_request)
        messages.info(request, "Request declined")
    return redirect("directory:manage", slug=slug)


@login_required
@require_POST
def remove_member(request, slug, pk):
    organisation = _owned(request, slug)
    membership = get_object_or_404(OrganisationMembership, pk=pk, organisation=organisation)
    try:
        services.remove_member(membership, request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("directory:manage", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation"), token=token, accepted_at__isnull=True
    )
    if invitation.email.lower() != request.user.email.lower():
        raise Http404("This invitation is for another email address")
    if request.method == "POST":
        services.accept_invitation(invitation, request.user)
        messages.success(request, f"You are now a member of {invitation.organisation.name}")
        return redirect("directory:manage", slug=invitation.organisation.slug)
    return render_form(request, "directory/account/invitation.html", {"invitation": invitation})
