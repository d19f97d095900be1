from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Contract social value"

    def ready(self):
        from directory.profile_panels import register_panel
        from portal import roles
        from portal.accounts.sections import register_section

        roles.grant(
            roles.CONTRACT_MANAGERS,
            *[
                f"contracts.{action}_{model}"
                for action in ("add", "change", "delete", "view")
                for model in ("contract", "commitment")
            ],
            "contracts.verify_report",
            "contracts.view_dashboard",
        )
        roles.grant(roles.ANALYSTS, "contracts.view_contract", "contracts.view_dashboard")
        register_section(template="contracts/includes/account_section.html", order=45)
        register_panel(_verified_social_value, order=30)


def _verified_social_value(request, organisation):
    """The organisation's verified social value on council contracts, on its profile."""
    from django.db.models import Sum
    from django.template.loader import render_to_string

    from contracts.models import ReportLine

    total = (
        ReportLine.objects.counted()
        .filter(
            report__contract__organisation=organisation,
            status=ReportLine.Status.VERIFIED,
        )
        .aggregate(total=Sum("value"))["total"]
    )
    if not total:
        return ""
    return render_to_string(
        "contracts/includes/profile_panel.html", {"total": total, "organisation": organisation}
    )
