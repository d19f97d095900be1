"""Every operation that changes an organisation's profile, membership, services or moderation
state lives in this package; views, the admin and the import command call it, so the rules live
in one place. One module per concern: `profiles` (members propose, moderators decide, every step
written to OrganisationHistory), `membership`, `offered` (the services an organisation offers)
and `access` (who may do what). The names are re-exported here, so `services.approve(...)`
works."""

from .access import (
    is_member,
    is_moderator,
    is_owner,
)
from .membership import (
    accept_invitation,
    add_member,
    decline_join_request,
    invite,
    remove_member,
    request_to_join,
)
from .offered import (
    SERVICE_FIELDS,
    add_service,
    approve_service,
    ensure_default_service,
    proposed_service_values,
    reject_service,
    service_values,
    submit_service_change,
)
from .profiles import (
    PROFILE_FIELDS,
    RELATION_FIELDS,
    RESERVED_SLUGS,
    UNIQUE_FIELDS,
    approve,
    create_organisation,
    import_organisation,
    profile_values,
    proposed_values,
    record_moderator_edit,
    reinstate,
    reject,
    submit_change,
    suspend,
    unique_slug,
)

__all__ = [
    "is_member",
    "is_moderator",
    "is_owner",
    "accept_invitation",
    "add_member",
    "decline_join_request",
    "invite",
    "remove_member",
    "request_to_join",
    "SERVICE_FIELDS",
    "add_service",
    "approve_service",
    "ensure_default_service",
    "proposed_service_values",
    "reject_service",
    "service_values",
    "submit_service_change",
    "PROFILE_FIELDS",
    "RELATION_FIELDS",
    "RESERVED_SLUGS",
    "UNIQUE_FIELDS",
    "approve",
    "create_organisation",
    "import_organisation",
    "profile_values",
    "proposed_values",
    "record_moderator_edit",
    "reinstate",
    "reject",
    "submit_change",
    "suspend",
    "unique_slug",
]
