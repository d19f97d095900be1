"""Admin views: the TOMs CSV import and the report of guidance pages due for review."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import PageReportView
from wagtail.snippets.permissions import get_permission_name

from guidance.forms import MeasureImportForm
from guidance.models import GuidancePage, Measure
from guidance.services import CSV_COLUMNS, MeasureImportError, import_measures
from portal.exports import FormulaSafeExportMixin


class MeasureImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a TOMs CSV; every row is checked and nothing is saved unless all are valid."""

    form_class = MeasureImportForm
    template_name = "guidance/admin/measure_import.html"
    page_title = "Import TOMs measures"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        needed = [get_permission_name(action, Measure) for action in ("add", "change")]
        if not request.user.has_perms(needed):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailsnippets_guidance_measure:list"), "label": "Measures"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("import_errors", [])
        context["columns"] = CSV_COLUMNS
        return context

    def form_valid(self, form):
        try:
            summary = import_measures(form.cleaned_data["file"].read())
        except MeasureImportError as problem:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=problem.errors)
            )
        messages.success(
            self.request,
            f"Imported the file: {summary.created} measures added, {summary.updated} updated.",
        )
        return redirect("wagtailsnippets_guidance_measure:list")


class ReviewDueReportView(FormulaSafeExportMixin, PageReportView):
    """Guidance pages whose review date has passed, oldest first."""

    page_title = "Guidance due for review"
    header_icon = "time"
    results_template_name = "guidance/admin/review_due_results.html"
    index_url_name = "guidance_review_due"
    index_results_url_name = "guidance_review_due_results"
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "last_reviewed", "review_due", "status_string"]
    export_headings = {"status_string": "Status"}

    def get_filename(self):
        return f"guidance-due-for-review-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        self.queryset = GuidancePage.objects.filter(
            pk__in=editable.values("pk"), review_due__lt=timezone.localdate()
        ).order_by("review_due", "title")
        return super().get_queryset()
