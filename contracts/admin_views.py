"""Staff screens in the Wagtail admin: importing the register, a contract's social value
(commitments, reports to verify, figures, audit history) and the council dashboard."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from contracts import services
from contracts.dashboards import contract_figures, kept_council_figures
from contracts.forms import CommitmentForm, DecisionForm, RegisterUploadForm
from contracts.models import Commitment, Contract, ReportLine, SocialValueStatus
from portal.admin_views import PermissionAdminView, admin_crumbs

CHANGE_PERMISSION = "contracts.change_contract"
ADD_PERMISSION = "contracts.add_contract"
VIEW_PERMISSION = "contracts.view_contract"
VERIFY_PERMISSION = "contracts.verify_report"
DASHBOARD_PERMISSION = "contracts.view_dashboard"


def crumbs(*items):
    return admin_crumbs(("Contracts", reverse("contracts_contract:index")), *items)


class ContractsAdminView(PermissionAdminView):
    header_icon = "doc-full"

    def invalid(self, **context):
        """An invalid form re-renders with its errors and status 422."""
        return self.render_to_response(self.get_context_data(**context), status=422)


class ImportView(ContractsAdminView):
    permission_required = ADD_PERMISSION
    template_name = "contracts/admin/import.html"
    page_title = "Import contracts"

    def get_breadcrumbs_items(self):
        return crumbs(("Import contracts", ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", RegisterUploadForm())
        return context

    def post(self, request, *args, **kwargs):
        form = RegisterUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.invalid(form=form)
        upload = form.cleaned_data["file"]
        try:
            services.check_register_file(upload.name, upload.size)
            result = services.import_register(
                upload.read(), user=request.user, dry_run=form.cleaned_data["dry_run"]
            )
        except services.RegisterFileError as error:
            form.add_error("file", str(error))
            return self.invalid(form=form)
        if not result.ok:
            return self.invalid(form=form, problems=result.errors)
        summary = (
            f"{result.created} new contract{'s' if result.created != 1 else ''} and "
            f"{result.updated} updated; {result.matched} matched to a directory organisation."
        )
        if form.cleaned_data["dry_run"]:
            messages.success(request, f"The file is correct. Importing it would give {summary}")
            return self.render_to_response(self.get_context_data(form=RegisterUploadForm()))
        messages.success(request, f"Contracts imported: {summary}")
        return redirect("contracts_contract:index")


class ContractMixin:
    def load(self, pk, **kwargs):
        self.contract = get_object_or_404(
            Contract.objects.with_figures().select_related("organisation"), pk=pk
        )

    def get_page_title(self):
        return f"{self.contract.reference}: {self.contract.title}"

    def get_breadcrumbs_items(self):
        return crumbs((self.contract.reference, ""))


class ContractView(ContractMixin, ContractsAdminView):
    """A contract's social value: commitments, figures, reports and audit history."""

    permission_required = VIEW_PERMISSION
    template_name = "contracts/admin/contract.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contract = self.contract
        user = self.request.user
        commitments = contract.commitments.select_related("measure__theme", "proposed_by")
        context.update(
            contract=contract,
            commitments=commitments,
            can_change=user.has_perm(CHANGE_PERMISSION),
            can_verify=user.has_perm(VERIFY_PERMISSION),
            audit=contract.audit.select_related("actor")[:50],
            figures=contract_figures(contract),
            reports=self.reports(kwargs.get("failed_form")),
        )
        if context["can_change"]:
            context.setdefault("commitment_form", CommitmentForm(contract=contract))
        return context

    def reports(self, failed_form=None):
        """The reports with their lines, each line waiting for a decision with its form."""
        reports = list(
            self.contract.reports.select_related("submitted_by").prefetch_related(
                "evidence",
                Prefetch(
                    "lines",
                    queryset=ReportLine.objects.select_related("commitment__measure", "decided_by"),
                ),
            )
        )
        for report in reports:
            for line in report.lines.all():
                if line.status == ReportLine.Status.SUBMITTED:
                    prefix = f"line-{line.pk}"
                    line.decision_form = (
                        failed_form
                        if failed_form is not None and failed_form.prefix == prefix
                        else DecisionForm(prefix=prefix)
                    )
        return reports


