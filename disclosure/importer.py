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
(:mod:`disclosure.importer_review`) and a row with a blocking finding (personal
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
:class:`RowError`, :func:`make_progress` and :func:`synthetic_rows` (realistic
generated rows for benchmarks and tests).
"""

from __future__ import annotations

import datetime
import json
import os
import random
import re
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Locale, Page

from . import docnumber, importer_review, workdays
from .cache import bump_content_version
from .models import (
    Category,
    DisclosureItemPage,
    IndexNumber,
    Topic,
    Unit,
    UnitColumnPage,
)
from .models.pages import DISCLOSURE_WORKDAYS

__all__ = [
    "BATCH_SIZE",
    "ImportResult",
    "ItemImporter",
    "RowError",
    "import_file",
    "import_rows",
    "make_progress",
    "synthetic_rows",
]

BATCH_SIZE = 1000
FIRST_YEAR = 1949  # a 成文日期 before this is a typo (0214-…, 1014-…)

VALIDITY = {}
for _value, _label in DisclosureItemPage.Validity.choices:
    VALIDITY[str(_label)] = _value
    VALIDITY[_value] = _value

INDEX_NUMBER_RE = re.compile(r"^(?P<code>[^/\s]+)/(?P<year>\d{4})-(?P<serial>\d{5})$")
TOPIC_SEPARATORS_RE = re.compile(r"\s*[\\/＼／>＞›]\s*")
HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
# Markup that must not reach the site as is; other HTML is kept as the old CMS
# wrote it (tables included).
UNSAFE_HTML_RE = re.compile(
    r"<\s*/?\s*(?:script|style|iframe|object|embed|form|input|button|meta|link|base)"
    r"|\son[a-z]+\s*=|javascript\s*:|vbscript\s*:|data\s*:\s*text/html",
    re.IGNORECASE,
)
SCRIPT_STYLE_RE = re.compile(
    r"<\s*(script|style)\b[^>]*>.*?<\s*/\s*\1\s*>", re.IGNORECASE | re.DOTALL
)
TEXT_FIELDS = ("title", "document_number", "summary", "keywords", "body")
MAX_LENGTHS = {
    "title": 255,
    "document_number": DisclosureItemPage._meta.get_field("document_number").max_length,
    "keywords": DisclosureItemPage._meta.get_field("keywords").max_length,
}
FIELD_LABELS = {
    "unit": "发布机构",
    "title": "标题",
    "document_number": "文号",
    "formed_on": "成文日期",
    "published_on": "发布日期",
    "category": "信息类别",
    "topic": "主题分类",
    "body": "正文",
    "index_number": "索引号",
    "summary": "内容概述",
    "keywords": "主题词",
    "validity": "有效性",
}
MAX_SERIAL = 99_999
INDEX_BATCH_SIZE = 5000
# Imports of at least this many rows refresh the planner statistics.
ANALYZE_AFTER = 1000
NOON = datetime.time(12)


# ---------------------------------------------------------------------------
# Results and reporting


@dataclass(frozen=True)
class RowError:
    """One problem of one input line; ``str()`` gives the reported line."""

    line: int
    message: str
    warning: bool = False

    def __str__(self):
        if self.warning:
            return f"第 {self.line} 行（提示）：{self.message}"
        return f"第 {self.line} 行：{self.message}"


@dataclass
class ImportResult:
    imported: int = 0
    skipped: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    import_seconds: float = 0.0
    index_seconds: float = 0.0
    indexed: int = 0
    dry_run: bool = False

    @property
    def rows(self):
        return self.imported + self.skipped + self.rejected

    @property
    def exit_code(self):
        """0 when every row was imported or already there, 1 otherwise."""
        return 1 if self.rejected else 0

    @property
    def error_lines(self):
        return [str(error) for error in self.errors]

    def summary(self):
        if self.dry_run:
            return (
                f"校验：可导入 {self.imported} 条，跳过 {self.skipped} 条（已存在），"
                f"错误 {self.rejected} 条（未写入数据库）"
            )
        return (
            f"导入 {self.imported} 条，跳过 {self.skipped} 条（已存在），"
            f"错误 {self.rejected} 条"
        )

    def timing(self):
        text = f"写入用时 {self.import_seconds:.1f} 秒"
        if self.indexed:
            text += f"，搜索索引 {self.indexed} 条用时 {self.index_seconds:.1f} 秒"
        return text


class _NoProgress:
    def update(self, rows, errors):
        pass

    def write(self, message, file=None):
        (file or sys.stdout).write(message + "\n")

    def close(self):
        pass


class _LineProgress(_NoProgress):
    """A line every ``every`` rows, for logs and pipes."""

    def __init__(self, stream, total=None, every=10_000):
        self.stream = stream
        self.total = total
        self.every = every
        self.done = 0
        self.errors = 0
        self.started = time.monotonic()
        self._next = every

    def update(self, rows, errors):
        self.done += rows
        self.errors = errors
        if self.done >= self._next:
            self._next = (self.done // self.every + 1) * self.every
            self._line()

    def _line(self):
        total = f"/{self.total}" if self.total else ""
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"已处理 {self.done}{total} 行，错误 {self.errors} 条，用时 {elapsed:.0f} 秒\n"
        )
        self.stream.flush()

    def close(self):
        if self.done and self.done != self._next - self.every:
            self._line()


class _TqdmProgress(_NoProgress):
    def __init__(self, stream, total=None):
        from tqdm import tqdm

        self._tqdm = tqdm
        self.bar = tqdm(
            total=total, file=stream, unit="行", desc="导入", dynamic_ncols=True
        )

    def update(self, rows, errors):
        self.bar.update(rows)
        self.bar.set_postfix_str(f"错误 {errors}", refresh=False)

    def write(self, message, file=None):
        self._tqdm.write(message, file=file or sys.stdout)

    def close(self):
        self.bar.close()


def make_progress(stream=None, total=None, every=10_000):
    """A tqdm bar on ``stream`` (stderr by default) when it is a terminal, else
    a line every ``every`` rows. The object has ``update(rows, errors)``,
    ``write(message, file=None)`` and ``close()``."""
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return _TqdmProgress(stream, total)
    return _LineProgress(stream, total, every)


# ---------------------------------------------------------------------------
# Reading


def read_jsonl(path) -> Iterator[tuple[int, str]]:
    """(line number, text) of each non-blank line of a UTF-8 JSON Lines file;
    a line that is not UTF-8 is passed on as bytes (reported as an error)."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                yield number, raw.decode("utf-8").strip()
            except UnicodeDecodeError:
                yield number, raw


def count_lines(path):
    with open(path, "rb") as handle:
        return sum(1 for raw in handle if raw.strip())


# ---------------------------------------------------------------------------
# Validation


class _RowInvalid(Exception):
    pass


@dataclass(slots=True)
class _Row:
    line: int
    unit: Unit
    column_id: int
    title: str
    document_number: str
    formed_on: datetime.date
    published_on: datetime.date | None
    category_id: int
    topic_id: int | None
    validity: str
    summary: str
    keywords: str
    body: str
    index_number: str = ""
    index_year: int = 0
    index_serial: int = 0
    number_given: bool = False


@dataclass(slots=True)
class _ColumnState:
    page_id: int
    path: str
    depth: int
    url_path: str
    locale_id: int
    next_step: int
    slugs: set

    def unique_slug(self, base):
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug


def _parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise ValueError
    value = value.strip()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        # Old systems often export a timestamp: "2014-05-11 09:30:00".
        return datetime.datetime.fromisoformat(value).date()


def _body_html(value):
    """Rich text for the body: HTML is kept (scripts and event handlers are
    cleaned out), plain text is escaped and wrapped in paragraphs."""
    value = value.strip()
    if not value:
        return ""
    if HTML_TAG_RE.search(value):
        if UNSAFE_HTML_RE.search(value):
            from wagtail.admin.rich_text.converters.editor_html import (
                EditorHTMLConverter,
            )

            value = EditorHTMLConverter().to_database_format(
                SCRIPT_STYLE_RE.sub("", value)
            )
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"\n\s*\n", text):
        blocks = [block.strip() for block in re.split(r"\n\s*\n", text)]
        return "".join(
            "<p>"
            + "<br>".join(escape(line.strip()) for line in block.split("\n"))
            + "</p>"
            for block in blocks
            if block
        )
    return "".join(
        f"<p>{escape(line.strip())}</p>" for line in text.split("\n") if line.strip()
    )


