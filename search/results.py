"""One page of results as a citizen sees them: title with the words found
highlighted, unit, date, 文号, 索引号, category, kind and a snippet of the
text around the first word found."""

import re
from dataclasses import dataclass

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from modelsearch.index import SearchField
from wagtail.models import Page

from .normalize import normalize_char_map

SNIPPET_LENGTH = 120
SNIPPET_BEFORE = 30
TEXT_LIMIT = 5000


@dataclass
class Hit:
    page: object
    title: str
    title_html: str
    url: str
    unit: str
    date: object
    document_number: str
    index_number: str
    category: str
    type_label: str
    snippet_html: str
    snippet: str

    def as_json(self):
        return {
            "title": self.title,
            "url": self.url,
            "unit": self.unit,
            "date": self.date.isoformat() if self.date else None,
            "document_number": self.document_number,
            "index_number": self.index_number,
            "category": self.category,
            "type": self.type_label,
            "snippet": self.snippet,
        }


def _pattern(terms):
    terms = [t for t in terms if t]
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms))


def spans(text, terms, mapped=None):
    """Ranges of ``text`` (original characters) holding any of the
    normalised ``terms``; ``mapped`` is normalize_char_map(text) if known."""
    pattern = _pattern(terms)
    if pattern is None or not text:
        return []
    normal, origins = mapped or normalize_char_map(text)
    found = []
    for match in pattern.finditer(normal):
        if match.start() == match.end():
            continue
        start = origins[match.start()]
        end = origins[match.end() - 1] + 1
        found.append((start, end))
    return found


def highlight(text, ranges):
    """``text`` escaped, with ``ranges`` in <mark>."""
    out, last = [], 0
    for start, end in ranges:
        if start < last:
            continue
        out.append(conditional_escape(text[last:start]))
        out.append(f"<mark>{conditional_escape(text[start:end])}</mark>")
        last = end
    out.append(conditional_escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped


def page_text(page):
    """The searchable text of a page other than its title, as indexed (a
    summary or first line that repeats the title is left out)."""
    pieces = []
    title = page.title.strip()
    for field in page.get_search_fields():
        if not isinstance(field, SearchField) or field.field_name in (
            "title",
            "document_number",
            "index_number",
            "keywords",
        ):
            continue
        try:
            value = field.get_value(page)
        except Exception:  # noqa: BLE001 - a broken field must not break search
            continue
        if isinstance(value, (list, tuple)):
            value = " ".join(str(v) for v in value if v)
        value = str(value or "").strip()
        if value.startswith(title):
            value = value[len(title) :].lstrip("。.，, \n")
        if value:
            pieces.append(value)
        if sum(map(len, pieces)) > TEXT_LIMIT:
            break
    return " ".join(" ".join(pieces).split())[:TEXT_LIMIT]


def snippet(text, terms, anchors=None):
    """(plain, html) of the part of ``text`` around the first of ``anchors``
    found (else of ``terms``), with every term highlighted."""
    mapped = normalize_char_map(text)
    found = spans(text, terms, mapped)
    anchored = spans(text, anchors, mapped) if anchors else []
    if anchored or found:
        start = max(0, (anchored or found)[0][0] - SNIPPET_BEFORE)
    else:
        start = 0
    end = min(len(text), start + SNIPPET_LENGTH)
    piece = text[start:end]
    local = [(s - start, e - start) for s, e in found if s >= start and e <= end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    html = highlight(piece, local)
    return (
        f"{prefix}{piece}{suffix}",
        mark_safe(f"{prefix}{html}{suffix}"),  # noqa: S308 - escaped above
    )


def hits(candidates, terms, request, type_labels, units, categories, anchors=None):
    """The pages of ``candidates`` (one page of results), in order."""
    ids = [c.id for c in candidates]
    pages = {p.pk: p for p in Page.objects.filter(pk__in=ids).specific()}
    result = []
    for candidate in candidates:
        page = pages.get(candidate.id)
        if page is None:
            continue
        title = page.title
        plain, html = snippet(page_text(page), terms, anchors)
        result.append(
            Hit(
                page=page,
                title=title,
                title_html=highlight(title, spans(title, terms)),
                url=page.get_url(request) or "",
                unit=units.get(candidate.unit_id, ""),
                date=candidate.date,
                document_number=getattr(page, "document_number", "") or "",
                index_number=getattr(page, "index_number", "") or "",
                category=categories.get(candidate.category_id, ""),
                type_label=str(type_labels.get(candidate.id, "")),
                snippet_html=html,
                snippet=plain,
            )
        )
    return result
