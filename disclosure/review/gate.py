"""The publishing gate: the one door every page passes to go online.

Whatever starts it (the editor, the admin API's publish/copy/alias/move, bulk
actions, scheduled publishing, reverting, wagtail-localize's translations and
syncs), a page only goes live, or changes what is live, through a save of the
page row. The receivers here watch those saves and refuse, with a reason in
Chinese, every one that would put content online that two different people
have not approved in the review workflow (规范性审查 and 保密审查 of that very
revision). The workflow's finish action passes because the revision it
publishes is the approved one; nothing else needs, or gets, an exception.

The only other way in is ``publishing_as_system()``: for the demo loader,
which builds a published site from scratch. Nothing reachable from a request
uses it (a test checks who imports it).

What Wagtail does that this relies on is listed in ``internals.py``.
"""

import contextlib
import contextvars
import logging

from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Revision, TaskState, WorkflowState
from wagtail.signals import pre_page_move

from ..models import ConfidentialityReviewTask, NormativityReviewTask
from .page_checks import unit_of

logger = logging.getLogger(__name__)

NOT_REVIEWED = _(
    "页面须经规范性审查和保密审查（由两位不同人员审核通过）后由系统发布，"
    "不能直接发布。请点击“提交给政务公开审查”。"
)
NEW_PAGE_LIVE = _(
    "新建或复制的页面不能直接上线：请保存为草稿（复制时不要勾选“发布副本”），"
    "提交政务公开审查，审查通过后由系统发布。"
)
NO_ALIASES = _(
    "不能创建别名页面：别名会把已审查的内容原样发布到新的位置，未经该位置的审查。"
    "请复制为草稿并提交审查。"
)
NO_SCHEDULE = _(
    "只有通过规范性审查和保密审查的版本才能定时发布。请先提交政务公开审查。"
)
MOVE_ACROSS_UNITS = _(
    "已发布的页面不能移动到其他机构的栏目：那里的内容须经该机构审查。"
    "请在目标栏目新建页面并提交审查，或先取消发布再移动。"
)

# Fields that place or schedule a page rather than say something: changing
# them on a live page is not publishing new content.
NOT_CONTENT = {"slug", "owner", "go_live_at", "expire_at", "show_in_menus"}
WATCHED = {"live", "live_revision", "live_revision_id", "alias_of", "alias_of_id"}

_system = contextvars.ContextVar("publishing_as_system", default=None)


class PublishingRefused(Exception):
    """A page would have gone online without both reviews. The message says
    why, in Chinese; ``RefusalMiddleware`` shows it to the user. Not a
    PermissionDenied: the admin would swap it for a generic "no permission"
    message, and the reason is the point."""


@contextlib.contextmanager
def publishing_as_system(reason):
    """Let pages go live without review while the block runs: only for
    building the demo site from nothing (``load_demo``). Not to be used from
    anything a request can reach."""
    token = _system.set(reason)
    try:
        yield
    finally:
        _system.reset(token)


# What counts as reviewed ---------------------------------------------------
def approvals(revision):
    """``(normativity reviewer id, confidentiality reviewer id)`` of a
    finished review that approved exactly ``revision``, or None."""
    if revision is None:
        return None
    workflow_states = WorkflowState.objects.filter(
        base_content_type_id=revision.base_content_type_id,
        object_id=revision.object_id,
        status=WorkflowState.STATUS_APPROVED,
    ).values_list("pk", flat=True)
    normativity = set(NormativityReviewTask.objects.values_list("pk", flat=True))
    confidentiality = set(
        ConfidentialityReviewTask.objects.values_list("pk", flat=True)
    )
    rows = TaskState.objects.filter(
        workflow_state_id__in=list(workflow_states),
        status=TaskState.STATUS_APPROVED,
        revision_id=revision.pk,
    ).values_list("workflow_state_id", "task_id", "finished_by_id")
    by_state = {}
    for state_id, task_id, reviewer_id in rows:
        steps = by_state.setdefault(state_id, {})
        if task_id in normativity:
            steps["normativity"] = reviewer_id
        elif task_id in confidentiality:
            steps["confidentiality"] = reviewer_id
    for steps in by_state.values():
        first, second = steps.get("normativity"), steps.get("confidentiality")
        if (
            first
            and second
            and first != second
            and revision.user_id not in (first, second)
        ):
            return first, second
    return None


def is_reviewed(revision):
    return approvals(revision) is not None


