"""Demo time bank: about 40 members, listings, and completed, pending and disputed exchanges
with one broker reversal. Idempotent: every object is looked up before it is made."""

import datetime
import uuid

from django.utils import timezone

from portal.demo_registry import demo_builder, demo_user
from portal.roles import BROKERS

from .models import Account, Category, Exchange, Listing, Transfer
from .services import exchanges, ledger, membership

TOKENS = uuid.UUID("8d6c1d56-34a1-4c55-9f0e-6f1f5b7d2a10")

FIRST_NAMES = [
    "Amara", "Ben", "Carys", "Dev", "Elsie", "Farid", "Grace", "Harvey", "Isla", "Jonah",
    "Kemi", "Luca", "Maisie", "Nadia", "Owen", "Priya", "Quinn", "Rosa", "Sami", "Tilly",
    "Umar", "Violet", "Wes", "Xena", "Yusuf", "Zara", "Alfie", "Bea", "Cal", "Dot",
    "Eddie", "Fay", "Gus", "Hana", "Ivo", "Jess", "Kit", "Lola", "Milo", "Nell",
]  # fmt: skip
DISTRICTS = ["PO1", "PO2", "PO3", "PO4", "PO5", "PO6"]
PENDING = {"Milo", "Nell"}

LISTINGS = [
    ("Amara", "offer", "gardening", "Weeding and planting in small gardens"),
    ("Ben", "offer", "diy", "Putting up shelves and fixing squeaky doors"),
    ("Carys", "request", "lifts", "Lift to Queen Alexandra Hospital on Tuesdays"),
    ("Dev", "offer", "digital-help", "Help setting up a smartphone or tablet"),
    ("Elsie", "offer", "befriending", "A cup of tea and a chat, weekday afternoons"),
    ("Farid", "offer", "cooking", "Batch cooking lessons for beginners"),
    ("Grace", "request", "admin", "Help filling in a housing form"),
    ("Harvey", "offer", "lifts", "Lifts around Southsea at weekends"),
    ("Isla", "request", "gardening", "Someone to mow a small lawn"),
    ("Jonah", "offer", "admin", "Letter writing and form filling"),
    ("Kemi", "request", "digital-help", "Learning to video call my grandchildren"),
    ("Luca", "offer", "diy", "Bike repairs and puncture fixing"),
    ("Maisie", "request", "befriending", "Company on a walk along the seafront"),
    ("Nadia", "offer", "other", "Dog walking in Fratton"),
    ("Owen", "request", "cooking", "Help preparing meals after an operation"),
    ("Priya", "offer", "digital-help", "Online shopping and email basics"),
    ("Quinn", "request", "diy", "Hanging curtains"),
    ("Rosa", "offer", "gardening", "Pruning fruit trees"),
    ("Sami", "offer", "other", "Sewing repairs and alterations"),
    ("Tilly", "request", "lifts", "Lift to the Saturday market"),
]

# (provider, recipient(s), hours, days ago, what was done, state)
EXCHANGES = [
    ("Amara", ["Isla"], 2, 70, "Weeded and planted the front garden", "completed"),
    ("Dev", ["Kemi"], 1.5, 65, "Set up video calling on a tablet", "completed"),
    ("Harvey", ["Carys"], 1, 60, "Lift to hospital and back", "completed"),
    ("Elsie", ["Maisie"], 2, 45, "Walk along the seafront", "completed"),
    ("Farid", ["Owen", "Grace", "Tilly"], 2, 40, "Group batch cooking session", "completed"),
    ("Ben", ["Quinn"], 1.25, 30, "Hung curtains in two rooms", "completed"),
    ("Jonah", ["Grace"], 1, 25, "Helped fill in a housing form", "completed"),
    ("Luca", ["Wes"], 0.75, 20, "Fixed a puncture", "completed"),
    ("Rosa", ["Umar"], 3, 14, "Pruned apple trees", "completed"),
    ("Priya", ["Violet"], 1, 10, "Showed how to shop online", "completed"),
    ("Nadia", ["Xena"], 1, 7, "Walked the dog for a week", "reversed"),
    ("Sami", ["Yusuf"], 1.5, 5, "Took up two pairs of trousers", "pending"),
    ("Harvey", ["Tilly"], 1, 3, "Lift to the Saturday market", "pending"),
    ("Kit", ["Zara"], 2, 4, "Painted a garden fence", "disputed"),
]


def _user(first, index, role=None):
    return demo_user(f"timebank.{first.lower()}@example.org", first, f"Demo{index}", role)


@demo_builder(order=50)
def build_timebank(context):
    broker = _user("Broker", 0, role=BROKERS)
    ledger.get_pot()
    accounts = {}
    for index, first in enumerate(FIRST_NAMES, start=1):
        user = _user(first, index)
        account = Account.objects.filter(user=user).first()
        if account is None:
            account = membership.apply_for_membership(
                user,
                display_name=f"{first} {chr(64 + index % 26 + 1)}",
                neighbourhood=DISTRICTS[index % len(DISTRICTS)],
                skills_offered="Happy to help where I can",
                availability="Evenings and weekends",
            )
            if first not in PENDING:
                account = membership.approve_member(account, by=broker, references_checked=True)
        accounts[first] = account
    categories = {category.slug: category for category in Category.objects.all()}
    today = timezone.localdate()
    for first, kind, slug, title in LISTINGS:
        if slug in categories:
            Listing.objects.get_or_create(
                account=accounts[first],
                title=title,
                defaults={
                    "kind": kind,
                    "category": categories[slug],
                    "description": f"{title}. Message me through the time bank.",
                    "neighbourhood": accounts[first].neighbourhood,
                    "expires_on": today + datetime.timedelta(days=90),
                },
            )
    for number, (provider, recipients, hours, days_ago, what, state) in enumerate(EXCHANGES):
        _exchange(accounts, broker, number, provider, recipients, hours, days_ago, what, state)


def _exchange(accounts, broker, number, provider, recipients, hours, days_ago, what, state):
    token = uuid.uuid5(TOKENS, str(number))
    if Exchange.objects.filter(submission_token=token).exists():
        return
    giver = accounts[provider]
    takers = [accounts[name] for name in recipients]
    listing = Listing.objects.filter(account__in=[giver, *takers]).first()
    exchange = exchanges.record_exchange(
        giver,
        providers=[giver],
        recipients=takers,
        minutes=int(hours * 60),
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        description=what,
        listing=listing if listing and listing.category else None,
        token=token,
    ).exchange
    if state == "pending":
        return
    if state == "disputed":
        exchanges.respond_to_exchange(
            takers[0], exchange, confirm=False, reason="It took one hour, not two"
        )
        return
    for taker in takers:
        exchanges.respond_to_exchange(taker, exchange, confirm=True)
    if state == "reversed":
        transfer = exchange.transfers.filter(kind=Transfer.Kind.EXCHANGE).first()
        ledger.reverse_transfer(transfer, reason="Recorded for the wrong week", by=broker)
