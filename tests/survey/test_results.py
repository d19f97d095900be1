"""The results dashboard: figures counted by the database, small groups suppressed, and the
same number of queries however many responses there are."""

import csv
import io
import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from survey import results as survey_results
from survey.models import Answer, Response, StoredTallies, YouSaidWeDidPage
from survey.results import State, SurveyResults, Tallies, count_answers, current_tallies
from tests.survey.factories import LOCAL, TYPES, add_responses, questions_by_label

pytestmark = pytest.mark.django_db


def dashboard_url(survey):
    return f"/admin/survey-results/{survey.pk}/"


def result(results, label):
    question = questions_by_label(results.survey)[label]
    return results.result_for(question.id)


def test_figures_are_counted_per_answer(survey):
    add_responses(survey, 6, org_type=TYPES[0], rating=5)
    add_responses(survey, 4, org_type=TYPES[1], rating=2, start=6)
    results = SurveyResults(survey)
    assert results.total == 10
    org_type = result(results, "What type of organisation are you?").overall
    assert [(o.label, o.count, o.percentage) for o in org_type.options] == [
        (TYPES[0], 6, 60),
        (TYPES[1], 4, 40),
        (TYPES[2], 0, 0),
    ]
    scale = result(results, "Tender paperwork takes too long").overall
    assert scale.respondents == 10
    assert {o.label: o.count for o in scale.options} == {
        "Strongly disagree": 0,
        "Disagree": 4,
        "Neither agree nor disagree": 0,
        "Agree": 0,
        "Strongly agree": 6,
    }
    assert scale.mean == pytest.approx(3.8)
    support = result(results, "Which kinds of support would help?").overall
    assert sum(o.count for o in support.options) == 10


def test_breakdown_groups_under_five_are_suppressed_and_say_why(client, survey, analyst):
    add_responses(survey, 5, org_type=TYPES[0], local=LOCAL[0], rating=5)
    add_responses(survey, 4, org_type=TYPES[1], local=LOCAL[1], rating=1, start=5)
    results = SurveyResults(survey)
    scale = result(results, "Tender paperwork takes too long")
    by_type = next(
        b for b in scale.breakdowns if b.by.label == "What type of organisation are you?"
    )
    shown, hidden, empty = by_type.groups
    assert (shown.label, shown.respondents, shown.suppressed) == (TYPES[0], 5, False)
    assert shown.options[-1].count == 5
    assert (hidden.label, hidden.respondents, hidden.suppressed) == (TYPES[1], 4, True)
    assert hidden.options == []
    assert empty.suppressed

    client.force_login(analyst)
    html = client.get(dashboard_url(survey)).content.decode()
    assert "Fewer than 5 responses, so the figures are not shown" in html


def test_a_question_with_fewer_than_five_answers_is_suppressed_entirely(client, survey, analyst):
    add_responses(survey, 3)
    results = SurveyResults(survey)
    assert result(results, "What type of organisation are you?").overall.suppressed
    client.force_login(analyst)
    html = client.get(dashboard_url(survey)).content.decode()
    assert "3 responses. Fewer than 5 responses" in html


def _dashboard_queries(client, survey, cached=False):
    if not cached:
        # Count the queries that compute the figures, not a repeat from the cache or the
        # stored tallies.
        cache.clear()
        StoredTallies.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(dashboard_url(survey))
    assert response.status_code == 200
    return len(queries)


def test_dashboard_makes_the_same_number_of_queries_for_10_or_2000_responses(
    client, home_page, analyst
):
    from tests.survey.factories import make_survey

    small, large = make_survey(home_page, slug="small"), make_survey(home_page, slug="large")
    add_responses(small, 10)
    add_responses(large, 2_000, start=10)
    client.force_login(analyst)
    _dashboard_queries(client, small)  # warm caches (site root, permissions) first
    small_count = _dashboard_queries(client, small)
    large_count = _dashboard_queries(client, large)
    assert small_count == large_count
    assert small_count < 40
    # A repeat view with nothing changed comes from the cache.
    assert _dashboard_queries(client, large, cached=True) < large_count
    # So does counting only the responses sent since the last view.
    _dashboard_queries(client, small, cached=True)  # counted afresh once the cache was cleared
    add_responses(large, 1_000, start=5_000)
    add_responses(small, 5, start=10_000)
    assert _dashboard_queries(client, large, cached=True) == _dashboard_queries(
        client, small, cached=True
    )


def _figures(results):
    rows = [results.total, results.anonymous, results.over_time, results.channels]
    for item in results.results:
        figures = [item.overall] + [group for b in item.breakdowns for group in b.groups]
        rows.append(
            (
                item.question.id,
                item.overall.mean,
                item.minimum,
                item.maximum,
                item.text_answers,
                [
                    (f.label, f.respondents, [(o.count, o.percentage) for o in f.options])
                    for f in figures
                ],
            )
        )
    return rows


