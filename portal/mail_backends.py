"""An email backend for demos: every email is appended to one text file instead of the console,
so `make run` shows how to sign in instead of hundreds of lines of demo emails."""

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend


class OneFileEmailBackend(ConsoleEmailBackend):
    """Writes each message as the console backend would, to the file PORTAL_EMAIL_FILE names."""

    def send_messages(self, email_messages):
        with open(settings.PORTAL_EMAIL_FILE, "a", encoding="utf-8") as self.stream:
            return super().send_messages(email_messages)
