"""An organisation's public profile and the enquiry form that contacts it."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from portal import ratelimit
from portal.emails import send_templated_email
from portal.forms import render_form
from portal.idempotency import submit_once

from .. import services
from ..forms import EnquiryForm
from ..models import JoinRequest, Organisation, Service
from ..profile_panels import render_panels
from ..search import with_details

# Enquiries one person (IP address or account) may send in an hour.
ENQUIRY_LIMIT = 5
ENQUIRY_WINDOW = 60 * 60


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
    send_templated_email(
        recipients,
        "directory/email/enquiry",
        {"organisation": organisation, **data},
        reply_to=data["email"],
    )
