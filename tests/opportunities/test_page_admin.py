"""Procurement officers and event organisers create their pages in the Wagtail admin."""

import pytest
from wagtail.models import Page

from opportunities.models import OpportunityPage
from tests.directory.factories import SectorFactory
from tests.events.factories import index_page as event_index


@pytest.fixture
def officer(make_role_user):
    return make_role_user("Procurement officers")


def test_officer_drafts_an_opportunity_and_submits_it_for_approval(client, officer, index):
    sector = SectorFactory()
    client.force_login(officer)
    url = f"/admin/pages/add/opportunities/opportunitypage/{index.pk}/"
    assert client.get(url).status_code == 200
    data = {
        "title": "Window cleaning",
        "slug": "window-cleaning",
        "reference": "PCC-T-1",
        "buyer": "Portsmouth City Council",
        "summary": "Windows.",
        "description": '{"blocks": [{"key": "a", "text": "Windows", "type": "unstyled", '
        '"depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
        "how_to_respond": '{"blocks": [{"key": "b", "text": "Email", "type": "unstyled", '
        '"depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
        "contract_type": "services",
        "estimated_value": "250000",
        "closing_at": "2099-01-31 12:00",
        "sector": sector.pk,
        "reserved_local": "on",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "action-submit": "Submit",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Only opportunities below the £207,720 threshold" in refused.content.decode()
    assert not OpportunityPage.objects.exists()
    data["estimated_value"] = "25000"
    response = client.post(url, data)
    assert response.status_code == 302
    page = OpportunityPage.objects.get()
    assert not page.live, "an officer cannot publish; a moderator approves"
    assert page.current_workflow_state is not None


def test_organiser_can_add_an_event(client, make_role_user, home_page):
    organiser = make_role_user("Event organisers")
    index = event_index()
    client.force_login(organiser)
    assert client.get(f"/admin/pages/add/events/eventpage/{index.pk}/").status_code == 200
    assert Page.objects.filter(pk=index.pk).exists()
