from django.db.models import Q
from django.utils.text import slugify

from guidance.forms import CalculatorForm, LM3Form, MeasureFilterForm
from guidance.models import GuidanceIndexPage, Measure
from guidance.services import calculation_rows
from portal.exports import csv_response
from portal.forms import render_form

CALCULATOR_FIELDS = {"contract_value", "measure_0", "quantity_0"}


def _active_measures():
    return Measure.objects.active().select_related("theme")


def calculator_context(request):
    """The calculator and LM3 forms, bound to the query string when it holds an answer."""
    measures = list(_active_measures())
    submitted = CALCULATOR_FIELDS & set(request.GET)
    form = CalculatorForm(request.GET if submitted else None, measures=measures)
    lm3_form = LM3Form(request.GET if "lm3-round1" in request.GET else None)
    result = form.result if submitted and form.is_valid() else None
    multiplier = lm3_form.multiplier if lm3_form.is_bound and lm3_form.is_valid() else None
    return {
        "form": form,
        "lm3_form": lm3_form,
        "result": result,
        "multiplier": multiplier,
        "has_errors": bool(form.errors or lm3_form.errors),
        "share_url": request.build_absolute_uri() if result else None,
    }


def calculation_download(request):
    """A CSV of the calculation in the query string, or None when it is not valid."""
    form = CalculatorForm(request.GET, measures=list(_active_measures()))
    if not form.is_valid():
        return None
    return csv_response("social-value-calculation.csv", calculation_rows(form.result))


def measure_list(request):
    """/guidance/toms/: every active measure by theme, with its unit and £ value."""
    form = MeasureFilterForm(request.GET or None)
    measures = _active_measures().select_related("outcome")
    selected_theme = None
    if form.is_bound and form.is_valid():
        selected_theme = form.cleaned_data["theme"]
        query = form.cleaned_data["q"].strip()
        if selected_theme:
            measures = measures.filter(theme=selected_theme)
        if query:
            measures = measures.filter(
                Q(code__icontains=query)
                | Q(title__icontains=query)
                | Q(description__icontains=query)
                | Q(unit__icontains=query)
                | Q(outcome__title__icontains=query)
            )
    groups = {}
    for measure in measures:
        groups.setdefault(measure.theme, []).append(measure)
    index = GuidanceIndexPage.objects.live().filter(depth=3).first()
    breadcrumbs = [{"title": "Home", "url": "/"}]
    if index:
        breadcrumbs.append({"title": index.title, "url": index.url})
    return render_form(
        request,
        "guidance/measure_list.html",
        {
            "form": form,
            "groups": [
                {"theme": theme, "anchor": slugify(theme.code), "measures": items}
                for theme, items in groups.items()
            ],
            "count": sum(len(items) for items in groups.values()),
            "selected_theme": selected_theme,
            "breadcrumbs": breadcrumbs,
            "filtered": bool(form.is_bound and form.is_valid() and any(form.cleaned_data.values())),
        },
    )
