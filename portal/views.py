from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal import search as site_search

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


@require_GET
def healthz(request):
    """The bare view: no database, no templates. Load tests compare every page against it."""
    return HttpResponse("ok", content_type="text/plain")


def _page_of(results, number):
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        return paginator.page(number)
    except (PageNotAnInteger, EmptyPage):
        raise Http404("No such page of results") from None


@require_GET
def search(request):
    """Site-wide search. Without `kind`, a summary of every kind; with it, one paginated kind."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    kind = request.GET.get("kind", "")
    sections = site_search.sections()
    chosen = site_search.get_section(kind) if kind else None
    if kind and chosen is None:
        raise Http404("Unknown kind of result")
    groups = []
    if query:
        for section in [chosen] if chosen else sections:
            results = section.search(query)
            if chosen:
                page_obj = _page_of(results, request.GET.get("page", 1))
                groups.append(
                    {
                        "section": section,
                        "page_obj": page_obj,
                        "count": page_obj.paginator.count,
                        "results": page_obj.object_list,
                    }
                )
            else:
                count = len(results) if isinstance(results, list) else results.count()
                if count:
                    groups.append({"section": section, "results": results[:3], "count": count})
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "groups": groups,
            "chosen": chosen,
            "sections": sections,
            "total": sum(group["count"] for group in groups),
            "page_obj": groups[0]["page_obj"] if chosen and groups else None,
        },
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
