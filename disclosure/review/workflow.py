"""What the review tasks do: run the checks when a task starts, decide whether
an approval may stand, record every decision, and announce tasks and
decisions (see signals.py)."""

import html
import logging
import re
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision, Site, TaskState, WorkflowState

from ..models import (
    CONFIRMATION,
    ConfidentialityReviewTask,
    DisclosureItemPage,
    FixedName,
    ReviewDecision,
    ReviewRun,
    TypoEntry,
    Unit,
    UnitColumnPage,
)
from . import confidentiality, signals
from .checks import Reviewer, check_metadata
from .extract import ExtractError, scan_file
from .findings import BODY
from .links import external_links

logger = logging.getLogger(__name__)

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


# Task life cycle ----------------------------------------------------------
def task_started(task, task_state):
    page = task_state.revision.as_object() if task_state.revision else None
    findings, urls = review_page(page) if page is not None else ([], [])
    run = ReviewRun.objects.create(
        task_state=task_state,
        findings=[f.as_dict() for f in findings],
        blocking=sum(1 for f in findings if f.blocks),
        external_links_pending=bool(urls),
    )
    if urls:
        from ..tasks import check_external_links

        run_id = run.pk
        transaction.on_commit(lambda: _queue(check_external_links, run_id))
    signals.review_task_started.send(
        sender=type(task),
        task_state=task_state,
        page=page,
        reviewers=task.reviewers(page),
        findings=run.findings,
    )
    return run


def _queue(task, *args):
    try:
        task.delay(*args)
    except Exception:  # the broker is down: the review goes on without it
        logger.exception("could not queue %s", task.name)


def revision_editors(task_state):
    """Who wrote or edited the revision under review: the submitter and every
    author of a revision of this page since the workflow started."""
    workflow_state = task_state.workflow_state
    ids = set(
        Revision.objects.filter(
            base_content_type=workflow_state.base_content_type,
            object_id=workflow_state.object_id,
            created_at__gte=workflow_state.created_at,
        ).values_list("user_id", flat=True)
    )
    if task_state.revision and task_state.revision.user_id:
        ids.add(task_state.revision.user_id)
    if workflow_state.requested_by_id:
        ids.add(workflow_state.requested_by_id)
    ids.discard(None)
    return ids


class ReviewRefused(PermissionDenied):
    """A review decision that must not stand; the message says why, in
    Chinese. (RefusalMiddleware shows it in the dashboard's review dialog.)"""


STALE_TASK = _("该审查环节已由他人处理或已重新开始，请刷新页面后查看最新状态。")
STALE_REVISION = _("审查期间内容已被修改，审查将针对最新版本重新开始，请刷新后审查。")
SAME_REVIEWER = _(
    "同一版本的规范性审查和保密审查须由两位不同人员完成，请由其他审查人员审核。"
)


def lock_for_decision(task_state):
    """The task state as it stands in the database, locked (with its
    workflow state) until the decision commits, so that two reviewers
    clicking at once decide one after the other and the second sees the
    first's decision. Raises ReviewRefused (in Chinese) when the task is
    no longer waiting, or the page changed after it started."""
    workflow_state = WorkflowState.objects.select_for_update().get(
        pk=task_state.workflow_state_id
    )
    locked = TaskState.objects.select_for_update().get(pk=task_state.pk).specific
    if (
        workflow_state.status != WorkflowState.STATUS_IN_PROGRESS
        or workflow_state.current_task_state_id != locked.pk
        or locked.status != TaskState.STATUS_IN_PROGRESS
    ):
        raise ReviewRefused(STALE_TASK)
    latest = (
        Page.objects.filter(pk=workflow_state.object_id)
        .values_list("latest_revision_id", flat=True)
        .first()
    )
    if latest is not None and latest != locked.revision_id:
        raise ReviewRefused(STALE_REVISION)
    locked.workflow_state = workflow_state
    return locked


