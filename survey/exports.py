"""CSV and Excel exports of every response, one row each, safe to open in a spreadsheet."""

from openpyxl import Workbook

from portal.exports import safe_cell
from survey.models import Answer, Response
from survey.questionnaire import MULTIPLE, NUMBER, SCALE


def header(survey):
    return ["Reference", "Date sent", "Date changed", "Channel", "Organisation"] + [
        question.label for question in survey.all_questions
    ]


def response_rows(survey):
    """Each response as a list of values; streams two queries, however many responses."""
    questions = survey.all_questions
    column = {question.id: index for index, question in enumerate(questions)}
    kinds = {question.id: question.kind for question in questions}
    answers = (
        Answer.objects.filter(response__survey=survey)
        .order_by("response_id", "pk")
        .values_list("response_id", "question_id", "choice", "number", "text")
        .iterator(chunk_size=2000)
    )
    pending = next(answers, None)
    responses = (
        Response.objects.filter(survey=survey)
        .order_by("pk")
        .values_list(
            "pk", "reference", "submitted_on", "changed_on", "channel__name", "organisation__name"
        )
        .iterator(chunk_size=2000)
    )
    for pk, reference, submitted_on, changed_on, channel, organisation in responses:
        values = [None] * len(questions)
        while pending is not None and pending[0] <= pk:
            response_id, question_id, choice, number, text = pending
            index = column.get(question_id)
            if response_id == pk and index is not None:
                kind = kinds[question_id]
                if kind == MULTIPLE:
                    values[index] = f"{values[index]}; {choice}" if values[index] else choice
                elif kind in (SCALE, NUMBER):
                    values[index] = int(number) if number == int(number) else number
                else:
                    values[index] = choice or text
            pending = next(answers, None)
        yield [reference, submitted_on, changed_on, channel or "", organisation or "", *values]


def csv_rows(survey):
    yield header(survey)
    yield from response_rows(survey)


def excel_workbook(survey):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Responses")
    sheet.append([safe_cell(label) for label in header(survey)])
    for row in response_rows(survey):
        sheet.append([safe_cell(value) for value in row])
    return workbook
