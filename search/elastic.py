"""Elasticsearch/OpenSearch: the same text, the same words, the same score.

The backends (``search.elastic.ChineseElasticsearch8SearchBackend`` and
``search.opensearch.ChineseOpenSearch2SearchBackend``, chosen in settings when
ELASTICSEARCH_URL or OPENSEARCH_URL is set) store every searchable field
normalised and segmented exactly as the database index does (segment.py),
analysed by whitespace only, so both indexes hold the same tokens. The site
search (:func:`candidates`) sends one query built from the parsed query:
each group a ``dis_max`` of a title-fields match (worth its weight) and an
anywhere match (worth BODY_FACTOR of it), summed; the same formula as the
database engine, so both rank alike.
"""

import datetime
from copy import deepcopy

from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
)
from modelsearch.index import SearchField
from modelsearch.utils import deep_update
from wagtail.models import Page

from .backends import TITLE_FIELDS
from .engine import BODY_FACTOR, CAP, SYNONYM_FACTOR, Filters
from .segment import index_text

# Text arrives segmented: split at spaces, nothing more.
INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "whitespace",
                    "filter": ["lowercase"],
                }
            }
        }
    }
}


def _segmented(value):
    if isinstance(value, str):
        return index_text(value)
    if isinstance(value, (list, tuple)):
        return index_text(" ".join(str(v) for v in value if v))
    return value


class SegmentingMappingMixin:
    def _get_document_field_data(self, field, obj):
        name, value, edgengrams = super()._get_document_field_data(field, obj)
        if isinstance(field, SearchField):
            value = _segmented(value)
        return name, value, edgengrams


class ChineseElasticsearch8Mapping(SegmentingMappingMixin, Elasticsearch8Mapping):
    pass


class ChineseElasticsearch8SearchBackend(Elasticsearch8SearchBackend):
    mapping_class = ChineseElasticsearch8Mapping
    settings = deep_update(
        deepcopy(Elasticsearch8SearchBackend.settings), INDEX_SETTINGS
    )


def title_field_names(mapping_class, models):
    """The document fields that hold title, 文号, 索引号 and 主题词."""
    names = set()
    for model in models:
        mapping = mapping_class(model)
        for field in model.get_search_fields():
            if isinstance(field, SearchField) and field.field_name in TITLE_FIELDS:
                names.add(mapping.get_field_column_name(field))
    return sorted(names)


def _match(field, tokens):
    return {"match": {field: {"query": " ".join(tokens), "operator": "and"}}}


def _any_of(clauses):
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def build_query(query, scope, filters, mapping_class, cap=CAP):
    """The request body for a parsed query (query.py) in a scope (engine.py)."""
    from .types import searchable_other_models

    models = [t.model for t in scope.types] + searchable_other_models(scope.types)
    titles = title_field_names(mapping_class, models)
    scoring = []
    for group in query.groups:
        word, synonyms = group.alternatives[:1], group.alternatives[1:]
        options = [(word, titles, 1.0)]
        if synonyms:
            options.append((synonyms, titles, SYNONYM_FACTOR))
        options.append((group.alternatives, ["_all_text"], BODY_FACTOR))
        scoring.append(
            {
                "dis_max": {
                    "queries": [
                        {
                            "constant_score": {
                                "filter": _any_of(
                                    [_match(f, t) for t in alternatives for f in fields]
                                ),
                                "boost": round(group.weight * factor, 3),
                            }
                        }
                        for alternatives, fields, factor in options
                    ]
                }
            }
        )
    strong = [a for g in query.strong_groups for a in g.alternatives]
    conditions = [
        _any_of([_match("_all_text", t) for t in strong]),
        {"term": {"live_filter": True}},
        {"term": {"locale_id_filter": scope.locale_id}},
        {"range": {"depth_filter": {"gt": 2}}},
    ]
    conditions.extend(_filter_clauses(scope, filters or Filters(), mapping_class))
    excluded = [{"prefix": {"path_filter": path}} for path in scope.restricted_paths]
    return {
        "query": {
            "bool": {
                "should": scoring,
                "filter": conditions,
                "must_not": excluded,
            }
        },
        "sort": [
            {"_score": {"order": "desc"}},
            {"first_published_at_filter": {"order": "desc", "unmapped_type": "date"}},
        ],
        "size": int(cap),
        "_source": False,
        "stored_fields": ["pk"],
    }


def _filter_clauses(scope, filters, mapping_class):
    from modelsearch.index import FilterField

    def column(model, name):
        mapping = mapping_class(model)
        for field in model.get_search_fields():
            if isinstance(field, FilterField) and field.field_name == name:
                return mapping.get_field_column_name(field)
        return f"{name}_filter"

    clauses = []
    if filters.types:
        options = []
        for stype in scope.types:
            mapping = mapping_class(stype.model)
            if stype.key in filters.types:
                options.append(
                    {"term": {"_django_content_type": mapping.get_content_type()}}
                )
        for key, (_section_type, path) in scope.sections.items():
            if key in filters.types:
                options.append({"prefix": {"path_filter": path}})
        clauses.append(_any_of(options or [{"ids": {"values": []}}]))
    for attribute, values in (
        ("unit", filters.units),
        ("category", filters.categories),
    ):
        if values:
            options = [
                {"terms": {column(t.model, getattr(t, attribute)): sorted(values)}}
                for t in scope.types
                if getattr(t, attribute)
            ]
            clauses.append(_any_of(options or [{"ids": {"values": []}}]))
    if filters.years:
        options = []
        for year in sorted(filters.years):
            span = {
                "gte": datetime.date(year, 1, 1).isoformat(),
                "lt": datetime.date(year + 1, 1, 1).isoformat(),
            }
            for stype in scope.types:
                field = column(stype.model, stype.date) if stype.date else None
                if field:
                    options.append({"range": {field: span}})
            options.append({"range": {"first_published_at_filter": span}})
        clauses.append(_any_of(options))
    return clauses


def candidates(backend, query, scope, filters=None, cap=CAP):
    """Ranked candidates from Elasticsearch/OpenSearch, with the metadata
    the filters and facets need read from the database (engine.metadata)."""
    from .metadata import with_metadata

    if not query.strong_groups:
        return []
    body = build_query(query, scope, filters, backend.mapping_class, cap)
    index = backend.get_index_for_model(Page).name
    response = backend.es.search(index=index, **body)
    scored = []
    for hit in response["hits"]["hits"]:
        fields = hit.get("fields") or {}
        pk = (fields.get("pk") or [hit.get("_id")])[0]
        try:
            scored.append((int(pk), float(hit.get("_score") or 0)))
        except (TypeError, ValueError):
            continue
    return with_metadata(scored, scope)
