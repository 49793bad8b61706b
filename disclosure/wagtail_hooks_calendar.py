"""Admin for the working-day calendar (工作日历).

Importing this module registers the ``construct_homepage_panels`` hook that
adds :class:`CalendarWarningPanel` to the admin dashboard. The snippet viewset
is registered by calling :func:`register` (once, from ``wagtail_hooks.py``)::

    from . import wagtail_hooks_calendar

    wagtail_hooks_calendar.register()
"""

import django_filters
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.snippets.views.snippets import SnippetViewSet

from . import workdays
from .models import WorkdayOverride


def _today():
    return timezone.localdate()


def _year_choices():
    this_year = _today().year
    years = {day.year for day in WorkdayOverride.objects.dates("day", "year")}
    years.update({this_year, this_year + 1})
    return [(str(year), _("%(year)s年") % {"year": year}) for year in sorted(years)]


class WorkdayOverrideFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(
        label=_("年份"),
        field_name="day",
        lookup_expr="year",
        choices=_year_choices,
        empty_label=_("全部"),
    )

    class Meta:
        model = WorkdayOverride
        fields = ["is_workday"]


class WorkdayOverrideViewSet(SnippetViewSet):
    model = WorkdayOverride
    icon = "date"
    menu_label = _("工作日历")
    menu_name = "workday-calendar"
    menu_order = 900
    list_display = ["day", "weekday", "is_workday", "note"]
    list_per_page = 50
    filterset_class = WorkdayOverrideFilterSet
    ordering = ["-day"]
    copy_view_enabled = False


def calendar_warnings(today=None):
    """Chinese warnings for the current and next year when they have no
    holiday schedule (see :func:`disclosure.workdays.year_known`)."""
    today = today or _today()
    return [
        _(
            "%(year)s年节假日安排尚未录入，工作日按周末推算。"
            "请在“工作日历”中录入国务院公布的安排。"
        )
        % {"year": year}
        for year in workdays.missing_years([today.year, today.year + 1])
    ]


class CalendarWarningPanel(Component):
    """Dashboard warning shown to users who may edit the calendar."""

    name = "workday_calendar_warning"
    order = 20

    def __init__(self, today=None):
        self.today = today

    def render_html(self, parent_context=None):
        request = (parent_context or {}).get("request")
        user = getattr(request, "user", None)
        if user is None or not user.has_perm("disclosure.add_workdayoverride"):
            return ""
        messages = calendar_warnings(self.today)
        if not messages:
            return ""
        try:
            url = reverse("wagtailsnippets_disclosure_workdayoverride:list")
        except NoReverseMatch:  # viewset not registered
            url = ""
        link = (
            format_html(' <a href="{}">{}</a>', url, _("前往工作日历")) if url else ""
        )
        items = format_html_join("", "<p>{}{}</p>", ((m, link) for m in messages))
        return format_html(
            '<section class="w-panel w-panel--dashboard" '
            'id="workday-calendar-warning" aria-labelledby="workday-calendar-title">'
            '<h2 class="w-sr-only" id="workday-calendar-title">{}</h2>'
            '<div class="help-block help-warning">{}</div>'
            "</section>",
            _("工作日历提醒"),
            items,
        )


@hooks.register("construct_homepage_panels")
def add_calendar_warning_panel(request, panels):
    panels.append(CalendarWarningPanel())
