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

the ordered tiers walk the type's date index (broad words) or the GIN index
(rare words), whichever the planner finds cheaper; the last tier stops after
CAP rows. Only the rows the tiers keep are scored. Exact title matches are
never crowded out by partial ones. Filters (type, unit,
category, year) are part of the branches, so a filtered search ranks its
own candidates.
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection

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

    def __init__(self, query):
        self.query = query
        self.params = {}

    def param(self, value):
        """A named placeholder: fragments are built in any order."""
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"%({name})s"


class PostgresDialect(Dialect):
    join = "e.object_id = p.id::text"

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

    def title_all(self, groups):
        return " AND ".join(f"e.title @@ {self._q(g.alternatives)}" for g in groups)

    def any(self, groups):
        alternatives = [a for g in groups for a in g.alternatives]
        return f"(e.title || e.body) @@ {self._q(alternatives)}"

    def all_anywhere(self, groups):
        return " AND ".join(
            f"(e.title || e.body) @@ {self._q(g.alternatives)}" for g in groups
        )

    def in_title(self, alternatives, ref):
        return f"{ref}.etitle @@ {self._q(alternatives)}"

    def in_body(self, alternatives, ref):
        return f"{ref}.ebody @@ {self._q(alternatives)}"


class SQLiteDialect(Dialect):
    join = "e.object_id = CAST(p.id AS TEXT)"

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


def _common(dialect, scope):
    conditions = ["p.live", f"p.locale_id = {dialect.param(scope.locale_id)}"]
    conditions.append("p.depth > 2")
    for path in scope.restricted_paths:
        conditions.append(f"p.path NOT LIKE {dialect.param(path + '%')}")
    return conditions


def _branches(dialect, scope, filters):
    """(from-clause, [conditions], date column, unit column, category column,
    order) for every content type the filters leave."""
    branches = []
    for stype in scope.types:
        table, ptr = stype.table, stype.ptr_column
        date = f"t.{stype.column('date')}" if stype.date else "p.first_published_at"
        unit = f"t.{stype.column('unit')}" if stype.unit else NULL_ID
        category = f"t.{stype.column('category')}" if stype.category else NULL_ID
        conditions = []
        if filters.types:
            paths = [
                path
                for key, (section_type, path) in scope.sections.items()
                if key in filters.types and section_type == stype
            ]
            if stype.key not in filters.types and not paths:
                continue
            if stype.key not in filters.types:
                conditions.append(
                    "("
                    + " OR ".join(
                        f"p.path LIKE {dialect.param(p + '%')}" for p in paths
                    )
                    + ")"
                )
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
        branches.append((source, conditions, date, unit, category, order))
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
        branches.append(
            (
                source,
                conditions,
                "p.first_published_at",
                NULL_ID,
                NULL_ID,
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
    for source, conditions, date, unit, category, order in _branches(
        dialect, scope, filters
    ):
        tiers = [(dialect.title_all(strong), order)]
        if len(strong) > 1:
            tiers.append((dialect.all_anywhere(strong), order))
        # Any word anywhere: the most common case of a broad query; the
        # first rows found, in no order, the other tiers give the best.
        tiers.append((dialect.any(strong), ""))
        for match, tier_order in tiers:
            where = " AND ".join([match] + _common(dialect, scope) + conditions)
            ref = f"b{len(selects)}"
            ordering = f"ORDER BY {tier_order} " if tier_order else ""
            # The score is computed for the rows the LIMIT keeps only.
            selects.append(
                f"SELECT {ref}.id, {ref}.ct, {ref}.path, {ref}.date, {ref}.unit, "
                f"{ref}.category, {_score(dialect, query.groups, ref)} AS score "
                f"FROM (SELECT p.id AS id, p.content_type_id AS ct, "
                f"p.path AS path, {dialect.as_date(date)} AS date, {unit} AS unit, "
                f"{category} AS category, e.id AS eid, e.title AS etitle, "
                f"e.body AS ebody FROM {source} WHERE {where} {ordering}"
                f"LIMIT {int(cap)}) AS {ref}"
            )
    if not selects:
        return []
    sql = (
        "SELECT id, MAX(ct), MAX(path), MAX(date), MAX(unit), MAX(category), "
        f"MAX(score) AS best FROM ({' UNION ALL '.join(selects)}) AS found "
        f"GROUP BY id ORDER BY best DESC, MAX(date) DESC, id DESC LIMIT {int(cap)}"
    )
    with connection.cursor() as cursor:
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
