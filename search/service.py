"""The site search: from what a citizen typed to a page of results.

:func:`search` parses the query (query.py), goes straight to an item whose
文号 or 索引号 was typed, asks the configured backend for ranked candidates
(engine.py for the database, elastic.py for Elasticsearch/OpenSearch),
corrects typos when the query as typed finds little (spelling.py), filters,
counts the filters' values, sorts and cuts a page. Candidates are cached per
content version, so paging through a result list reads the index once.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models.functions import Reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, PageViewRestriction

from disclosure.cache import content_version
from disclosure.models import Category, DisclosureItemPage, Unit

from . import engine, lexicon, spelling, types
from . import query as query_module
from .engine import CAP, Candidate, Filters, Scope

PER_PAGE = 20
CACHE_TIMEOUT = 300
# The query as typed "finds little": fewer results than this, or a best
# result covering less of the query than WEAK_COVERAGE.
FEW_RESULTS = 5
# A tie-breaker, far below any difference in what a document covers.
COUNTY_BONUS = 0.06
NEWS_SHARE = 0.8
WEAK_COVERAGE = 0.75


class Sort:
    RELEVANCE = "relevance"
    DATE = "date"
    CHOICES = [(RELEVANCE, _("按相关度")), (DATE, _("按时间"))]


@dataclass
class Facet:
    name: str
    label: str
    options: list  # [(value, label, count, selected)]


@dataclass
class Outcome:
    query: str
    parsed: object = None
    candidates: list = field(default_factory=list)
    capped: bool = False
    corrected: str = ""  # the corrected query whose results are shown
    suggestion: str = ""  # a correction offered, results of the query as typed
    redirect: object = None  # the page a 文号 or 索引号 names
    facets: list = field(default_factory=list)
    scope: object = None
    type_keys: dict = field(default_factory=dict)  # page id -> kind's key

    @property
    def total(self):
        return len(self.candidates)


# Scope ---------------------------------------------------------------------
def scope_for(locale):
    """What the search may show, cached per content version and locale."""
    key = f"search:scope:{content_version()}:{locale.pk}"
    data = cache.get(key)
    if data is None:
        registered = types.registered()
        sections = {}
        for stype in registered:
            if not stype.by_section:
                continue
            paths = {
                path[: -Page.steplen]
                for path in stype.model.objects.live().values_list("path", flat=True)
            }
            for pk, path, title in Page.objects.filter(path__in=paths).values_list(
                "pk", "path", "title"
            ):
                sections[f"section-{pk}"] = (stype.key, path, title)
        data = {
            "sections": sections,
            "other": types.content_type_ids(types.searchable_other_models(registered)),
            "restricted": sorted(
                set(PageViewRestriction.objects.values_list("page__path", flat=True))
            ),
        }
        cache.set(key, data, CACHE_TIMEOUT)
    registered = types.registered()
    by_key = {t.key: t for t in registered}
    return Scope(
        locale_id=locale.pk,
        types=registered,
        other_content_types=data["other"],
        sections={
            key: (by_key[type_key], path)
            for key, (type_key, path, _title) in data["sections"].items()
            if type_key in by_key
        },
        restricted_paths=data["restricted"],
    ), {key: title for key, (_t, _p, title) in data["sections"].items()}


# Candidates ----------------------------------------------------------------
def _backend_candidates(parsed, scope, filters):
    from wagtail.search.backends import get_search_backend

    from .backends import ChinesePostgresSearchBackend

    backend = get_search_backend()
    if hasattr(backend, "es"):
        from . import elastic

        return elastic.candidates(backend, parsed, scope, filters)
    if isinstance(backend, ChinesePostgresSearchBackend) or (
        type(backend).__name__ == "ChineseSQLiteSearchBackend"
    ):
        return engine.candidates(parsed, scope, filters)
    from .metadata import fallback_candidates

    return fallback_candidates(parsed, scope, backend)


def cached_candidates(parsed, scope, filters=None):
    filters = filters or Filters()
    signature = repr(
        (
            [(g.weight, g.alternatives) for g in parsed.groups],
            filters.key(),
            scope.locale_id,
            lexicon.current().version,
        )
    )
    digest = hashlib.sha1(signature.encode()).hexdigest()
    key = f"search:candidates:{content_version()}:{digest}"
    rows = cache.get(key)
    if rows is None:
        found = _backend_candidates(parsed, scope, filters)
        # Plain tuples: they unpickle several times faster than named ones.
        cache.set(key, [tuple(c) for c in found], CACHE_TIMEOUT)
        return found
    return list(map(Candidate._make, rows))


def _unit_kinds():
    key = f"search:unit-kinds:{lexicon.current().version}"
    kinds = cache.get(key)
    if kinds is None:
        kinds = dict(Unit.objects.values_list("pk", "kind"))
        cache.set(key, kinds, CACHE_TIMEOUT)
    return kinds


def _county_first(found, parsed):
    """Among equally good matches, the county's pages (its departments',
    its news) come before the townships' notices, and a synonym in a county
    document's title before the very word in a township's: a citizen who
    names no place is asking about the county's rules (a place named counts
    in the score anyway, by far more than this)."""
    kinds = _unit_kinds()
    bonus = COUNTY_BONUS * parsed.total_weight

    def key(c):
        kind = kinds.get(c.unit_id)
        if kind == Unit.Kind.TOWNSHIP:
            return -c.score
        # The county's own documents, then its news and other pages.
        return -(c.score + (bonus if kind else bonus * NEWS_SHARE))

    return sorted(found, key=key)


def _coverage(found, parsed):
    if not found:
        return 0.0
    return found[0].score / parsed.total_weight


# Numbers -------------------------------------------------------------------
def _numbered_item(text, locale):
    """The live item whose 索引号 or 文号 ``text`` is, if exactly one."""
    items = DisclosureItemPage.objects.live().public().filter(locale=locale)
    numbers = query_module.index_number_candidates(text)
    if numbers:
        found = list(items.filter(index_number__in=numbers)[:2])
        return found[0] if len(found) == 1 else None
    key = query_module.doc_number_key(text)
    if key is None:
        return None
    prefix, year, serial = key.split("|")
    # By the number's end, read backwards: an index (disclosure 0011), not
    # a scan of every item's 文号.
    found = [
        item
        for item in items.annotate(docno_reversed=Reverse("document_number"))
        .filter(
            docno_reversed__startswith=f"{serial}号"[::-1],
            document_number__contains=year,
        )
        .only("pk", "document_number", "url_path", "path", "depth", "title")[:50]
        if query_module.doc_number_key(item.document_number) == key
    ]
    return found[0] if len(found) == 1 else None


# Facets --------------------------------------------------------------------
def type_key(candidate, scope, by_content_type):
    stype = by_content_type.get(candidate.content_type_id)
    if stype is None:
        return types.OTHER_KEY
    if stype.by_section:
        parent = candidate.path[: -Page.steplen]
        for key, (section_type, path) in scope.sections.items():
            if section_type is stype and path == parent:
                return key
    return stype.key


def _matches(candidate, filters, keys, skip=None):
    if skip != "type" and filters.types and keys[candidate.id] not in filters.types:
        return False
    if skip != "unit" and filters.units and candidate.unit_id not in filters.units:
        return False
    if (
        skip != "category"
        and filters.categories
        and candidate.category_id not in filters.categories
    ):
        return False
    year = candidate.date.year if candidate.date else None
    return skip == "year" or not filters.years or year in filters.years


def facets(found, filters, scope, section_titles):
    """Each filter's values among the candidates, counted with the other
    filters applied."""
    by_ct = {t.content_type_id: t for t in scope.types}
    keys = {c.id: type_key(c, scope, by_ct) for c in found}
    counts = {"type": {}, "unit": {}, "category": {}, "year": {}}
    for c in found:
        values = {
            "type": keys[c.id],
            "unit": c.unit_id,
            "category": c.category_id,
            "year": c.date.year if c.date else None,
        }
        for name, value in values.items():
            if value is not None and _matches(c, filters, keys, skip=name):
                counts[name][value] = counts[name].get(value, 0) + 1
    labels = {t.key: t.label for t in scope.types}
    labels.update(section_titles)
    labels[types.OTHER_KEY] = types.OTHER_LABEL
    units = dict(_unit_names())
    categories = dict(_category_names())
    result = [
        Facet("type", _("类型"), _options(counts["type"], labels, filters.types)),
        Facet("unit", _("发布机构"), _options(counts["unit"], units, filters.units)),
        Facet(
            "category",
            _("信息类别"),
            _options(counts["category"], categories, filters.categories),
        ),
        Facet("year", _("年份"), _options(counts["year"], {}, filters.years, True)),
    ]
    return [f for f in result if f.options], keys


def _options(counts, labels, selected, by_value=False):
    options = [
        (value, str(labels.get(value, value)), count, value in selected)
        for value, count in counts.items()
        if by_value or value in labels
    ]
    if by_value:
        options.sort(key=lambda o: o[0], reverse=True)
    else:
        options.sort(key=lambda o: (-o[2], o[1]))
    return options


def _unit_names():
    key = f"search:units:{lexicon.current().version}"
    names = cache.get(key)
    if names is None:
        names = [
            (pk, short or name)
            for pk, name, short in Unit.objects.values_list("pk", "name", "short_name")
        ]
        cache.set(key, names, CACHE_TIMEOUT)
    return names


def _category_names():
    key = f"search:categories:{lexicon.current().version}"
    names = cache.get(key)
    if names is None:
        names = list(Category.objects.values_list("pk", "name"))
        cache.set(key, names, CACHE_TIMEOUT)
    return names


def unit_names():
    return dict(_unit_names())


def category_names():
    return dict(_category_names())


# The search ----------------------------------------------------------------
def search(text, filters=None, sort=Sort.RELEVANCE, locale=None, exact=False):
    """Everything a result page needs, except the pages themselves."""
    filters = filters or Filters()
    locale = locale or Locale.get_active()
    outcome = Outcome(query=text)
    if not text:
        return outcome
    if not filters and not exact:
        outcome.redirect = _numbered_item(text, locale)
        if outcome.redirect is not None:
            return outcome
    lex = lexicon.current()
    parsed = query_module.parse(text, lex)
    outcome.parsed = parsed
    if not parsed:
        return outcome
    scope, section_titles = scope_for(locale)
    outcome.scope = scope
    found = cached_candidates(parsed, scope)
    suggestion = None if exact else spelling.suggest(parsed.text, lex)
    if suggestion:
        # The query as typed finds little, or less than the corrected one:
        # show the corrected results (with a way back), else offer it.
        corrected = query_module.parse(suggestion, lex)
        better = cached_candidates(corrected, scope) if corrected else []
        if better and (
            len(found) < FEW_RESULTS
            or _coverage(found, parsed) < WEAK_COVERAGE
            or _coverage(better, corrected) > _coverage(found, parsed)
        ):
            outcome.corrected = suggestion
            parsed, found = corrected, better
            outcome.parsed = parsed
        else:
            outcome.suggestion = suggestion
    found = _county_first(found, parsed)
    outcome.facets, keys = facets(found, filters, scope, section_titles)
    if filters:
        if len(found) >= CAP:
            found = cached_candidates(parsed, scope, filters)
            keys.update(
                {
                    c.id: type_key(
                        c, scope, {t.content_type_id: t for t in scope.types}
                    )
                    for c in found
                }
            )
        found = [c for c in found if _matches(c, filters, keys)]
    if sort == Sort.DATE:
        found = sorted(
            found,
            key=lambda c: (c.date.toordinal() if c.date else 0, c.id),
            reverse=True,
        )
    outcome.candidates = found
    outcome.capped = len(found) >= CAP
    outcome.type_keys = keys
    return outcome
