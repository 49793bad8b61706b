"""The review workflow: 规范性审查 and 保密审查 as Wagtail workflow tasks, the
webmaster's word lists, and the record of every review (政务公开基础台帐)."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, Revision, Task, TaskState

CONFIRMATION = "经审查，不涉及国家秘密、商业秘密、个人隐私"


class FixedName(models.Model):
    """A correct name or title with the wrong variants the checks flag."""

    correct = models.CharField(_("规范名称"), max_length=100, unique=True)
    variants = models.TextField(_("错误写法"), help_text=_("每行一个错误写法。"))

    panels = [FieldPanel("correct"), FieldPanel("variants")]

    class Meta:
        verbose_name = _("规范名称")
        verbose_name_plural = _("规范名称")
        ordering = ["correct"]

    def __str__(self):
        return self.correct

    def variant_list(self):
        return [line.strip() for line in self.variants.splitlines() if line.strip()]


class TypoEntry(models.Model):
    """A wrong form and its correction; an empty correction marks a phrase as
    known good (it shields the phrase from shorter wrong entries)."""

    wrong = models.CharField(_("错误写法"), max_length=50, unique=True)
    right = models.CharField(_("正确写法"), max_length=50, blank=True)

    panels = [FieldPanel("wrong"), FieldPanel("right")]

    class Meta:
        verbose_name = _("易错词")
        verbose_name_plural = _("易错词")
        ordering = ["wrong"]

    def __str__(self):
        return f"{self.wrong} → {self.right or '（正确）'}"


def review_services():
    """disclosure.review.workflow, imported on first use: the tasks are
    Wagtail's API for a workflow step and hand every decision to the review
    services, which import these models."""
    from ..review import workflow

    return workflow


UNIT_REVIEWERS_KEY = "review:unit-reviewer-groups"


def unit_reviewer_groups():
    """{unit id: its reviewers' group id}, cached until a unit changes
    (disclosure/signals.py)."""
    from .units import Unit

    groups = cache.get(UNIT_REVIEWERS_KEY)
    if groups is None:
        groups = dict(Unit.objects.values_list("pk", "reviewers_group_id"))
        cache.set(UNIT_REVIEWERS_KEY, groups, 3600)
    return groups


def user_group_ids(user):
    """The user's group ids, asked once per request (the dashboard and the
    task lists ask for every page in review)."""
    ids = getattr(user, "_review_group_ids", None)
    if ids is None:
        ids = frozenset(user.groups.values_list("pk", flat=True))
        user._review_group_ids = ids
    return ids


class ReviewTask(Task):
    """Common behaviour of the two review tasks: checks run when the task
    starts, nobody approves what they wrote, and blocking findings need a
    recorded reason."""

    #: The name of the approval form in disclosure.review.forms.
    approve_form = "ApproveForm"

    class Meta:
        abstract = True

    # Who reviews -------------------------------------------------------
    def reviewer_group_ids(self, obj):
        raise NotImplementedError

    def user_is_reviewer(self, obj, user):
        if user.is_superuser:
            return True
        group_ids = self.reviewer_group_ids(obj)
        return bool(group_ids) and not user_group_ids(user).isdisjoint(group_ids)

    def reviewers(self, obj):
        from django.contrib.auth import get_user_model

        return list(
            get_user_model()
            .objects.filter(groups__in=self.reviewer_group_ids(obj), is_active=True)
            .distinct()
        )

    # Wagtail's Task API -------------------------------------------------
    def start(self, workflow_state, user=None):
        workflow = review_services()
        task_state = super().start(workflow_state, user=user)
        workflow.task_started(self, task_state)
        return task_state

    def user_can_access_editor(self, obj, user):
        return self.user_is_reviewer(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_is_reviewer(obj, user)

    def get_actions(self, obj, user):
        if not self.user_is_reviewer(obj, user):
            return []
        return [
            ("reject", _("退回修改"), True),
            ("approve", _("审核通过"), True),
        ]

    def get_form_for_action(self, action):
        from ..review import forms

        return getattr(
            forms, self.approve_form if action == "approve" else "RejectForm"
        )

    def get_template_for_action(self, action):
        # The approval modal shows the findings that refuse it, and why.
        if action == "approve":
            return "disclosure/admin/review_approve_modal.html"
        return super().get_template_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        workflow = review_services()
        task_state = workflow.lock_for_decision(task_state)
        problem = workflow.refusal(self, task_state, user, action_name, kwargs)
        if problem:
            raise workflow.ReviewRefused(problem)
        workflow.record_decision(self, task_state, user, action_name, kwargs)
        comment = kwargs.get("comment", "") or ""
        super().on_action(task_state, user, action_name, comment=comment)
        workflow.decided(self, task_state, user, action_name, comment)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        in_progress = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return in_progress
        if not user_group_ids(user):
            return in_progress.none()
        # Decided from ids and units, a few queries whatever the number of
        # pages in review (the dashboard and the task list ask for it).
        page_type = ContentType.objects.get_for_model(Page).pk
        states = list(
            in_progress.values_list(
                "pk",
                "workflow_state__object_id",
                "workflow_state__base_content_type_id",
            )
        )
        pages = {pk: int(oid) for pk, oid, ct in states if ct == page_type}
        allowed = self.pages_reviewable_by(user, set(pages.values()))
        ids = [pk for pk, page_id in pages.items() if page_id in allowed]
        # Anything else in a workflow (none today) is asked one by one.
        ids += [
            state.pk
            for state in in_progress.exclude(
                workflow_state__base_content_type_id=page_type
            ).select_related("workflow_state")
            if self.user_is_reviewer(state.workflow_state.content_object, user)
        ]
        return in_progress.filter(pk__in=ids)

    def pages_reviewable_by(self, user, page_ids):
        """The ids among ``page_ids`` of the pages ``user`` reviews here."""
        return {
            page.pk
            for page in Page.objects.filter(pk__in=page_ids).specific(defer=True)
            if self.user_is_reviewer(page, user)
        }


class NormativityReviewTask(ReviewTask):
    """规范性审查 by the reviewers of the page's unit (the county office's
    reviewers for pages outside the units' columns)."""

    admin_form_fields = Task.admin_form_fields
    approve_form = "NormativityApproveForm"

    class Meta:
        verbose_name = _("规范性审查")
        verbose_name_plural = _("规范性审查")

    def reviewer_group_ids(self, obj):
        from .pages import DisclosureItemPage

        if isinstance(obj, DisclosureItemPage) and obj.unit_id:
            # An item names its unit: no query per page in review.
            group_id = unit_reviewer_groups().get(obj.unit_id)
            return [group_id] if group_id else []
        unit = review_services().unit_of(obj)
        return [unit.reviewers_group_id] if unit and unit.reviewers_group_id else []

    def pages_reviewable_by(self, user, page_ids):
        from .pages import DisclosureItemPage

        # Items name their unit: one query for all of them.
        groups, mine = unit_reviewer_groups(), user_group_ids(user)
        units = dict(
            DisclosureItemPage.objects.filter(pk__in=page_ids).values_list(
                "pk", "unit_id"
            )
        )
        allowed = {
            pk
            for pk, unit_id in units.items()
            if unit_id and groups.get(unit_id) in mine
        }
        others = {pk for pk in page_ids if pk not in units or not units[pk]}
        return allowed | super().pages_reviewable_by(user, others)

    @classmethod
    def get_description(cls):
        return _("由页面所属机构的审核组进行规范性审查（格式、目录信息、用语）。")


