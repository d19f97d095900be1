import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

DEMO_EMAIL = "admin@example.org"


class Command(BaseCommand):
    help = "Create (or reuse) the demo administrator and print how to sign in. For demos only."

    def handle(self, *args, **options):
        User = get_user_model()
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "portsmouth-demo")
        user, created = User.objects.get_or_create(
            email=DEMO_EMAIL,
            defaults={"username": DEMO_EMAIL, "first_name": "Demo", "last_name": "Administrator"},
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.email_verified_at = user.email_verified_at or timezone.now()
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                "\nThe portal is starting at http://127.0.0.1:8000/\n"
                f"Sign in at http://127.0.0.1:8000/admin/ as {DEMO_EMAIL} with password {password}\n"
                "(the same account works on the public site at /accounts/login/).\n"
                "Other demo accounts are listed in README.md (password: portsmouth-demo).\n"
            )
        )
