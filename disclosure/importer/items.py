"""One import run: :class:`ItemImporter` reads numbered rows, validates each
(:mod:`.validate`), writes the valid ones in batches (:mod:`.writer`) and
reports by line (:mod:`.progress`)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable

from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from .. import workdays
from ..cache import bump_content_version, invalidate_all_pages
from . import review as importer_review
from .progress import ImportResult, RowError, _NoProgress
from .rows import ANALYZE_AFTER, BATCH_SIZE
from .validate import RowValidator
from .writer import TreeWriter


class ItemImporter(RowValidator, TreeWriter):
    """Validate and import rows; see the module docstring.

    ``rows`` given to :meth:`run` are ``(line number, row)`` pairs where a row
    is a dict or the JSON text of one (str, or bytes that failed to decode).
    """

    def __init__(
        self,
        *,
        index=True,
        batch_size=BATCH_SIZE,
        progress=None,
        report: Callable[[str], None] | None = None,
        dry_run=False,
        using=None,
        today=None,
        reviewed_by=None,
        source="",
    ):
        if reviewed_by is None and not dry_run:
            raise importer_review.ReviewerInvalid(
                "导入须指定对迁移数据负责的审查人员（--reviewed-by 用户名）"
            )
        self.reviewed_by = (
            importer_review.responsible_user(reviewed_by) if reviewed_by else None
        )
        self.source = source
        self.record = None
        self.index = index and not dry_run
        self.batch_size = max(1, int(batch_size))
        self.progress = progress or _NoProgress()
        self.report = report
        self.dry_run = dry_run
        self.using = using or DEFAULT_DB_ALIAS
        self.today = today or timezone.localdate()
        self.result = ImportResult(dry_run=dry_run)
        self._due_cache = {}
        self._columns = {}
        self._unindexed = []
        self._loaded = False

    # -- reporting --------------------------------------------------------

    def _error(self, line, messages):
        for message in messages:
            error = RowError(line, message)
            self.result.errors.append(error)
            self._say(str(error))
        self.result.rejected += 1

    def _warn(self, line, message):
        warning = RowError(line, message, warning=True)
        self.result.warnings.append(warning)
        self._say(str(warning))

    def _say(self, text):
        if self.report is not None:
            self.report(text)

    # -- the run ----------------------------------------------------------

    def run(self, numbered_rows: Iterable[tuple[int, object]]) -> ImportResult:
        started = time.monotonic()
        self._load()
        if not self.dry_run:
            self.record = importer_review.start_record(
                self.reviewed_by, self.source, using=self.using
            )
        workdays.add(self.today, 1)  # warm the calendar snapshot
        pending = []
        deferred = []
        ticks = 0
        for line, raw in numbered_rows:
            ticks += 1
            data = raw
            if isinstance(raw, bytes):
                self._error(line, ["不是有效的 UTF-8 文本"])
                data = None
            elif isinstance(raw, str):
                try:
                    data = json.loads(raw)
                except json.JSONDecodeError as exc:
                    self._error(
                        line, [f"不是有效的 JSON（{exc.msg}，第 {exc.colno} 列）"]
                    )
                    data = None
            if data is not None and not isinstance(data, dict):
                self._error(line, ["应为 JSON 对象（{…}）"])
                data = None
            if data is not None:
                row, problems, warnings = self.validate(line, data)
                for message in warnings:
                    self._warn(line, message)
                if row is None:
                    self._error(line, problems)
                else:
                    outcome = self._classify(row)
                    if outcome == "skip":
                        self.result.skipped += 1
                    elif outcome != "import":
                        self._error(line, [outcome])
                    elif row.index_number:
                        pending.append(row)
                        ticks -= 1  # counted when written
                    else:
                        deferred.append(row)
                        ticks -= 1
            if len(pending) >= self.batch_size:
                self._write(pending)
                ticks += len(pending)
                pending = []
            if ticks >= 200:
                self.progress.update(ticks, self.result.rejected)
                ticks = 0
        if pending:
            self._write(pending)
            ticks += len(pending)
        self.progress.update(ticks, self.result.rejected)
        if deferred:
            self._allocate_and_write(deferred)
        self._index()
        if self.result.imported >= ANALYZE_AFTER and not self.dry_run:
            self._analyze()
        if self.record is not None:
            self.record.imported = self.result.imported
            self.record.rejected = self.result.rejected
            self.record.save(update_fields=["imported", "rejected"])
        if self.result.imported and not self.dry_run:
            # The bulk writer sends no page signals, and an import fills
            # many columns at once: lists, counts and every cached page
            # (columns key on their own children) go stale.
            bump_content_version()
            invalidate_all_pages()
        self.progress.close()
        self.result.import_seconds = (
            time.monotonic() - started - self.result.index_seconds
        )
        return self.result