class ItemImporter:
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

    # -- lookups ----------------------------------------------------------

    def _load(self):
        if self._loaded:
            return
        db = self.using
        units = list(Unit.objects.using(db).all())
        self.units = {}
        for unit in units:
            for code in unit.codes():
                self.units.setdefault(code, unit)
        for unit in units:
            self.units.setdefault(unit.name, unit)
        self.units_by_short_name = defaultdict(list)
        for unit in units:
            if unit.short_name:
                self.units_by_short_name[unit.short_name].append(unit)
        self.reviewer = importer_review.row_reviewer()
        locale = Locale.get_default()
        self.column_of_unit = {}
        for unit_id, page_id in (
            UnitColumnPage.objects.using(db)
            .filter(locale=locale)
            .order_by("-pk")
            .values_list("unit_id", "pk")
        ):
            self.column_of_unit[unit_id] = page_id  # lowest pk wins
        categories = list(Category.objects.using(db).all())
        self.categories = {c.slug: c for c in categories}
        self.categories.update({c.name: c for c in categories})
        topics = list(Topic.objects.using(db).select_related("parent"))
        self.topics_by_path = {t.path: t for t in topics}
        self.topics_by_name = defaultdict(list)
        for topic in topics:
            self.topics_by_name[topic.name].append(topic)
        self.existing_numbers = {}
        self.taken_serials = set()
        for value, unit_id, year, serial in IndexNumber.objects.using(db).values_list(
            "value", "unit_id", "year", "serial"
        ):
            self.existing_numbers[value] = True
            self.taken_serials.add((unit_id, year, serial))
        self.existing_keys = set(
            DisclosureItemPage.objects.using(db).values_list(
                "unit_id", "title", "formed_on"
            )
        )
        self.content_type_id = ContentType.objects.get_for_model(DisclosureItemPage).pk
        self.seen_numbers = {}  # index number -> line
        self.seen_keys = {}  # (unit, title, formed_on) -> line
        self._loaded = True

    def _unit(self, value):
        if not isinstance(value, str) or not value.strip():
            raise _RowInvalid("缺少发布机构（unit）")
        value = value.strip()
        unit = self.units.get(value)
        if unit is not None:
            return unit
        matches = self.units_by_short_name.get(value, [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            names = "、".join(f"{u.name}（{u.code}）" for u in matches)
            raise _RowInvalid(
                f"发布机构简称“{value}”对应多个机构：{names}，请写机构代码或全称"
            )
        raise _RowInvalid(f"发布机构“{value}”不存在（应为机构代码、机构全称或简称）")

    def _category(self, value, unit):
        if not isinstance(value, str) or not value.strip():
            raise _RowInvalid("缺少信息类别（category）")
        category = self.categories.get(value.strip())
        if category is None:
            raise _RowInvalid(f"信息类别“{value}”不存在")
        if (
            unit is not None
            and not unit.is_township
            and category.scope != Category.Scope.ALL
        ):
            raise _RowInvalid(
                f"信息类别“{category.name}”仅适用于镇（场），{unit.name}不能使用"
            )
        return category

    def _topic(self, value):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            raise _RowInvalid("主题分类（topic）应为文本")
        path = TOPIC_SEPARATORS_RE.sub("\\\\", value.strip())
        topic = self.topics_by_path.get(path)
        if topic is not None:
            return topic
        matches = self.topics_by_name.get(path, [])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise _RowInvalid(
                f"主题分类“{value}”不唯一，请写完整路径，如“{matches[0].path}”"
            )
        raise _RowInvalid(f"主题分类“{value}”不存在")

    def _due_on(self, formed_on):
        due = self._due_cache.get(formed_on)
        if due is None:
            due = self._due_cache[formed_on] = workdays.add(
                formed_on, DISCLOSURE_WORKDAYS
            )
        return due

    # -- one row ----------------------------------------------------------

    def validate(self, line, data):
        """A ``_Row`` for ``data``, or None after recording its errors.

        Returns ``(row, problems, warnings)``; ``row`` is None when there are
        problems."""
        problems = []
        warnings = []

        def check(func, *args):
            try:
                return func(*args)
            except _RowInvalid as exc:
                problems.append(str(exc))
                return None

        texts = {}
        for name in TEXT_FIELDS:
            value = data.get(name)
            if value is None:
                texts[name] = ""
            elif isinstance(value, list) and name == "keywords":
                texts[name] = " ".join(str(v).strip() for v in value if str(v).strip())
            elif isinstance(value, str):
                texts[name] = value.strip()
            else:
                problems.append(f"{FIELD_LABELS[name]}（{name}）应为文本")
                texts[name] = ""
        for name, limit in MAX_LENGTHS.items():
            if len(texts[name]) > limit:
                problems.append(f"{FIELD_LABELS[name]}超过 {limit} 个字符")

        unit = check(self._unit, data.get("unit"))
        column_id = None
        if unit is not None:
            column_id = self.column_of_unit.get(unit.pk)
            if column_id is None:
                problems.append(f"{unit.name}没有政府信息公开栏目")

        title = texts["title"]
        if not title:
            problems.append("缺少标题（title）")

        formed_on = None
        raw_formed = data.get("formed_on")
        if raw_formed in (None, ""):
            problems.append("缺少成文日期（formed_on）")
        else:
            try:
                formed_on = _parse_date(raw_formed)
            except (ValueError, TypeError):
                problems.append(f"成文日期“{raw_formed}”不是有效日期，应为 YYYY-MM-DD")
            else:
                if formed_on > self.today:
                    problems.append(f"成文日期 {formed_on} 晚于今天")
                    formed_on = None
                elif formed_on.year < FIRST_YEAR:
                    problems.append(f"成文日期 {formed_on} 不合理")
                    formed_on = None

        published_on = None
        raw_published = data.get("published_on")
        if raw_published not in (None, ""):
            try:
                published_on = _parse_date(raw_published)
            except (ValueError, TypeError):
                problems.append(
                    f"发布日期“{raw_published}”不是有效日期，应为 YYYY-MM-DD"
                )
            else:
                if published_on > self.today:
                    problems.append(f"发布日期 {published_on} 晚于今天")
                elif formed_on and published_on < formed_on:
                    problems.append(f"发布日期 {published_on} 早于成文日期 {formed_on}")

        document_number = texts["document_number"]
        if document_number:
            problem = docnumber.check(document_number)
            if problem:
                message = problem.message
                if problem.suggestion:
                    message += f"建议改为：{problem.suggestion}"
                problems.append(message)

        category = check(self._category, data.get("category"), unit)
        topic = check(self._topic, data.get("topic"))

        raw_validity = data.get("validity")
        validity = DisclosureItemPage.Validity.VALID
        if raw_validity not in (None, ""):
            key = raw_validity.strip() if isinstance(raw_validity, str) else None
            validity = VALIDITY.get(key) or VALIDITY.get((key or "").lower())
            if validity is None:
                problems.append(
                    f"有效性“{raw_validity}”无效，应为 有效、已修改、已废止 或 已失效"
                )

        index_number, index_year, index_serial = "", 0, 0
        raw_index = data.get("index_number")
        if raw_index not in (None, ""):
            if not isinstance(raw_index, str):
                problems.append("索引号（index_number）应为文本")
            elif unit is not None:
                index_number = raw_index.strip()
                match = INDEX_NUMBER_RE.match(index_number)
                if not match:
                    problems.append(
                        f"索引号“{index_number}”格式不正确，"
                        f"应形如“{unit.code}/{(formed_on or self.today).year}-00001”"
                    )
                elif match["code"] not in unit.codes():
                    problems.append(
                        f"索引号“{index_number}”的机构代码与发布机构"
                        f"{unit.name}的代码（{'、'.join(unit.codes())}）不符"
                    )
                else:
                    index_year = int(match["year"])
                    index_serial = int(match["serial"])
                    if index_serial == 0:
                        problems.append(f"索引号“{index_number}”的序号不能为 00000")
                    elif index_year > self.today.year or index_year < FIRST_YEAR:
                        problems.append(f"索引号“{index_number}”的年份不合理")
                    elif formed_on and index_year != formed_on.year:
                        # 索引号 are never changed: a migrated number keeps the
                        # year the old system gave it.
                        warnings.append(
                            f"索引号“{index_number}”的年份与成文日期 {formed_on} "
                            "不一致，按迁移数据保留原索引号"
                        )

        if not problems:
            body_html = _body_html(texts["body"])
            problems.extend(
                importer_review.blocking_problems(
                    self.reviewer,
                    title,
                    texts["summary"],
                    texts["keywords"],
                    body_html,
                )
            )
        if problems:
            return None, problems, warnings
        row = _Row(
            line=line,
            unit=unit,
            column_id=column_id,
            title=title,
            document_number=document_number,
            formed_on=formed_on,
            published_on=published_on,
            category_id=category.pk,
            topic_id=topic.pk if topic else None,
            validity=validity,
            summary=texts["summary"],
            keywords=texts["keywords"],
            body=body_html,
            index_number=index_number,
            index_year=index_year,
            index_serial=index_serial,
            number_given=bool(index_number),
        )
        return row, [], warnings

    def _classify(self, row):
        """'import', 'skip' or an error message, for a valid row; records the
        row's keys so that later rows see it."""
        key = (row.unit.pk, row.title, row.formed_on)
        if row.index_number:
            first = self.seen_numbers.get(row.index_number)
            if first is not None:
                return f"索引号“{row.index_number}”与第 {first} 行重复"
            self.seen_numbers[row.index_number] = row.line
            if row.index_number in self.existing_numbers:
                self.existing_keys.add(key)
                return "skip"
            triple = (row.unit.pk, row.index_year, row.index_serial)
            if triple in self.taken_serials:
                return (
                    f"索引号“{row.index_number}”的序号已被{row.unit.name}"
                    f"{row.index_year}年的其他索引号占用"
                )
            self.taken_serials.add(triple)
            self.existing_keys.add(key)
            return "import"
        if key in self.existing_keys:
            first = self.seen_keys.get(key)
            if first is not None:
                self._warn(
                    row.line,
                    f"与第 {first} 行为同一条信息（机构、标题、成文日期相同），已跳过",
                )
            return "skip"
        self.existing_keys.add(key)
        self.seen_keys[key] = row.line
        return "import"

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
            bump_content_version()
        self.progress.close()
        self.result.import_seconds = (
            time.monotonic() - started - self.result.index_seconds
        )
        return self.result

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


# ---------------------------------------------------------------------------
# Entry points


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


# ---------------------------------------------------------------------------
# Synthetic rows (benchmarks and query-count tests)

# Title patterns after the seed's documents (home/demo/data.py): (category
# slug, topic leaf, pattern, has 文号). {unit} is the unit's name, {short} its
# short name, {year} the year formed, {prev} the year before, {subject} a
# subject of the county's work.
_COMMON_PATTERNS = [
    ("wenjian", "政务公开", "关于印发{unit}{year}年政务公开工作要点的通知", True),
    ("wenjian", "政务公开", "关于做好{year}年{subject}工作的通知", True),
    ("wenjian", None, "关于印发{unit}{subject}实施方案的通知", True),
    ("wenjian", None, "关于进一步加强{subject}工作的意见", True),
    ("wenjian", None, "关于开展{subject}专项检查的通知", True),
    ("yingji", "应急管理", "关于印发{unit}{year}年度{emergency}应急预案的通知", True),
    ("yingji", "减灾救灾", "{unit}{year}年{emergency}工作情况通报", False),
    ("lingdao", "政务公开", "{unit}领导班子成员及分工（{year}年调整）", False),
    ("jigou", "政务公开", "{unit}主要职责与内设机构（{year}年）", False),
    ("zhongdian", "政务公开", "{unit}{year}年工作要点", False),
    ("zhongdian", "政府工作报告", "{unit}{prev}年工作总结和{year}年工作安排", False),
    ("zhongdian", None, "{unit}召开{subject}工作推进会", False),
    ("jihua", "政府工作报告", "{unit}{prev}年国民经济和社会发展计划执行情况", False),
    ("jihua", "政务公开", "{unit}{prev}年政府信息公开工作年度报告", False),
    ("renshi", "人事工作", "{unit}关于{name_person}等同志任免职务的通知", True),
    ("renshi", "劳动就业", "{unit}{year}年公开招聘工作人员公告", False),
    ("caizheng", "财政", "{unit}{year}年部门预算", False),
    ("caizheng", "财政", "{unit}{prev}年部门决算", False),
    ("caizheng", "财政", "{unit}{year}年“三公”经费预算情况说明", False),
    ("caizheng", "审计", "{unit}{prev}年度预算执行审计结果公告", False),
    ("ziyuan", "土地", "{unit}{year}年国有建设用地使用权出让结果公示", False),
    ("xuke", "政务公开", "{unit}{year}年{month}月行政许可事项办理结果公示", False),
    ("caigou", "财政", "{unit}{subject}项目政府采购中标公告", False),
    ("tongji", "政务公开", "{unit}{year}年{month}月主要经济指标", False),
]
_TOWNSHIP_PATTERNS = [
    ("nongcun", "农业", "{short}{year}年种粮农民直接补贴发放情况公示", False),
    ("nongcun", "农业", "{short}{year}年耕地地力保护补贴发放名册公示", False),
    ("shuili", "水利", "{short}{year}年农田水利基本建设项目公示", False),
    ("tudi", "土地", "{short}{year}年土地承包经营权流转情况", False),
    ("zhaijidi", "土地", "{short}{year}年农村宅基地审批情况公示", False),
    ("zhengshou", "土地", "{short}{year}年房屋征收拆迁补偿公示", False),
    ("jiuzhu", "社会救助", "{short}{year}年民政福利资金发放情况", False),
    ("jiuzhu", "社会救助", "{short}{year}年第{quarter}季度城乡低保对象名单公示", False),
    ("ziyuan", "财政", "{short}集体资产处置情况公示（{year}年{month}月）", False),
    ("wenjian", "政务公开", "关于印发{short}{year}年政务公开工作要点的通知", True),
    ("wenjian", "劳动就业", "关于做好{short}{year}年城乡居民养老保险工作的通知", True),
]
_SUBJECTS = [
    "政府信息公开",
    "防汛抗旱",
    "森林防火",
    "安全生产",
    "秸秆禁烧",
    "农村危房改造",
    "精准扶贫",
    "城乡居民医疗保险",
    "义务教育均衡发展",
    "食品安全",
    "城乡环境卫生整治",
    "河湖长制",
    "农村人居环境整治",
    "耕地保护",
    "招商引资",
    "优化营商环境",
    "农村饮水安全",
    "城市公共交通",
    "农村智能广播网",
    "地质灾害防治",
    "最低生活保障",
    "重大行政处罚案件备案审查",
    "政府网站绩效评估",
    "“两癌”免费检查",
]
_EMERGENCIES = [
    "防汛抗旱",
    "低温雨雪冰冻灾害",
    "地质灾害",
    "森林火灾",
    "重大食品安全事故",
]
_SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐"
_GIVEN = "国建华明军平志伟红文海春德永光林刚勇强丽芳兵涛"
_DOC_PREFIX = {
    "发改局": "随发改",
    "人社局": "随人社",
    "国土资源局": "随国土资",
    "食药监局": "随食药监",
    "卫计局": "随卫计",
    "交通运输局": "随交",
    "法制办": "随法制",
    "县政府办": "随政办",
    "县政府": "随政",
}
_VALIDITIES = ["有效"] * 17 + ["valid"] * 3 + ["已修改", "已废止", "repealed", "已失效"]


def _doc_prefix(unit):
    short = unit.short_name or unit.name
    if unit.kind == Unit.Kind.TOWNSHIP:
        return f"{short[0]}政"
    return _DOC_PREFIX.get(short, f"随{short[0]}")


def synthetic_rows(n, units, categories, topics, seed=0, *, serial_start=1001):
    """Yield ``n`` realistic rows in the import format, reproducible by ``seed``.

    Titles follow the seed's document patterns; items are spread over
    2010–2026 (never after today) and over every unit (the county government
    and its office publish most); about a third carry a 文号. About 80 % are
    migrated with their 索引号 and 发布日期, 8 % bring only 发布日期 and 12 %
    neither (numbered and published by the importer). Migrated serials start at
    ``serial_start`` per unit and year so that they do not meet the demo's.
    (unit, title, 成文日期) is unique across the rows.

    ``units``, ``categories`` and ``topics`` are model instances (or anything
    with the same attributes: units need code, name, short_name and kind;
    categories slug, name and scope; topics pk, name and parent_id)."""
    rng = random.Random(seed)
    units = list(units)
    categories = {c.slug: c for c in categories}
    topics = list(topics)
    if not units or not categories:
        return
    by_pk = {t.pk: t for t in topics}
    topic_path = {
        t.name: (
            f"{by_pk[t.parent_id].name}\\{t.name}" if t.parent_id in by_pk else t.name
        )
        for t in topics
    }
    leaf_paths = [topic_path[t.name] for t in topics if t.parent_id]
    weights = [
        4 if u.kind == Unit.Kind.COUNTY else 3 if u.short_name == "县政府办" else 1
        for u in units
    ]
    today = timezone.localdate()
    first_year, last_year = 2010, min(2026, today.year)
    serials = defaultdict(lambda: serial_start - 1)
    doc_serials = defaultdict(int)
    keys = set()
    for _ in range(n):
        unit = rng.choices(units, weights)[0]
        patterns = _COMMON_PATTERNS
        if unit.kind == Unit.Kind.TOWNSHIP and rng.random() < 0.4:
            patterns = _TOWNSHIP_PATTERNS
        category_slug, topic_name, pattern, has_number = rng.choice(patterns)
        category = categories.get(category_slug) or rng.choice(
            list(categories.values())
        )
        if category.scope != Category.Scope.ALL and unit.kind != Unit.Kind.TOWNSHIP:
            category = categories.get("wenjian", category)
        year = rng.randint(first_year, last_year)
        start = datetime.date(year, 1, 1)
        end = min(datetime.date(year, 12, 31), today)
        formed_on = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
        subject = rng.choice(_SUBJECTS)
        title = pattern.format(
            unit=unit.name,
            short=unit.short_name or unit.name,
            year=year,
            prev=year - 1,
            subject=subject,
            emergency=rng.choice(_EMERGENCIES),
            month=formed_on.month,
            quarter=(formed_on.month - 1) // 3 + 1,
            name_person=rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN),
        )
        suffix = 1
        base_title = title
        while (unit.code, title, formed_on) in keys:
            suffix += 1
            title = f"{base_title}（{suffix}）"
        keys.add((unit.code, title, formed_on))

        document_number = ""
        if has_number or rng.random() < 0.1:
            kind = "任" if category_slug == "renshi" else "发"
            prefix = _doc_prefix(unit) + (
                "办" if kind == "发" and rng.random() < 0.2 else ""
            )
            doc_serials[(prefix, kind, year)] += 1
            document_number = (
                f"{prefix}{kind}〔{year}〕{doc_serials[(prefix, kind, year)]}号"
            )

        topic = topic_path.get(topic_name) if topic_name else None
        if topic is None and leaf_paths and rng.random() < 0.8:
            topic = rng.choice(leaf_paths)

        sentences = [
            f"{title}。",
            f"为做好{subject}工作，根据上级有关文件精神，结合{unit.short_name or unit.name}实际，"
            "现将有关事项通知如下。",
            f"各单位要高度重视，明确责任分工，确保{year}年各项工作任务按期完成。",
            "本信息经保密审查和规范性审查后，依照《中华人民共和国政府信息公开条例》"
            "主动公开。",
            f"联系电话：0722-43{rng.randint(10000, 99999)}。",
        ]
        paragraphs = sentences[: rng.randint(3, 5)]
        if rng.random() < 0.7:
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
        else:
            body = "\n".join("\u3000\u3000" + p for p in paragraphs)

        row = {
            "unit": unit.code if rng.random() < 0.8 else unit.name,
            "title": title,
            "document_number": document_number,
            "formed_on": formed_on.isoformat(),
            "category": category.name if rng.random() < 0.5 else category.slug,
            "topic": topic or "",
            "body": body,
        }
        kind = rng.random()
        if kind < 0.88:
            published_on = min(
                formed_on + datetime.timedelta(days=rng.randint(1, 40)), today
            )
            row["published_on"] = published_on.isoformat()
        if kind < 0.80:
            serials[(unit.code, year)] += 1
            row["index_number"] = f"{unit.code}/{year}-{serials[(unit.code, year)]:05d}"
        row["summary"] = title if rng.random() < 0.6 else ""
        row["keywords"] = " ".join(filter(None, [topic_name, category.name]))
        row["validity"] = rng.choice(_VALIDITIES)
        yield row
