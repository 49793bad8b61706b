"""Admin views of the mailbox's figures: the monthly and yearly table per unit
with its chart and XLSX export, and the stored monthly reports."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from ..models import MonthlyReport
from . import figures, roles


class PeriodForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    month = forms.TypedChoiceField(
        label=_("月份"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("全年"))]
        + [(m, _("%(month)s月") % {"month": m}) for m in range(1, 13)],
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            (y, _("%(year)s年") % {"year": y}) for y in years
        ]


class FiguresReportView(ReportView):
    """信箱统计: per unit (ranked) and per month, with charts and XLSX export."""

    page_title = _("信箱统计")
    header_icon = "mail"
    template_name = "interaction/admin/figures_report.html"
    results_template_name = "interaction/admin/figures_report_results.html"
    index_url_name = "mailbox_figures:index"
    index_results_url_name = "mailbox_figures:index_results"
    paginate_by = None
    columns = [
        Column("label", label=_("承办单位")),
        Column("received", label=_("收到来信")),
        Column("answered", label=_("已答复")),
        Column("closed", label=_("已办结")),
        Column("closing_rate", label=_("办结率(%)")),
        Column("on_time_rate", label=_("按时办结率(%)")),
        Column("satisfaction_rate", label=_("满意率(%)")),
        Column("avg_workdays", label=_("平均答复用时")),
        Column("rank_label", label=_("排名")),
    ]
    list_export = [name for name, _label in figures.COLUMNS]
    export_headings = dict(figures.COLUMNS)

    def dispatch(self, request, *args, **kwargs):
        if not roles.can_see_figures(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_paginate_by(self, queryset):
        return None

    def period(self):
        this_year = timezone.localdate().year
        years = sorted(set(figures.years()) | {this_year}, reverse=True)
        form = PeriodForm(self.request.GET or None, years=years)
        if form.is_bound and form.is_valid():
            return form, form.cleaned_data["year"], form.cleaned_data["month"]
        return PeriodForm(years=years, initial={"year": this_year}), this_year, None

    def get_filename(self):
        _form, year, month = self.period()
        return _("信箱统计") + f"-{year}" + (f"-{month:02d}" if month else "")

    def get_queryset(self):
        _form, year, month = self.period()
        self.summary = figures.summary(year, month)
        rows = list(self.summary["units"])
        if self.is_export:
            rows += [self.summary["total"]] + list(self.summary["months"])
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, year, month = self.period()
        summary = self.summary
        ranked = [r for r in summary["units"] if r.ranked]
        for row in ranked:
            row.bar = row.on_time_rate or 0
        maximum = max((r.received for r in summary["months"]), default=0)
        for row in summary["months"]:
            row.bar = figures.chart_width(row.received, maximum)
            row.answered_bar = figures.chart_width(row.answered, maximum)
        context.update(
            period_form=form,
            year=year,
            month=month,
            summary=summary,
            ranked=ranked,
            reports=MonthlyReport.objects.all()[:24],
        )
        return context


class MonthlyReportView(WagtailAdminTemplateMixin, View):
    template_name = "interaction/admin/monthly_report.html"
    header_icon = "mail"

    def dispatch(self, request, pk):
        if not roles.can_see_figures(request.user):
            raise PermissionDenied
        self.report = get_object_or_404(MonthlyReport, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return str(self.report)

    def get(self, request, pk):
        data = self.report.figures
        month = figures.Row.from_dict(data["month"])
        ytd = figures.Row.from_dict(data["year_to_date"])
        units = [figures.Row.from_dict(row) for row in data["units"]]
        if request.GET.get("export") == "xlsx":
            content = figures.workbook(
                [(_("本月各单位"), units), (_("汇总"), [month, ytd])]
            )
            response = HttpResponse(
                content,
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = (
                f"attachment; filename*=UTF-8''{self.report.month:%Y-%m}.xlsx"
            )
            return response
        month.label = _("本月")
        for row in units:
            row.bar = row.on_time_rate or 0
        context = self.get_context_data(
            report=self.report,
            month=month,
            ytd=ytd,
            units=units,
            ranked=[r for r in units if r.ranked],
            summary_rows=[month, ytd],
            alerts=data.get("alerts", 0),
            overdue=data.get("overdue", 0),
            min_sample=data.get("min_sample"),
        )
        return TemplateResponse(request, self.template_name, context)
