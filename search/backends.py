"""Wagtail's database search backend, taught Chinese (see segment.py).

Configured as ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends"``;
like ``wagtail.search.backends.database`` it picks the implementation for the
default database: PostgreSQL or SQLite full-text search with normalised,
segmented text, or, where SQLite lacks FTS5, the plain ``icontains``
fallback. After switching an existing site to this backend, run
``manage.py update_index`` once.

What is indexed: the title vector holds the title, 文号, 索引号 and 主题词
(the fields a citizen's words should hit first, TITLE_FIELDS); the body
vector everything else. Queries that reach the backend through Wagtail's
API (``Page.objects.search()``, the admin, ``/api/v2/…?search=``) are parsed
like the site search (query.py: stop words dropped, synonyms added) and
compiled into one flat expression, whatever their length: no nesting that
could recurse, at most MAX_QUERY_LENGTH characters read.
"""

from functools import cache

from django.core.cache import cache as django_cache
from django.db import connection
from django.db.models import Avg, F
from django.db.models.functions import Length
from modelsearch.backends.database.postgres import postgres as pg
from modelsearch.index import SearchField
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from . import documents
from .segment import index_text

# Search fields indexed with the title: what the public search weighs most.
TITLE_FIELDS = frozenset({"title", "document_number", "index_number", "keywords"})
SEARCH_CONFIG = "simple"


def _is_title(field):
    return isinstance(field, SearchField) and field.field_name in TITLE_FIELDS


def parsed_groups(query_string, operator):
    """The groups of a Wagtail query string, from the site's parser (every
    group for "or", the strong ones for "and")."""
    from .query import parse

    parsed = parse(query_string)
    groups = parsed.groups if operator == "or" else parsed.strong_groups
    return groups


# Queries with no word in them (punctuation, fillers) match nothing.
NOTHING_TSQUERY = ""
NOTHING_FTS = '""'


def tsquery_text(query_string, operator="and"):
    """A flat PostgreSQL tsquery for a Wagtail query string."""
    groups = parsed_groups(query_string, operator)
    if not groups:
        return NOTHING_TSQUERY
    joiner = " | " if operator == "or" else " & "
    return joiner.join(
        "("
        + " | ".join(
            "(" + " & ".join(f"'{t}'" for t in tokens) + ")"
            for tokens in g.alternatives
        )
        + ")"
        for g in groups
    )


def fts_match_text(query_string, operator="and"):
    """The same as an SQLite FTS5 MATCH expression."""
    groups = parsed_groups(query_string, operator)
    if not groups:
        return NOTHING_FTS
    joiner = " OR " if operator == "or" else " AND "
    return joiner.join(
        "("
        + " OR ".join(
            "(" + " AND ".join(f'"{t}"' for t in tokens) + ")"
            for tokens in g.alternatives
        )
        + ")"
        for g in groups
    )


def _operator(query):
    return (getattr(query, "operator", None) or "and").lower()


# PostgreSQL ---------------------------------------------------------------
class SegmentingPostgresIndexer(pg.ObjectIndexer):
    """Normalises and segments the text stored in the tsvector columns and
    puts 文号, 索引号 and 主题词 beside the title. The plain-text columns
    keep the original text."""

    def _texts(self, title):
        texts = []
        for field in self.search_fields:
            for current, boost, value in self.prepare_field(self.obj, field):
                if isinstance(current, SearchField) and _is_title(current) == title:
                    texts.append((value, boost))
        return texts

    @property
    def title(self):
        return self.as_vector(self._texts(title=True))

    @property
    def body(self):
        return self.as_vector(self._texts(title=False))

    def as_vector(self, texts, for_autocomplete=False):
        texts = [(index_text(text), weight) for text, weight in texts]
        return super().as_vector(texts, for_autocomplete=for_autocomplete)


class ChineseQueryMixin:
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, (PlainText, Phrase)):
            text = tsquery_text(query.query_string, _operator(query))
            if invert and text:
                text = f"!({text})"
            return pg.SearchQuery(text, search_type="raw", config=config)
        return super().build_tsquery_content(query, config=config, invert=invert)


class ChinesePostgresQueryCompiler(ChineseQueryMixin, pg.PostgresSearchQueryCompiler):
    pass


class ChinesePostgresAutocompleteQueryCompiler(
    ChineseQueryMixin, pg.PostgresAutocompleteQueryCompiler
):
    pass


TITLE_LENGTH_KEY = "search:average-title-length"
TITLE_LENGTH_TIMEOUT = 3600


