"""Who may run the awards: the awards administrators and the judges."""

from portal import roles


def is_administrator(user):
    return roles.user_has_role(user, roles.AWARDS_ADMINISTRATORS)


def is_judge(user):
    return roles.user_has_role(user, roles.JUDGES)


def administrator_emails():
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(groups__name=roles.AWARDS_ADMINISTRATORS, is_active=True)
        .values_list("email", flat=True)
    )
