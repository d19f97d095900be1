"""The directory search page and its CSV export, both over `DirectorySearch`."""

import csv
from urllib.parse import urlencode

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from portal.exports import safe_cell
from portal.forms import render_form

from ..search import DirectorySearch


@require_GET
def directory(request):
    search = DirectorySearch(request.GET)
    page = search.page(request.GET.get("page"))
    back = request.GET.urlencode()
    return render_form(
        request,
        "directory/directory.html",
        {
            "page_obj": page,
            "organisations": page.object_list,
            "facets": search.facets(),
            "count": search.total,
            "query": search.query,
            "sort": search.sort,
            "sort_choices": search.sort_choices,
            # Each profile links back to this search.
            "profile_query": "?" + urlencode({"back": back}) if back else "",
            "export_query": back,
        },
    )


EXPORT_COLUMNS = [
    ("id", lambda o: o.uuid),
    ("name", lambda o: o.name),
    ("legal_form", lambda o: o.get_legal_form_display()),
    ("size_band", lambda o: o.get_size_band_display()),
    ("sme", lambda o: "yes" if o.is_sme else "no"),
    ("vcse", lambda o: "yes" if o.is_vcse else "no"),
    ("social_enterprise", lambda o: "yes" if o.is_social_enterprise else "no"),
    ("local", lambda o: "yes" if o.is_local else "no"),
    ("postcode", lambda o: o.postcode),
    ("companies_house_number", lambda o: o.companies_house_number),
    ("charity_number", lambda o: o.charity_number),
    ("sectors", lambda o: "; ".join(s.name for s in o.sectors.all())),
    ("accreditations", lambda o: "; ".join(a.name for a in o.accreditations.all())),
    ("keywords", lambda o: o.keywords),
    ("open_to_partnerships", lambda o: "yes" if o.open_to_partnerships else "no"),
    ("website", lambda o: o.website),
    ("description", lambda o: o.description),
    ("updated", lambda o: o.updated_at.date().isoformat()),
]


@require_GET
def export_csv(request):
    queryset = DirectorySearch(request.GET).results().prefetch_related("sectors", "accreditations")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="portsmouth-directory.csv"'
    writer = csv.writer(response)
    writer.writerow([name for name, _ in EXPORT_COLUMNS])
    for organisation in queryset.iterator(chunk_size=500):
        writer.writerow([safe_cell(get(organisation)) for _, get in EXPORT_COLUMNS])
    return response
