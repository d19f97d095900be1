"""Create forms that create once, however many times the same POST arrives.

A create form adds `OneTimeTokenField` as `form_token` (`OneTimeTokenMixin` does it), so each
form the portal renders carries a fresh token. The view then runs its create through
`submit_once`:

    if form.is_valid():
        return submit_once(request, form, "directory.create-organisation", create)

`create()` does the work and returns the URL to go to. The first POST with a token claims it
in the same transaction as the create; a repeat of that POST (while or after the first runs)
is sent to the first result's URL and creates nothing. A POST without a token (an old page,
a script) gets a token derived from who sent it and exactly what they sent, so an identical
repeat is still caught.
"""

import hashlib
import uuid
from datetime import timedelta

from django import forms
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone

from portal import ratelimit
from portal.models import SubmissionToken


class OneTimeTokenMixin:
    """Adds the hidden one-time `form_token` field to a create form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_token"] = forms.UUIDField(
            widget=forms.HiddenInput, required=False, initial=uuid.uuid4
        )


def _token_for(request, form, purpose):
    token = form.cleaned_data.get("form_token") if hasattr(form, "cleaned_data") else None
    if token:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"{purpose}:{token}")
    user = getattr(request, "user", None)
    sender = f"user:{user.pk}" if user and user.is_authenticated else ratelimit.client_ip(request)
    sent = sorted(
        (key, tuple(request.POST.getlist(key)))
        for key in request.POST
        if key not in {"csrfmiddlewaretoken", "captcha_0", "captcha_1"}
    )
    files = sorted((name, upload.name, upload.size) for name, upload in request.FILES.items())
    digest = hashlib.sha256(repr((purpose, sender, sent, files)).encode()).hexdigest()
    return uuid.UUID(digest[:32])


def submit_once(request, form, purpose, create):
    """Run `create()` (returning a URL) once per form token; a repeat goes to the first URL."""
    token = _token_for(request, form, purpose)
    try:
        with transaction.atomic():
            claim = SubmissionToken.objects.create(token=token, purpose=purpose)
            url = create()
            claim.result_url = str(url)
            claim.save(update_fields=["result_url"])
    except IntegrityError:
        first = SubmissionToken.objects.filter(token=token).first()
        if first is None:
            raise
        return redirect(first.result_url or "/")
    return redirect(url)


# A repeat of a POST comes within minutes (double click, resend after a timeout); a week
# covers a browser's history too.
KEEP_TOKENS_FOR = timedelta(days=7)


def prune_tokens(now=None):
    """Delete the claimed tokens older than KEEP_TOKENS_FOR; returns how many went."""
    cutoff = (now or timezone.now()) - KEEP_TOKENS_FOR
    deleted, _ = SubmissionToken.objects.filter(created_at__lt=cutoff).delete()
    return deleted
