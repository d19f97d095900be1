"""Who may see and do what in the time bank: checked here once, used by every view."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from portal.roles import BROKERS, user_has_role

from .models import Account


def account_for(user):
    if not user.is_authenticated:
        return None
    return Account.objects.filter(user=user).first()


def is_broker(user):
    return user_has_role(user, BROKERS)


def member_required(view):
    """Signed in with an approved account; the account is passed to the view."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        account = account_for(request.user)
        if account is None or not account.is_active_member:
            messages.info(request, "You need an approved time bank membership to do that.")
            return redirect("timebank:home")
        request.timebank_account = account
        return view(request, *args, **kwargs)

    return wrapper


def broker_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_broker(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def can_view_exchange(user, exchange):
    if is_broker(user):
        return True
    account = account_for(user)
    return account is not None and any(
        party.account_id == account.pk for party in exchange.parties.all()
    )


def can_edit_listing(user, listing):
    account = account_for(user)
    return account is not None and listing.account_id == account.pk and account.is_active_member


def posted(request):
    """The POST data to bind a form to, even when empty; None for a GET."""
    return request.POST if request.method == "POST" else None
