"""Member pages: joining, listings, exchanges, statements and the member's own data."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from portal.exports import csv_response
from portal.forms import render_form
from portal.idempotency import submit_once
from portal.links import link_format

from .forms import (
    CloseForm,
    DonateForm,
    ExchangeForm,
    JoinForm,
    ListingFilterForm,
    ListingForm,
    MessageForm,
    RespondForm,
)
from .models import Account, Exchange, Listing, Party
from .permissions import (
    account_for,
    can_edit_listing,
    can_view_exchange,
    is_broker,
    member_required,
    posted,
)
from .services import TimebankError
from .services.exchanges import record_exchange, respond_to_exchange
from .services.listings import listings_current
from .services.membership import apply_for_membership, close_account, donate_to_pot
from .services.messages import send_message
from .statements import describe, statement, statement_page, statement_rows

STATEMENT_PAGE_SIZE = 25


def _home_crumbs(*extra):
    return [{"title": "Time bank", "url": reverse("timebank:home")}, *extra]


def pending_for(account):
    """Exchanges this account still has to confirm or dispute."""
    return (
        Exchange.objects.filter(
            status=Exchange.Status.AWAITING_CONFIRMATION,
            parties__account=account,
            parties__response=Party.Response.PENDING,
        )
        .select_related("recorded_by")
        .order_by("-date", "-pk")
    )


def home(request):
    account = account_for(request.user)
    context = {"account": account, "is_broker": is_broker(request.user)}
    if account and account.is_active_member:
        context.update(
            to_confirm=pending_for(account),
            waiting_on_others=Exchange.objects.filter(
                recorded_by=account,
                status__in=Exchange.OPEN_STATUSES,
            ).order_by("-date", "-pk"),
            recent=statement(account)[:5],
        )
    return render_form(request, "timebank/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def join(request):
    account = account_for(request.user)
    if account and account.status in (Account.Status.APPROVED, Account.Status.PENDING):
        messages.info(request, "You have already applied to join the time bank.")
        return redirect("timebank:home")
    form = JoinForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        details = {name: form.cleaned_data[name] for name in JoinForm.Meta.fields}
        details["organisation"] = form.cleaned_data.get("organisation")
        try:
            apply_for_membership(request.user, **details)
        except TimebankError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Thank you for applying. A broker will check your application and email you.",
            )
            return redirect("timebank:home")
    return render_form(
        request,
        "timebank/join.html",
        {"form": form, "breadcrumbs": _home_crumbs()},
    )


def listings(request):
    form = ListingFilterForm(request.GET or None)
    results = listings_current().select_related("category", "account")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            results = results.filter(
                Q(title__icontains=data["q"]) | Q(description__icontains=data["q"])
            )
        if data["kind"]:
            results = results.filter(kind=data["kind"])
        if data["category"]:
            results = results.filter(category=data["category"])
        if data["neighbourhood"]:
            results = results.filter(neighbourhood=data["neighbourhood"])
    page_obj = Paginator(results, 20).get_page(request.GET.get("page"))
    account = account_for(request.user)
    return render_form(
        request,
        "timebank/listings.html",
        {
            "filter_form": form,
            "has_errors": bool(form.errors),
            "page_obj": page_obj,
            "is_member": bool(account and account.is_active_member),
            "breadcrumbs": _home_crumbs(),
        },
    )


def listing_detail(request, pk):
    listing = get_object_or_404(listings_current().select_related("category", "account"), pk=pk)
    account = account_for(request.user)
    return render_form(
        request,
        "timebank/listing_detail.html",
        {
            "listing": listing,
            "is_member": bool(account and account.is_active_member),
            "is_owner": can_edit_listing(request.user, listing),
            "breadcrumbs": _home_crumbs({"title": "Listings", "url": reverse("timebank:listings")}),
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def listing_form(request, pk=None):
    listing = None
    if pk is not None:
        listing = get_object_or_404(Listing, pk=pk)
        if not can_edit_listing(request.user, listing):
            raise PermissionDenied
    account = request.timebank_account
    initial = {} if listing else {"neighbourhood": account.neighbourhood}
    form = ListingForm(posted(request), instance=listing, initial=initial)
    if request.method == "POST" and form.is_valid():

        def save():
            saved = form.save(commit=False)
            saved.account = account
            saved.save()
            messages.success(request, "Your listing is saved.")
            return reverse("timebank:listing", args=[saved.pk])

        if listing is not None:  # an edit: saving twice changes nothing
            return redirect(save())
        return submit_once(request, form, "timebank.listing", save)
    return render_form(
        request,
        "timebank/listing_form.html",
        {
            "form": form,
            "listing": listing,
            "breadcrumbs": _home_crumbs({"title": "Listings", "url": reverse("timebank:listings")}),
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def message_member(request, pk):
    recipient = get_object_or_404(Account.objects.approved().members(), pk=pk)
    sender = request.timebank_account
    if recipient.pk == sender.pk:
        raise Http404
    listing = None
    if request.GET.get("listing", "").isdigit():
        listing = listings_current().filter(pk=request.GET["listing"]).first()
    form = MessageForm(posted(request))
    if request.method == "POST" and form.is_valid():

        def create():
            send_message(sender, recipient, form.cleaned_data["body"], listing=listing)
            messages.success(request, f"Your message has been sent to {recipient.display_name}.")
            return reverse("timebank:messages")

        try:
            return submit_once(request, form, "timebank.message", create)
        except TimebankError as error:
            form.add_error(None, str(error))
    return render_form(
        request,
        "timebank/message_form.html",
        {
            "form": form,
            "recipient": recipient,
            "listing": listing,
            "back_link": reverse("timebank:messages"),
        },
    )


@member_required
def inbox(request):
    account = request.timebank_account
    received = account.received_messages.select_related("sender", "listing")
    page_obj = Paginator(received, 20).get_page(request.GET.get("page"))
    return render_form(
        request,
        "timebank/messages.html",
        {"page_obj": page_obj, "breadcrumbs": _home_crumbs()},
    )


@member_required
@require_http_methods(["GET", "POST"])
def exchange_create(request):
    account = request.timebank_account
    if request.method == "POST" and ExchangeForm.SEARCH_BUTTON in request.POST:
        form = ExchangeForm.searched(request.POST, account=account)
    elif request.method == "GET" and request.GET.get("listing", "").isdigit():
        listing = listings_current().filter(pk=request.GET["listing"]).first()
        form = (
            ExchangeForm.for_listing(listing, account=account)
            if listing
            else ExchangeForm(account=account)
        )
    else:
        form = ExchangeForm(posted(request), account=account)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        others = list(data["members"])
        gave = data["direction"] == "gave"
        try:
            result = record_exchange(
                account,
                providers=[account] if gave else others,
                recipients=others if gave else [account],
                minutes=data["hours"],
                date=data["date"],
                description=data["description"],
                listing=data["listing"],
                token=data["token"],
            )
        except TimebankError as error:
            form.add_error(None, str(error))
        else:
            if result.created:
                messages.success(
                    request,
                    "The exchange is recorded. The other member has been asked to confirm it.",
                )
            else:
                messages.info(request, "This exchange was already recorded.")
            return redirect("timebank:exchange", pk=result.exchange.pk)
    return render_form(
        request,
        "timebank/exchange_form.html",
        {"form": form, "breadcrumbs": _home_crumbs()},
        status=422 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def exchange_detail(request, pk):
    exchange = get_object_or_404(
        Exchange.objects.select_related("recorded_by", "listing", "category").prefetch_related(
            "parties__account", "transfers__movements__account"
        ),
        pk=pk,
    )
    if not can_view_exchange(request.user, exchange):
        raise Http404
    account = account_for(request.user)
    party = next(
        (p for p in exchange.parties.all() if account and p.account_id == account.pk), None
    )
    can_respond = (
        party is not None
        and party.response == Party.Response.PENDING
        and exchange.status == Exchange.Status.AWAITING_CONFIRMATION
        and exchange.recorded_by_id != account.pk
    )
    form = RespondForm(posted(request))
    if request.method == "POST":
        if party is None:
            raise Http404
        if form.is_valid():
            confirm = form.cleaned_data["answer"] == "confirm"
            try:
                respond_to_exchange(
                    account, exchange, confirm=confirm, reason=form.cleaned_data["reason"]
                )
            except TimebankError as error:
                form.add_error(None, str(error))
            else:
                if confirm:
                    messages.success(request, "Thank you. You have confirmed the exchange.")
                else:
                    messages.success(request, "Thank you. A broker will look at the exchange.")
                return redirect("timebank:exchange", pk=exchange.pk)
    return render_form(
        request,
        "timebank/exchange_detail.html",
        {
            "exchange": exchange,
            "party": party,
            "can_respond": can_respond,
            "form": form,
            "is_broker": is_broker(request.user),
            "breadcrumbs": _home_crumbs(),
        },
    )


@member_required
def statement_view(request):
    account = request.timebank_account
    page_obj = statement_page(account, request.GET.get("page"), STATEMENT_PAGE_SIZE)
    exchange_url = link_format("timebank:exchange", "pk")
    for movement in page_obj:
        movement.description = describe(movement)
        exchange = movement.transfer.exchange_id
        movement.exchange_url = exchange_url.format(exchange) if exchange else ""
    return render_form(
        request,
        "timebank/statement.html",
        {"account": account, "page_obj": page_obj, "breadcrumbs": _home_crumbs()},
    )


@member_required
def statement_csv(request):
    return csv_response("time-bank-statement.csv", statement_rows(request.timebank_account))


@member_required
@require_http_methods(["GET", "POST"])
def donate(request):
    account = request.timebank_account
    form = DonateForm(posted(request))
    if request.method == "POST" and form.is_valid():

        def create():
            donate_to_pot(account, form.cleaned_data["hours"])
            messages.success(request, "Thank you. Your hours are in the community pot.")
            return reverse("timebank:home")

        try:
            return submit_once(request, form, "timebank.donation", create)
        except TimebankError as error:
            form.add_error("hours", str(error))
    return render_form(
        request,
        "timebank/donate.html",
        {"form": form, "account": account, "breadcrumbs": _home_crumbs()},
    )


@login_required
def export_data(request):
    account = account_for(request.user)
    if account is None:
        raise Http404
    fields = [
        "display_name",
        "kind",
        "status",
        "neighbourhood",
        "skills_offered",
        "skills_wanted",
        "availability",
        "access_needs",
        "agreed_terms_at",
        "decision_reason",
        "balance",
        "credit_limit",
        "created_at",
    ]
    data = {
        "account": {name: getattr(account, name) for name in fields},
        "listings": list(
            account.listings.values(
                "kind", "category__name", "title", "description", "neighbourhood", "expires_on"
            )
        ),
        "messages_sent": list(
            account.sent_messages.values("recipient__display_name", "body", "created_at")
        ),
        "messages_received": list(
            account.received_messages.values("sender__display_name", "body", "created_at")
        ),
        "exchanges": list(
            Party.objects.filter(account=account).values(
                "exchange__date",
                "exchange__description",
                "exchange__minutes",
                "exchange__status",
                "role",
                "response",
                "dispute_reason",
            )
        ),
        "movements": list(
            account.movements.order_by("created_at", "pk").values(
                "created_at", "minutes", "transfer__kind", "transfer__reason"
            )
        ),
    }
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="time-bank-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def close(request):
    account = account_for(request.user)
    if account is None or account.status == Account.Status.CLOSED:
        raise Http404
    form = CloseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        close_account(account)
        messages.success(
            request,
            "Your time bank account is closed and your details have been removed.",
        )
        return redirect("timebank:home")
    return render_form(
        request,
        "timebank/close.html",
        {"form": form, "account": account, "breadcrumbs": _home_crumbs()},
    )
