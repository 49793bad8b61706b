"""在线调查: the survey pages (content, reviewed like every page) and the
survey's own records (its life cycle, answers, results and exports), which
change without a page revision.

A survey page becomes a :class:`Survey` when it is first published; from then
on the survey opens and closes by the clock, answers refer to it, and its
closing time can be extended without a new review."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from ..surveys import questions as survey_questions
from ..surveys.blocks import QuestionsBlock
from ..surveys.page_form import SurveyPageForm
from .routes import route


@register_setting(icon="clipboard-list")
class SurveySettings(BaseGenericSetting):
    allow_in_unit_columns = models.BooleanField(
        _("允许在机构信息公开栏目下发起调查"),
        default=False,
        help_text=_("关闭时，在线调查只能建在“互动交流 › 在线调查”下。"),
    )

    class Meta:
        verbose_name = _("在线调查设置")


class SurveyIndexPage(RoutablePageMixin, Page):
    """在线调查: the surveys under way, to come and closed."""

    intro = RichTextField(_("简介"), blank=True, features=["bold", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["interaction.InteractionIndexPage"]
    subpage_types = ["interaction.SurveyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("在线调查栏目")

    index = route("", "interaction.surveys.views", "survey_index", name="index")


class SurveyPage(RoutablePageMixin, Page):
    class Verification(models.TextChoices):
        SMS = "sms", _("手机短信验证（一个手机号答一次）")
        OPEN = "open", _("公开投票（验证码＋浏览器标记＋IP限制）")

    class Visibility(models.TextChoices):
        LIVE = "live", _("调查期间实时公开")
        AFTER_CLOSE = "after_close", _("调查结束后公开")
        NEVER = "never", _("不公开")

    intro = RichTextField(_("调查说明"), blank=True, features=["bold", "link", "ul"])
    unit = models.ForeignKey(
        "disclosure.Unit",
        verbose_name=_("发起单位"),
        on_delete=models.PROTECT,
        related_name="surveys",
        null=True,
        blank=True,
        help_text=_("建在机构栏目下的调查由该机构发起，无须填写。"),
    )
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("结束时间"))
    verification = models.CharField(
        _("参与方式"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.SMS,
    )
    results_visibility = models.CharField(
        _("结果公开"),
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.AFTER_CLOSE,
    )
    questions = StreamField(QuestionsBlock(), verbose_name=_("问题"))
    thanks = models.CharField(
        _("提交后致谢语"),
        max_length=200,
        blank=True,
        default="感谢您参与本次调查！",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("unit"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel(
                    [FieldPanel("verification"), FieldPanel("results_visibility")]
                ),
                FieldPanel("thanks"),
            ],
            heading=_("调查设置"),
        ),
        FieldPanel("questions"),
    ]
    parent_page_types = ["interaction.SurveyIndexPage", "disclosure.UnitColumnPage"]
    subpage_types = []
    base_form_class = SurveyPageForm

    class Meta:
        verbose_name = _("在线调查")

    @classmethod
    def can_create_at(cls, parent):
        from disclosure.models import UnitColumnPage

        if not super().can_create_at(parent):
            return False
        if issubclass(parent.specific_class, UnitColumnPage):
            return SurveySettings.load().allow_in_unit_columns
        return True

    @cached_property
    def question_list(self):
        return survey_questions.from_stream(self.questions)

    def column_unit_id(self):
        """The unit of the column this page is in, if it is in one."""
        from disclosure.models import UnitColumnPage

        parent = self.get_parent() if self.path else None
        if parent is None or not issubclass(parent.specific_class, UnitColumnPage):
            return None
        return UnitColumnPage.objects.values_list("unit_id", flat=True).get(
            pk=parent.pk
        )

    @property
    def review_unit_id(self):
        """The unit whose reviewers review this page (disclosure.review)."""
        return self.unit_id

    def review_texts(self):
        return survey_questions.texts(self.question_list)

    def clean(self):
        super().clean()
        column_unit = self.column_unit_id()
        if column_unit:
            self.unit_id = column_unit
        errors = {}
        if not self.unit_id:
            errors["unit"] = _("请选择发起单位。")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("结束时间应晚于开始时间。")
        if errors:
            raise ValidationError(errors)
        for name in ("opens_at", "closes_at"):
            value = getattr(self, name)
            if value:
                setattr(self, name, value.replace(second=0, microsecond=0))

    def save(self, *args, **kwargs):
        if not self.unit_id and self.path:
            self.unit_id = self.column_unit_id()
        return super().save(*args, **kwargs)

    answer = route("", "interaction.surveys.views", "survey", name="answer")

    thanks_page = route("thanks/", "interaction.surveys.views", "thanks", name="thanks")

    results_page = route(
        "results/", "interaction.surveys.views", "results", name="results"
    )

    results_json = route(
        "results.json", "interaction.surveys.views", "results_json", name="results_json"
    )
