"""The rules of the opportunities board: who may bid for a reserved opportunity, interest,
questions, alerts and the share of reserved awards. Views and commands call these."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from directory.models import Organisation
from portal import roles
from portal.emails import send_templated_email

from .models import (
    AlertDelivery,
    AlertSubscription,
    Clarification,
    Interest,
    OpportunityPage,
    value_band_of,
)


def is_procurement_officer(user):
    return roles.user_has_role(user, roles.PROCUREMENT_OFFICERS)


@dataclass
class Eligibility:
    organisation: Organisation
    reasons: list = field(default_factory=list)

    @property
    def eligible(self):
        return not self.reasons


def eligibility(opportunity, organisation):
    """Whether `organisation` may bid, and every reason it may not.

    PPN 11/20 lets a below-threshold opportunity be reserved by supplier location and for
    SMEs and VCSEs. Location is one test; SME and VCSE together mean either will do. Locality
    is the directory's own rule (the postcode district, recorded on the profile).
    """
    result = Eligibility(organisation)
    if not organisation.is_public:
        result.reasons.append(
            f"{organisation.name}'s profile is not published in the directory yet"
        )
    if opportunity.reserved_local and not organisation.is_local:
        reason = organisation.locality_reason or "No postcode given"
        result.reasons.append(
            f"This opportunity is reserved for suppliers in the Portsmouth area: {reason}"
        )
    if opportunity.reserved_sme and opportunity.reserved_vcse:
        if not (organisation.is_sme or organisation.is_vcse):
            result.reasons.append(
                "This opportunity is reserved for SMEs or VCSEs: "
                f"{organisation.name} is a large organisation and not a VCSE"
            )
    elif opportunity.reserved_sme and not organisation.is_sme:
        result.reasons.append(
            "This opportunity is reserved for SMEs (fewer than 250 staff): "
            f"{organisation.name} is a large organisation"
        )
    elif opportunity.reserved_vcse and not organisation.is_vcse:
        result.reasons.append(
            "This opportunity is reserved for voluntary, community and social enterprise "
            f"(VCSE) organisations: {organisation.name} is not one"
        )
    return result


class NotEligible(Exception):
    def __init__(self, reasons):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class OpportunityClosed(Exception):
    pass


def _check(opportunity, organisation, user):
    if not opportunity.is_open:
        raise OpportunityClosed()
    if not organisation.memberships.filter(user=user).exists():
        raise NotEligible([f"You are not a member of {organisation.name}"])
    result = eligibility(opportunity, organisation)
    if not result.eligible:
        raise NotEligible(result.reasons)


def express_interest(opportunity, organisation, user):
    """Record the organisation's interest; a repeat returns the first record (idempotent)."""
    _check(opportunity, organisation, user)
    existing = Interest.objects.filter(opportunity=opportunity, organisation=organisation).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return Interest.objects.create(
                opportunity=opportunity, organisation=organisation, user=user
            ), True
    except IntegrityError:
        return Interest.objects.get(opportunity=opportunity, organisation=organisation), False


def ask_question(opportunity, organisation, user, question):
    _check(opportunity, organisation, user)
    clarification = Clarification.objects.create(
        opportunity=opportunity, organisation=organisation, asked_by=user, question=question
    )
    officers = roles_emails(roles.PROCUREMENT_OFFICERS)
    if officers:
        send_templated_email(
            officers,
            "opportunities/email/question_asked",
            {"opportunity": opportunity, "clarification": clarification},
        )
    return clarification


def roles_emails(role):
    from portal.models import User

    return list(
        User.objects.filter(groups__name=role, is_active=True)
        .values_list("email", flat=True)
        .distinct()
    )


def eligible_organisations(opportunity, user):
    """The user's organisations with whether each may bid, for the opportunity page."""
    organisations = Organisation.objects.for_user(user).order_by("name")
    return [eligibility(opportunity, organisation) for organisation in organisations]


# Alerts


