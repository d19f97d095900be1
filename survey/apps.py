from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "survey"
    verbose_name = "Barriers survey"

    def ready(self):
        from portal import roles
        from portal.accounts.sections import register_section

        roles.grant(roles.ANALYSTS, "survey.view_results")
        roles.grant(
            roles.EDITORS,
            "survey.add_channel",
            "survey.change_channel",
            "survey.delete_channel",
            "survey.view_channel",
        )
        register_section(template="survey/includes/account_section.html", order=30)
