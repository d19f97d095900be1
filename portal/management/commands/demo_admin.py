import os

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.demo_registry import DEMO_PASSWORD, demo_user
from portal.roles import ROLES

DEMO_EMAIL = "admin@example.org"
# Demo people with no role, described here because only the README lists them otherwise.
OTHER_PEOPLE = [
    ("Organisation owners", "harbourside.owner@, solent.owner@, fratton.owner@example.org"),
    ("Time-bank members", "timebank.bea@, timebank.cal@example.org and others"),
]


class Command(BaseCommand):
    help = (
        "Create (or reuse) the demo administrator and print how to sign in, with every demo "
        "account. For demos only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default="http://127.0.0.1:8000",
            help="Where the portal is served, as the browser reaches it",
        )
        parser.add_argument("--emails", help="The file the demo's emails are written to")

    def handle(self, *args, address, emails=None, **options):
        password = os.environ.get("DEMO_ADMIN_PASSWORD", DEMO_PASSWORD)
        user = demo_user(DEMO_EMAIL, "Demo", "Administrator", staff=True)
        user.is_staff = user.is_superuser = user.is_active = True
        user.email_verified_at = user.email_verified_at or timezone.now()
        user.set_password(password)
        user.save()
        address = address.rstrip("/")
        lines = [
            "",
            f"The portal is starting at {address}/",
            f"Sign in at {address}/admin/ as {DEMO_EMAIL} with password {password}",
            f"(the same account works on the public site at {address}/accounts/login/).",
            "",
            f"Other demo accounts (password: {DEMO_PASSWORD}):",
        ]
        groups = Group.objects.filter(name__in=ROLES).prefetch_related("user_set")
        for group in sorted(groups, key=lambda group: ROLES.index(group.name)):
            people = sorted(member.email for member in group.user_set.all())
            if people:
                lines.append(f"  {group.name}: {', '.join(people)}")
        lines += [f"  {who}: {emails_}" for who, emails_ in OTHER_PEOPLE]
        if emails:
            lines += ["", f"Emails the portal sends are written to {emails}, not shown here."]
        self.stdout.write(self.style.SUCCESS("\n".join(lines) + "\n"))
