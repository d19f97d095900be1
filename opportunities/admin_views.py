"""Procurement officers' screens in the Wagtail admin: interest per opportunity and the
share of reserved awards that went to local suppliers, SMEs and VCSEs."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import reverse

from portal.admin_views import PermissionAdminView, admin_crumbs

from . import services
from .models import OpportunityPage

VIEW_INTEREST = "opportunities.view_interest"
PER_PAGE = 25


class ProcurementAdminView(PermissionAdminView):
    header_icon = "doc-full"
    permission_required = VIEW_INTEREST


class InterestIndexView(ProcurementAdminView):
    template_name = "opportunities/admin/interest_index.html"
    page_title = "Interest in opportunities"

    def get_breadcrumbs_items(self):
        return admin_crumbs((self.page_title, ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opportunities = (
            OpportunityPage.objects.annotate(
                interest_count=Count("interests", distinct=True),
                question_count=Count("clarifications", distinct=True),
            )
            .select_related("sector")
            .order_by("-closing_at", "-pk")
        )
        context["page_obj"] = Paginator(opportunities, PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        context["shares"] = services.reserved_award_shares()
        return context


class InterestDetailView(ProcurementAdminView):
    template_name = "opportunities/admin/interest_detail.html"

    def load(self, pk):
        self.opportunity = get_object_or_404(OpportunityPage, pk=pk)

    def get_page_title(self):
        return f"Interest in {self.opportunity.title}"

    def get_breadcrumbs_items(self):
        return admin_crumbs(
            ("Interest in opportunities", reverse("opportunities_admin:interest")),
            (self.opportunity.title, ""),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["opportunity"] = self.opportunity
        context["interests"] = self.opportunity.interests.select_related("organisation", "user")
        context["clarifications"] = self.opportunity.clarifications.all()
        return context
