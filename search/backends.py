"""Wagtail's database search backend, taught Chinese (see segment.py).

Configured as ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends"``;
like ``wagtail.search.backends.database`` it picks the implementation for the
default database: PostgreSQL or SQLite full-text search with segmented text,
or, where SQLite lacks FTS5, the plain ``icontains`` fallback, which needs no
segmentation. After switching an existing site to this backend, run
``manage.py update_index`` once.
"""

from functools import cache, reduce

from django.db import connection
from modelsearch.backends.database.postgres import postgres as pg
from modelsearch.backends.database.postgres.query import Lexeme as PgLexeme
from modelsearch.query import Phrase, PlainText

from .segment import index_text, query_tokens


def _combine(lexemes, operator):
    if operator == "or":
        return reduce(lambda a, b: a | b, lexemes)
    return reduce(lambda a, b: a & b, lexemes)


def _lexemes(query, lexeme_class, prefix_last, **kwargs):
    """The lexeme expression for a plain-text or phrase query: every token of
    a word must be there; words combine with the query's operator (a phrase
    asks for all of them)."""
    groups = query_tokens(query.query_string)
    if not groups:
        return None
    operator = getattr(query, "operator", "and").lower()
    words = []
    for number, tokens in enumerate(groups, start=1):
        last = number == len(groups)
        words.append(
            _combine(
                [
                    lexeme_class(token, prefix=prefix_last and last, **kwargs)
                    for token in tokens
                ],
                "and",
            )
        )
    return _combine(words, operator)


# PostgreSQL ---------------------------------------------------------------
class SegmentingPostgresIndexer(pg.ObjectIndexer):
    """Segments the text stored in the tsvector columns. The plain-text
    columns for trigram (fuzzy) matching keep the original text."""

    def as_vector(self, texts, for_autocomplete=False):
        texts = [(index_text(text), weight) for text, weight in texts]
        return super().as_vector(texts, for_autocomplete=for_autocomplete)


class ChineseQueryMixin:
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, (PlainText, Phrase)):
            lexemes = _lexemes(query, PgLexeme, self.LAST_TERM_IS_PREFIX, invert=invert)
            if lexemes is None:
                return None
            return pg.SearchQuery(lexemes, search_type="raw", config=config)
        return super().build_tsquery_content(query, config=config, invert=invert)


class ChinesePostgresQueryCompiler(ChineseQueryMixin, pg.PostgresSearchQueryCompiler):
    pass


class ChinesePostgresAutocompleteQueryCompiler(
    ChineseQueryMixin, pg.PostgresAutocompleteQueryCompiler
):
    pass


class ChinesePostgresSearchBackend(pg.PostgresSearchBackend):
    query_compiler_class = ChinesePostgresQueryCompiler
    autocomplete_query_compiler_class = ChinesePostgresAutocompleteQueryCompiler


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
        autocomplete, body, title); modelsearch weighs them alike, so a
        long budget that mentions 人民政府 often outranks the page titled
        with the query."""

        def as_sql(self, compiler, connection, function=None, template=None):
            table = sqlite.SQLiteFTSIndexEntry._meta.db_table
            return f"bm25({table}, 1.0, 1.0, 10.0)", []

    class SegmentingSQLiteIndexer(sqlite.ObjectIndexer):
        def prepare_value(self, value):
            # Lists and dicts come back here item by item: segment once.
            if isinstance(value, (list, dict)):
                return super().prepare_value(value)
            return index_text(super().prepare_value(value))

    class ChineseSQLiteQueryMixin:
        def build_search_query_content(self, query, config=None):
            if isinstance(query, (PlainText, Phrase)):
                lexemes = _lexemes(query, SqliteLexeme, self.LAST_TERM_IS_PREFIX)
                if lexemes is None:
                    return None
                return SearchQueryExpression(lexemes, config=config)
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
