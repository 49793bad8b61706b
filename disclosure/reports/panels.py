"""Dashboard panel for the county office: units that have not yet published
last year's annual report (departments by 31 January, the county government
by 31 March)."""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.admin.ui.components import Component

from ..models import AnnualReportPage, Unit


def deadline(unit, year):
    """The day ``unit``'s report for ``year`` must be online."""
    if unit.kind == Unit.Kind.COUNTY:
        return datetime.date(year + 1, 3, 31)
    return datetime.date(year + 1, 1, 31)


def units_without_report(year):
    published = AnnualReportPage.objects.live().filter(year=year).values("unit")
    return Unit.objects.ordered().exclude(pk__in=published)


class MissingReportsPanel(Component):
    name = "annual_reports_missing"
    order = 20

    def render_html(self, parent_context=None):
        from .views import is_county_office

        request = (parent_context or {}).get("request")
        if request is None or not is_county_office(request.user):
            return ""
        today = timezone.localdate()
        year = today.year - 1
        units = [(unit, deadline(unit, year)) for unit in units_without_report(year)]
        return render_to_string(
            "disclosure/admin/missing_reports_panel.html",
            {
                "year": year,
                "units": [(u, d, d < today) for u, d in units],
                "today": today,
            },
            request,
        )
