"""Import 政府信息公开 items from an old CMS (``manage.py import_items FILE``).

The input is JSON Lines, one item per line::

    {"unit": "68561001-7", "title": "…", "document_number": "厉政发〔2014〕12号",
     "formed_on": "2014-05-08", "category": "政府文件", "topic": "综合政务\\\\政务公开",
     "body": "<p>…</p>", "index_number": "68561001-7/2014-00012",
     "published_on": "2014-05-11", "summary": "…", "keywords": "…",
     "validity": "有效"}

``unit`` is a unit's code (current or former, see ``Unit.former_codes``), its
exact name or its short name where no other unit has it; ``category`` a
category's name or slug;
``topic`` a path (``综合政务\\政务公开``) or an unambiguous leaf name; ``validity``
a Chinese label or a value. ``index_number`` and ``published_on`` are optional:
an item that brings them is a migrated one and keeps them (索引号 are never
changed, also when the unit has changed its code since: a 索引号 under one of
the unit's former codes is kept as it is); an item without ``index_number`` is
numbered after the largest serial of its unit and year under the unit's
current code, and one without ``published_on`` is published today.

Nothing goes online unreviewed: every row runs the automated review checks
(:mod:`disclosure.importer.review`) and a row with a blocking finding (personal
data, a secret mark, a wrong fixed name …) is refused and reported by line;
and a writing run names the person who answers for the migration
(``reviewed_by``, ``--reviewed-by``), recorded on an ``ItemImport`` and on each
item's page log, so the 政务公开基础台帐 lists the imported items with it.

Every row is validated; a bad row is reported as ``第 N 行：…`` and skipped,
the others are imported. Importing is idempotent: a row whose 索引号 exists, or
(without 索引号) whose unit, title and 成文日期 match an existing item, is
skipped as existing.

Speed: pages are not created one by one with ``add_child`` (a dozen queries
each). Rows are written in batches, each in one transaction: the treebeard
paths of the new children of each column are computed here, the ``Page`` rows
and the ``DisclosureItemPage`` rows are inserted with multi-row INSERTs, then
the ``IndexNumber`` rows, then the columns' ``numchild``. The pages are live,
have no revision (the first edit in the admin creates one) and send no
``page_published`` signal; the search index is updated in bulk after each
batch unless ``index=False``. After a large import the planner statistics of
the tables written are refreshed (``ANALYZE`` on PostgreSQL).

Rows without 索引号 are written last, once every number the input brings is
known, so that an allocated serial never takes a migrated item's number.

Public API: :func:`import_rows` (an iterable of dicts), :func:`import_file`
(a JSON Lines path), :class:`ItemImporter`, :class:`ImportResult`,
:class:`RowError` and :func:`make_progress`. The package's rooms: ``rows``
(reading, limits), ``validate`` (one row), ``writer`` (the bulk tree writer),
``progress`` (results, progress display), ``items`` (one run), ``review``
(the automated review of each row and the migration's ledger). Realistic
generated rows for benchmarks and tests are in tests/bench/rows.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from .items import ItemImporter
from .progress import ImportResult, RowError, make_progress
from .rows import BATCH_SIZE, count_lines, read_jsonl

__all__ = [
    "BATCH_SIZE",
    "ImportResult",
    "ItemImporter",
    "RowError",
    "count_lines",
    "import_file",
    "import_rows",
    "make_progress",
]


def import_rows(rows: Iterable[dict], *, first_line=1, **options) -> ImportResult:
    """Import an iterable of dicts in the import format; line numbers in the
    errors count from ``first_line``. Options are those of :class:`ItemImporter`
    (``index``, ``batch_size``, ``progress``, ``report``, ``dry_run``, ``using``,
    ``today``, ``reviewed_by``: the user or username who answers for the
    migration, required unless ``dry_run``, and ``source``)."""
    return ItemImporter(**options).run(enumerate(rows, first_line))


def import_file(path, **options) -> ImportResult:
    """Import a JSON Lines file; see :func:`import_rows` for the options."""
    options.setdefault("source", os.path.basename(str(path)))
    return ItemImporter(**options).run(read_jsonl(path))
