"""意见征集: a draft put to public comment, its articles (条款), the
comments citizens send on the whole draft or on one article, and the
意见采纳情况反馈 page published through the 政务公开审查 workflow.

As with interviews, the consultation's state and feedback deadline belong to
the consultation as a whole and survive the publication of a revision; they
change only through :mod:`interaction.consultations.workflow`."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from disclosure import workdays

from .consultation_settings import ConsultationSettings
from .events import StateEvent
from .routes import route
from .talk import TalkIndexPage, TalkRecordPage


class ConsultationKind(models.TextChoices):
    NORMATIVE = "normative", _("行政规范性文件")
    MAJOR = "major", _("重大行政决策")
    OTHER = "other", _("其他")


class ConsultationState(models.TextChoices):
    UPCOMING = "upcoming", _("即将开始")
    OPEN = "open", _("正在征集")
    CLOSED = "closed", _("征集结束")
    CONCLUDED = "concluded", _("已反馈")


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    PUBLISHED = "published", _("已公开")
    HIDDEN = "hidden", _("不公开")


class Decision(models.TextChoices):
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


CONSULTATION_RUNTIME_FIELDS = ["state", "feedback_due_on", "flagged_at"]
CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(n):
    """3 → 三, 10 → 十, 21 → 二十一, 105 → 一百零五 (article numbers)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    if n < 20:
        return "十" + (CHINESE_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return CHINESE_DIGITS[tens] + "十" + (CHINESE_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = "零" + CHINESE_DIGITS[rest]
    elif rest < 20:
        tail = "一" + chinese_number(rest)
    else:
        tail = chinese_number(rest)
    return CHINESE_DIGITS[hundreds] + "百" + tail


def article_label(number):
    return f"第{chinese_number(number)}条"


class ConsultationIndexPage(TalkIndexPage):
    """意见征集: open, upcoming and finished consultations."""

    subpage_types = ["interaction.ConsultationPage"]
    views_module = "interaction.consultations.views"

    class Meta:
        verbose_name = _("意见征集栏目")


def _local_date(value):
    return timezone.localtime(value).date()


class ConsultationPage(TalkRecordPage):
    """A draft put to public comment (the title names the draft)."""

    unit = models.ForeignKey(
        "disclosure.Unit",
        verbose_name=_("起草单位"),
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text=_("本单位的工作人员审核意见、逐条作出采纳决定并发布反馈。"),
    )
    kind = models.CharField(
        _("草案类型"),
        max_length=20,
        choices=ConsultationKind.choices,
        default=ConsultationKind.NORMATIVE,
    )
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(
        _("结束时间"),
        null=True,
        blank=True,
        help_text=_("留空则按默认征集期计算；不得短于网站管理员设定的最短征集期。"),
    )
    intro = RichTextField(
        _("征求意见说明"), blank=True, features=["bold", "link", "ol", "ul"]
    )
    explanation = RichTextField(
        _("起草说明"), blank=True, features=["bold", "link", "ol", "ul"]
    )
    contact = models.TextField(
        _("联系方式"),
        blank=True,
        help_text=_("起草单位的联系人、电话、邮箱或通信地址。"),
    )

    state = models.CharField(
        _("征集状态"),
        max_length=20,
        choices=ConsultationState.choices,
        default=ConsultationState.UPCOMING,
        editable=False,
    )
    feedback_due_on = models.DateField(
        _("反馈期限"), null=True, blank=True, editable=False
    )
    flagged_at = models.DateTimeField(
        _("逾期未反馈提示时间"), null=True, blank=True, editable=False
    )

    content_panels = Page.content_panels + [
        FieldPanel("unit"),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("intro"),
        InlinePanel("articles", label=_("草案条款"), min_num=1),
        FieldPanel("explanation"),
        InlinePanel("attachments", label=_("附件")),
        FieldPanel("contact"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["interaction.ConsultationIndexPage"]
    subpage_types = ["interaction.ConsultationFeedbackPage"]
    exclude_fields_in_copy = CONSULTATION_RUNTIME_FIELDS
    period_fields = ("opens_at", "closes_at")

    class Meta:
        verbose_name = _("意见征集")
        verbose_name_plural = _("意见征集")
        indexes = [
            models.Index(fields=["state", "opens_at"], name="consultation_due"),
        ]

    # The period ----------------------------------------------------------
    def minimum_close_on(self, config=None):
        """The earliest date the period may end on: the Nth working day (or
        calendar day) after the opening day, which itself does not count."""
        config = config or ConsultationSettings.load()
        opened = _local_date(self.opens_at)
        if self.kind == ConsultationKind.NORMATIVE:
            return workdays.add(opened, config.normative_min_workdays)
        days = (
            config.major_min_days
            if self.kind == ConsultationKind.MAJOR
            else config.other_min_days
        )
        return opened + datetime.timedelta(days=days)

    def minimum_description(self, config):
        if self.kind == ConsultationKind.NORMATIVE:
            return _("%(n)s个工作日") % {"n": config.normative_min_workdays}
        days = (
            config.major_min_days
            if self.kind == ConsultationKind.MAJOR
            else config.other_min_days
        )
        return _("%(n)s日") % {"n": days}

    def clean(self):
        super().clean()
        if not self.opens_at:
            return
        config = ConsultationSettings.load()
        if not self.closes_at:
            self.closes_at = self.opens_at + datetime.timedelta(
                days=config.default_days
            )
        self.check_period()
        earliest = self.minimum_close_on(config)
        if _local_date(self.closes_at) < earliest:
            raise ValidationError(
                {
                    "closes_at": _(
                        "%(kind)s草案的征集期不得少于%(minimum)s（开始次日起算），"
                        "结束时间最早为%(date)s。"
                    )
                    % {
                        "kind": self.get_kind_display(),
                        "minimum": self.minimum_description(config),
                        "date": earliest.isoformat(),
                    }
                }
            )

    # Articles ------------------------------------------------------------
    def numbered_articles(self):
        """The articles with their numbers (第一条, 第二条 …) by position."""
        articles = list(self.articles.all())
        for number, article in enumerate(articles, 1):
            article.number = number
            article.label = article_label(number)
        return articles

    @property
    def body(self):
        """What the 政务公开审查 reads besides the title and ``intro``
        (disclosure.review.page_checks.page_texts): every article, the 起草说明,
        the contact and, as document links, the attachments."""
        parts = [
            f"<p>{escape(a.label)} {escape(a.heading)} {escape(a.text)}</p>"
            for a in self.numbered_articles()
        ]
        parts.append(str(self.explanation or ""))
        if self.contact:
            parts.append(f"<p>{escape(self.contact)}</p>")
        parts += [
            f'<p><a linktype="document" id="{a.document_id}">{escape(a.title)}</a></p>'
            for a in self.attachments.all()
            if a.document_id
        ]
        return "".join(parts)

    @property
    def accepts_comments(self):
        now = timezone.now()
        return (
            self.state == ConsultationState.OPEN
            and self.opens_at <= now
            and (self.closes_at is None or now < self.closes_at)
        )

    draft = route("", "interaction.consultations.views", "consultation", name="draft")

    comment_list = route(
        "comments/", "interaction.consultations.views", "comment_list", name="comments"
    )


class DraftArticle(Orderable):
    """One article (条) of the draft; its number is its position."""

    page = ParentalKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="articles"
    )
    heading = models.CharField(_("条标题（选填）"), max_length=100, blank=True)
    text = models.TextField(_("条文"))

    panels = [FieldPanel("heading"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("草案条款")

    def __str__(self):
        return self.text[:30]


class ConsultationAttachment(Orderable):
    page = ParentalKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="attachments"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("文档"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("名称"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")


class ConsultationEvent(StateEvent):
    states = ConsultationState
    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.PROTECT, related_name="events"
    )

    class Meta(StateEvent.Meta):
        verbose_name = _("征集记录")
        verbose_name_plural = _("征集记录")


class Comment(models.Model):
    """A citizen's comment on a draft, on the whole text or one article.
    Public only once the unit published it (masked: ``public_*``)."""

    consultation = models.ForeignKey(
        ConsultationPage,
        verbose_name=_("意见征集"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    article = models.ForeignKey(
        DraftArticle,
        verbose_name=_("条款"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: The article's number when the comment was sent (第三条), empty for the
    #: whole draft; kept even if the article is renumbered or removed.
    article_label = models.CharField(_("针对条款"), max_length=20, blank=True)
    name = models.CharField(_("姓名"), max_length=30)
    phone = models.CharField(_("手机号码"), max_length=20)
    organisation = models.CharField(_("单位（选填）"), max_length=100, blank=True)
    content = models.TextField(_("意见内容"))
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    submitted_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    findings = models.JSONField(_("自动检查"), default=list, blank=True)

    status = models.CharField(
        _("公开状态"),
        max_length=20,
        choices=CommentStatus.choices,
        default=CommentStatus.PENDING,
    )
    public_name = models.CharField(_("公开署名"), max_length=30, blank=True)
    public_content = models.TextField(_("公开内容"), blank=True)
    decision = models.CharField(
        _("采纳情况"), max_length=20, choices=Decision.choices, blank=True
    )
    decision_reason = models.TextField(_("理由"), blank=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("征集意见")
        verbose_name_plural = _("征集意见")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["consultation", "status"], name="comment_status"),
            models.Index(fields=["submitted_at"], name="comment_submitted"),
        ]

    def __str__(self):
        return self.content[:30]

    @property
    def target_label(self):
        return self.article_label or _("全文")


class CommentEvent(StateEvent):
    states = CommentStatus
    comment = models.ForeignKey(
        Comment, on_delete=models.PROTECT, related_name="events"
    )

    class Meta(StateEvent.Meta):
        verbose_name = _("意见处理记录")
        verbose_name_plural = _("意见处理记录")
