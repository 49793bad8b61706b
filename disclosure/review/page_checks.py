"""What the review checks on a page revision: whose page it is, its texts,
metadata, links and attachments (:func:`review_page`), with the webmaster's
word lists, and the dead external links added later (by a Celery task) to a
review run."""

import html
import re
from urllib.parse import urlsplit

from django.core.cache import cache
from django.utils.html import strip_tags
from django.utils.translation import gettext_noop
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from ..models import (
    DisclosureItemPage,
    FixedName,
    ReviewRun,
    TypoEntry,
    Unit,
    UnitColumnPage,
)
from .checks import Reviewer, check_metadata
from .extract import ExtractError, scan_file
from .findings import BODY
from .links import external_links

WORD_LISTS_CACHE_KEY = "review:word-lists:v1"
DOCUMENT_LINK_RE = re.compile(r'<a[^>]*linktype="document"[^>]*id="(\d+)"')
PAGE_LINK_RE = re.compile(r'<a[^>]*linktype="page"[^>]*id="(\d+)"')


# Whose page is it? --------------------------------------------------------
def unit_of(obj):
    """The unit a page belongs to: its own (an item's publisher, or the unit a
    page type names through a ``review_unit_id`` attribute), else its
    column's unit, else the county office."""
    if isinstance(obj, DisclosureItemPage) and obj.unit_id:
        return Unit.objects.get(pk=obj.unit_id)
    own = getattr(obj, "review_unit_id", None)
    if own:
        return Unit.objects.get(pk=own)
    if isinstance(obj, Page) and obj.path:
        step = Page.steplen
        ancestors = [obj.path[:end] for end in range(step, len(obj.path) + 1, step)]
        column = (
            UnitColumnPage.objects.filter(path__in=ancestors)
            .select_related("unit")
            .first()
        )
        if column:
            return column.unit
    return Unit.county_office()


# The checks ------------------------------------------------------------------
def word_lists():
    """The webmaster's typo and fixed-name lists, cached until they change."""
    lists = cache.get(WORD_LISTS_CACHE_KEY)
    if lists is None:
        typos = {t.wrong: (t.right or None) for t in TypoEntry.objects.all()}
        names = [(f.correct, f.variant_list()) for f in FixedName.objects.all()]
        lists = (typos, names)
        cache.set(WORD_LISTS_CACHE_KEY, lists, 600)
    return lists


def forget_word_lists(**kwargs):
    cache.delete(WORD_LISTS_CACHE_KEY)


def internal_link_alive(url):
    """Whether a site-relative link (or one on our own host) leads somewhere."""
    path = urlsplit(url).path or "/"
    if path.startswith("/documents/"):
        match = re.match(r"^/documents/(\d+)/", path)
        return bool(match) and get_document_model().objects.filter(pk=match[1]).exists()
    if path.startswith(("/static/", "/media/", "/admin/", "/api/", "/search/")):
        return True
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return False
    url_path = site.root_page.url_path + path.lstrip("/")
    if not url_path.endswith("/"):
        url_path += "/"
    return Page.objects.live().filter(url_path=url_path).exists()


def make_reviewer():
    typos, names = word_lists()
    return Reviewer(
        typos=typos or None, fixed_names=names or None, link_checker=internal_link_alive
    )


def page_texts(page):
    """``(source, text)`` parts of a page revision for the checks, and its raw
    HTML (for links)."""
    # Sources are stored with the findings: zh-hans, marked for the catalogues.
    parts = [(gettext_noop("标题"), page.title)]
    raw_html = []
    for name, label in (
        ("summary", gettext_noop("内容概述")),
        ("keywords", gettext_noop("主题词")),
    ):
        value = getattr(page, name, "")
        if value:
            parts.append((label, value))
    for name in ("body", "intro"):
        value = getattr(page, name, "")
        if value:
            value = str(value)
            raw_html.append(value)
            parts.append((BODY, html.unescape(strip_tags(value))))
    # Page types with text outside these fields (a survey's questions) name
    # it through a ``review_texts()`` method returning (source, text) pairs.
    extra = getattr(page, "review_texts", None)
    if callable(extra):
        parts.extend(extra())
    return parts, "\n".join(raw_html)


