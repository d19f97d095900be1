"""Who may do what with an organisation's profile."""

from portal import roles

from ..models import OrganisationMembership


def is_moderator(user):
    return roles.user_has_role(user, roles.MODERATORS)


def is_member(user, organisation):
    return user.is_authenticated and organisation.memberships.filter(user=user).exists()


def is_owner(user, organisation):
    return (
        user.is_authenticated
        and organisation.memberships.filter(
            user=user, role=OrganisationMembership.Role.OWNER
        ).exists()
    )
