"""What the pages of the interviews and the consultations share: the channel
page that lists them, and the scheduled record page (a period set by its
editors, a state that belongs to the record as a whole).

Both bases are abstract: their subclasses' tables are as before."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page

from .routes import view_function


class TalkIndexPage(Page):
    """A channel page under 互动交流 (在线访谈, 意见征集): an intro and the
    listing of its records, which ``index_context(request, page)`` of
    :attr:`views_module` gives."""

    intro = RichTextField(_("简介"), blank=True, features=["bold", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["interaction.InteractionIndexPage"]
    max_count = 1
    #: The module of the channel's public views.
    views_module = ""

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        index_context = view_function(self.views_module, "index_context")
        context.update(index_context(request, self))
        return context


class TalkRecordPage(RoutablePageMixin, Page):
    """An interview or a consultation: a page with a period (its
    :attr:`period_fields`) and fields that belong to the record as a whole,
    not to one revision of its page (``exclude_fields_in_copy``: the state
    and what the workflow sets). Publishing a revision keeps them; a copy
    starts afresh."""

    #: The names of the fields that start and end the period.
    period_fields = ("starts_at", "ends_at")

    class Meta:
        abstract = True

    def check_period(self):
        """The period must end after it starts (when both are set)."""
        start_name, end_name = self.period_fields
        start, end = getattr(self, start_name), getattr(self, end_name)
        if start and end and end <= start:
            raise ValidationError({end_name: _("结束时间应晚于开始时间。")})

    def with_content_json(self, content):
        page = super().with_content_json(content)
        for name in self.exclude_fields_in_copy:
            setattr(page, name, getattr(self, name))
        return page