class CommitmentCreateView(ContractView):
    permission_required = CHANGE_PERMISSION

    def get(self, request, *args, **kwargs):
        return redirect("contracts_admin:contract", self.contract.pk)

    def post(self, request, *args, **kwargs):
        form = CommitmentForm(request.POST, contract=self.contract)
        if not form.is_valid():
            return self.invalid(commitment_form=form)
        commitment = services.add_commitment(form.save(commit=False), request.user)
        messages.success(
            request, f"Commitment set: {commitment}, valued at £{commitment.committed_value:,.2f}."
        )
        return redirect("contracts_admin:contract", self.contract.pk)


class CommitmentDecisionView(ContractMixin, ContractsAdminView):
    """Accept or decline a proposed commitment, or remove one nobody has reported on."""

    permission_required = CHANGE_PERMISSION

    def get(self, request, *args, **kwargs):
        return redirect("contracts_admin:contract", self.contract.pk)

    def post(self, request, *args, commitment_pk, **kwargs):
        commitment = get_object_or_404(
            Commitment.objects.select_related("measure", "contract"),
            pk=commitment_pk,
            contract=self.contract,
        )
        action = request.POST.get("action")
        if action in ("accept", "decline"):
            services.decide_commitment(commitment, request.user, accept=action == "accept")
            messages.success(request, f"Commitment {commitment.get_status_display().lower()}.")
        elif action == "remove":
            if services.remove_commitment(commitment, request.user):
                messages.success(request, "Commitment removed.")
            else:
                messages.error(
                    request, "This commitment has been reported on, so it cannot be removed."
                )
        return redirect("contracts_admin:contract", self.contract.pk)


class DashboardView(ContractsAdminView):
    """Across the council: by department and theme, the value v cost ratio and breakeven."""

    permission_required = DASHBOARD_PERMISSION
    template_name = "contracts/admin/dashboard.html"
    page_title = "Contract social value dashboard"

    def get_breadcrumbs_items(self):
        return crumbs(("Dashboard", ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = kept_council_figures()
        context.update(
            figures=figures,
            statuses=[
                (value, label, figures.by_status.get(value, 0))
                for value, label in SocialValueStatus.choices
            ],
        )
        return context


class LineDecisionView(ContractView):
    """Verify, query or reject one report line."""

    permission_required = VERIFY_PERMISSION

    def get(self, request, *args, **kwargs):
        return redirect("contracts_admin:contract", self.contract.pk)

    def post(self, request, *args, line_pk, **kwargs):
        line = get_object_or_404(
            ReportLine.objects.select_related("report", "commitment__measure"),
            pk=line_pk,
            report__contract=self.contract,
        )
        form = DecisionForm(request.POST, prefix=f"line-{line.pk}")
        if not form.is_valid():
            return self.invalid(failed_form=form)
        if services.decide_line(
            line, request.user, form.cleaned_data["status"], form.cleaned_data["message"].strip()
        ):
            messages.success(request, f"Line {line.get_status_display().lower()}.")
        else:
            messages.info(request, "This line has been decided already.")
        return redirect(reverse("contracts_admin:contract", args=[self.contract.pk]) + "#reports")


class QueueView(ContractsAdminView):
    """Report lines waiting for a contract manager's decision, oldest first."""

    permission_required = VERIFY_PERMISSION
    template_name = "contracts/admin/queue.html"
    page_title = "Reports to verify"

    def get_breadcrumbs_items(self):
        return crumbs(("Reports to verify", ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lines = (
            ReportLine.objects.filter(status=ReportLine.Status.SUBMITTED)
            .select_related("report__contract", "commitment__measure")
            .order_by("report__submitted_at", "pk")
        )
        context["page_obj"] = Paginator(lines, 50).get_page(self.request.GET.get("page"))
        return context
