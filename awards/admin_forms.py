from django.contrib.auth import get_user_model
from wagtail.admin.forms import WagtailAdminModelForm

from portal import roles


class CategoryAdminForm(WagtailAdminModelForm):
    """Only people in the Judges role can be assigned to judge a category."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        judges = self.fields.get("judges")
        if judges is not None:
            judges.queryset = (
                get_user_model()
                .objects.filter(groups__name=roles.JUDGES, is_active=True)
                .order_by("last_name", "first_name", "email")
            )
            judges.label_from_instance = lambda user: (
                f"{user.get_full_name()} ({user.email})" if user.get_full_name() else user.email
            )