def refusal(task, task_state, user, action_name, data):
    """Why this action must not stand (a message in Chinese), or None."""
    page = task_state.workflow_state.content_object
    if not task.user_is_reviewer(page, user):
        return gettext("您不是本环节的审查人员。")
    if action_name == "reject":
        if not (data.get("comment") or "").strip():
            return gettext("请填写退回修改的意见。")
        return None
    if action_name != "approve":
        return None
    if user.pk in revision_editors(task_state):
        return gettext("不能审核自己撰写或修改的版本，请由其他审查人员审核。")
    if (
        TaskState.objects.filter(
            workflow_state_id=task_state.workflow_state_id,
            revision_id=task_state.revision_id,
            status=TaskState.STATUS_APPROVED,
            finished_by=user,
        )
        .exclude(pk=task_state.pk)
        .exists()
    ):
        return SAME_REVIEWER
    # Page types with rules of their own (the annual report's cross-checks)
    # refuse the approval of a revision that breaks them.
    content = task_state.revision.as_object() if task_state.revision_id else None
    own_refusal = getattr(content, "review_refusal", None)
    if callable(own_refusal):
        problem = own_refusal()
        if problem:
            return problem
    findings = confidentiality.run_findings(task_state)
    problem = confidentiality.refusal(task, task_state, findings, data)
    if problem:
        return problem
    # Personal data and secret marks are never released with a reason.
    blocking = sum(
        1
        for f in findings
        if f["severity"] == "block" and not confidentiality.is_confidential(f)
    )
    if blocking and not (data.get("override_reason") or "").strip():
        return gettext(
            "自动检查发现 %(count)s 项阻断性问题，须退回修改；"
            "如确认可以发布，请填写放行理由。"
        ) % {"count": blocking}
    if isinstance(task, ConfidentialityReviewTask) and not data.get("confirmed"):
        return gettext("请确认：%(confirmation)s。") % {"confirmation": CONFIRMATION}
    return None


def record_decision(task, task_state, user, action_name, data):
    findings = confidentiality.run_findings(task_state)
    page = task_state.workflow_state.content_object
    marks = {}
    if action_name == "approve":
        marks = confidentiality.decision_fields(task, task_state, findings, data)
    return ReviewDecision.objects.create(
        **marks,
        task_state=task_state,
        task_name=task.name,
        page=page,
        revision=task_state.revision,
        unit=unit_of(page),
        reviewer=user,
        action=action_name,
        comment=data.get("comment", "") or "",
        override_reason=(data.get("override_reason") or "").strip(),
        confirmation=CONFIRMATION if data.get("confirmed") else "",
        findings=findings,
        blocking=sum(1 for f in findings if f["severity"] == "block"),
        warnings=sum(1 for f in findings if f["severity"] == "warn"),
    )


def decided(task, task_state, user, action_name, comment):
    page = task_state.workflow_state.content_object
    recipients = list(
        get_user_model().objects.filter(pk__in=revision_editors(task_state) - {user.pk})
    )
    signals.review_decided.send(
        sender=type(task),
        task_state=task_state,
        page=page,
        decision="approved" if action_name == "approve" else "rejected",
        reviewer=user,
        recipients=recipients,
        comment=comment,
    )


def restart_review_if_stale(page, user):
    """An edit while in review starts the review again from the first task, so
    that the checks and every reviewer see the text that will go online.
    Returns True when the review was restarted."""
    state = page.current_workflow_state
    if state is None or state.status != state.STATUS_IN_PROGRESS:
        return False
    with transaction.atomic():
        # Serialised with the reviewers' decisions (lock_for_decision).
        state = WorkflowState.objects.select_for_update().get(pk=state.pk)
        if state.status != state.STATUS_IN_PROGRESS:
            return False
        return _restart_if_stale(page, state, user)


def _restart_if_stale(page, state, user):
    latest = page.get_latest_revision()
    current = state.current_task_state
    stale = (current is not None and current.revision_id != latest.pk) or (
        state.task_states.filter(status=TaskState.STATUS_APPROVED)
        .exclude(revision=latest)
        .exists()
    )
    if not stale:
        return False
    state.cancel(user=user)
    page.get_workflow().start(page, user)
    return True


def submit_for_review(page, user):
    """Put the page's latest revision into review: start the workflow, resume
    it after changes were asked for, or restart it when it was reviewing an
    older revision."""
    state = page.current_workflow_state
    if state is None:
        page.get_workflow().start(page, user)
    elif state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user)
    else:
        restart_review_if_stale(page, user)


def current_review(page):
    """The review run and decisions of a page's current workflow, for the
    editor's findings panel."""
    task_state = page.current_workflow_task_state if page.pk else None
    if task_state is None:
        return None, []
    run = ReviewRun.objects.filter(task_state=task_state).first()
    decisions = ReviewDecision.objects.filter(
        task_state__workflow_state=task_state.workflow_state
    ).select_related("reviewer")
    return run, list(decisions)


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