def page_metadata(page):
    if not isinstance(page, DisclosureItemPage):
        return None
    return {
        "title": page.title,
        "unit": page.unit_id or True,
        "formed_on": page.formed_on,
        "category": page.category_id,
        "document_number": page.document_number,
        "validity": page.validity,
        "replaced_by": page.replaced_by_id,
    }


def attached_documents(page, raw_html):
    ids = set(map(int, DOCUMENT_LINK_RE.findall(raw_html)))
    documents = []
    if isinstance(page, DisclosureItemPage):
        documents.extend(a.document for a in page.attachments.all())
    if ids:
        documents.extend(get_document_model().objects.filter(pk__in=ids))
    unique = {}
    for document in documents:
        unique.setdefault(document.pk, document)
    return list(unique.values())


def attachment_name(document):
    """The name editors know an attachment by: its title, with the extension
    that tells the format."""
    extension = document.file_extension.lower()
    title = document.title.strip() or document.filename
    return title if title.lower().endswith(f".{extension}") else f"{title}.{extension}"


def review_page(page, reviewer=None):
    """All findings on a page revision: its text, its links, its metadata and
    its attachments. Returns ``(findings, external_urls)``."""
    reviewer = reviewer or make_reviewer()
    parts, raw_html = page_texts(page)
    findings = reviewer.check_parts(parts)
    # Links live in the HTML: check it for dead internal links only.
    findings.extend(f for f in reviewer.check(raw_html) if f.rule == "dead-link")
    for match in PAGE_LINK_RE.finditer(raw_html):
        if not Page.objects.live().filter(pk=match[1]).exists():
            findings.append(_dead_page_link(raw_html, match))
    metadata = page_metadata(page)
    if metadata is not None:
        findings.extend(check_metadata(metadata))
    for document in attached_documents(page, raw_html):
        try:
            with document.open_file() as handle:
                findings.extend(
                    scan_file(handle, attachment_name(document), reviewer=reviewer)
                )
        except ExtractError as error:
            findings.append(_unreadable(document, str(error)))
        except (KeyError, OSError) as error:
            message = gettext_noop("附件无法读取：%(error)s") % {"error": error}
            findings.append(_unreadable(document, message))
    return findings, external_links(raw_html)


def _dead_page_link(raw_html, match):
    from .checks import Finding

    return Finding(
        "dead-link",
        "warn",
        match.start(),
        match.end(),
        gettext_noop("站内页面链接"),
        gettext_noop("链接的站内页面已删除或未发布，请修改或删除。"),
        "",
        BODY,
    )


def _unreadable(document, message):
    from .checks import Finding

    # An attachment nobody can check is not published unchecked.
    name = attachment_name(document)
    return Finding(
        "attachment-unreadable",
        "block",
        0,
        0,
        name,
        message,
        gettext_noop("请上传可读取的 PDF、DOCX、XLSX、CSV 或 TXT 文件。"),
        name,
    )


def check_external_links_of(run_id):
    """Add dead-link warnings for the external links of a review run."""
    from .checks import Finding
    from .links import check_external_link

    run = ReviewRun.objects.select_related("task_state__revision").get(pk=run_id)
    page = run.task_state.revision.as_object()
    _parts, raw_html = page_texts(page)
    new = []
    for start, end, url in _external_spans(raw_html):
        if not check_external_link(url):
            new.append(
                Finding(
                    "dead-link",
                    "warn",
                    start,
                    end,
                    url,
                    gettext_noop("外部链接“%(url)s”无法访问，请修改或删除。")
                    % {"url": url},
                    "",
                    BODY,
                ).as_dict()
            )
    ReviewRun.objects.filter(pk=run_id).update(
        findings=run.findings + new, external_links_pending=False
    )
    return len(new)


def _external_spans(raw_html):
    return [
        (start, end, url)
        for start, end, url in external_links(raw_html)
        if url.startswith(("http://", "https://"))
    ]
