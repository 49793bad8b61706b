"""Reading JSON Lines input and the shapes and limits one row must have."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.html import escape

from ..models import (
    DisclosureItemPage,
    Unit,
)

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
MAX_SERIAL = 99_999
INDEX_BATCH_SIZE = 5000
# Imports of at least this many rows refresh the planner statistics.
ANALYZE_AFTER = 1000
NOON = datetime.time(12)


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
