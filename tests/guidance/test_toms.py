"""/guidance/toms/: themes, outcomes and measures with unit and £ value."""

import pytest

from guidance.models import Measure, Outcome, Theme
from tests.guidance.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def test_lists_every_active_measure_by_theme(client):
    Measure.objects.filter(code="PSV-VCSE").update(active=False)
    html = client.get("/guidance/toms/").content.decode()
    assert "4 measures" in html
    assert "PSV-VOL" in html and "£16.07" in html
    assert "£13,636" in html and "£207.40" in html and "£0.09" in html
    assert "PSV-VCSE" not in html
    assert html.index(">Jobs<") < html.index(">Growth<") < html.index(">Social<")


def test_filter_by_theme(client):
    html = client.get("/guidance/toms/?theme=jobs").content.decode()
    assert "PSV-CARELEAVER" in html and "PSV-APPRENTICE" in html
    assert "PSV-VOL" not in html
    assert "in the Jobs theme" in html


def test_keyword_search_matches_title_and_outcome(client):
    outcome = Outcome.objects.create(
        theme=Theme.objects.get(code="social"), title="Resilient communities"
    )
    MeasureFactory(
        code="NT29",
        title="Hours volunteering for community projects",
        theme=outcome.theme,
        outcome=outcome,
    )
    html = client.get("/guidance/toms/?q=apprentice").content.decode()
    assert "1 measure" in html and "PSV-APPRENTICE" in html
    html = client.get("/guidance/toms/?q=resilient").content.decode()
    assert "NT29" in html and "Outcome: Resilient communities" in html
    assert "No measures match" in client.get("/guidance/toms/?q=zzzz").content.decode()


def test_unknown_theme_is_an_error_not_a_crash(client):
    response = client.get("/guidance/toms/?theme=nope")
    assert response.status_code == 200
    assert "Select a theme from the list" in response.content.decode()


def test_same_number_of_queries_for_5_or_500_measures(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/guidance/toms/")  # warm the site and content type caches
    with CaptureQueriesContext(connection) as five:
        client.get("/guidance/toms/")
    theme = Theme.objects.get(code="social")
    outcomes = [Outcome.objects.create(theme=theme, title=f"Outcome {n}") for n in range(10)]
    Measure.objects.bulk_create(
        Measure(
            code=f"NT{n}",
            title=f"Measure {n}",
            theme=theme,
            outcome=outcomes[n % 10],
            unit="hour",
            proxy_value=n,
            edition="Test",
            year=2024,
            source="Test",
        )
        for n in range(495)
    )
    with django_assert_num_queries(len(five)):
        response = client.get("/guidance/toms/")
    assert "500 measures" in response.content.decode()
