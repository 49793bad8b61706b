"""依申请公开: applications for government information (条例 Chapter IV).

State changes go only through :func:`interaction.applications.workflow.transition`,
which writes an :class:`ApplicationEvent` and queues the notices in the same
transaction. The due date is recomputed from the events' clock entries
(:mod:`interaction.applications.clock`)."""

import uuid
from pathlib import Path

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..applications.fees import METHODS as FEE_METHODS
from ..applications.outcomes import ApplicantKind, OrganisationKind, Outcome
from .common import PrivateAttachment, YearSequence
from .events import AppendOnlyEvent
from .letters import private_storage


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    FOREIGN_RESIDENT = "foreign_resident", _("外国人永久居留身份证")
    CREDIT_CODE = "credit_code", _("统一社会信用代码")
    OTHER = "other", _("其他证件")


class DeliveryForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    EMAIL = "email", _("电子邮件")
    ONLINE = "online", _("网上查看")
    PICKUP = "pickup", _("自行领取")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待确认收到")
    RECEIVED = "received", _("办理中")
    CORRECTION = "correction", _("待补正")
    CONSULTING = "consulting", _("征求第三方意见")
    ANSWERED = "answered", _("已答复")
    DELIVERED = "delivered", _("已送达")
    CLOSED = "closed", _("已办结")
    DISCARDED = "discarded", _("无效申请")


