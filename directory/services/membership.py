"""Who belongs to an organisation: join requests, invitations, owners and members."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from portal.emails import send_templated_email

from ..models import Invitation, JoinRequest, OrganisationHistory, OrganisationMembership


def add_member(organisation, user, added_by, role=OrganisationMembership.Role.MEMBER):
    membership, created = OrganisationMembership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    if created:
        OrganisationHistory.objects.create(
            organisation=organisation,
            user=added_by,
            action=OrganisationHistory.Action.MEMBER_ADDED,
            changes={"member": [None, user.email]},
        )
    JoinRequest.objects.filter(organisation=organisation, user=user).delete()
    return membership


def request_to_join(organisation, user, message=""):
    request, created = JoinRequest.objects.get_or_create(
        organisation=organisation, user=user, defaults={"message": message}
    )
    if created:
        owners = organisation.memberships.filter(
            role=OrganisationMembership.Role.OWNER
        ).select_related("user")
        send_templated_email(
            [m.user.email for m in owners],
            "directory/email/join_request",
            {"organisation": organisation, "requester": user, "message": message},
        )
    return request


def decline_join_request(join_request):
    """An owner turns the request down: it goes, and the person may ask again."""
    join_request.delete()


def invite(organisation, email, invited_by):
    invitation = Invitation.objects.create(
        organisation=organisation, email=email.lower(), invited_by=invited_by
    )
    send_templated_email(
        invitation.email,
        "directory/email/invitation",
        {"organisation": organisation, "invitation": invitation, "inviter": invited_by},
    )
    return invitation


@transaction.atomic
def accept_invitation(invitation, user):
    if invitation.accepted_at or invitation.email.lower() != user.email.lower():
        raise PermissionDenied("This invitation is for someone else or has been used")
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return add_member(invitation.organisation, user, invitation.invited_by)


def remove_member(membership, removed_by):
    organisation = membership.organisation
    if (
        membership.role == OrganisationMembership.Role.OWNER
        and organisation.memberships.filter(role=OrganisationMembership.Role.OWNER).count() == 1
    ):
        raise ValidationError("An organisation needs at least one owner")
    OrganisationHistory.objects.create(
        organisation=organisation,
        user=removed_by,
        action=OrganisationHistory.Action.MEMBER_REMOVED,
        changes={"member": [membership.user.email, None]},
    )
    membership.delete()
