"""The records of a published survey: its life cycle and log, the answers,
the SMS codes, the aggregated results and the exports. They change without a
page revision (see interaction.surveys)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .events import AppendOnlyEvent
from .letters import private_storage
from .surveys import SurveyPage


class SurveyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The surveys an admin user may see: every one for the webmaster
        (superuser), else those of the units whose editors or reviewers the
        user belongs to."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        groups = user.groups.all()
        return self.filter(
            Q(unit__editors_group__in=groups) | Q(unit__reviewers_group__in=groups)
        ).distinct()

    def manageable_by(self, user):
        """Surveys whose answers the user may void and whose time they may
        extend: the organising unit's editors and the webmaster."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(unit__editors_group__in=user.groups.all())


class Survey(models.Model):
    """A published survey's life cycle. Changed only through
    :func:`interaction.surveys.lifecycle.transition`."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("未开始")
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    page = models.OneToOneField(
        SurveyPage,
        verbose_name=_("调查页面"),
        primary_key=True,
        on_delete=models.PROTECT,
        related_name="survey",
    )
    unit = models.ForeignKey(
        "disclosure.Unit",
        verbose_name=_("发起单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("结束时间"))
    extended = models.BooleanField(_("已延期"), default=False)
    opened_at = models.DateTimeField(_("实际开始"), null=True, blank=True)
    closed_at = models.DateTimeField(_("实际结束"), null=True, blank=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("调查")
        verbose_name_plural = _("调查")
        indexes = [models.Index(fields=["status", "closes_at"], name="survey_due")]

    def __str__(self):
        return self.page.title

    def accepts_answers(self, now=None):
        now = now or timezone.now()
        return (
            self.status != self.Status.CLOSED and self.opens_at <= now < self.closes_at
        )

    def has_ended(self, now=None):
        return self.status == self.Status.CLOSED or (now or timezone.now()) >= (
            self.closes_at
        )

    def phase(self, now=None):
        """What the public sees: not yet open, open, or ended."""
        now = now or timezone.now()
        if self.has_ended(now):
            return self.Status.CLOSED
        if now < self.opens_at:
            return self.Status.SCHEDULED
        return self.Status.OPEN


class SurveyEvent(AppendOnlyEvent):
    """Append-only log of a survey: opened, extended, answers voided, closed."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="events")

    class Action(models.TextChoices):
        OPEN = "open", _("开始")
        CLOSE = "close", _("结束")
        EXTEND = "extend", _("延期")
        VOID = "void", _("作废答卷")

    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("调查记录")
        verbose_name_plural = _("调查记录")

    def __str__(self):
        return f"{self.survey_id} {self.action}"


class SurveyResponse(models.Model):
    """One person's answers. Never deleted: spam is voided with a reason.

    The person is known only by a keyed hash: of their verified phone number
    (SMS surveys) or of their browser's signed token (open polls); the
    database refuses a second answer with the same hash."""

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        VOID = "void", _("已作废")

    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="responses"
    )
    phone_hash = models.CharField(max_length=64, null=True, blank=True)
    browser_hash = models.CharField(max_length=64, null=True, blank=True)
    answers = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    personal_data = models.BooleanField(
        _("含个人信息"),
        default=False,
        help_text=_("文字回答经审查检查发现个人信息，只以遮盖形式显示。"),
    )

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "phone_hash"],
                condition=Q(phone_hash__isnull=False),
                name="survey_one_answer_per_phone",
            ),
            models.UniqueConstraint(
                fields=["survey", "browser_hash"],
                condition=Q(browser_hash__isnull=False),
                name="survey_one_answer_per_browser",
            ),
            models.CheckConstraint(
                condition=Q(phone_hash__isnull=False) | Q(browser_hash__isnull=False),
                name="survey_answer_has_a_person",
            ),
        ]
        indexes = [
            models.Index(
                fields=["survey", "status", "submitted_at"], name="survey_answers"
            )
        ]

    def __str__(self):
        return f"#{self.pk}"


class SurveyPhoneCode(models.Model):
    """An SMS code sent for a survey, kept as a keyed hash until it expires
    or the answer is stored."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    phone_hash = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    failures = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["survey", "phone_hash", "-created_at"], name="survey_code"
            )
        ]

    def __str__(self):
        return f"{self.survey_id} {self.created_at:%Y-%m-%d %H:%M}"


class SurveyResults(models.Model):
    """The aggregated figures of a survey, written by a Celery task; the
    public pages read this row and never the answers."""

    survey = models.OneToOneField(
        Survey, primary_key=True, on_delete=models.CASCADE, related_name="results"
    )
    responses = models.PositiveIntegerField(_("有效答卷"), default=0)
    voided = models.PositiveIntegerField(_("作废答卷"), default=0)
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField(_("统计时间"))
    stale = models.BooleanField(default=False)
    final = models.BooleanField(_("最终结果"), default=False)

    class Meta:
        verbose_name = _("调查结果")
        verbose_name_plural = _("调查结果")

    def __str__(self):
        return f"{self.survey_id}: {self.responses}"


def export_path(instance, filename):
    return f"survey-exports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.xlsx"


class SurveyExport(models.Model):
    """An XLSX file built by a Celery task, kept outside MEDIA_ROOT and
    served only to those who may see the survey."""

    class Kind(models.TextChoices):
        RAW = "raw", _("原始答卷")
        SUMMARY = "summary", _("统计汇总")

    class Status(models.TextChoices):
        PENDING = "pending", _("生成中")
        READY = "ready", _("可下载")
        FAILED = "failed", _("生成失败")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="exports")
    kind = models.CharField(_("内容"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    file = models.FileField(
        storage=private_storage, upload_to=export_path, blank=True, max_length=200
    )
    rows = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("导出文件")
        verbose_name_plural = _("导出文件")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.survey_id} {self.kind} {self.status}"
