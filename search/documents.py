"""The search's own table of live pages (PostgreSQL).

The site search ranks candidates by date within how much of the query they
cover (engine.py). Reading them from Wagtail's index entries means joining
every match to its page (on the text form of its id) and to its type's table
for the date, unit and category: 40–120 ms for a broad word at 100,000
items. ``search_document`` holds one row per live, searchable page with what
the ranking needs beside the two text vectors, so a tier is one index walk
over one table.

Rows are written by the search backend (backends.ChinesePostgresIndex)
right after the index entries of the same objects, from those entries: what
is indexed and what is ranked cannot differ. A page that is not live (or is
the root or the home page) has no row; deleting a page deletes its row (a
foreign key); moving or reordering pages rewrites the paths of the subtree
(``page_moved``). ``rebuild()`` fills the table from the index entries
(``manage.py update_index`` does the same model by model).

SQLite and Elasticsearch do not use this table.
"""

from django.db import connection, transaction
from wagtail.models import Page

from . import types

TABLE = "search_document"
INDEX_TABLE = "wagtailsearch_indexentry"
COLUMNS = (
    "page_id, content_type_id, locale_id, path, date, unit_id, category_id, title, body"
)


def enabled():
    return connection.vendor == "postgresql"


def _select(stype):
    """SELECT … FROM … for the documents of one registered type (or, with
    ``stype`` None, of the other page types), without a WHERE clause."""
    if stype is None:
        return (
            "SELECT p.id, p.content_type_id, p.locale_id, p.path, "
            "CAST(p.first_published_at AS date), NULL, NULL, e.title, e.body "
            f"FROM wagtailcore_page p JOIN {INDEX_TABLE} e "
            "ON e.content_type_id = p.content_type_id AND e.object_id = p.id::text"
        )
    date = (
        f"CAST(t.{stype.column('date')} AS date)"
        if stype.date
        else "CAST(p.first_published_at AS date)"
    )
    unit = f"t.{stype.column('unit')}" if stype.unit else "NULL"
    category = f"t.{stype.column('category')}" if stype.category else "NULL"
    return (
        f"SELECT p.id, p.content_type_id, p.locale_id, p.path, {date}, {unit}, "
        f"{category}, e.title, e.body "
        f"FROM wagtailcore_page p JOIN {stype.table} t ON t.{stype.ptr_column} = p.id "
        f"JOIN {INDEX_TABLE} e "
        "ON e.content_type_id = p.content_type_id AND e.object_id = p.id::text"
    )


def _upsert(select, where, params):
    return (
        f"INSERT INTO {TABLE} ({COLUMNS}) {select} WHERE {where} "
        "AND p.live AND p.depth > 2 "
        "ON CONFLICT (page_id) DO UPDATE SET "
        "content_type_id = EXCLUDED.content_type_id, "
        "locale_id = EXCLUDED.locale_id, path = EXCLUDED.path, "
        "date = EXCLUDED.date, unit_id = EXCLUDED.unit_id, "
        "category_id = EXCLUDED.category_id, title = EXCLUDED.title, "
        "body = EXCLUDED.body"
    ), params


def _type_for(model):
    for stype in types.registered():
        if issubclass(model, stype.model):
            return stype
    return None


def sync(model, objs):
    """Rewrite the rows of ``objs`` (instances of ``model`` just indexed)."""
    if not enabled() or not issubclass(model, Page) or model is Page:
        return
    ids = [obj.pk for obj in objs if obj.pk is not None]
    if not ids:
        return
    stype = _type_for(model)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE page_id = ANY(%s)", [ids])
        cursor.execute(*_upsert(_select(stype), "p.id = ANY(%s)", [ids]))


def delete(obj):
    if enabled() and isinstance(obj, Page) and obj.pk is not None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE page_id = %s", [obj.pk])


def reset():
    if enabled():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")


def refresh_paths(root_path):
    """After a move: the subtree's pages keep their rows, at new paths."""
    if not enabled():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} d SET path = p.path FROM wagtailcore_page p "
            "WHERE p.id = d.page_id AND p.path LIKE %s AND d.path <> p.path",
            [root_path + "%"],
        )


def rebuild():
    """Every live page's row from the index entries; returns the count."""
    if not enabled():
        return 0
    registered = types.registered()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        for stype in registered:
            cursor.execute(
                *_upsert(
                    _select(stype), "p.content_type_id = %s", [stype.content_type_id]
                )
            )
        others = types.content_type_ids(types.searchable_other_models(registered))
        if others:
            cursor.execute(
                *_upsert(_select(None), "p.content_type_id = ANY(%s)", [others])
            )
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        return cursor.fetchone()[0]
