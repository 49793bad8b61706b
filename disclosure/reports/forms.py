"""The annual report's editor form: the tables as grids of number fields, the
draft text written by the system for a new report, and the cross-checks that
stop a report from going to review while they fail."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from . import tables as t

#: Buttons of the editor that send a page to review.
SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


TABLE2_CELLS, TABLE3_CELLS, TABLE4_CELLS = (
    t.TABLE2_CELLS,
    t.TABLE3_CELLS,
    t.TABLE4_CELLS,
)


def _number_field(decimal=False):
    widget = forms.NumberInput(attrs={"class": "report-cell", "min": 0})
    if decimal:
        return forms.DecimalField(
            required=False, min_value=0, decimal_places=4, widget=widget
        )
    return forms.IntegerField(required=False, min_value=0, widget=widget)


def _pack(cleaned, cells):
    table = {}
    for name, (row, col) in cells.items():
        value = cleaned.get(name)
        if value is not None:
            table.setdefault(row, {})[col] = (
                int(value) if value == int(value) else float(value)
            )
    return table


class BaseAnnualReportForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        if not page.pk:
            self._prefill()
        for name, (row, col) in TABLE2_CELLS.items():
            self.initial.setdefault(name, (page.table2.get(row) or {}).get(col))
        for name, (row, col) in TABLE4_CELLS.items():
            self.initial.setdefault(name, (page.table4.get(row) or {}).get(col))
        computed = t.table3(page.table3_computed)
        for name, (row, col) in TABLE3_CELLS.items():
            self.initial.setdefault(
                name, (page.table3_corrections.get(row) or {}).get(col)
            )
            if name in self.fields:
                self.fields[name].widget.attrs["placeholder"] = computed[row][col]

    def column_unit(self):
        from ..models import Unit, UnitColumnPage

        if self.instance.unit_id:
            return Unit.objects.get(pk=self.instance.unit_id)
        parent = self.parent_page.specific if self.parent_page else None
        return parent.unit if isinstance(parent, UnitColumnPage) else None

    def _prefill(self):
        """A new report starts from the system's draft of last year."""
        from . import annual

        unit = self.column_unit()
        if unit is None:
            return
        page = self.instance
        page.unit = unit
        page.year = page.year or timezone.localdate().year - 1
        page.aggregate_units = unit.kind == unit.Kind.COUNTY
        page.refresh_figures()
        if page.aggregate_units:
            page.table2, page.table4 = annual.units_tables(page.year, unit)
        self.initial.setdefault(
            "title",
            _("%(unit)s%(year)s年政府信息公开工作年度报告")
            % {"unit": unit.name, "year": page.year},
        )
        self.initial.setdefault("year", page.year)
        self.initial.setdefault("aggregate_units", page.aggregate_units)
        for key, text in annual.draft_sections(
            unit, page.year, page.figures, page.table4
        ).items():
            self.initial.setdefault(key, text)

    def clean(self):
        cleaned = super().clean()
        page = self.instance
        page.table2 = _pack(cleaned, TABLE2_CELLS)
        page.table4 = _pack(cleaned, TABLE4_CELLS)
        page.table3_corrections = _pack(cleaned, TABLE3_CELLS)
        if (
            page.table3_corrections
            and not (cleaned.get("correction_note") or "").strip()
        ):
            self.add_error(
                "correction_note",
                _("修改了表三的系统统计数，必须填写更正说明（原因和依据）。"),
            )
        year = cleaned.get("year")
        unit = self.column_unit()
        if year and unit is not None:
            from ..models import AnnualReportPage

            page.unit = unit
            page.year = year
            page.aggregate_units = bool(cleaned.get("aggregate_units"))
            taken = AnnualReportPage.objects.filter(unit=unit, year=year).exclude(
                translation_key=page.translation_key
            )
            if taken.exists():
                self.add_error(
                    "year", _("本机构%(year)s年度报告已存在。") % {"year": year}
                )
            else:
                page.refresh_figures()
        if any(action in self.data for action in SUBMIT_ACTIONS):
            self._block_failed_checks(cleaned)
        return cleaned

    def _block_failed_checks(self, cleaned):
        from . import annual

        for key, _heading in annual.SECTIONS:
            if key in cleaned:
                setattr(self.instance, key, cleaned[key])
        failed = annual.report_checks(self.instance)
        if failed:
            raise ValidationError(
                [_("勾稽校验未通过，不能提交审查：")]
                + [f"{check['table']}：{check['message']}" for check in failed]
            )


def _form_fields():
    fields = {}
    for name, (_row, col) in TABLE2_CELLS.items():
        fields[name] = _number_field(decimal=col == t.FEES)
    for name in (*TABLE3_CELLS, *TABLE4_CELLS):
        fields[name] = _number_field()
    return fields


AnnualReportForm = type(
    "AnnualReportForm",
    (BaseAnnualReportForm,),
    {"__module__": __name__, **_form_fields()},
)