class ConfidentialityReviewTask(ReviewTask):
    """保密审查 by the county's confidentiality group."""

    group = models.ForeignKey(
        Group,
        verbose_name=_("保密审查组"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    admin_form_fields = Task.admin_form_fields + ["group"]
    approve_form = "ConfidentialityApproveForm"

    class Meta:
        verbose_name = _("保密审查")
        verbose_name_plural = _("保密审查")

    def reviewer_group_ids(self, obj):
        return [self.group_id]

    def pages_reviewable_by(self, user, page_ids):
        # One group reviews every page.
        return set(page_ids) if self.group_id in user_group_ids(user) else set()

    @classmethod
    def get_description(cls):
        return _("由保密审查组确认不涉及国家秘密、商业秘密、个人隐私。")


class ReviewRun(models.Model):
    """The automated checks run when a review task started."""

    task_state = models.OneToOneField(
        TaskState, on_delete=models.CASCADE, related_name="review_run"
    )
    findings = models.JSONField(default=list)
    blocking = models.PositiveIntegerField(default=0)
    external_links_pending = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("自动检查")
        verbose_name_plural = _("自动检查")

    def __str__(self):
        return f"{self.task_state}: {self.blocking} blocking"


class ReviewDecision(models.Model):
    """One reviewer's decision on one revision: the ledger's rows."""

    task_state = models.ForeignKey(
        TaskState, on_delete=models.CASCADE, related_name="review_decisions"
    )
    task_name = models.CharField(_("审查环节"), max_length=50)
    page = models.ForeignKey(
        Page, on_delete=models.SET_NULL, null=True, related_name="review_decisions"
    )
    revision = models.ForeignKey(
        Revision, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    unit = models.ForeignKey(
        "disclosure.Unit", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("结论"), max_length=20)
    comment = models.TextField(_("审核意见"), blank=True)
    override_reason = models.TextField(_("放行理由"), blank=True)
    # 规范性审查: why the personal-data or secret-mark findings are false
    # positives, and those findings; 保密审查: the marked findings confirmed.
    false_positive_reason = models.TextField(_("误报说明"), blank=True)
    false_positives = models.JSONField(_("误报标记"), default=list, blank=True)
    confirmation = models.CharField(_("保密确认"), max_length=100, blank=True)
    findings = models.JSONField(default=list)
    blocking = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    decided_at = models.DateTimeField(_("审核时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["decided_at", "pk"]
        indexes = [models.Index(fields=["revision", "decided_at"])]

    def __str__(self):
        return f"{self.task_name} {self.action_label} ({self.reviewer_id})"

    @property
    def action_label(self):
        return {"approve": "通过", "reject": "退回"}.get(self.action, self.action)
