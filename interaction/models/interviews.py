"""在线访谈: an interview page with its guests and photos, the questions
citizens send in, and the transcript the host publishes.

The interview's state (upcoming → live → ended → archived) and the
transcript's version belong to the interview as a whole, not to one revision
of its page: publishing a revision keeps them, and copies start afresh
(:class:`.talk.TalkRecordPage`). They change only through
:mod:`interaction.interviews.workflow`."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .events import StateEvent
from .routes import route
from .talk import TalkIndexPage, TalkRecordPage


class InterviewState(models.TextChoices):
    UPCOMING = "upcoming", _("预告")
    LIVE = "live", _("正在直播")
    ENDED = "ended", _("已结束")
    ARCHIVED = "archived", _("已归档")


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    ACCEPTED = "accepted", _("已采用待回答")
    ANSWERED = "answered", _("已回答")
    MERGED = "merged", _("已合并")
    REJECTED = "rejected", _("未采用")
    ROUTED = "routed", _("已转信箱办理")


class RejectReason(models.TextChoices):
    OFF_TOPIC = "off_topic", _("与访谈主题无关")
    REPEATED = "repeated", _("重复提问")
    ABUSIVE = "abusive", _("含有不文明用语")
    PRIVATE = "private", _("涉及个人隐私或他人信息")
    OTHER = "other", _("其他")


class EntryKind(models.TextChoices):
    HOST = "host", _("主持人")
    GUEST = "guest", _("嘉宾")
    QUESTION = "question", _("网友提问")


#: Fields that belong to the interview, not to a revision of its page.
INTERVIEW_RUNTIME_FIELDS = ["state", "transcript_version"]
#: States in which citizens may send questions.
ASKING_STATES = [InterviewState.UPCOMING, InterviewState.LIVE]


class InterviewIndexPage(TalkIndexPage):
    """在线访谈: upcoming, live and past interviews."""

    subpage_types = ["interaction.InterviewPage"]
    views_module = "interaction.interviews.views"

    class Meta:
        verbose_name = _("在线访谈栏目")


class InterviewPage(TalkRecordPage):
    """One interview: topic (the title), guests, host unit, time, introduction;
    after it, the summary, photos and a video link."""

    host_unit = models.ForeignKey(
        "disclosure.Unit",
        verbose_name=_("主办单位"),
        on_delete=models.PROTECT,
        related_name="interviews",
        help_text=_("本单位的工作人员审核网友提问、发布访谈实录。"),
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    intro = RichTextField(
        _("访谈简介"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    summary = RichTextField(
        _("访谈摘要"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("访谈结束后填写，与实录一并存档。"),
    )
    video_url = models.URLField(_("视频链接"), blank=True)

    state = models.CharField(
        _("访谈状态"),
        max_length=20,
        choices=InterviewState.choices,
        default=InterviewState.UPCOMING,
        editable=False,
    )
    transcript_version = models.PositiveIntegerField(default=0, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("host_unit"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("intro"),
        InlinePanel("guests", label=_("访谈嘉宾"), min_num=1),
        FieldPanel("summary"),
        InlinePanel("photos", label=_("访谈图片")),
        FieldPanel("video_url"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["interaction.InterviewIndexPage"]
    subpage_types = []
    exclude_fields_in_copy = INTERVIEW_RUNTIME_FIELDS

    class Meta:
        verbose_name = _("在线访谈")
        verbose_name_plural = _("在线访谈")
        indexes = [models.Index(fields=["state", "starts_at"], name="interview_due")]

    def clean(self):
        super().clean()
        self.check_period()

    @property
    def body(self):
        """The text the 政务公开审查 reads besides the title and the rich text
        fields (disclosure.review.page_checks.page_texts): guests' names and
        posts (fixed names) and photo captions."""
        lines = [f"{g.name}，{g.post}" for g in self.guests.all()]
        lines += [p.caption for p in self.photos.all() if p.caption]
        return "".join(f"<p>{escape(line)}</p>" for line in lines)

    @property
    def accepts_questions(self):
        return self.state in ASKING_STATES

    @property
    def is_over(self):
        return self.state in (InterviewState.ENDED, InterviewState.ARCHIVED)

    def etag(self):
        return f'"iv{self.pk}-{self.transcript_version}-{self.state}"'

    interview = route("", "interaction.interviews.views", "interview", name="interview")

    transcript_json = route(
        "transcript/",
        "interaction.interviews.views",
        "transcript_json",
        name="transcript",
    )


class InterviewGuest(Orderable):
    page = ParentalKey(InterviewPage, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("姓名"), max_length=30)
    post = models.CharField(_("职务"), max_length=100)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("post"), FieldPanel("photo")]

    class Meta(Orderable.Meta):
        verbose_name = _("访谈嘉宾")

    def __str__(self):
        return f"{self.name}（{self.post}）"


class InterviewPhoto(Orderable):
    page = ParentalKey(InterviewPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("图片"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(_("说明"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("访谈图片")


class InterviewEvent(StateEvent):
    states = InterviewState
    interview = models.ForeignKey(
        InterviewPage, on_delete=models.PROTECT, related_name="events"
    )

    class Meta(StateEvent.Meta):
        verbose_name = _("访谈记录")
        verbose_name_plural = _("访谈记录")


class Question(models.Model):
    """A citizen's question to an interview. Nothing of it is public until
    the host has accepted it and published it with its answer; then only the
    masked name and the masked text (``public_*``)."""

    interview = models.ForeignKey(
        InterviewPage,
        verbose_name=_("访谈"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    name = models.CharField(_("姓名"), max_length=30)
    phone = models.CharField(_("手机号码"), max_length=20)
    content = models.TextField(_("问题"))
    submitted_at = models.DateTimeField(_("提问时间"), default=timezone.now)
    submitted_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    #: The review checks' blocking findings on the question as sent.
    findings = models.JSONField(_("自动检查"), default=list, blank=True)

    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=QuestionStatus.choices,
        default=QuestionStatus.PENDING,
    )
    public_name = models.CharField(_("公开署名"), max_length=30, blank=True)
    public_content = models.TextField(_("公开内容"), blank=True)
    reject_reason = models.CharField(
        _("未采用原因"), max_length=20, choices=RejectReason.choices, blank=True
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并到"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    answered_at = models.DateTimeField(_("回答时间"), null=True, blank=True)
    answered_after_end = models.BooleanField(_("会后答复"), default=False)
    letter = models.ForeignKey(
        "interaction.Letter",
        verbose_name=_("转入信件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("网友提问")
        verbose_name_plural = _("网友提问")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["interview", "status"], name="question_status"),
            models.Index(fields=["submitted_at"], name="question_submitted"),
        ]

    def __str__(self):
        return self.content[:30]


class QuestionEvent(StateEvent):
    states = QuestionStatus
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="events"
    )

    class Meta(StateEvent.Meta):
        verbose_name = _("提问处理记录")
        verbose_name_plural = _("提问处理记录")


class TranscriptEntry(models.Model):
    """One published line of the transcript: the host's words, a guest's, or
    a citizen's question (masked). Public from the moment it is written."""

    interview = models.ForeignKey(
        InterviewPage, on_delete=models.PROTECT, related_name="transcript"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=EntryKind.choices)
    speaker = models.CharField(_("发言人"), max_length=140)
    guest = models.ForeignKey(
        InterviewGuest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    question = models.ForeignKey(
        Question,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    text = models.TextField(_("内容"))
    after_end = models.BooleanField(_("会后答复"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("发布时间"), default=timezone.now)

    class Meta:
        verbose_name = _("访谈实录")
        verbose_name_plural = _("访谈实录")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["interview", "created_at"], name="transcript_order")
        ]

    def __str__(self):
        return f"{self.speaker}：{self.text[:30]}"
