import io
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from portal.demo import STAFF, build_staff
from portal.models import User
from portal.roles import ANALYSTS, EDITORS, MODERATORS, ROLES

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_editor_a_moderator_and_an_analyst_who_can_sign_in(client):
    build_staff({})
    build_staff({})
    for email, _first, _last, role in STAFF:
        user = User.objects.get(email=email)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.is_active and user.email_verified_at
        assert user.check_password("portsmouth-demo")
        client.force_login(user)
        assert client.get("/admin/").status_code == 200
        client.logout()
    assert {role for *_, role in STAFF} == {EDITORS, MODERATORS, ANALYSTS}


def test_make_run_prints_the_address_it_serves_and_every_demo_role():
    build_staff({})
    out = io.StringIO()
    call_command("demo_admin", address="http://0.0.0.0:8123", emails="demo-emails.txt", stdout=out)
    text = out.getvalue()
    assert "starting at http://0.0.0.0:8123/" in text
    assert "Sign in at http://0.0.0.0:8123/admin/ as admin@example.org" in text
    assert "8000" not in text
    assert "Editors: editor@example.org" in text
    assert "Moderators: moderator@example.org" in text
    assert "Analysts: analyst@example.org" in text
    assert "written to demo-emails.txt" in text


def test_demo_emails_go_to_one_file(settings, tmp_path):
    target = tmp_path / "emails.txt"
    settings.EMAIL_BACKEND = "portal.mail_backends.OneFileEmailBackend"
    settings.PORTAL_EMAIL_FILE = str(target)
    mail.send_mail("First", "Hello", "from@example.org", ["a@example.org"])
    mail.send_mail("Second", "Again", "from@example.org", ["b@example.org"])
    text = target.read_text()
    assert "Subject: First" in text and "Subject: Second" in text


def test_the_readme_lists_a_demo_account_for_every_role(settings):
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    table = readme[readme.index("| Demo account | Role |") :].split("\n\n")[0]
    for role in ROLES:
        assert f"| {role} |" in table or f"| {role}:" in table, role
