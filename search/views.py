import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from disclosure.cache import content_version

from . import lexicon, results, service, types
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


RESULTS_TIMEOUT = 300


def _page_number(request):
    """The page asked for, as the cache knows it (what the paginator makes
    of it is the same): a number past the last page is the last page, and
    anything but a number is page 1."""
    value = request.GET.get("page") or "1"
    if not value.isdigit():
        return "1"
    return value if len(value) <= 3 else "999"


def _found(request, form, locale, section_titles, units, categories):
    """What a result page shows, computed once per content version for
    everyone who asks the same (the page cache keeps it for anonymous
    readers only): the redirect of a 文号 or 索引号, else the corrections,
    the total, the filters' counts and the page's hits, without their page
    objects."""
    data = form.cleaned_data
    number = _page_number(request)
    signature = repr(
        (
            sorted((k, str(v)) for k, v in data.items()),
            number,
            locale.pk,
            translation.get_language(),
            request.get_host(),
        )
    )
    key = (
        f"search:page:{content_version()}:{lexicon.current().version}:"
        + hashlib.sha1(signature.encode()).hexdigest()
    )
    found = cache.get(key)
    if found is not None:
        return found
    sort = data.get("sort") or service.Sort.RELEVANCE
    outcome = service.search(
        data["q"], form.filters(), sort=sort, locale=locale, exact=data.get("exact")
    )
    found = {
        "redirect": None,
        "corrected": outcome.corrected,
        "suggestion": outcome.suggestion,
        "total": outcome.total,
        "capped": outcome.capped,
        "parsed": bool(outcome.parsed),
        "facets": outcome.facets,
        "page": number,
        "hits": [],
    }
    if outcome.redirect is not None:
        found["redirect"] = outcome.redirect.get_url(request)
    else:
        page_obj = Paginator(outcome.candidates, service.PER_PAGE).get_page(number)
        found["hits"] = results.hits(
            list(page_obj.object_list),
            outcome.parsed.terms if outcome.parsed else [],
            request,
            _type_labels(outcome, section_titles),
            units,
            categories,
            anchors=outcome.parsed.whole_terms if outcome.parsed else None,
        )
        for hit in found["hits"]:
            hit.page = None  # not shown; the cache keeps the rest
    cache.set(key, found, RESULTS_TIMEOUT)
    return found


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
    found = _found(request, form, locale, section_titles, units, categories)
    if found["redirect"] is not None:
        if wants_json:
            return JsonResponse(
                {"query": query, "redirect": found["redirect"], "total": 1},
                json_dumps_params={"ensure_ascii": False},
            )
        return HttpResponseRedirect(found["redirect"])

    params = {"q": query, **{n: data.get(n) for n in FILTER_NAMES}}
    if data.get("exact"):
        params["exact"] = "1"
    # The same page of the same list: a paginator over the total alone.
    paginator = Paginator(range(found["total"]), service.PER_PAGE)
    page_obj = paginator.get_page(found["page"])
    hits = found["hits"]
    if wants_json:
        return JsonResponse(
            {
                "query": query,
                "corrected": found["corrected"],
                "suggestion": found["suggestion"],
                "total": found["total"],
                "capped": found["capped"],
                "page": page_obj.number,
                "pages": paginator.num_pages,
                "results": [hit.as_json() for hit in hits],
                "filters": {
                    facet.name: [
                        {"value": v, "label": label, "count": n, "selected": s}
                        for v, label, n, s in facet.options
                    ]
                    for facet in found["facets"]
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
        for facet in found["facets"]
    ]
    page_params = {k: v for k, v in params.items() if v not in (None, "")}
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "form": form,
            "search_query": query,
            "outcome": found,
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
            "suggestion_url": _url({"q": found["suggestion"]})
            if found["suggestion"]
            else "",
            "nothing_asked": bool(query) and not found["parsed"],
            "capped_note": _(
                "结果较多，仅列出最相关的 %(n)d 条，可补充关键词或使用筛选。"
            )
            % {"n": service.CAP}
            if found["capped"]
            else "",
        },
    )
