"""The 意见采纳情况反馈 page of a consultation (see consultations.py)."""

from django.db import models
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from .consultations import Decision


class ConsultationFeedbackPage(Page):
    """意见采纳情况反馈: drafted from the unit's decisions, edited by the
    unit, published through the 政务公开审查 workflow like every page."""

    intro = RichTextField(
        _("总体情况"), blank=True, features=["bold", "link", "ol", "ul"]
    )
    received = models.PositiveIntegerField(_("收到意见（条）"), default=0)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("received"),
        InlinePanel("items", label=_("意见及采纳情况")),
    ]
    parent_page_types = ["interaction.ConsultationPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("意见采纳情况反馈")
        verbose_name_plural = _("意见采纳情况反馈")

    @property
    def body(self):
        """The items, for the 政务公开审查 (see ConsultationPage.body)."""
        return "".join(
            f"<p>{escape(i.article_label)} {escape(i.opinion)} "
            f"{escape(i.get_decision_display())} {escape(i.reason)}</p>"
            for i in self.items.all()
        )

    def counts(self, items=None):
        items = self.items.all() if items is None else items
        totals = {value: 0 for value in Decision.values}
        for item in items:
            totals[item.decision] = totals.get(item.decision, 0) + item.count
        return [
            {"decision": value, "label": label, "count": totals[value]}
            for value, label in Decision.choices
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = list(self.items.all())
        context.update(
            items=items,
            counts=self.counts(items),
            consultation=self.get_parent().specific,
        )
        return context


class FeedbackItem(Orderable):
    page = ParentalKey(
        ConsultationFeedbackPage, on_delete=models.CASCADE, related_name="items"
    )
    article_label = models.CharField(_("针对条款"), max_length=20, blank=True)
    opinion = models.TextField(_("意见摘要"), blank=True)
    decision = models.CharField(_("采纳情况"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("理由"), blank=True)
    count = models.PositiveSmallIntegerField(_("意见条数"), default=1)

    panels = [
        FieldPanel("article_label"),
        FieldPanel("opinion"),
        FieldPanel("decision"),
        FieldPanel("reason"),
        FieldPanel("count"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("意见及采纳情况")
