from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "opportunities"
    verbose_name = "Opportunities"

    def ready(self):
        from wagtail.signals import page_published

        from portal import roles
        from portal.accounts.sections import register_section

        from . import signals

        roles.grant(
            roles.PROCUREMENT_OFFICERS,
            "opportunities.view_interest",
            "opportunities.view_clarification",
            "opportunities.change_clarification",
            "wagtaildocs.add_document",
            "wagtaildocs.choose_document",
        )
        register_section(template="opportunities/includes/account_section.html", order=40)
        from django.db.models.signals import post_save

        from .models import OpportunityIndexPage

        post_save.connect(
            signals.index_page_saved,
            sender=OpportunityIndexPage,
            dispatch_uid="opportunities.index_page_saved",
        )
        page_published.connect(
            signals.opportunity_published, dispatch_uid="opportunities.opportunity_published"
        )
