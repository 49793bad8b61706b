import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import conf
from .common import PrivateAttachment, YearSequence
from .events import AppendOnlyEvent


class Category(models.TextChoices):
    CONSULT = "consult", _("咨询")
    SUGGEST = "suggest", _("建议")
    COMPLAIN = "complain", _("投诉")
    HELP = "help", _("求助")
    OTHER = "other", _("其他")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    DECLINED = "declined", _("不予受理")
    ACCEPTED = "accepted", _("待转办")
    ASSIGNED = "assigned", _("待签收")
    RETURNED = "returned", _("已退回")
    IN_PROGRESS = "in_progress", _("办理中")
    REVIEWING = "reviewing", _("答复待审核")
    APPROVED = "approved", _("审核通过待答复")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


#: States in which the letter still waits for its answer.
OPEN_STATES = [
    Status.SUBMITTED,
    Status.ACCEPTED,
    Status.ASSIGNED,
    Status.RETURNED,
    Status.IN_PROGRESS,
    Status.REVIEWING,
    Status.APPROVED,
]
#: States in which a unit holds the letter and its deadline runs.
UNIT_STATES = [
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.REVIEWING,
    Status.APPROVED,
]


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class DeclineReason(models.TextChoices):
    LITIGATION = "litigation", _("涉诉涉法")
    PETITION = "petition", _("属信访事项")
    REPEATED = "repeated", _("重复来信")
    NO_CONTACT = "no_contact", _("联系方式无效")
    JURISDICTION = "jurisdiction", _("不属于本县管辖")
    OTHER = "other", _("其他")


class Extension(models.TextChoices):
    NONE = "", _("无")
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


def private_storage():
    root = conf.get("MAILBOX_PRIVATE_ROOT")
    if not root:
        media = Path(settings.MEDIA_ROOT)
        root = media.with_name(media.name + "-private")
    return FileSystemStorage(location=str(root), base_url=None)


def attachment_path(instance, filename):
    return f"letters/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix}"


def add_months(day, months):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def alert_cutoff(today):
    """Letters received before the returned (aware) time and still unanswered
    are over the three-month limit."""
    day = add_months(today, -conf.get("MAILBOX_ALERT_MONTHS"))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class LetterQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Letters an admin user may see: all for the mailbox office, else
        those assigned to a unit whose handlers the user belongs to."""
        from ..mailbox.roles import is_office

        if not user.is_authenticated:
            return self.none()
        if is_office(user):
            return self
        return self.filter(
            unit__isnull=False, unit__handlers_group__in=user.groups.all()
        )

    def published(self):
        return self.filter(published=True, answered_at__isnull=False)

    def counted(self):
        """Letters that count in the figures: all but those declined."""
        return self.exclude(status=Status.DECLINED)

    def unanswered(self):
        return self.filter(status__in=OPEN_STATES)

    def overdue(self, today):
        return self.filter(status__in=UNIT_STATES, due_on__lt=today)

    def alert(self, today):
        """Unanswered for longer than the inspection allows (3 months)."""
        return self.unanswered().filter(received_at__lt=alert_cutoff(today))


class Letter(models.Model):
    """A letter to a mailbox. Its state changes only through
    :func:`interaction.mailbox.workflow.transition`, which writes a
    :class:`LetterEvent` and queues notifications in the same transaction."""

    number = models.CharField(_("信件编号"), max_length=20, unique=True)
    query_code_hash = models.CharField(max_length=64, editable=False)
    mailbox = models.ForeignKey(
        "interaction.MailboxPage",
        verbose_name=_("信箱"),
        on_delete=models.PROTECT,
        related_name="letters",
    )
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    subject = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"))
    name = models.CharField(_("姓名"), max_length=30)
    phone = models.CharField(_("手机号码"), max_length=20)
    email = models.EmailField(_("电子邮箱"), blank=True)
    consent_publish = models.BooleanField(_("同意公开"), default=False)
    submitted_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)

    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    unit = models.ForeignKey(
        "disclosure.Unit",
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    received_at = models.DateTimeField(_("收信时间"), default=timezone.now)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("转办时间"), null=True, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    due_on = models.DateField(_("答复期限"), null=True, blank=True)

    decline_reason = models.CharField(
        _("不予受理原因"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    reply = models.TextField(_("答复内容"), blank=True)
    reply_unit = models.ForeignKey(
        "disclosure.Unit",
        verbose_name=_("答复单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_on_time = models.BooleanField(_("按期答复"), null=True)
    workdays_to_answer = models.PositiveIntegerField(_("答复用时（工作日）"), null=True)

    published = models.BooleanField(_("已公开"), default=False)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    public_name = models.CharField(_("公开署名"), max_length=30, blank=True)
    public_subject = models.CharField(_("公开标题"), max_length=100, blank=True)
    public_content = models.TextField(_("公开内容"), blank=True)
    public_reply = models.TextField(_("公开答复"), blank=True)

    rating = models.CharField(
        _("评价"), max_length=20, choices=Rating.choices, blank=True
    )
    rating_comment = models.TextField(_("评价意见"), blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)

    supervised = models.BooleanField(_("督办"), default=False)
    supervised_at = models.DateTimeField(_("督办时间"), null=True, blank=True)

    extension = models.CharField(
        _("延期"), max_length=10, choices=Extension.choices, blank=True
    )
    extension_days = models.PositiveSmallIntegerField(_("延期工作日"), default=0)
    extension_reason = models.TextField(_("延期理由"), blank=True)

    updated_at = models.DateTimeField(auto_now=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("来信")
        verbose_name_plural = _("来信")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="letter_status_due"),
            models.Index(fields=["unit", "status"], name="letter_unit_status"),
            models.Index(fields=["received_at"], name="letter_received"),
            models.Index(
                fields=["-answered_at"],
                name="letter_published",
                condition=Q(published=True),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.subject}"

    @property
    def is_open(self):
        return self.status in OPEN_STATES

    @property
    def received_on(self):
        return timezone.localtime(self.received_at).date()


class LetterEvent(AppendOnlyEvent):
    """One step in a letter's history. Append-only: rows are never changed or
    deleted, and a letter with events cannot be deleted."""

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("操作"), max_length=30)
    from_status = models.CharField(
        _("原状态"), max_length=20, choices=Status.choices, blank=True
    )
    to_status = models.CharField(_("新状态"), max_length=20, choices=Status.choices)

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    def __str__(self):
        return f"{self.letter_id} {self.action}"


class LetterAttachment(PrivateAttachment):
    """A file sent with a letter: stored outside MEDIA_ROOT and served only
    to admin users who may see the letter."""

    letter = models.ForeignKey(
        Letter, on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(storage=private_storage, upload_to=attachment_path)

    class Meta(PrivateAttachment.Meta):
        verbose_name = _("来信附件")
        verbose_name_plural = _("来信附件")


class LetterSequence(YearSequence):
    """The last letter number given out in a year; incremented under a row
    lock so that concurrent submissions never share a number."""

    class Meta:
        verbose_name = _("信件编号序列")

    def __str__(self):
        return f"{self.year}: {self.last}"


class MonthlyReport(models.Model):
    """The figures of one month, generated on the 1st for the leadership."""

    month = models.DateField(_("月份"), unique=True)
    figures = models.JSONField(default=dict)
    generated_at = models.DateTimeField(_("生成时间"), default=timezone.now)

    class Meta:
        verbose_name = _("信箱月报")
        verbose_name_plural = _("信箱月报")
        ordering = ["-month"]

    def __str__(self):
        return _("%(year)s年%(month)s月信箱办理情况") % {
            "year": self.month.year,
            "month": self.month.month,
        }