# The page-save gate -------------------------------------------------------
def content_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in NOT_CONTENT
    ]


def content_attnames(model):
    return [field.attname for field in content_fields(model)]


def _written(field, update_fields):
    return update_fields is None or {field.name, field.attname} & set(update_fields)


def _prepared(field, value):
    try:
        return field.get_prep_value(value)
    except (TypeError, ValueError):
        return value


def is_mirror(page):
    """An alias that shows its original, already reviewed, in another
    language tree at the same place: what wagtail-localize makes for the
    parents of a translated page. Other aliases would publish reviewed
    content somewhere nobody reviewed it."""
    source = Page.objects.filter(pk=page.alias_of_id).first()
    if source is None or source.translation_key != page.translation_key:
        return False
    if source.locale_id == page.locale_id:
        return False
    if page.live and not source.live:
        return False
    parent, source_parent = page.get_parent(), source.get_parent()
    return parent.translation_key == source_parent.translation_key


def check_page_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not isinstance(instance, Page) or _system.get() is not None:
        return
    if instance._state.adding:
        if instance.alias_of_id:
            if not is_mirror(instance):
                raise PublishingRefused(NO_ALIASES)
        elif instance.live:
            raise PublishingRefused(NEW_PAGE_LIVE)
        return
    model = type(instance)
    content = content_fields(model)
    if update_fields is not None and not (
        set(update_fields) & WATCHED
        or any(_written(field, update_fields) for field in content)
    ):
        return
    stored = (
        model._base_manager.filter(pk=instance.pk)
        .values("live", "live_revision_id", "alias_of_id", *content_attnames(model))
        .first()
    )
    if stored is None:
        return
    if instance.alias_of_id:
        if (instance.live or not stored["alias_of_id"]) and not is_mirror(instance):
            raise PublishingRefused(NO_ALIASES)
        return
    if not instance.live:
        return
    if not stored["live"] or instance.live_revision_id != stored["live_revision_id"]:
        if not is_reviewed(instance.live_revision):
            raise PublishingRefused(NOT_REVIEWED)
        return
    _withhold_live_content(instance, content, stored, update_fields)


def _withhold_live_content(instance, content, stored, update_fields):
    """A live page's row is what the public sees. A save that would change
    it outside publishing (wagtail-localize writes an updated translation
    into the row before saving it as a revision) keeps the live content; the
    new content stays on the instance for the revision that follows."""
    withheld = {}
    for field in content:
        if not _written(field, update_fields):
            continue
        new, live = getattr(instance, field.attname), stored[field.attname]
        if _prepared(field, new) != _prepared(field, live):
            withheld[field.attname] = new
            setattr(instance, field.attname, live)
    if withheld:
        logger.warning(
            "kept the live content of page %s; changed fields wait for review: %s",
            instance.pk,
            ", ".join(sorted(withheld)),
        )
        instance.has_unpublished_changes = True
        instance.__dict__["_withheld_content"] = withheld


def restore_withheld_content(sender, instance, **kwargs):
    withheld = instance.__dict__.pop("_withheld_content", None)
    for attname, value in (withheld or {}).items():
        setattr(instance, attname, value)


def check_revision_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """Scheduling (``approved_go_live_at``) is publishing later: the same rule."""
    if raw or _system.get() is not None or instance.approved_go_live_at is None:
        return
    if update_fields is not None and "approved_go_live_at" not in update_fields:
        return
    if not issubclass(instance.base_content_type.model_class(), Page):
        return
    if not is_reviewed(instance):
        raise PublishingRefused(NO_SCHEDULE)


def check_move(sender, instance, parent_page_before, parent_page_after, **kwargs):
    """A live page stays in the unit whose reviewers passed it (reordering
    and moves within the unit are fine)."""
    if _system.get() is not None or parent_page_before.pk == parent_page_after.pk:
        return
    if not (instance.live or instance.get_descendants().live().exists()):
        return
    if unit_of(parent_page_before.specific) != unit_of(parent_page_after.specific):
        raise PublishingRefused(MOVE_ACROSS_UNITS)


def connect():
    pre_save.connect(check_page_save, dispatch_uid="publishing-gate-page")
    post_save.connect(restore_withheld_content, dispatch_uid="publishing-gate-restore")
    pre_save.connect(
        check_revision_save, sender=Revision, dispatch_uid="publishing-gate-revision"
    )
    pre_page_move.connect(check_move, dispatch_uid="publishing-gate-move")
