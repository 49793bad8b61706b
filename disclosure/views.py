import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from . import timeliness
from .models import DisclosureItemPage, Unit


def units_visible_to(user):
    return Unit.for_user(user).order_by("kind_order", "sort_order", "name")


class TimelinessFilterSet(WagtailFilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("机构"), queryset=lambda request: units_visible_to(request.user)
    )
    status = django_filters.ChoiceFilter(
        label=_("问题"),
        choices=[
            (timeliness.LATE, _("逾期发布")),
            (timeliness.OVERDUE, _("逾期未发布")),
        ],
        method="filter_status",
        empty_label=_("全部"),
    )
    year = django_filters.NumberFilter(
        label=_("成文年份"), field_name="formed_on", lookup_expr="year"
    )

    class Meta:
        model = DisclosureItemPage
        fields = ["unit", "status", "year"]

    def filter_status(self, queryset, name, value):
        if value == timeliness.LATE:
            return queryset.filter(timeliness.late_q())
        if value == timeliness.OVERDUE:
            return queryset.filter(timeliness.overdue_q(timezone.localdate()))
        return queryset


class TimelinessReportView(ReportView):
    """公开时效报表: per unit, items published late and items overdue and still
    unpublished, with a chart of each unit's on-time rate and XLSX export."""

    page_title = _("公开时效")
    header_icon = "time"
    template_name = "disclosure/admin/timeliness_report.html"
    index_url_name = "disclosure_timeliness"
    index_results_url_name = "disclosure_timeliness_results"
    filterset_class = TimelinessFilterSet
    paginate_by = 50
    model = DisclosureItemPage
    columns = [
        TitleColumn(
            "title",
            label=_("名称"),
            get_url=lambda item: reverse("wagtailadmin_pages:edit", args=[item.pk]),
        ),
        Column("unit", label=_("机构"), accessor="unit.display_name"),
        DateColumn("formed_on", label=_("成文日期")),
        DateColumn("due_on", label=_("公开期限")),
        DateColumn("published_on", label=_("发布日期")),
        Column("status_label", label=_("问题")),
        Column("workdays_late", label=_("逾期工作日")),
    ]
    list_export = [
        "unit.name",
        "title",
        "index_number",
        "document_number",
        "formed_on",
        "due_on",
        "published_on",
        "status_label",
        "workdays_late",
    ]
    export_headings = {
        "unit.name": _("机构"),
        "title": _("名称"),
        "index_number": _("索引号"),
        "document_number": _("文号"),
        "formed_on": _("成文日期"),
        "due_on": _("公开期限"),
        "published_on": _("发布日期"),
        "status_label": _("问题"),
        "workdays_late": _("逾期工作日"),
    }

    def dispatch(self, request, *args, **kwargs):
        self.units = list(units_visible_to(request.user))
        if not self.units:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"公开时效-{timezone.localdate():%Y%m%d}"

    def get_queryset(self):
        return timeliness.problem_items(self.units)

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        return [timeliness.describe(item, today) for item in object_list]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = timeliness.summary(self.units)
        context["summary"] = rows
        context["chart_rows"] = sorted(
            (row for row in rows if row.published),
            key=lambda row: (row.on_time_rate, row.unit.sort_order),
        )
        return context
