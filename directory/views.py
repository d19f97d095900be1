import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import ratelimit
from portal.emails import send_templated_email
from portal.exports import safe_cell
from portal.forms import render_form
from portal.idempotency import submit_once

from . import services
from .forms import EnquiryForm, InviteForm, JoinForm, OrganisationForm
from .labels import field_label
from .models import (
    Invitation,
    JoinRequest,
    Organisation,
    OrganisationMembership,
    Service,
)
from .profile_panels import render_panels
from .search import DirectorySearch, clean_query, with_details

# Enquiries one person (IP address or account) may send in an hour.
ENQUIRY_LIMIT = 5
ENQUIRY_WINDOW = 60 * 60


@require_GET
def directory(request):
    search = DirectorySearch(request.GET)
    page = search.page(request.GET.get("page"))
    back = request.GET.urlencode()
    return render_form(
        request,
        "directory/directory.html",
        {
            "filterset": search.filterset,
            "page_obj": page,
            "organisations": page.object_list,
            "facets": search.facets(),
            "count": search.total,
            "query": search.query,
            "sort": search.sort,
            "sort_choices": search.sort_choices,
            "back": back,
            "export_query": back,
        },
    )


EXPORT_COLUMNS = [
    ("id", lambda o: o.uuid),
    ("name", lambda o: o.name),
    ("legal_form", lambda o: o.get_legal_form_display()),
    ("size_band", lambda o: o.get_size_band_display()),
    ("sme", lambda o: "yes" if o.is_sme else "no"),
    ("vcse", lambda o: "yes" if o.is_vcse else "no"),
    ("social_enterprise", lambda o: "yes" if o.is_social_enterprise else "no"),
    ("local", lambda o: "yes" if o.is_local else "no"),
    ("postcode", lambda o: o.postcode),
    ("companies_house_number", lambda o: o.companies_house_number),
    ("charity_number", lambda o: o.charity_number),
    ("sectors", lambda o: "; ".join(s.name for s in o.sectors.all())),
    ("accreditations", lambda o: "; ".join(a.name for a in o.accreditations.all())),
    ("keywords", lambda o: o.keywords),
    ("open_to_partnerships", lambda o: "yes" if o.open_to_partnerships else "no"),
    ("website", lambda o: o.website),
    ("description", lambda o: o.description),
    ("updated", lambda o: o.updated_at.date().isoformat()),
]


@require_GET
def export_csv(request):
    queryset = DirectorySearch(request.GET).results().prefetch_related("sectors", "accreditations")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="portsmouth-directory.csv"'
    writer = csv.writer(response)
    writer.writerow([name for name, _ in EXPORT_COLUMNS])
    for organisation in queryset.iterator(chunk_size=500):
        writer.writerow([safe_cell(get(organisation)) for _, get in EXPORT_COLUMNS])
    return response


def _visible_organisation(request, slug):
    """Published profiles for everyone; other states only for members and moderators."""
    organisation = get_object_or_404(Organisation, slug=slug)
    user = request.user
    if organisation.status == Organisation.Status.PUBLISHED:
        return organisation
    if services.is_moderator(user):
        return organisation
    if organisation.status == Organisation.Status.SUSPENDED:
        return None
    if services.is_member(user, organisation):
        return organisation
    raise Http404("No such organisation")


def _back_link(request):
    back = request.GET.get("back", "")
    # Only the directory's own query string: the link cannot point anywhere else.
    params = QueryDict(back[:2000])
    return reverse("directory:directory") + ("?" + params.urlencode() if params else "")


def _gone(request):
    return render_form(request, "directory/gone.html", status=410)


@require_GET
def profile(request, slug):
    """The public profile. It has no form, so it sets no cookie for anonymous visitors and
    the anonymous page cache can serve it; enquiries go through the contact page."""
    organisation = _visible_organisation(request, slug)
    if organisation is None:
        return _gone(request)
    organisation = with_details(Organisation.objects.filter(pk=organisation.pk)).prefetch_related(
        "accreditations",
        "measures",
        Prefetch(
            "services",
            queryset=Service.objects.filter(status=Service.Status.PUBLISHED),
            to_attr="published_services",
        ),
    )[0]
    user = request.user
    back = request.GET.get("back", "")
    context = {
        "organisation": organisation,
        "back_link_url": _back_link(request),
        "contact_url": reverse("directory:contact", args=[organisation.slug])
        + (("?" + _back_query(back)) if back else ""),
        "is_member": services.is_member(user, organisation),
        "can_join": user.is_authenticated
        and organisation.is_public
        and not services.is_member(user, organisation),
        "has_requested": user.is_authenticated
        and JoinRequest.objects.filter(organisation=organisation, user=user).exists(),
        "panels": render_panels(request, organisation),
    }
    return render_form(request, "directory/profile.html", context)


def _back_query(back):
    params = QueryDict(mutable=True)
    params["back"] = back[:2000]
    return params.urlencode()


@require_http_methods(["GET", "POST"])
def contact(request, slug):
    """The enquiry form for a published organisation (captcha and honeypot for anonymous
    visitors, a few messages an hour per person)."""
    organisation = get_object_or_404(Organisation.objects.published(), slug=slug)
    form = EnquiryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if form.is_spam():
            messages.success(request, f"Your message has been sent to {organisation.name}")
            return redirect(request.get_full_path())
        if not _within_enquiry_limit(request):
            return render_form(
                request,
                "directory/enquiry_limited.html",
                {"organisation": organisation},
                status=429,
            )

        def create():
            _send_enquiry(organisation, form.cleaned_data)
            messages.success(request, f"Your message has been sent to {organisation.name}")
            return request.get_full_path()

        return submit_once(request, form, "directory.enquiry", create)
    back = request.GET.get("back", "")
    return render_form(
        request,
        "directory/contact.html",
        {
            "organisation": organisation,
            "form": form,
            "back_link": reverse("directory:profile", args=[organisation.slug])
            + (("?" + _back_query(back)) if back else ""),
        },
    )


def _within_enquiry_limit(request):
    return ratelimit.allow(request, "directory-enquiry", ENQUIRY_LIMIT, ENQUIRY_WINDOW)


def _send_enquiry(organisation, data):
    recipients = [organisation.email] if organisation.email else organisation.members_emails()
    if recipients:
        send_templated_email(
            recipients,
            "directory/email/enquiry",
            {"organisation": organisation, **data},
            reply_to=data["email"],
        )


# Self-service: /accounts/organisations/


def _membership(request, slug):
    """The user's membership of the organisation, or 404 for anyone else."""
    return get_object_or_404(
        OrganisationMembership.objects.select_related("organisation"),
        organisation__slug=slug,
        user=request.user,
    )


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
    membership = _membership(request, slug)
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
    organisation = _membership(request, slug).organisation
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
    membership = _membership(request, slug)
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
        join_request.delete()
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
