from django.apps import AppConfig


class SpendConfig(AppConfig):
    name = "spend"
    verbose_name = "Local spend baseline"

    def ready(self):
        from portal import roles

        roles.grant(
            roles.ANALYSTS,
            "spend.view_baseline",
            "spend.add_spendupload",
            "spend.review_supplier",
        )
        roles.grant(roles.EDITORS, "spend.view_baseline")
