"""An editor changes a guidance page in the admin; it goes live only when a moderator approves
it through Wagtail's "Moderators approval" workflow."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Workflow, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from guidance.models import GuidancePage
from tests.guidance.factories import guidance_tree

pytestmark = pytest.mark.django_db


def edit_data(page, title, action):
    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "summary": page.summary,
            "body": streamfield(
                [("heading", "Updated section"), ("rich_text", rich_text("<p>New advice.</p>"))]
            ),
            "last_reviewed": "2026-11-01",
            "review_due": "2027-11-01",
            action: "1",
        }
    )


def test_editor_change_goes_live_only_after_moderator_approval(client, home_page, make_role_user):
    assert Workflow.objects.filter(name="Moderators approval", active=True).exists()
    _, page, _, _ = guidance_tree(home_page)
    editor = make_role_user("Editors")
    moderator = make_role_user("Moderators")

    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    # Editors cannot publish directly.
    client.post(edit_url, edit_data(page, "Published by an editor", "action-publish"))
    assert GuidancePage.objects.get(pk=page.pk).title == "What social value is"

    response = client.post(edit_url, edit_data(page, "Social value explained", "action-submit"))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "What social value is"  # the live page is unchanged
    assert page.get_latest_revision().as_object().title == "Social value explained"
    assert "Social value explained" not in Client().get("/guidance/first/").content.decode()
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")

    client.force_login(moderator)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": "Reads well"},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.title == "Social value explained"
    html = Client().get("/guidance/first/").content.decode()
    assert "Social value explained" in html and "Updated section" in html


def test_other_users_cannot_edit_guidance(client, home_page, user, make_role_user):
    _, page, _, _ = guidance_tree(home_page)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert client.get(edit_url).status_code == 302  # anonymous: sign in first
    client.force_login(make_role_user("Analysts"))
    response = client.post(edit_url, edit_data(page, "Hacked", "action-publish"))
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.title == "What social value is"
