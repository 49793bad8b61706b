"""Ranked candidates from the database search index (PostgreSQL, SQLite).

A document's score is how much of the query it covers: the sum of the
weights of the query's groups (query.py) it holds, a group found in the
title (with 文号, 索引号 and 主题词, see backends.py) counting fully (a
synonym at SYNONYM_FACTOR) and one found only in the body at BODY_FACTOR.
No single word is required.

Ranking every document that holds any word of a broad query (通知, 政务公开)
would read most of a county's 100,000 items, so the candidates are capped,
in one statement of at most two branches per content type:

- documents whose title holds every strong word, newest first, at most CAP;
- documents holding every strong word anywhere, newest first, at most CAP;
- documents holding any strong word anywhere, the first CAP found;

the ordered tiers walk a date index (broad words) or a GIN index (rare
words), whichever the planner finds cheaper; the last tier stops after CAP
rows. On PostgreSQL the rows come from the search's own table of live pages
(documents.py: date, unit, category and both text vectors in one row, one
branch for all types); on SQLite from the index entries joined to each
type's table (a branch per type). Only the rows the tiers keep are scored. Exact title matches are
never crowded out by partial ones. Filters (type, unit,
category, year) are part of the branches, so a filtered search ranks its
own candidates.
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection, transaction

from .types import OTHER_KEY

CAP = 1000
# A word in the title counts fully, a synonym of it in the title a little
# less (the citizen's own word is the better evidence), anywhere else this.
SYNONYM_FACTOR = 0.95
BODY_FACTOR = 0.35
# modelsearch's tables, as Wagtail names them (wagtail.search's app label).
FTS_TABLE = "wagtailsearch_indexentry_fts"
NULL_ID = "CAST(NULL AS integer)"
INDEX_TABLE = "wagtailsearch_indexentry"
DOCUMENT_TABLE = "search_document"  # documents.py


class Candidate(NamedTuple):
    """One ranked match; a tuple, so that the thousand of them a search
    caches are built and unpickled fast."""

    id: int
    content_type_id: int
    path: str
    date: datetime.date | None
    unit_id: int | None
    category_id: int | None
    score: float


@dataclass
class Filters:
    types: frozenset = frozenset()
    units: frozenset = frozenset()
    categories: frozenset = frozenset()
    years: frozenset = frozenset()

    def __bool__(self):
        return bool(self.types or self.units or self.categories or self.years)

    def key(self):
        return tuple(sorted(map(str, s)) for s in self.astuple())

    def astuple(self):
        return (self.types, self.units, self.categories, self.years)


@dataclass
class Scope:
    """Where a search looks: live pages of one locale outside restricted
    sections, of the registered types (types.py) and the other page types."""

    locale_id: int
    types: list
    other_content_types: list
    sections: dict = field(default_factory=dict)  # type key -> (type, path)
    restricted_paths: list = field(default_factory=list)


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return value


class Dialect:
    """How one database matches and scores a group of tokens."""

    settings = ()  # statements run before the search, in its transaction

    def __init__(self, query):
        self.query = query
        self.params = {}

    def param(self, value):
        """A named placeholder: fragments are built in any order."""
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"%({name})s"


class PostgresDialect(Dialect):
    # The "any word" tier stops after CAP rows; the planner, guessing that
    # a broad word matches everywhere, would read the table in order and
    # test every row's text (title || body: the body read from TOAST) until
    # it has them, slower by far than the GIN index whenever the guess is
    # wrong. The tiers always have an index to use.
    settings = ("SET LOCAL enable_seqscan = off",)

    @staticmethod
    def as_date(column):
        return f"CAST({column} AS date)"

    @staticmethod
    def _tsquery(alternatives):
        return " | ".join(
            "(" + " & ".join(f"'{token}'" for token in tokens) + ")"
            for tokens in alternatives
        )

    def _q(self, alternatives):
        return f"to_tsquery('simple', {self.param(self._tsquery(alternatives))})"

    def branches(self, scope, filters):
        return _document_branches(self, scope, filters)

    def title_all(self, groups):
        return " AND ".join(f"d.title @@ {self._q(g.alternatives)}" for g in groups)

    def any(self, groups):
        alternatives = [a for g in groups for a in g.alternatives]
        return f"(d.title || d.body) @@ {self._q(alternatives)}"

    def all_anywhere(self, groups):
        return " AND ".join(
            f"(d.title || d.body) @@ {self._q(g.alternatives)}" for g in groups
        )

    def in_title(self, alternatives, ref):
        return f"{ref}.etitle @@ {self._q(alternatives)}"

    def in_body(self, alternatives, ref):
        return f"{ref}.ebody @@ {self._q(alternatives)}"


class SQLiteDialect(Dialect):
    join = "e.object_id = CAST(p.id AS TEXT)"

    def branches(self, scope, filters):
        return _entry_branches(self, scope, filters)

    @staticmethod
    def as_date(column):
        return f"DATE({column})"

    @staticmethod
    def _match(alternatives):
        return " OR ".join(
            "(" + " AND ".join(f'"{token}"' for token in tokens) + ")"
            for tokens in alternatives
        )

    def _fts(self, columns, alternatives, column="e.id"):
        expression = f"{columns} : ({self._match(alternatives)})"
        return (
            f"{column} IN (SELECT rowid FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH {self.param(expression)})"
        )

    def title_all(self, groups):
        return " AND ".join(self._fts("title", g.alternatives) for g in groups)

    def any(self, groups):
        alternatives = [a for g in groups for a in g.alternatives]
        return self._fts("{title body}", alternatives)

    def all_anywhere(self, groups):
        return " AND ".join(self._fts("{title body}", g.alternatives) for g in groups)

    def in_title(self, alternatives, ref):
        return self._fts("title", alternatives, f"{ref}.eid")

    def in_body(self, alternatives, ref):
        return self._fts("body", alternatives, f"{ref}.eid")


def dialect_for(query):
    if connection.vendor == "postgresql":
        return PostgresDialect(query)
    if connection.vendor == "sqlite":
        return SQLiteDialect(query)
    raise NotImplementedError(connection.vendor)


def _score(dialect, groups, ref):
    parts = []
    for g in groups:
        word, synonyms = g.alternatives[:1], g.alternatives[1:]
        cases = [f"WHEN {dialect.in_title(word, ref)} THEN 1.0"]
        if synonyms:
            cases.append(
                f"WHEN {dialect.in_title(synonyms, ref)} THEN {SYNONYM_FACTOR}"
            )
        cases.append(f"WHEN {dialect.in_body(g.alternatives, ref)} THEN {BODY_FACTOR}")
        parts.append(f"{g.weight:.3f} * (CASE {' '.join(cases)} ELSE 0 END)")
    return " + ".join(parts) or "0"


def _in(dialect, column, values):
    return f"{column} IN ({', '.join(dialect.param(v) for v in sorted(values))})"


def _year_range(dialect, column, years):
    return (
        "("
        + " OR ".join(
            f"({column} >= {dialect.param(datetime.date(y, 1, 1))} AND "
            f"{column} < {dialect.param(datetime.date(y + 1, 1, 1))})"
            for y in sorted(years)
        )
        + ")"
    )


class Branch(NamedTuple):
    """Where one part of a search reads its rows: a FROM clause, the
    columns it selects (id, ct, path, date, unit, category, eid, etitle,
    ebody), its conditions and the newest-first order."""

    source: str
    columns: str
    conditions: list
    order: str


def _columns(id, ct, path, date, unit, category, eid, title, body):
    return (
        f"{id} AS id, {ct} AS ct, {path} AS path, {date} AS date, "
        f"{unit} AS unit, {category} AS category, {eid} AS eid, "
        f"{title} AS etitle, {body} AS ebody"
    )


def _common(dialect, scope):
    conditions = ["p.live", f"p.locale_id = {dialect.param(scope.locale_id)}"]
    conditions.append("p.depth > 2")
    for path in scope.restricted_paths:
        conditions.append(f"p.path NOT LIKE {dialect.param(path + '%')}")
    return conditions


def _section_paths(scope, filters, stype):
    return [
        path
        for key, (section_type, path) in scope.sections.items()
        if key in filters.types and section_type == stype
    ]


def _any_path(dialect, column, paths):
    return (
        "("
        + " OR ".join(f"{column} LIKE {dialect.param(p + '%')}" for p in paths)
        + ")"
    )


def _document_branches(dialect, scope, filters):
    """PostgreSQL: one branch over the search's own table (documents.py)."""
    kinds = []  # one condition per content type (or kind) the filters leave
    for stype in scope.types:
        if filters.units and not stype.unit:
            continue
        if filters.categories and not stype.category:
            continue
        ct = f"d.content_type_id = {dialect.param(stype.content_type_id)}"
        if not filters.types or stype.key in filters.types:
            kinds.append(ct)
            continue
        paths = _section_paths(scope, filters, stype)
        if paths:
            kinds.append(f"({ct} AND {_any_path(dialect, 'd.path', paths)})")
    if scope.other_content_types and not (
        (filters.types and OTHER_KEY not in filters.types)
        or filters.units
        or filters.categories
    ):
        kinds.append(_in(dialect, "d.content_type_id", scope.other_content_types))
    if not kinds:
        return []
    conditions = [
        f"d.locale_id = {dialect.param(scope.locale_id)}",
        "(" + " OR ".join(kinds) + ")",
    ]
    for path in scope.restricted_paths:
        conditions.append(f"d.path NOT LIKE {dialect.param(path + '%')}")
    if filters.units:
        conditions.append(_in(dialect, "d.unit_id", filters.units))
    if filters.categories:
        conditions.append(_in(dialect, "d.category_id", filters.categories))
    if filters.years:
        conditions.append(_year_range(dialect, "d.date", filters.years))
    columns = _columns(
        "d.page_id",
        "d.content_type_id",
        "d.path",
        "d.date",
        "d.unit_id",
        "d.category_id",
        "d.page_id",
        "d.title",
        "d.body",
    )
    return [
        Branch(
            f"{DOCUMENT_TABLE} d",
            columns,
            conditions,
            "d.date DESC, d.page_id DESC",
        )
    ]


