"""Broker pages: the membership queue, exchanges waiting for a broker, disputes, reversals,
credit limits and the monthly report."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from portal.exports import csv_response
from portal.forms import render_form

from .forms import DecisionForm, LimitForm, ReasonForm, ReportForm, ResolveForm
from .models import Account, Exchange, Transfer, format_minutes
from .permissions import broker_required, posted
from .reports import monthly_report
from .services import TimebankError
from .services.exchanges import broker_approve_exchange, broker_void_exchange
from .services.ledger import reverse_transfer
from .services.membership import approve_member, decline_member, set_credit_limit

QUEUE_STATUSES = [Exchange.Status.AWAITING_APPROVAL, Exchange.Status.DISPUTED]


def _crumbs(*extra):
    return [
        {"title": "Time bank", "url": reverse("timebank:home")},
        {"title": "Broker", "url": reverse("timebank:broker")},
        *extra,
    ]


@broker_required
def dashboard(request):
    return render_form(
        request,
        "timebank/broker/dashboard.html",
        {
            "applications": Account.objects.filter(status=Account.Status.PENDING).count(),
            "awaiting_approval": Exchange.objects.filter(
                status=Exchange.Status.AWAITING_APPROVAL
            ).count(),
            "disputed": Exchange.objects.filter(status=Exchange.Status.DISPUTED).count(),
            "breadcrumbs": _crumbs()[:1],
        },
    )


@broker_required
def applications(request):
    queue = Account.objects.filter(status=Account.Status.PENDING).order_by("created_at", "pk")
    page_obj = Paginator(queue, 25).get_page(request.GET.get("page"))
    return render_form(
        request,
        "timebank/broker/applications.html",
        {"page_obj": page_obj, "breadcrumbs": _crumbs()},
    )


@broker_required
@require_http_methods(["GET", "POST"])
def application(request, pk):
    account = get_object_or_404(
        Account.objects.select_related("user", "organisation"),
        pk=pk,
        status=Account.Status.PENDING,
    )
    form = DecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                approve_member(
                    account,
                    by=request.user,
                    references_checked=data["references_checked"],
                    reason=data["reason"],
                )
                messages.success(request, f"{account.display_name} is now a member.")
            else:
                decline_member(account, by=request.user, reason=data["reason"])
                messages.success(request, f"{account.display_name}'s application is declined.")
        except TimebankError as error:
            form.add_error(None, str(error))
        else:
            return redirect("timebank:broker_applications")
    return render_form(
        request,
        "timebank/broker/application.html",
        {
            "account": account,
            "form": form,
            "breadcrumbs": _crumbs(
                {"title": "Applications", "url": reverse("timebank:broker_applications")}
            ),
        },
    )


@broker_required
def exchange_queue(request):
    queue = (
        Exchange.objects.filter(status__in=QUEUE_STATUSES)
        .select_related("recorded_by")
        .order_by("date", "pk")
    )
    page_obj = Paginator(queue, 25).get_page(request.GET.get("page"))
    return render_form(
        request,
        "timebank/broker/exchanges.html",
        {"page_obj": page_obj, "breadcrumbs": _crumbs()},
    )


@broker_required
@require_http_methods(["GET", "POST"])
def resolve_exchange(request, pk):
    exchange = get_object_or_404(
        Exchange.objects.prefetch_related("parties__account"), pk=pk, status__in=QUEUE_STATUSES
    )
    form = ResolveForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "approve":
                broker_approve_exchange(exchange, by=request.user, note=data["note"])
                messages.success(request, "The exchange is approved and the hours are posted.")
            else:
                broker_void_exchange(exchange, by=request.user, note=data["note"])
                messages.success(request, "The exchange is void; no hours moved.")
        except TimebankError as error:
            form.add_error(None, str(error))
        else:
            return redirect("timebank:broker_exchanges")
    return render_form(
        request,
        "timebank/broker/resolve.html",
        {
            "exchange": exchange,
            "form": form,
            "breadcrumbs": _crumbs(
                {"title": "Exchanges to check", "url": reverse("timebank:broker_exchanges")}
            ),
        },
    )


@broker_required
def accounts(request):
    query = request.GET.get("q", "").strip()
    results = Account.objects.exclude(status=Account.Status.PENDING)
    if query:
        results = results.filter(Q(display_name__icontains=query) | Q(neighbourhood=query.upper()))
    page_obj = Paginator(results.order_by("display_name", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render_form(
        request,
        "timebank/broker/accounts.html",
        {"page_obj": page_obj, "query": query, "breadcrumbs": _crumbs()},
    )


@broker_required
@require_http_methods(["GET", "POST"])
def account_limit(request, pk):
    account = get_object_or_404(Account.objects.members(), pk=pk)
    form = LimitForm(posted(request), initial={"limit": format_minutes(account.credit_limit)})
    if request.method == "POST" and form.is_valid():
        try:
            set_credit_limit(account, form.cleaned_data["limit"], by=request.user)
        except TimebankError as error:
            form.add_error("limit", str(error))
        else:
            messages.success(request, f"{account.display_name}'s limit is updated.")
            return redirect("timebank:broker_accounts")
    return render_form(
        request,
        "timebank/broker/limit.html",
        {
            "account": account,
            "form": form,
            "breadcrumbs": _crumbs(
                {"title": "Accounts", "url": reverse("timebank:broker_accounts")}
            ),
        },
    )


@broker_required
def transfers(request):
    results = (
        Transfer.objects.select_related("exchange", "reverses")
        .prefetch_related("movements__account")
        .order_by("-created_at", "-pk")
    )
    page_obj = Paginator(results, 50).get_page(request.GET.get("page"))
    reversed_ids = set(
        Transfer.objects.filter(reverses__in=[transfer.pk for transfer in page_obj]).values_list(
            "reverses_id", flat=True
        )
    )
    return render_form(
        request,
        "timebank/broker/transfers.html",
        {"page_obj": page_obj, "reversed_ids": reversed_ids, "breadcrumbs": _crumbs()},
    )


@broker_required
@require_http_methods(["GET", "POST"])
def reverse_view(request, pk):
    transfer = get_object_or_404(
        Transfer.objects.prefetch_related("movements__account").select_related("exchange"),
        pk=pk,
    )
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            reverse_transfer(transfer, reason=form.cleaned_data["reason"], by=request.user)
        except TimebankError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Transfer {transfer.pk} is reversed.")
            return redirect("timebank:broker_transfers")
    return render_form(
        request,
        "timebank/broker/reverse.html",
        {
            "transfer": transfer,
            "form": form,
            "breadcrumbs": _crumbs(
                {"title": "Transfers", "url": reverse("timebank:broker_transfers")}
            ),
        },
    )


def _report_year(request):
    form = ReportForm(request.GET or None, initial={"year": timezone.localdate().year})
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year
    return form, year


@broker_required
def report(request):
    form, year = _report_year(request)
    return render_form(
        request,
        "timebank/broker/report.html",
        {
            "form": form,
            "report": monthly_report(year),
            "breadcrumbs": _crumbs(),
        },
    )


@broker_required
def report_csv(request):
    _, year = _report_year(request)
    data = monthly_report(year)
    rows = [["Section", "Name", "Hours", "Exchanges", "Active members", "Social value (£)"]]
    for row in data.months:
        rows.append(
            ["Month", row.name, f"{row.hours:.2f}", row.exchanges, row.active_members, row.value]
        )
    for section, named in (
        ("Category", data.by_category),
        ("Neighbourhood", data.by_neighbourhood),
    ):
        rows += [
            [section, row["name"], f"{row['hours']:.2f}", row["exchanges"], "", row["value"]]
            for row in named
        ]
    rows.append(
        ["Total", year, f"{data.total_hours:.2f}", data.total_exchanges, "", data.total_value]
    )
    return csv_response(f"time-bank-report-{year}.csv", rows)
