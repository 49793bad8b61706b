"""Writing valid rows into the page tree in batches.

Pages are not created one by one with ``add_child`` (a dozen queries each):
the treebeard paths of the new children of each column are computed here
(with treebeard's ``Page._get_path``/``_str2int``, listed in
disclosure/review/internals.py), the ``Page`` and ``DisclosureItemPage`` rows
are inserted with multi-row INSERTs, then the ``IndexNumber`` rows, then the
columns' ``numchild``, all in one transaction per batch."""

from __future__ import annotations

import datetime
import time
import uuid
from collections import defaultdict

from django.db import DatabaseError, connections, transaction
from django.db.models import F, Max
from django.utils import timezone
from wagtail.models import Page

from ..models import (
    DisclosureItemPage,
    IndexNumber,
)
from . import review as importer_review
from .rows import INDEX_BATCH_SIZE, MAX_SERIAL, NOON, _ColumnState


class TreeWriter:
    """The writing half of :class:`~disclosure.importer.items.ItemImporter`."""

    def _allocate_and_write(self, rows):
        """Number the rows without 索引号 after the largest serial of their
        unit and year, then write them."""
        if self.dry_run:
            for start in range(0, len(rows), self.batch_size):
                batch = rows[start : start + self.batch_size]
                self._write(batch)
                self.progress.update(len(batch), self.result.rejected)
            return
        for start in range(0, len(rows), self.batch_size):
            batch = rows[start : start + self.batch_size]
            last = self._last_serials({(r.unit.pk, r.formed_on.year) for r in batch})
            numbered = []
            for row in batch:
                key = (row.unit.pk, row.formed_on.year)
                serial = last[key] + 1
                while (row.unit.pk, key[1], serial) in self.taken_serials:
                    serial += 1
                if serial > MAX_SERIAL:
                    self._error(
                        row.line, [f"{row.unit.name}{key[1]}年的索引号序号已用完"]
                    )
                    continue
                last[key] = serial
                self.taken_serials.add((row.unit.pk, key[1], serial))
                row.index_year, row.index_serial = key[1], serial
                row.index_number = f"{row.unit.code}/{key[1]}-{serial:05d}"
                numbered.append(row)
            if numbered:
                self._write(numbered)
            self.progress.update(len(batch), self.result.rejected)

    def _last_serials(self, keys):
        """The largest serial in the database per (unit id, year)."""
        units = {unit_id for unit_id, _year in keys}
        years = {year for _unit_id, year in keys}
        found = dict.fromkeys(keys, 0)
        rows = (
            IndexNumber.objects.using(self.using)
            .filter(unit_id__in=units, year__in=years)
            .values_list("unit_id", "year")
            .annotate(last=Max("serial"))
        )
        for unit_id, year, last in rows:
            if (unit_id, year) in found:
                found[(unit_id, year)] = last or 0
        return found

    # -- writing ----------------------------------------------------------

    def _column(self, page_id):
        """The column's tree state: path, next child step and child slugs."""
        state = self._columns.get(page_id)
        if state is None:
            column = Page.objects.using(self.using).get(pk=page_id)
            children = Page.objects.using(self.using).filter(
                path__startswith=column.path, depth=column.depth + 1
            )
            last = None
            slugs = set()
            for path, slug in children.values_list("path", "slug").iterator():
                slugs.add(slug)
                if last is None or path > last:
                    last = path
            state = _ColumnState(
                page_id=page_id,
                path=column.path,
                depth=column.depth,
                url_path=column.url_path,
                locale_id=column.locale_id,
                next_step=(Page._str2int(last[-Page.steplen :]) + 1) if last else 1,
                slugs=slugs,
            )
            self._columns[page_id] = state
        return state

    def _write(self, rows):
        if self.dry_run:
            self.result.imported += len(rows)
            return
        now = timezone.now()
        objs = []
        index_numbers = []
        added = defaultdict(int)
        max_step = len(Page.alphabet) ** Page.steplen - 1
        for row in rows:
            column = self._column(row.column_id)
            step = column.next_step
            if step > max_step:
                self._error(row.line, ["栏目下的页面数已达上限"])
                continue
            column.next_step += 1
            slug = column.unique_slug(f"{row.index_year}-{row.index_serial:05d}")
            migrated = row.published_on is not None
            published_on = row.published_on or self.today
            # The old system's time of day is unknown: noon (Beijing) keeps
            # the same date in local time and in UTC.
            published_at = (
                timezone.make_aware(datetime.datetime.combine(published_on, NOON))
                if migrated
                else now
            )
            translation_key = uuid.uuid4()
            obj = DisclosureItemPage(
                path=Page._get_path(column.path, column.depth + 1, step),
                depth=column.depth + 1,
                numchild=0,
                translation_key=translation_key,
                locale_id=column.locale_id,
                live=True,
                has_unpublished_changes=False,
                first_published_at=published_at,
                last_published_at=published_at,
                title=row.title,
                draft_title=row.title,
                slug=slug,
                content_type_id=self.content_type_id,
                url_path=f"{column.url_path}{slug}/",
                show_in_menus=False,
                unit_id=row.unit.pk,
                index_number=row.index_number,
                document_number=row.document_number,
                formed_on=row.formed_on,
                published_on=published_on,
                due_on=self._due_on(row.formed_on),
                category_id=row.category_id,
                topic_id=row.topic_id,
                validity=row.validity,
                summary=row.summary,
                keywords=row.keywords,
                body=row.body,
                is_migrated=migrated,
            )
            objs.append(obj)
            index_numbers.append((row, translation_key))
            added[row.column_id] += 1
        if not objs:
            return
        try:
            with transaction.atomic(using=self.using):
                self._insert_pages(objs)
                importer_review.log_entries(
                    self.record, objs, using=self.using, when=now
                )
                IndexNumber.objects.using(self.using).bulk_create(
                    [
                        IndexNumber(
                            unit_id=row.unit.pk,
                            year=row.index_year,
                            serial=row.index_serial,
                            value=row.index_number,
                            translation_key=key,
                            migrated=row.number_given,
                        )
                        for row, key in index_numbers
                    ],
                    batch_size=self.batch_size,
                )
                for page_id, count in added.items():
                    Page.objects.using(self.using).filter(pk=page_id).update(
                        numchild=F("numchild") + count
                    )
        except DatabaseError as exc:
            # Nothing of this batch was written; the tree state is reread.
            self._columns.clear()
            for obj, (row, _key) in zip(objs, index_numbers, strict=True):
                obj.pk = obj.id = obj.page_ptr_id = None
                self._error(row.line, [f"写入数据库失败，本批未导入：{exc}"])
            return
        self.result.imported += len(objs)
        for row, _key in index_numbers:
            self.existing_numbers[row.index_number] = True
        if self.index:
            self._unindexed.extend(objs)
            if len(self._unindexed) >= INDEX_BATCH_SIZE:
                self._index()

    def _insert_pages(self, objs):
        connection = connections[self.using]
        page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
        child_fields = list(DisclosureItemPage._meta.local_concrete_fields)
        size = min(self.batch_size, connection.ops.bulk_batch_size(page_fields, objs))
        for start in range(0, len(objs), size):
            chunk = objs[start : start + size]
            returned = Page._base_manager.using(self.using)._insert(
                chunk,
                fields=page_fields,
                returning_fields=Page._meta.db_returning_fields,
                using=self.using,
            )
            for obj, values in zip(chunk, returned, strict=True):
                obj.id = obj.page_ptr_id = values[0]
        size = min(self.batch_size, connection.ops.bulk_batch_size(child_fields, objs))
        for start in range(0, len(objs), size):
            DisclosureItemPage._base_manager.using(self.using)._insert(
                objs[start : start + size], fields=child_fields, using=self.using
            )
        for obj in objs:
            obj._state.adding = False
            obj._state.db = self.using

    def _analyze(self):
        """Refresh the planner's statistics after a bulk load (PostgreSQL);
        until autovacuum gets round to it, stale row estimates make the
        catalogue queries pick poor plans."""
        connection = connections[self.using]
        if connection.vendor != "postgresql":
            return
        from wagtail.search.models import IndexEntry

        tables = [Page, DisclosureItemPage, IndexNumber, IndexEntry]
        names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in tables)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {names}")

    def _index(self):
        """Add the written pages to the search index (every auto-update
        backend), in batches of INDEX_BATCH_SIZE: the database backend
        recomputes its title norms over the whole index after each call."""
        from wagtail.search.backends import get_search_backends

        objs, self._unindexed = self._unindexed, []
        if not objs or not self.index:
            return
        started = time.monotonic()
        try:
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(DisclosureItemPage, objs)
        except Exception as exc:  # the pages are written; the index can be rebuilt
            self._say(f"搜索索引更新失败（可稍后运行 manage.py update_index）：{exc}")
            self.index = False
        else:
            self.result.indexed += len(objs)
        self.result.index_seconds += time.monotonic() - started