def _view_counting(client, survey):
    """The dashboard's response, and the SQL of each count of answers it made."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(dashboard_url(survey))
    return response, [q["sql"] for q in queries if "GROUP BY r.id" in q["sql"]]


def test_new_responses_are_added_to_the_figures_already_counted(client, survey, analyst):
    add_responses(survey, 6, org_type=TYPES[0], rating=5)
    client.force_login(analyst)
    client.get(dashboard_url(survey))
    add_responses(survey, 7, org_type=TYPES[1], local=LOCAL[1], rating=2, start=6)
    response, counting = _view_counting(client, survey)
    # Only the responses sent since the last view were counted...
    assert len(counting) == 1 and "r.id > " in counting[0]
    # ...and the figures are those of counting every response afresh.
    assert _figures(response.context["results"]) == _figures(SurveyResults(survey))
    by_type = result(response.context["results"], "Tender paperwork takes too long").breakdowns[0]
    assert [(g.respondents, g.suppressed) for g in by_type.groups] == [
        (6, False),
        (7, False),
        (0, True),
    ]


def test_a_worker_with_an_empty_cache_starts_from_the_stored_tallies(client, survey, analyst):
    """After a deployment, or in a worker that has not shown the survey yet, the answers
    counted before are read back, not counted again; new responses are added to them."""
    add_responses(survey, 6, org_type=TYPES[0], rating=5)
    client.force_login(analyst)
    first = client.get(dashboard_url(survey)).context["results"]
    cache.clear()  # as in a new worker
    again, counting = _view_counting(client, survey)
    assert counting == []
    assert _figures(again.context["results"]) == _figures(first) == _figures(SurveyResults(survey))

    add_responses(survey, 7, org_type=TYPES[1], local=LOCAL[1], rating=2, start=6)
    cache.clear()
    response, counting = _view_counting(client, survey)
    assert len(counting) == 1 and "r.id > " in counting[0]
    assert _figures(response.context["results"]) == _figures(SurveyResults(survey))
    stored = StoredTallies.objects.get(survey=survey)
    assert stored.state["responses"] == 13
    assert Tallies.from_json(stored.tallies) == count_answers(survey)


def test_tallies_stored_in_another_shape_are_counted_again(client, survey, analyst):
    add_responses(survey, 6, org_type=TYPES[0])
    StoredTallies.objects.create(survey=survey, state={"survey": survey.pk}, tallies={"c": []})
    client.force_login(analyst)
    response, counting = _view_counting(client, survey)
    assert response.status_code == 200 and len(counting) == 1
    assert _figures(response.context["results"]) == _figures(SurveyResults(survey))
    stored = StoredTallies.objects.get(survey=survey)
    assert Tallies.from_json(stored.tallies) == count_answers(survey)


def test_repeat_views_are_cached_until_an_answer_changes(client, survey, analyst):
    def type_counts():
        results = client.get(dashboard_url(survey)).context["results"]
        figures = result(results, "What type of organisation are you?").overall
        return [o.count for o in figures.options]

    responses = add_responses(survey, 6, org_type=TYPES[0])
    client.force_login(analyst)
    assert type_counts() == [6, 0, 0]
    assert type_counts() == [6, 0, 0]  # served from the cache
    add_responses(survey, 1, org_type=TYPES[1], start=6)
    assert type_counts() == [6, 1, 0]
    # An organisation changing its answers replaces them, as survey.services does.
    question = questions_by_label(survey)["What type of organisation are you?"]
    responses[0].answers.filter(question_id=question.id).delete()
    Answer.objects.create(response=responses[0], question_id=question.id, choice=TYPES[2])
    assert type_counts() == [5, 1, 1]
    Response.objects.filter(pk=responses[1].pk).delete()
    assert type_counts() == [4, 1, 1]


@pytest.mark.django_db(transaction=True)  # the viewers' threads read the survey and store its count
def test_viewers_who_arrive_while_the_answers_are_counted_wait_for_that_count(survey, monkeypatch):
    """Four analysts open a dashboard whose figures are not cached: the survey's answers are
    counted once, not once for each of them, and all four get that count."""
    add_responses(survey, 6)
    cache.clear()
    state = State.of(survey)
    counted = survey_results.count_answers(survey)
    counts = []

    def long_count(*args, **kwargs):
        counts.append(args)
        time.sleep(0.3)  # the other viewers arrive meanwhile
        return counted

    monkeypatch.setattr(survey_results, "count_answers", long_count)
    start = threading.Barrier(4)
    seen = []

    def view():
        start.wait()
        try:
            seen.append(current_tallies(survey, state))
        finally:
            connection.close()

    viewers = [threading.Thread(target=view) for _ in range(4)]
    for viewer in viewers:
        viewer.start()
    for viewer in viewers:
        viewer.join()
    assert len(counts) == 1
    assert seen == [counted] * 4


@pytest.mark.parametrize(
    ("role", "allowed"), [("Editors", False), ("Moderators", False), ("Analysts", True)]
)
def test_only_analysts_see_results_and_exports(client, survey, make_role_user, role, allowed):
    client.force_login(make_role_user(role, is_staff=True))
    for url in [
        "/admin/survey-results/",
        dashboard_url(survey),
        f"{dashboard_url(survey)}answers/x/",
        f"{dashboard_url(survey)}export.csv",
        f"{dashboard_url(survey)}export.xlsx",
    ]:
        response = client.get(url)
        if allowed:
            assert response.status_code in (200, 302), url
            assert "/admin/survey-results/" in (response.get("Location") or url)
        else:
            # Wagtail turns a refusal into a redirect to the dashboard with a message.
            assert (response.status_code, response["Location"]) == (302, "/admin/"), url
    assert client.post(f"{dashboard_url(survey)}you-said-we-did/").status_code == 302
    assert YouSaidWeDidPage.objects.exists() == allowed
    menu = client.get("/admin/").content.decode()
    assert ("Survey results" in menu) == allowed


@pytest.mark.parametrize("page", ["", "answers/x/"])
def test_people_without_the_permission_cannot_tell_missing_surveys_from_real_ones(
    client, survey, make_role_user, page
):
    client.force_login(make_role_user("Editors", is_staff=True))
    real = client.get(f"{dashboard_url(survey)}{page}")
    missing = client.get(f"/admin/survey-results/999999/{page}")
    assert real.status_code == missing.status_code == 302
    assert real["Location"] == missing["Location"] == "/admin/"


def test_signed_in_member_of_the_public_cannot_reach_results(client, survey, user):
    client.force_login(user)
    response = client.get(dashboard_url(survey))
    assert response.status_code == 302
    assert "export" not in response.get("Location", "")


def test_anonymous_visitor_is_sent_to_sign_in(client, survey):
    response = client.get(dashboard_url(survey))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_free_text_answers_can_be_searched(client, survey, analyst):
    add_responses(survey, 12)
    question = questions_by_label(survey)["What support would help most?"]
    client.force_login(analyst)
    html = client.get(f"{dashboard_url(survey)}answers/{question.id}/?q=number 11").content.decode()
    assert "Answer number 11" in html
    assert "Answer number 10" not in html
    assert "1 answer containing" in html


def test_free_text_page_for_a_non_text_question_redirects(client, survey, analyst):
    client.force_login(analyst)
    question = questions_by_label(survey)["Tender paperwork takes too long"]
    response = client.get(f"{dashboard_url(survey)}answers/{question.id}/")
    assert response.status_code == 302
    assert client.get(f"{dashboard_url(survey)}export.pdf").status_code == 404


DANGEROUS = ['=HYPERLINK("http://evil.example")', "+1+2", "-2+3", "@SUM(A1)", "\t=1"]


def _with_dangerous_answers(survey):
    (response,) = add_responses(survey, 1)
    text_id = questions_by_label(survey)["What support would help most?"].id
    Answer.objects.filter(response=response, question_id=text_id).update(text=DANGEROUS[0])
    for index, value in enumerate(DANGEROUS[1:]):
        (extra,) = add_responses(survey, 1, start=100 + index)
        Answer.objects.filter(response=extra, question_id=text_id).update(text=value)
    return text_id


def test_csv_export_neutralises_formulas(client, survey, analyst):
    _with_dangerous_answers(survey)
    client.force_login(analyst)
    response = client.get(f"{dashboard_url(survey)}export.csv")
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header, *body = rows
    column = header.index("What support would help most?")
    texts = sorted(row[column] for row in body)
    assert texts == sorted("'" + value for value in DANGEROUS)
    rating = header.index("Tender paperwork takes too long")
    assert {row[rating] for row in body} == {"4"}


def test_excel_export_neutralises_formulas_and_keeps_numbers(client, survey, analyst):
    _with_dangerous_answers(survey)
    client.force_login(analyst)
    response = client.get(f"{dashboard_url(survey)}export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *body = list(sheet.iter_rows(values_only=True))
    column = header.index("What support would help most?")
    assert sorted(row[column] for row in body) == sorted("'" + value for value in DANGEROUS)
    for row in sheet.iter_rows(min_row=2):
        assert row[column].data_type == "s"
    rating = header.index("Tender paperwork takes too long")
    assert {row[rating] for row in body} == {4}


def test_you_said_we_did_draft_has_numbers_but_no_free_text(client, survey, analyst, superuser):
    add_responses(survey, 8)
    client.force_login(analyst)
    response = client.post(f"{dashboard_url(survey)}you-said-we-did/")
    assert response.status_code == 302
    page = YouSaidWeDidPage.objects.get()
    assert not page.live
    blocks = [block.value for block in page.body]
    questions = [block["question"] for block in blocks]
    assert "What type of organisation are you?" in questions
    assert "What support would help most?" not in questions
    assert "Answer number" not in str(page.body.get_prep_value())

    page.save_revision(user=superuser).publish()
    html = client.get(page.url).content.decode()
    assert "8 organisations answered" in html
    assert "100%" in html