def matching_subscriptions(opportunity):
    """Active subscriptions whose sectors and value bands match (an empty choice means all)."""
    band = value_band_of(opportunity.estimated_value)
    subscriptions = (
        AlertSubscription.objects.filter(is_active=True, user__is_active=True)
        .filter(Q(sectors=opportunity.sector) | Q(sectors__isnull=True))
        .select_related("user")
        .distinct()
    )
    return [s for s in subscriptions if not s.value_bands or band in s.value_bands]


def queue_alerts(opportunity):
    """Owe the opportunity to every matching subscriber, once; send the immediate ones now.

    Runs when the opportunity is published (and again on republishing: the unique delivery
    row keeps anyone from hearing twice)."""
    if not opportunity.live or not opportunity.is_open:
        return 0
    created = 0
    for subscription in matching_subscriptions(opportunity):
        _delivery, new = AlertDelivery.objects.get_or_create(
            subscription=subscription, opportunity=opportunity
        )
        created += new
    OpportunityPage.objects.filter(pk=opportunity.pk, alerts_sent_at__isnull=True).update(
        alerts_sent_at=timezone.now()
    )
    send_due_alerts(frequency=AlertSubscription.Frequency.IMMEDIATE)
    return created


def send_due_alerts(frequency=None):
    """Send one email per subscriber with every opportunity owed to them that is still open.

    The deliveries are marked sent in the same transaction that claims them, so two runs at
    once never send the same alert twice."""
    sent = 0
    pending = AlertDelivery.objects.filter(sent_at__isnull=True, subscription__is_active=True)
    if frequency:
        pending = pending.filter(subscription__frequency=frequency)
    subscription_ids = sorted(set(pending.values_list("subscription_id", flat=True)))
    for subscription_id in subscription_ids:
        with transaction.atomic():
            claimed = list(
                AlertDelivery.objects.select_for_update(skip_locked=True)
                .filter(pk__in=pending.filter(subscription_id=subscription_id).values("pk"))
                .select_related("opportunity", "subscription__user")
            )
            if not claimed:
                continue
            AlertDelivery.objects.filter(pk__in=[d.pk for d in claimed]).update(
                sent_at=timezone.now()
            )
            opportunities = [
                d.opportunity for d in claimed if d.opportunity.live and d.opportunity.is_open
            ]
            if not opportunities:
                continue
            subscription = claimed[0].subscription
            context = {
                "opportunities": opportunities,
                "subscription": subscription,
                "unsubscribe_url": settings.PORTAL_BASE_URL
                + reverse("opportunities:unsubscribe", args=[subscription.unsubscribe_token]),
                "alerts_url": settings.PORTAL_BASE_URL + reverse("opportunities:alerts"),
            }
            send_templated_email(subscription.user.email, "opportunities/email/alert", context)
            sent += 1
    return sent


def unsubscribe(subscription):
    AlertSubscription.objects.filter(pk=subscription.pk).update(is_active=False)
    AlertDelivery.objects.filter(subscription=subscription, sent_at__isnull=True).delete()


# Reports


def reserved_award_shares():
    """Of the reserved opportunities awarded: how many, what value, and the share (by value)
    that went to local suppliers, SMEs and VCSEs."""
    awards = list(
        OpportunityPage.objects.filter(awarded_to__isnull=False)
        .filter(Q(reserved_local=True) | Q(reserved_sme=True) | Q(reserved_vcse=True))
        .select_related("awarded_to")
        .only(
            "awarded_value",
            "awarded_to__is_local",
            "awarded_to__size_band",
            "awarded_to__is_vcse",
        )
    )
    total = sum((a.awarded_value or 0) for a in awards)
    rows = []
    for label, test in (
        ("Local suppliers", lambda org: org.is_local),
        ("SMEs", lambda org: org.is_sme),
        ("VCSEs", lambda org: org.is_vcse),
    ):
        matched = [a for a in awards if test(a.awarded_to)]
        value = sum((a.awarded_value or 0) for a in matched)
        rows.append(
            {
                "label": label,
                "count": len(matched),
                "value": value,
                "share": round(100 * value / total, 1) if total else None,
            }
        )
    return {"count": len(awards), "total": total, "rows": rows}
