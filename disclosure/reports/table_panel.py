"""The annual report's tables in the page editor: a grid of number
fields per table (the fields come from AnnualReportForm)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .tables import TABLE2_CELLS, TABLE3_CELLS, TABLE4_CELLS


class TablePanel(Panel):
    """One of the report's tables as a grid of number fields."""

    TABLES = {
        "table2": (TABLE2_CELLS, _("表二 主动公开政府信息情况（手工填报）")),
        "table3": (
            TABLE3_CELLS,
            _(
                "表三 收到和处理政府信息公开申请情况（系统统计；如需更正，请在格内填写更正数并说明）"
            ),
        ),
        "table4": (
            TABLE4_CELLS,
            _("表四 政府信息公开行政复议、行政诉讼情况（手工填报）"),
        ),
    }

    def __init__(self, table, **kwargs):
        self.table = table
        kwargs.setdefault("heading", self.TABLES[table][1])
        super().__init__(**kwargs)

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["table"] = self.table
        return kwargs

    def get_form_options(self):
        return {"fields": list(self.TABLES[self.table][0])}

    class BoundPanel(Panel.BoundPanel):
        template_name = "disclosure/admin/report_table_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            cells = self.panel.TABLES[self.panel.table][0]
            columns, rows = [], {}
            for name, (row, col) in cells.items():
                if col not in columns:
                    columns.append(col)
                rows.setdefault(row, {})[col] = self.form[name]
            context["columns"] = columns
            if self.panel.table == "table3" and self.instance.pk:
                context["xlsx_url"] = reverse(
                    "site_health:annual_xlsx", args=[self.instance.pk]
                )
            context["rows"] = [
                (row, [cells_.get(col) for col in columns])
                for row, cells_ in rows.items()
            ]
            return context
