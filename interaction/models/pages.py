from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from .. import conf
from .letters import Category


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

    @path("")
    def index(self, request):
        from ..mailbox import views

        return views.interaction_index(request, self)

    @path("letters/", name="letters")
    def letters(self, request):
        from ..mailbox import views

        return views.letter_list(request, self)

    @path("letters/<str:number>/", name="letter")
    def letter(self, request, number):
        from ..mailbox import views

        return views.letter_detail(request, self, number)

    @path("query/", name="query")
    def query(self, request):
        from ..mailbox import views

        return views.lookup(request, self)

    @path("query/<str:number>/", name="query_result")
    def query_result(self, request, number):
        from ..mailbox import views

        return views.lookup_result(request, self, number)

    @path("figures/", name="figures")
    def figures(self, request):
        from ..mailbox import views

        return views.public_figures(request, self)


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

    @path("")
    def write(self, request):
        from ..mailbox import views

        return views.write_letter(request, self)

    @path("submitted/", name="submitted")
    def submitted(self, request):
        from ..mailbox import views

        return views.letter_submitted(request, self)


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

    @path("")
    def index(self, request):
        from ..applications import views

        return views.index(request, self)

    @path("apply/<str:unit>/", name="apply")
    def apply(self, request, unit):
        from ..applications import views

        return views.apply(request, self, unit)

    @path("apply/<str:unit>/submitted/", name="submitted")
    def submitted(self, request, unit):
        from ..applications import views

        return views.submitted(request, self, unit)

    @path("query/", name="query")
    def query(self, request):
        from ..applications import views

        return views.lookup(request, self)

    @path("query/<str:number>/", name="status")
    def status(self, request, number):
        from ..applications import views

        return views.status(request, self, number)

    @path("query/<str:number>/notices/<int:notice>/", name="notice")
    def notice_page(self, request, number, notice):
        from ..applications import views

        return views.notice(request, self, number, notice)

    @path("query/<str:number>/notices/<int:notice>/pdf/", name="notice_pdf")
    def notice_pdf(self, request, number, notice):
        from ..applications import views

        return views.notice_pdf(request, self, number, notice)

    @path("query/<str:number>/files/<int:file>/", name="file")
    def file(self, request, number, file):
        from ..applications import views

        return views.attachment(request, self, number, file)
