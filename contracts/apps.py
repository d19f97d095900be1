from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Contract social value"

    def ready(self):
        from portal import roles

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