def _entry_branches(dialect, scope, filters):
    """SQLite: a branch per content type, joining the index entries to the
    pages and their type's table."""
    branches = []
    common = _common(dialect, scope)
    for stype in scope.types:
        table, ptr = stype.table, stype.ptr_column
        date = f"t.{stype.column('date')}" if stype.date else "p.first_published_at"
        unit = f"t.{stype.column('unit')}" if stype.unit else NULL_ID
        category = f"t.{stype.column('category')}" if stype.category else NULL_ID
        conditions = []
        if filters.types and stype.key not in filters.types:
            paths = _section_paths(scope, filters, stype)
            if not paths:
                continue
            conditions.append(_any_path(dialect, "p.path", paths))
        if filters.units:
            if not stype.unit:
                continue
            conditions.append(_in(dialect, unit, filters.units))
        if filters.categories:
            if not stype.category:
                continue
            conditions.append(_in(dialect, category, filters.categories))
        if filters.years:
            conditions.append(_year_range(dialect, date, filters.years))
        order = (
            f"{date} DESC, t.{ptr} DESC" if stype.date else f"{date} DESC, p.id DESC"
        )
        source = (
            f"{table} t JOIN wagtailcore_page p ON p.id = t.{ptr} "
            f"JOIN {INDEX_TABLE} e ON e.content_type_id = "
            f"{dialect.param(stype.content_type_id)} AND {dialect.join}"
        )
        columns = _columns(
            "p.id",
            "p.content_type_id",
            "p.path",
            dialect.as_date(date),
            unit,
            category,
            "e.id",
            "e.title",
            "e.body",
        )
        branches.append(Branch(source, columns, common + conditions, order))
    if scope.other_content_types and not (
        (filters.types and OTHER_KEY not in filters.types)
        or filters.units
        or filters.categories
    ):
        conditions = []
        if filters.years:
            conditions.append(
                _year_range(dialect, "p.first_published_at", filters.years)
            )
        source = (
            f"wagtailcore_page p JOIN {INDEX_TABLE} e ON "
            f"{_in(dialect, 'e.content_type_id', scope.other_content_types)} "
            f"AND {dialect.join}"
        )
        columns = _columns(
            "p.id",
            "p.content_type_id",
            "p.path",
            dialect.as_date("p.first_published_at"),
            NULL_ID,
            NULL_ID,
            "e.id",
            "e.title",
            "e.body",
        )
        branches.append(
            Branch(
                source,
                columns,
                common + conditions,
                "p.first_published_at DESC, p.id DESC",
            )
        )
    return branches


