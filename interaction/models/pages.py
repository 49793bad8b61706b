from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from .. import conf
from .letters import Category
from .routes import route


class InteractionIndexPage(RoutablePageMixin, Page):
    """互动交流: the mailboxes, the published letters, the look-up page and the
    public figures."""

    intro = RichTextField(_("简介"), blank=True, features=["bold", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = [
        "interaction.MailboxPage",
        "interaction.SurveyIndexPage",
        "interaction.InterviewIndexPage",
        "interaction.ConsultationIndexPage",
        "interaction.ApplicationIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("互动交流")

    def mailboxes(self):
        return MailboxPage.objects.live().child_of(self).order_by("path")

    index = route("", "interaction.mailbox.views", "interaction_index", name="index")

    letters = route(
        "letters/", "interaction.mailbox.views", "letter_list", name="letters"
    )

    letter = route(
        "letters/<str:number>/",
        "interaction.mailbox.views",
        "letter_detail",
        name="letter",
    )

    query = route("query/", "interaction.mailbox.views", "lookup", name="query")

    query_result = route(
        "query/<str:number>/",
        "interaction.mailbox.views",
        "lookup_result",
        name="query_result",
    )

    figures = route(
        "figures/", "interaction.mailbox.views", "public_figures", name="figures"
    )


class MailboxPage(RoutablePageMixin, Page):
    """A mailbox (书记信箱, 县长信箱, or a unit's own): its intro, its categories
    with their reply deadlines, and the form citizens write through."""

    intro = RichTextField(_("简介"), blank=True, features=["bold", "link"])
    unit = models.ForeignKey(
        "disclosure.Unit",
        verbose_name=_("主办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mailboxes",
        help_text=_("单位信箱填写本单位，来信默认转办给它；书记、县长信箱留空。"),
    )
    notice = RichTextField(
        _("写信须知"),
        blank=True,
        features=["bold", "link", "ol", "ul"],
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("unit"),
        FieldPanel("notice"),
        InlinePanel(
            "categories",
            label=_("来信类别与答复时限"),
            min_num=1,
            heading=_("来信类别与答复时限"),
        ),
    ]
    parent_page_types = ["interaction.InteractionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("信箱")

    def workdays_for(self, category):
        for row in self.categories.all():
            if row.category == category:
                return row.reply_workdays
        return conf.get("MAILBOX_DEFAULT_WORKDAYS")

    def category_choices(self):
        return [
            (row.category, row.get_category_display()) for row in self.categories.all()
        ]

    write = route("", "interaction.mailbox.views", "write_letter", name="write")

    submitted = route(
        "submitted/", "interaction.mailbox.views", "letter_submitted", name="submitted"
    )


class MailboxCategory(Orderable):
    page = ParentalKey(MailboxPage, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    reply_workdays = models.PositiveSmallIntegerField(
        _("答复时限（工作日）"),
        default=10,
        help_text=_("收信次日起算的工作日数，通常为5至15个工作日。"),
    )

    panels = [FieldPanel("category"), FieldPanel("reply_workdays")]

    class Meta(Orderable.Meta):
        verbose_name = _("来信类别")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "category"], name="unique_mailbox_category"
            )
        ]

    def clean(self):
        if self.reply_workdays is not None and not 1 <= self.reply_workdays <= 60:
            raise ValidationError(
                {"reply_workdays": _("答复时限应在1至60个工作日之间。")}
            )


class ApplicationIndexPage(RoutablePageMixin, Page):
    """依申请公开: the application form of every unit, the look-up of an
    application by its number and query code, and the notices online."""

    intro = RichTextField(_("简介"), blank=True, features=["bold", "link"])
    notice = RichTextField(
        _("申请须知"), blank=True, features=["bold", "link", "ol", "ul"]
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("notice")]
    parent_page_types = ["interaction.InteractionIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("依申请公开")

    index = route("", "interaction.applications.views", "index", name="index")

    apply = route(
        "apply/<str:unit>/", "interaction.applications.views", "apply", name="apply"
    )

    submitted = route(
        "apply/<str:unit>/submitted/",
        "interaction.applications.views",
        "submitted",
        name="submitted",
    )

    query = route("query/", "interaction.applications.views", "lookup", name="query")

    status = route(
        "query/<str:number>/", "interaction.applications.views", "status", name="status"
    )

    notice_page = route(
        "query/<str:number>/notices/<int:notice>/",
        "interaction.applications.views",
        "notice",
        name="notice",
    )

    notice_pdf = route(
        "query/<str:number>/notices/<int:notice>/pdf/",
        "interaction.applications.views",
        "notice_pdf",
        name="notice_pdf",
    )

    file = route(
        "query/<str:number>/files/<int:file>/",
        "interaction.applications.views",
        "attachment",
        name="file",
    )
