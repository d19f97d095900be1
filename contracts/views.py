"""The supplier's own view on the public site: their contracts, what is due, reports with
evidence, proposals, answers to queries; and evidence downloads for permitted people."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from contracts import services
from contracts.forms import AnswerForm, ProposalForm, ReportForm
from contracts.models import Commitment, Contract, Evidence, ReportLine
from contracts.reporting import expected_reports, find_expected
from portal.storage import private_file_response

# Reports due within this many days are listed as due on "Your contracts".
DUE_SOON = timedelta(days=45)


def _own_contract(request, pk):
    """A contract of one of the user's organisations; anyone else's is "not found"."""
    contract = (
        Contract.objects.for_user(request.user)
        .with_figures()
        .select_related("organisation")
        .filter(pk=pk)
        .first()
    )
    if contract is None:
        raise Http404("No such contract")
    return contract


def _crumbs(contract=None):
    items = [
        {"title": "Your account", "url": reverse("accounts:home")},
        {"title": "Your contracts", "url": reverse("contracts:mine")},
    ]
    if contract is not None:
        items.append(
            {"title": contract.reference, "url": reverse("contracts:detail", args=[contract.pk])}
        )
    return items


def _form_page(request, template, contract, form, **context):
    """A form page; after a POST that failed its checks, with status 422."""
    return render(
        request,
        template,
        {"contract": contract, "form": form, "breadcrumbs": _crumbs(contract), **context},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def my_contracts(request):
    contracts = (
        Contract.objects.for_user(request.user)
        .with_figures()
        .select_related("organisation")
        .order_by("-start_date", "reference")
        .distinct()
    )
    page = Paginator(contracts, 20).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = []
    for contract in page:
        due = [
            item
            for item in expected_reports(contract, reports=contract.reports.all())
            if item.report is None and item.due_on - DUE_SOON <= today
        ]
        rows.append((contract, due))
    return render(
        request,
        "contracts/mine.html",
        {
            "page_obj": page,
            "rows": rows,
            "today": today,
            "breadcrumbs": _crumbs()[:1],
        },
    )


@login_required
def contract_detail(request, pk):
    contract = _own_contract(request, pk)
    reports = list(contract.reports.prefetch_related("evidence"))
    lines = (
        ReportLine.objects.filter(report__contract=contract)
        .select_related("report", "commitment__measure")
        .order_by("report__period_start", "report__kind", "commitment__pk")
    )
    return render(
        request,
        "contracts/detail.html",
        {
            "contract": contract,
            "commitments": contract.commitments.exclude(
                status=Commitment.Status.DECLINED
            ).select_related("measure__theme"),
            "expected": expected_reports(contract, reports=reports),
            "reports": reports,
            "lines": lines,
            "today": timezone.localdate(),
            "breadcrumbs": _crumbs(),
        },
    )


def _due_or_404(contract, kind, period_start):
    try:
        start = date.fromisoformat(period_start)
    except ValueError:
        raise Http404("No such report") from None
    due = find_expected(contract, kind, start)
    if due is None:
        raise Http404("No such report")
    return due


@login_required
@require_http_methods(["GET", "POST"])
def send_report(request, pk, kind, period_start):
    contract = _own_contract(request, pk)
    due = _due_or_404(contract, kind, period_start)
    if due.report is not None:
        messages.info(request, f"The {due.label.lower()} has been sent already.")
        return redirect("contracts:detail", contract.pk)
    commitments = services.commitments_for(contract, due)
    if not commitments:
        messages.info(request, "There are no commitments to report on for this period yet.")
        return redirect("contracts:detail", contract.pk)
    form = ReportForm(request.POST or None, request.FILES or None, commitments=commitments)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_report(
                contract,
                due,
                request.user,
                form.quantities(),
                note=form.cleaned_data["note"],
                files=form.cleaned_data["evidence"],
            )
        except services.AlreadySent:
            messages.info(request, f"The {due.label.lower()} has been sent already.")
        else:
            messages.success(
                request, f"Your {due.label.lower()} has been sent to the contract manager."
            )
        return redirect("contracts:detail", contract.pk)
    return _form_page(request, "contracts/report_form.html", contract, form, due=due)


@login_required
@require_http_methods(["GET", "POST"])
def propose(request, pk):
    contract = _own_contract(request, pk)
    form = ProposalForm(request.POST or None, contract=contract)
    if request.method == "POST" and form.is_valid():
        services.add_commitment(form.save(commit=False), request.user, proposed=True)
        messages.success(request, "Your proposed commitment has been sent to the council.")
        return redirect("contracts:detail", contract.pk)
    return _form_page(request, "contracts/propose.html", contract, form)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, pk, line_pk):
    contract = _own_contract(request, pk)
    line = get_object_or_404(
        ReportLine.objects.select_related("report", "commitment__measure"),
        pk=line_pk,
        report__contract=contract,
    )
    if line.status != ReportLine.Status.QUERIED:
        messages.info(request, "This line is not waiting for an answer.")
        return redirect("contracts:detail", contract.pk)
    form = AnswerForm(request.POST or None, initial={"quantity": line.quantity})
    form.fields["quantity"].label = f"{line.commitment.measure.unit.capitalize()}s delivered"
    if request.method == "POST" and form.is_valid():
        services.answer_query(
            line, request.user, form.cleaned_data["quantity"], form.cleaned_data["reply"]
        )
        messages.success(request, "Your answer has been sent to the contract manager.")
        return redirect("contracts:detail", contract.pk)
    return _form_page(request, "contracts/answer.html", contract, form, line=line)


@login_required
def evidence_file(request, pk):
    """An evidence file, for the supplier's members and the council's contract staff."""
    evidence = get_object_or_404(Evidence.objects.select_related("report__contract"), pk=pk)
    contract = evidence.report.contract
    allowed = request.user.has_perm("contracts.view_contract") or (
        Contract.objects.for_user(request.user).filter(pk=contract.pk).exists()
    )
    if not allowed:
        raise Http404("No such file")
    return private_file_response(evidence.file, evidence.original_name, evidence.content_type)