class ChinesePostgresIndex(pg.PostgresIndex):
    """modelsearch's index, and beside it the site search's table of live
    pages (documents.py), written from the same entries.

    modelsearch normalises title weights after every write by averaging the
    titles of the whole index and rewriting every entry still at 1.0: two
    full scans, ~250 ms per page saved at 100,000 items. Here the average
    is cached for an hour and only the entries just written are normalised;
    a rebuild (``update_index``) still normalises everything afresh."""

    def add_items(self, model, objs):
        super().add_items(model, objs)
        if model.get_search_fields():
            self._normalise_titles(model, objs)
            documents.sync(model, objs)

    def _refresh_title_norms(self, full=False):
        if full:
            django_cache.delete(TITLE_LENGTH_KEY)
            super()._refresh_title_norms(full=True)

    def _average_title_length(self):
        average = django_cache.get(TITLE_LENGTH_KEY)
        if average is None:
            average = (
                self.entries.annotate(title_length=Length("title"))
                .filter(title_length__gt=0)
                .aggregate(Avg("title_length"))["title_length__avg"]
            )
            if average is not None:
                django_cache.set(TITLE_LENGTH_KEY, average, TITLE_LENGTH_TIMEOUT)
        return average

    def _normalise_titles(self, model, objs):
        average = self._average_title_length()
        if average is None:
            return
        self.entries.filter(
            content_type_id=get_content_type_pk(model),
            object_id__in=[str(obj.pk) for obj in objs],
            title_norm=1.0,
        ).annotate(title_length=Length("title")).filter(title_length__gt=0).update(
            title_norm=average / F("title_length")
        )

    def delete_item(self, item):
        super().delete_item(item)
        documents.delete(item)

    def reset(self):
        super().reset()
        documents.reset()


class ChinesePostgresSearchBackend(pg.PostgresSearchBackend):
    index_class = ChinesePostgresIndex
    query_compiler_class = ChinesePostgresQueryCompiler
    autocomplete_query_compiler_class = ChinesePostgresAutocompleteQueryCompiler

    def __init__(self, params):
        params = {"SEARCH_CONFIG": SEARCH_CONFIG, **params}
        super().__init__(params)


# modelsearch's PostgreSQL index builds its indexers from this module-level
# name; there is no setting for it.
pg.ObjectIndexer = SegmentingPostgresIndexer


# SQLite -------------------------------------------------------------------
@cache
def _sqlite_backend_class():
    """Built once: the indexer must wrap modelsearch's own, not itself."""
    from modelsearch.backends.database.sqlite import sqlite
    from modelsearch.backends.database.sqlite.query import BM25, SearchQueryExpression
    from modelsearch.backends.database.sqlite.query import Lexeme as SqliteLexeme

    class TitleWeightedBM25(BM25):
        """bm25 with the title counting ten times the body (FTS columns:
        autocomplete, body, title); modelsearch weighs them alike."""

        def as_sql(self, compiler, connection, function=None, template=None):
            table = sqlite.SQLiteFTSIndexEntry._meta.db_table
            return f"bm25({table}, 1.0, 1.0, 10.0)", []

    class RawMatch(SqliteLexeme):
        """A whole MATCH expression as one parameter."""

        def as_sql(self, compiler, connection):
            return "%s", [self.value]

    class SegmentingSQLiteIndexer(sqlite.ObjectIndexer):
        def prepare_value(self, value):
            # Lists and dicts come back here item by item: segment once.
            if isinstance(value, (list, dict)):
                return super().prepare_value(value)
            return index_text(super().prepare_value(value))

        def _texts(self, title):
            texts = []
            for field in self.search_fields:
                for current, value in self.prepare_field(self.obj, field):
                    if isinstance(current, SearchField) and _is_title(current) == title:
                        texts.append(value)
            return " ".join(texts)

        @property
        def title(self):
            return self._texts(title=True)

        @property
        def body(self):
            return self._texts(title=False)

    class ChineseSQLiteQueryMixin:
        def build_search_query_content(self, query, config=None):
            if isinstance(query, (PlainText, Phrase)):
                text = fts_match_text(query.query_string, _operator(query))
                return SearchQueryExpression(RawMatch(text), config=config)
            return super().build_search_query_content(query, config=config)

        def _build_rank_expression(self, vectors, config):
            return TitleWeightedBM25()

    class ChineseSQLiteQueryCompiler(
        ChineseSQLiteQueryMixin, sqlite.SQLiteSearchQueryCompiler
    ):
        pass

    class ChineseSQLiteAutocompleteQueryCompiler(
        ChineseSQLiteQueryMixin, sqlite.SQLiteAutocompleteQueryCompiler
    ):
        pass

    class ChineseSQLiteSearchBackend(sqlite.SQLiteSearchBackend):
        query_compiler_class = ChineseSQLiteQueryCompiler
        autocomplete_query_compiler_class = ChineseSQLiteAutocompleteQueryCompiler

    sqlite.ObjectIndexer = SegmentingSQLiteIndexer
    return ChineseSQLiteSearchBackend


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks up
    if connection.vendor == "postgresql":
        return ChinesePostgresSearchBackend(params)
    from modelsearch.backends import database

    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite" and database.USE_SQLITE_FTS:
        return _sqlite_backend_class()(params)
    return backend
