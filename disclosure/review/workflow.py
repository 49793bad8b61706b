"""What the review tasks do: run the checks when a task starts, decide whether
an approval may stand, record every decision, and announce tasks and
decisions (see signals.py). The checks of a page are in :mod:`.page_checks`
(its names are importable from here too)."""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Revision, TaskState, WorkflowState

from ..models import (
    CONFIRMATION,
    ConfidentialityReviewTask,
    ReviewDecision,
    ReviewRun,
)
from . import confidentiality, signals
from .page_checks import (  # noqa: F401 (the old import paths)
    attached_documents,
    attachment_name,
    check_external_links_of,
    forget_word_lists,
    internal_link_alive,
    make_reviewer,
    page_metadata,
    page_texts,
    review_page,
    unit_of,
    word_lists,
)

logger = logging.getLogger(__name__)


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
