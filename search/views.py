from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Locale

from . import results, service, types
from .forms import SearchForm
from .normalize import clean

FILTER_NAMES = ("type", "unit", "category", "year", "sort")


def _locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


def _url(params, **changes):
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return "?" + urlencode(merged)


def _type_labels(outcome, section_titles):
    labels = {t.key: t.label for t in outcome.scope.types} if outcome.scope else {}
    labels.update(section_titles)
    labels[types.OTHER_KEY] = types.OTHER_LABEL
    return {pk: labels.get(key, "") for pk, key in outcome.type_keys.items()}


def search(request):
    locale = _locale()
    scope, section_titles = service.scope_for(locale)
    type_keys = [t.key for t in scope.types] + list(scope.sections) + [types.OTHER_KEY]
    units, categories = service.unit_names(), service.category_names()
    form = SearchForm(
        request.GET, type_keys=type_keys, units=units, categories=categories
    )
    wants_json = request.GET.get("format") == "json"
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        if wants_json:
            return JsonResponse(
                {"errors": errors},
                status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        return TemplateResponse(
            request,
            "search/search.html",
            {"form": form, "search_query": clean(request.GET.get("q", ""))[:100]},
            status=400,
        )
    data = form.cleaned_data
    query = data["q"]
    sort = data.get("sort") or service.Sort.RELEVANCE
    outcome = service.search(
        query, form.filters(), sort=sort, locale=locale, exact=data.get("exact")
    )
    if outcome.redirect is not None:
        url = outcome.redirect.get_url(request)
        if wants_json:
            return JsonResponse(
                {"query": query, "redirect": url, "total": 1},
                json_dumps_params={"ensure_ascii": False},
            )
        return HttpResponseRedirect(url)

    params = {"q": query, **{n: data.get(n) for n in FILTER_NAMES}}
    if data.get("exact"):
        params["exact"] = "1"
    paginator = Paginator(outcome.candidates, service.PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    terms = outcome.parsed.terms if outcome.parsed else []
    hits = results.hits(
        list(page_obj.object_list),
        terms,
        request,
        _type_labels(outcome, section_titles),
        units,
        categories,
        anchors=outcome.parsed.whole_terms if outcome.parsed else None,
    )
    if wants_json:
        return JsonResponse(
            {
                "query": query,
                "corrected": outcome.corrected,
                "suggestion": outcome.suggestion,
                "total": outcome.total,
                "capped": outcome.capped,
                "page": page_obj.number,
                "pages": paginator.num_pages,
                "results": [hit.as_json() for hit in hits],
                "filters": {
                    facet.name: [
                        {"value": v, "label": label, "count": n, "selected": s}
                        for v, label, n, s in facet.options
                    ]
                    for facet in outcome.facets
                },
            },
            json_dumps_params={"ensure_ascii": False},
        )
    facets = [
        {
            "name": facet.name,
            "label": facet.label,
            "clear_url": _url(params, **{facet.name: None})
            if params.get(facet.name)
            else "",
            "options": [
                {
                    "label": label,
                    "count": count,
                    "selected": selected,
                    "url": _url(params, **{facet.name: None if selected else value}),
                }
                for value, label, count, selected in facet.options
            ],
        }
        for facet in outcome.facets
    ]
    page_params = {k: v for k, v in params.items() if v not in (None, "")}
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "form": form,
            "search_query": query,
            "outcome": outcome,
            "hits": hits,
            "page_obj": page_obj,
            "facets": facets,
            "sort": sort,
            "sort_links": [
                (value, label, _url(params, sort=value, page=None))
                for value, label in service.Sort.CHOICES
            ],
            "query_string": urlencode(page_params),
            "exact_url": _url({"q": query, "exact": "1"}),
            "suggestion_url": _url({"q": outcome.suggestion})
            if outcome.suggestion
            else "",
            "nothing_asked": bool(query) and not outcome.parsed,
            "capped_note": _(
                "结果较多，仅列出最相关的 %(n)d 条，可补充关键词或使用筛选。"
            )
            % {"n": service.CAP}
            if outcome.capped
            else "",
        },
    )
