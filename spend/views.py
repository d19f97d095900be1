"""Staff views in the Wagtail admin: uploads, the supplier review queue and the dashboard."""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from portal.admin_views import PermissionAdminView, admin_crumbs
from portal.exports import csv_response, xlsx_response
from portal.forms import invalid_form_status
from spend import baseline as baseline_module
from spend.exports import baseline_rows, baseline_xlsx
from spend.forms import BaselineFilterForm, ClassifyForm, LinkForm, MappingForm, UploadForm
from spend.models import SpendUpload, Supplier
from spend.services import (
    SpendFileError,
    classify_supplier,
    confirm_match,
    create_upload,
    queue_import,
    reject_match,
    set_column_mapping,
)

UPLOAD_PERMISSION = "spend.add_spendupload"
REVIEW_PERMISSION = "spend.review_supplier"
BASELINE_PERMISSION = "spend.view_baseline"


class SpendAdminView(PermissionAdminView):
    header_icon = "table"


# Uploads


class UploadListView(SpendAdminView):
    permission_required = UPLOAD_PERMISSION
    template_name = "spend/admin/upload_list.html"
    page_title = "Spend uploads"

    def get_breadcrumbs_items(self):
        return admin_crumbs(("Spend uploads", ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or UploadForm()
        uploads = SpendUpload.objects.select_related("uploaded_by")
        context["form"] = form
        context["page_obj"] = Paginator(uploads, 25).get_page(self.request.GET.get("page"))
        return context

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                upload = create_upload(form.cleaned_data["file"], user=request.user)
            except SpendFileError as error:
                form.add_error("file", forms.ValidationError(str(error), code=error.code))
            else:
                if upload.status == SpendUpload.Status.NEEDS_MAPPING:
                    return redirect("spend_admin:mapping", upload.pk)
                queue_import(upload)
                return redirect("spend_admin:upload", upload.pk)
        return self.render_to_response(
            self.get_context_data(form=form), status=invalid_form_status({"form": form})
        )


class UploadDetailView(SpendAdminView):
    """The import's progress while it runs, then its outcome or its report of problems."""

    permission_required = UPLOAD_PERMISSION
    template_name = "spend/admin/upload_detail.html"

    def get_page_title(self):
        return f"Spend upload: {self.upload.original_name}"

    def get_breadcrumbs_items(self):
        return admin_crumbs(
            ("Spend uploads", reverse("spend_admin:uploads")), (self.upload.original_name, "")
        )

    def load(self, pk):
        self.upload = get_object_or_404(SpendUpload, pk=pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["upload"] = self.upload
        context["to_review"] = Supplier.objects.filter(
            match_status__in=[Supplier.MatchStatus.UNMATCHED, Supplier.MatchStatus.SUGGESTED]
        ).count()
        return context


class MappingView(SpendAdminView):
    permission_required = UPLOAD_PERMISSION
    template_name = "spend/admin/mapping.html"
    page_title = "Match the columns"

    def get_breadcrumbs_items(self):
        return admin_crumbs(
            ("Spend uploads", reverse("spend_admin:uploads")), ("Match the columns", "")
        )

    def load(self, pk):
        self.upload = get_object_or_404(SpendUpload, pk=pk)

    def get_form(self):
        return MappingForm(
            self.request.POST if self.request.method == "POST" else None,
            headers=self.upload.headers,
            initial_mapping=self.upload.column_mapping,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["upload"] = self.upload
        context["form"] = kwargs.get("form") or self.get_form()
        return context

    def get(self, request, *args, **kwargs):
        if self.upload.status != SpendUpload.Status.NEEDS_MAPPING:
            return redirect("spend_admin:upload", self.upload.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.upload.status != SpendUpload.Status.NEEDS_MAPPING:
            return redirect("spend_admin:upload", self.upload.pk)
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=422)
        set_column_mapping(self.upload, form.mapping())
        return redirect("spend_admin:upload", self.upload.pk)


# Supplier review queue


class ReviewQueueView(SpendAdminView):
    permission_required = REVIEW_PERMISSION
    template_name = "spend/admin/review_queue.html"
    page_title = "Suppliers to review"

    FILTERS = {
        "review": ("To review", Q(match_status__in=["unmatched", "suggested"])),
        "suggested": ("Matched by name", Q(match_status="suggested")),
        "unmatched": ("Not matched", Q(match_status="unmatched")),
        "decided": ("Decided", Q(match_status__in=["matched", "confirmed", "classified"])),
    }

    def get_breadcrumbs_items(self):
        return admin_crumbs(("Suppliers to review", ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show = self.request.GET.get("show")
        if show not in self.FILTERS:
            show = "review"
        suppliers = (
            Supplier.objects.filter(self.FILTERS[show][1])
            .select_related("organisation")
            .annotate(spend=Sum("payments__amount"), payment_count=Count("payments"))
            .order_by("-spend", "name")
        )
        query = self.request.GET.get("q", "").strip()
        if query:
            suppliers = suppliers.filter(name__icontains=query)
        context.update(
            show=show,
            query=query,
            filters=[(key, label) for key, (label, _q) in self.FILTERS.items()],
            page_obj=Paginator(suppliers, 50).get_page(self.request.GET.get("page")),
        )
        return context


class SupplierReviewView(SpendAdminView):
    permission_required = REVIEW_PERMISSION
    template_name = "spend/admin/supplier_review.html"

    def load(self, pk):
        self.supplier = get_object_or_404(
            Supplier.objects.select_related("organisation", "rejected_organisation"), pk=pk
        )

    def get_page_title(self):
        return f"Review supplier: {self.supplier.name}"

    def get_breadcrumbs_items(self):
        return admin_crumbs(
            ("Suppliers to review", reverse("spend_admin:review_queue")), (self.supplier.name, "")
        )

    def _initial(self):
        def answer(value):
            return {True: "yes", False: "no"}.get(value, "")

        supplier = self.supplier
        return {
            "is_local": answer(supplier.is_local),
            "is_sme": answer(supplier.is_sme),
            "is_vcse": answer(supplier.is_vcse),
            "postcode": supplier.postcode,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = self.supplier.payments.aggregate(spend=Sum("amount"), count=Count("pk"))
        context.update(
            supplier=self.supplier,
            totals=totals,
            recent_payments=self.supplier.payments.order_by("-payment_date")[:10],
            classify_form=kwargs.get("classify_form") or ClassifyForm(initial=self._initial()),
            link_form=kwargs.get("link_form") or LinkForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        supplier = self.supplier
        if action == "confirm" and supplier.organisation_id:
            confirm_match(supplier, request.user)
            messages.success(request, f"{supplier.name} is confirmed as {supplier.organisation}.")
        elif action == "reject" and supplier.organisation_id:
            rejected = supplier.organisation
            reject_match(supplier, request.user)
            messages.success(
                request, f"{supplier.name} is not {rejected}. Classify it or link another."
            )
            return redirect("spend_admin:supplier", supplier.pk)
        elif action == "link":
            form = LinkForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(link_form=form), status=422)
            confirm_match(supplier, request.user, organisation=form.cleaned_data["organisation"])
            messages.success(request, f"{supplier.name} is linked to {supplier.organisation}.")
        elif action == "classify":
            form = ClassifyForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(
                    self.get_context_data(classify_form=form), status=422
                )
            classify_supplier(supplier, request.user, **form.decision())
            messages.success(request, f"{supplier.name} is classified.")
        else:
            return redirect("spend_admin:supplier", supplier.pk)
        return redirect(next_to_review(supplier))


def next_to_review(after):
    """Back to the queue, or straight to the next supplier waiting there."""
    following = (
        Supplier.objects.filter(match_status__in=["unmatched", "suggested"])
        .exclude(pk=after.pk)
        .order_by("name")
        .values_list("pk", flat=True)
        .first()
    )
    if following is None:
        return reverse("spend_admin:review_queue")
    return reverse("spend_admin:supplier", args=[following])


# Dashboard


def _latest_year(years):
    if years:
        return baseline_module.financial_year(years[0])
    today = date.today()
    return baseline_module.financial_year(today.year if today.month >= 4 else today.year - 1)


class BaselineMixin:
    def get_baseline(self):
        years = baseline_module.spend_years()
        start, end = _latest_year(years)
        form = BaselineFilterForm(
            self.request.GET or None,
            initial={"start": start, "end": end},
            departments=baseline_module.departments(),
        )
        department = None
        if form.is_bound and form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            department = form.cleaned_data["department"] or None
        self.years, self.form = years, form
        if form.is_bound and not form.is_valid():
            return None
        return baseline_module.compute_baseline(start, end, department)


class DashboardView(BaselineMixin, SpendAdminView):
    permission_required = BASELINE_PERMISSION
    template_name = "spend/admin/dashboard.html"
    page_title = "Local spend baseline"

    def get_breadcrumbs_items(self):
        return admin_crumbs(("Local spend baseline", ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        baseline = self.get_baseline()
        context.update(
            baseline=baseline,
            form=self.form,
            year_links=[
                (f"{year} to {year + 1}", *baseline_module.financial_year(year))
                for year in self.years
            ],
            query_string=self.request.GET.urlencode(),
            to_review=Supplier.objects.filter(match_status__in=["unmatched", "suggested"]).count(),
        )
        return context


class ExportView(BaselineMixin, SpendAdminView):
    permission_required = BASELINE_PERMISSION
    export_format = "csv"

    def get(self, request, *args, **kwargs):
        baseline = self.get_baseline()
        if baseline is None:
            return redirect(reverse("spend_admin:dashboard") + "?" + request.GET.urlencode())
        name = f"local-spend-{baseline.start:%Y%m%d}-{baseline.end:%Y%m%d}"
        if self.export_format == "xlsx":
            return xlsx_response(f"{name}.xlsx", baseline_xlsx(baseline))
        return csv_response(f"{name}.csv", baseline_rows(baseline))
