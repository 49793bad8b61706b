"""The admin report: Table 3 for a unit (or the whole county) and a year, the
applications overdue now and those answered late that year, with XLSX export.
Handlers and heads see their own units; the county office every unit and the
county total."""

from django import forms
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import Application
from . import figures, roles
from .admin_views import require_access, visible_units

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("机构"), coerce=int, required=False)
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)

    def __init__(self, *args, units, years, county, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(u.pk, u.name) for u in units]
        if county:
            choices = [("", _("全县合计"))] + choices
        self.fields["unit"].choices = choices
        self.fields["unit"].required = not county
        self.fields["year"].choices = [(y, _("%(y)s年") % {"y": y}) for y in years]


class ReportView(WagtailAdminTemplateMixin, View):
    template_name = "interaction/applications/admin/report.html"
    page_title = _("依申请公开统计")
    header_icon = "table"

    def get(self, request):
        require_access(request)
        user = request.user
        units = list(visible_units(user))
        county = roles.is_office(user)
        this_year = timezone.localdate().year
        years = sorted(set(figures.years()) | {this_year}, reverse=True)
        initial = {"year": this_year, "unit": "" if county else units[0].pk}
        form = ReportForm(request.GET or None, units=units, years=years, county=county)
        if not form.is_bound:
            form = ReportForm(initial=initial, units=units, years=years, county=county)
            unit_id, year = initial["unit"], this_year
        elif form.is_valid():
            unit_id, year = form.cleaned_data["unit"], form.cleaned_data["year"]
        else:
            context = self.get_context_data(form=form)
            return TemplateResponse(request, self.template_name, context, status=400)
        unit = next((u for u in units if u.pk == unit_id), None)
        table = figures.table3(unit, year)
        scope = Application.objects.visible_to(user)
        if unit is not None:
            scope = scope.filter(unit=unit)
        overdue = list(figures.overdue_now(scope))
        late = list(figures.answered_late(scope, year))
        title = _("%(unit)s%(year)s年收到和处理政府信息公开申请情况") % {
            "unit": unit.name if unit else _("随县"),
            "year": year,
        }
        if request.GET.get("export") == "xlsx":
            response = HttpResponse(
                figures.workbook(title, table, overdue, late), content_type=XLSX
            )
            response["Content-Disposition"] = (
                f'attachment; filename="applications-{year}-{unit.slug if unit else "county"}.xlsx"'
            )
            return response
        context = self.get_context_data(
            form=form,
            title=title,
            columns=figures.COLUMNS,
            organisation_header=figures.ORGANISATION_HEADER,
            rows=figures.rows(table),
            balanced=figures.balanced(table),
            overdue=overdue,
            late=late,
            export_query=request.GET.urlencode(),
        )
        return TemplateResponse(request, self.template_name, context)
