"""The cross-checks (勾稽) of the annual report's tables and text. Each
function returns the failed checks as dicts ``{"table", "message"}`` with the
message in Chinese; an empty list means every check holds."""

import re

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import tables as t


def _fmt(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


def _failure(table, message):
    return {"table": table, "message": message}


def check_table3(table):
    table = t.table3(table)
    failed = []
    for col in t.TABLE3_COLUMNS:
        left = table[t.NEW][col] + table[t.CARRIED_IN][col]
        right = table[t.TOTAL][col] + table[t.CARRIED_OUT][col]
        if left != right:
            failed.append(
                _failure(
                    _("表三"),
                    _(
                        "“%(col)s”列：本年新收（%(new)s）+ 上年结转（%(old)s）= "
                        "%(left)s，应等于办理结果总计（%(done)s）+ 结转下年度继续办理"
                        "（%(left_over)s）= %(right)s。"
                    )
                    % {
                        "col": col,
                        "new": table[t.NEW][col],
                        "old": table[t.CARRIED_IN][col],
                        "left": left,
                        "done": table[t.TOTAL][col],
                        "left_over": table[t.CARRIED_OUT][col],
                        "right": right,
                    },
                )
            )
        parts = sum(table[row][col] for row in t.OUTCOME_ROWS)
        if parts != table[t.TOTAL][col]:
            failed.append(
                _failure(
                    _("表三"),
                    _(
                        "“%(col)s”列：办理结果总计（%(total)s）应等于（一）至（六）各项之和（%(parts)s）。"
                    )
                    % {"col": col, "total": table[t.TOTAL][col], "parts": parts},
                )
            )
    for row in t.TABLE3_ROWS:
        parts = sum(table[row][col] for col in t.APPLICANT_COLUMNS)
        if parts != table[row][t.TOTAL]:
            failed.append(
                _failure(
                    _("表三"),
                    _(
                        "“%(row)s”行：总计（%(total)s）应等于自然人与法人或其他组织各列之和（%(parts)s）。"
                    )
                    % {"row": row, "total": table[row][t.TOTAL], "parts": parts},
                )
            )
    return failed


def check_table4(table):
    table = t.table4(table)
    failed = []
    for group in t.TABLE4_GROUPS:
        cells = table[group]
        parts = sum(cells[col] for col in t.TABLE4_COLUMNS if col != t.TOTAL)
        if parts != cells[t.TOTAL]:
            failed.append(
                _failure(
                    _("表四"),
                    _(
                        "“%(group)s”：总计（%(total)s）应等于维持、纠正、其他、尚未审结之和（%(parts)s）。"
                    )
                    % {"group": group, "total": cells[t.TOTAL], "parts": parts},
                )
            )
    return failed


def check_table2(table):
    table = t.table2(table)
    failed = []
    for row, cells in table.items():
        for col, value in cells.items():
            if value < 0:
                failed.append(
                    _failure(
                        _("表二"),
                        _("“%(row)s”的“%(col)s”不能为负数（%(value)s）。")
                        % {"row": row, "col": col, "value": _fmt(value)},
                    )
                )
    return failed


def _litigation(table4):
    return table4[t.SUED_DIRECTLY][t.TOTAL] + table4[t.SUED_AFTER][t.TOTAL]


#: Figures the text may quote: (pattern, what it names, its value in the tables).
TEXT_FIGURES = [
    (
        r"新收(?:政府信息公开)?申请(\d+)件",
        gettext_lazy("本年新收申请"),
        lambda t3, t4: t3[t.NEW][t.TOTAL],
    ),
    (
        r"上年结转(?:政府信息公开)?申请(\d+)件",
        gettext_lazy("上年结转申请"),
        lambda t3, t4: t3[t.CARRIED_IN][t.TOTAL],
    ),
    (
        r"办结(?:政府信息公开)?申请(\d+)件",
        gettext_lazy("办结申请"),
        lambda t3, t4: t3[t.TOTAL][t.TOTAL],
    ),
    (
        r"结转下年度(?:继续办理)?(?:申请)?(\d+)件",
        gettext_lazy("结转下年度申请"),
        lambda t3, t4: t3[t.CARRIED_OUT][t.TOTAL],
    ),
    (
        r"行政复议(?:案件)?(\d+)件",
        gettext_lazy("行政复议"),
        lambda t3, t4: t4[t.RECONSIDERATION][t.TOTAL],
    ),
    (
        r"行政诉讼(?:案件)?(\d+)件",
        gettext_lazy("行政诉讼"),
        lambda t3, t4: _litigation(t4),
    ),
]


def check_text(texts, table3, table4):
    """Figures quoted in the text (``texts``: section HTML or plain text) that
    contradict the tables."""
    table3, table4 = t.table3(table3), t.table4(table4)
    plain = strip_tags(" ".join(str(text or "") for text in texts))
    plain = re.sub(r"\s+", "", plain)
    failed = []
    for pattern, name, value_of in TEXT_FIGURES:
        expected = value_of(table3, table4)
        for match in re.finditer(pattern, plain):
            quoted = int(match[1])
            if quoted != expected:
                failed.append(
                    _failure(
                        _("正文"),
                        _("正文所述“%(quote)s”与表格不符：%(name)s在表中为%(n)s件。")
                        % {"quote": match[0], "name": name, "n": expected},
                    )
                )
    return failed


def check_all(table2, table3, table4, texts=()):
    return [
        *check_table2(table2),
        *check_table3(table3),
        *check_table4(table4),
        *check_text(texts, table3, table4),
    ]