def candidates(query, scope, filters=None, cap=CAP):
    """The top ``cap`` candidates for a parsed query, best first."""
    filters = filters or Filters()
    strong = query.strong_groups
    if not strong:
        return []
    dialect = dialect_for(query)
    selects = []
    for branch in dialect.branches(scope, filters):
        tiers = [(dialect.title_all(strong), branch.order)]
        if len(strong) > 1:
            tiers.append((dialect.all_anywhere(strong), branch.order))
        # Any word anywhere: the most common case of a broad query; the
        # first rows found, in no order, the other tiers give the best.
        tiers.append((dialect.any(strong), ""))
        for match, tier_order in tiers:
            where = " AND ".join([match] + branch.conditions)
            ref = f"b{len(selects)}"
            ordering = f"ORDER BY {tier_order} " if tier_order else ""
            # The score is computed for the rows the LIMIT keeps only.
            selects.append(
                f"SELECT {ref}.id, {ref}.ct, {ref}.path, {ref}.date, {ref}.unit, "
                f"{ref}.category, {_score(dialect, query.groups, ref)} AS score "
                f"FROM (SELECT {branch.columns} FROM {branch.source} "
                f"WHERE {where} {ordering}LIMIT {int(cap)}) AS {ref}"
            )
    if not selects:
        return []
    sql = (
        "SELECT id, MAX(ct), MAX(path), MAX(date), MAX(unit), MAX(category), "
        f"MAX(score) AS best FROM ({' UNION ALL '.join(selects)}) AS found "
        f"GROUP BY id ORDER BY best DESC, MAX(date) DESC, id DESC LIMIT {int(cap)}"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in dialect.settings:
            cursor.execute(setting)
        cursor.execute(sql, dialect.params)
        rows = cursor.fetchall()
    return [
        Candidate(
            id=row[0],
            content_type_id=row[1],
            path=row[2],
            date=_date(row[3]),
            unit_id=row[4],
            category_id=row[5],
            score=float(row[6] or 0),
        )
        for row in rows
    ]