class ExtensionStatus(models.TextChoices):
    NONE = "", _("无")
    PENDING = "pending", _("待负责人审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


class FeeStatus(models.TextChoices):
    NONE = "", _("不收费")
    NOTIFIED = "notified", _("已发收费通知")
    PAID = "paid", _("已缴费")
    WAIVED = "waived", _("已减免")


S = ApplicationStatus
#: The clock runs (reminders, overdue alerts) only in this state.
RUNNING_STATES = [S.RECEIVED]
#: Received and not yet answered: counted as 结转 at a year's end.
PENDING_STATES = [S.RECEIVED, S.CORRECTION, S.CONSULTING]
OPEN_STATES = [S.SUBMITTED, *PENDING_STATES]


class ApplicationDesk(models.Model):
    """A unit's 依申请公开 desk: who handles its applications, who heads its
    政府信息公开工作机构 (approves extensions), and its fee method."""

    unit = models.OneToOneField(
        "disclosure.Unit",
        verbose_name=_("机构"),
        on_delete=models.CASCADE,
        related_name="application_desk",
    )
    fee_method = models.CharField(
        _("信息处理费计收方式"),
        max_length=10,
        choices=FEE_METHODS,
        default="item",
        help_text=_("国办函〔2020〕109号：每个机构选定一种方式。"),
    )
    handlers_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("依申请公开办理组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application_desk",
    )
    heads_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("政务公开负责人组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_application_desk",
        help_text=_("审批延期答复，放行审查有问题的告知书。"),
    )

    class Meta:
        verbose_name = _("依申请公开设置")
        verbose_name_plural = _("依申请公开设置")
        ordering = ["unit__kind_order", "unit__sort_order", "unit__name"]

    def __str__(self):
        return str(self.unit)


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """All for the county office, else the applications of the units
        whose handlers or heads the user is among."""
        from ..applications.roles import desk_unit_ids, is_office

        if not user.is_authenticated:
            return self.none()
        if is_office(user):
            return self
        return self.filter(unit_id__in=desk_unit_ids(user))

    def counted(self):
        """Applications the unit received (Table 3 counts nothing else)."""
        return self.filter(received_on__isnull=False)

    def overdue(self, today):
        return self.filter(status__in=RUNNING_STATES, due_on__lt=today)


def attachment_path(instance, filename):
    return (
        f"applications/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix}"
    )


class Application(models.Model):
    """One application for government information to one unit."""

    number = models.CharField(_("申请编号"), max_length=20, unique=True)
    query_code_hash = models.CharField(max_length=64, editable=False)
    unit = models.ForeignKey(
        "disclosure.Unit",
        verbose_name=_("受理机关"),
        on_delete=models.PROTECT,
        related_name="applications",
    )

    applicant_kind = models.CharField(
        _("申请人类型"), max_length=20, choices=ApplicantKind.choices
    )
    organisation_kind = models.CharField(
        _("法人或其他组织类型"),
        max_length=20,
        choices=OrganisationKind.choices,
        blank=True,
    )
    name = models.CharField(_("姓名或名称"), max_length=100)
    legal_representative = models.CharField(_("法定代表人"), max_length=30, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=30, blank=True)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("证件号码"), max_length=40)
    phone = models.CharField(_("手机号码"), max_length=20)
    address = models.CharField(_("通信地址"), max_length=200)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)

    description = models.TextField(_("所需信息的内容描述"))
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    index_number = models.CharField(_("索引号"), max_length=64, blank=True)
    purpose = models.TextField(_("用途（选填）"), blank=True)
    delivery_form = models.CharField(
        _("获取信息的方式"), max_length=10, choices=DeliveryForm.choices
    )
    fee_waiver_requested = models.BooleanField(_("申请减免费用"), default=False)
    fee_waiver_reason = models.TextField(_("减免理由"), blank=True)
    submitted_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    status = models.CharField(
        _("状态"), max_length=20, choices=S.choices, default=S.SUBMITTED
    )
    received_on = models.DateField(_("收到申请日期"), null=True, blank=True)
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    correction_items = models.TextField(_("需补正事项"), blank=True)
    correction_due_on = models.DateField(_("补正期限"), null=True, blank=True)
    correction_text = models.TextField(_("补正内容"), blank=True)
    consultation_party = models.CharField(
        _("征求意见的第三方"), max_length=100, blank=True
    )

    extension = models.CharField(
        _("延期"), max_length=10, choices=ExtensionStatus.choices, blank=True
    )
    extension_days = models.PositiveSmallIntegerField(_("延期工作日"), default=0)
    extension_reason = models.TextField(_("延期理由"), blank=True)

    fee_status = models.CharField(
        _("信息处理费"), max_length=10, choices=FeeStatus.choices, blank=True
    )
    fee_method = models.CharField(
        _("计收方式"), max_length=10, choices=FEE_METHODS, blank=True
    )
    fee_count = models.PositiveIntegerField(_("计费件数或页数"), default=0)
    fee_amount = models.PositiveIntegerField(_("收费金额（元）"), default=0)
    fee_notified_on = models.DateField(_("收费通知日期"), null=True, blank=True)
    fee_paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    fee_waiver_decision = models.TextField(_("减免决定理由"), blank=True)

    outcome = models.CharField(
        _("办理结果"), max_length=20, choices=Outcome.choices, blank=True
    )
    legal_basis = models.TextField(_("法律依据"), blank=True)
    decision = models.TextField(_("答复内容"), blank=True)
    information_links = models.TextField(_("信息链接"), blank=True)
    decided_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("按期答复"), null=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    delivery_method = models.CharField(
        _("送达方式"), max_length=10, choices=DeliveryForm.choices, blank=True
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    letter = models.ForeignKey(
        "interaction.Letter",
        verbose_name=_("转为来信"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status"], name="application_unit_status"),
            models.Index(fields=["status", "due_on"], name="application_status_due"),
            models.Index(fields=["unit", "received_on"], name="application_received"),
            models.Index(fields=["unit", "decided_on"], name="application_decided"),
            models.Index(fields=["id_number"], name="application_applicant"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_pending(self):
        return self.status in PENDING_STATES

    @property
    def clock_paused(self):
        return self.status in (S.CORRECTION, S.CONSULTING)

    @property
    def summary(self):
        text = " ".join(self.description.split())
        return text if len(text) <= 40 else text[:40] + "…"


class ApplicationEvent(AppendOnlyEvent):
    """One step in an application's history (who, when, from, to, note).
    Append-only. ``clock``/``clock_date``/``clock_days`` are the step's entry
    for the statutory clock, when it has one."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=30)
    from_status = models.CharField(
        _("原状态"), max_length=20, choices=S.choices, blank=True
    )
    to_status = models.CharField(_("新状态"), max_length=20, choices=S.choices)
    clock = models.CharField(max_length=30, blank=True)
    clock_date = models.DateField(null=True, blank=True)
    clock_days = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    def __str__(self):
        return f"{self.application_id} {self.action}"


class ApplicationNotice(models.Model):
    """A 告知书 as sent: its text is frozen when it is issued, so that what
    the applicant reads online and on paper never changes afterwards."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("补正申请告知书")
        EXTENSION = "extension", _("延期答复告知书")
        FEE = "fee", _("收费通知书")
        DECISION = "decision", _("政府信息公开申请答复告知书")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="notices"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    reference = models.CharField(_("文书编号"), max_length=60, unique=True)
    content = models.JSONField(_("内容"), default=dict)
    findings = models.JSONField(_("审查发现"), default=list, blank=True)
    override_reason = models.TextField(_("放行理由"), blank=True)
    issued_on = models.DateField(_("日期"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("告知书")
        verbose_name_plural = _("告知书")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.reference} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("notices are not changed once issued")
        super().save(*args, **kwargs)


class ApplicationAttachment(PrivateAttachment):
    """The information provided with an answer: stored outside MEDIA_ROOT,
    served to the applicant (with the query code) and the unit only."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(storage=private_storage, upload_to=attachment_path)

    class Meta(PrivateAttachment.Meta):
        verbose_name = _("提供的信息")
        verbose_name_plural = _("提供的信息")


class ApplicationSequence(YearSequence):
    """The last application number given out in a year (row-locked)."""

    last_notice = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("申请编号序列")

    def __str__(self):
        return f"{self.year}: {self.last}"
