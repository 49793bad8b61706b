"""The figures of applications for the annual report's Table 3
(国办公开办函〔2021〕30号, "收到和处理政府信息公开申请情况"), per unit or
county-wide, plus the overdue lists and the XLSX of the admin report.

:func:`table3` is the function the annual report in ``disclosure`` reads
(through a hook it defines; disclosure imports nothing from here).

Counting:

* 本年新收: received (both sides confirmed, Art. 31) in the year;
* 上年结转: received before the year and not decided before it;
* 本年度办理结果: decided in the year, by outcome;
* 结转下年度继续办理: received by the year's end and not decided by then.

So 本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理 always holds.
Discarded submissions (never received) count nowhere."""

import datetime
import io

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ..models import Application
from .outcomes import (
    ALL_COLUMNS,
    COLUMNS,
    GROUPS,
    ORGANISATION_HEADER,
    SINGLE_ROW_GROUPS,
    TOTAL_COLUMN,
    Outcome,
    column_of,
)

NEW = "本年新收"
CARRIED_IN = "上年结转"
RESULTS = "本年度办理结果"
RESULTS_TOTAL = "总计"
CARRIED_OUT = "结转下年度继续办理"


def _cells():
    return dict.fromkeys(ALL_COLUMNS, 0)


def _add(cells, applicant_kind, organisation_kind, n):
    cells[column_of(applicant_kind, organisation_kind)] += n
    cells[TOTAL_COLUMN] += n


def _count(queryset):
    cells = _cells()
    rows = queryset.values("applicant_kind", "organisation_kind").annotate(
        n=Count("pk")
    )
    for row in rows.order_by():
        _add(cells, row["applicant_kind"], row["organisation_kind"], row["n"])
    return cells


def table3(unit, year):
    """Table 3 for ``unit`` (None: every unit) and ``year``, keyed by the
    table's own labels: ``{"本年新收": {column: n}, "上年结转": …,
    "本年度办理结果": {"予以公开": {…}, "部分公开": {…}, "不予公开":
    {"国家秘密": {…}, …}, …, "总计": {…}}, "结转下年度继续办理": …}``.
    Columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他 (the
    five under 法人或其他组织) and 总计. Four queries."""
    start = datetime.date(year, 1, 1)
    end = datetime.date(year, 12, 31)
    applications = Application.objects.counted()
    if unit is not None:
        applications = applications.filter(unit=unit)
    by_outcome = {outcome: _cells() for outcome in Outcome}
    decided = (
        applications.filter(decided_on__gte=start, decided_on__lte=end)
        .exclude(outcome="")
        .values("outcome", "applicant_kind", "organisation_kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    total = _cells()
    for row in decided:
        _add(
            by_outcome[row["outcome"]],
            row["applicant_kind"],
            row["organisation_kind"],
            row["n"],
        )
        _add(total, row["applicant_kind"], row["organisation_kind"], row["n"])
    results = {}
    for group, outcomes in GROUPS:
        if group in SINGLE_ROW_GROUPS:
            results[group] = by_outcome[outcomes[0]]
        else:
            results[group] = {str(o.label): by_outcome[o] for o in outcomes}
    results[RESULTS_TOTAL] = total
    return {
        NEW: _count(applications.filter(received_on__gte=start, received_on__lte=end)),
        CARRIED_IN: _count(
            applications.filter(received_on__lt=start).filter(
                Q(decided_on__isnull=True) | Q(decided_on__gte=start)
            )
        ),
        RESULTS: results,
        CARRIED_OUT: _count(
            applications.filter(received_on__lte=end).filter(
                Q(decided_on__isnull=True) | Q(decided_on__gt=end)
            )
        ),
    }


def rows(table):
    """Table 3 as display rows: ``(number, label, level, cells)``."""
    out = [
        ("一", NEW, 0, table[NEW]),
        ("二", CARRIED_IN, 0, table[CARRIED_IN]),
        ("三", RESULTS, 0, None),
    ]
    numerals = "一二三四五六"
    for index, (group, _outcomes) in enumerate(GROUPS):
        value = table[RESULTS][group]
        number = f"（{numerals[index]}）"
        if group in SINGLE_ROW_GROUPS:
            out.append((number, group, 1, value))
            continue
        out.append((number, group, 1, None))
        for sub, (label, cells) in enumerate(value.items(), 1):
            out.append((str(sub), label, 2, cells))
    out.append(("（七）", RESULTS_TOTAL, 1, table[RESULTS][RESULTS_TOTAL]))
    out.append(("四", CARRIED_OUT, 0, table[CARRIED_OUT]))
    return out


def balanced(table):
    """一 + 二 = 三(七) + 四, column by column."""
    return all(
        table[NEW][c] + table[CARRIED_IN][c]
        == table[RESULTS][RESULTS_TOTAL][c] + table[CARRIED_OUT][c]
        for c in ALL_COLUMNS
    )


def years():
    """Years with received applications, newest first."""
    return sorted(
        {d.year for d in Application.objects.counted().dates("received_on", "year")},
        reverse=True,
    )


def overdue_now(queryset, today=None):
    today = today or timezone.localdate()
    return queryset.overdue(today).select_related("unit").order_by("due_on", "pk")


def answered_late(queryset, year):
    return (
        queryset.filter(decided_on__year=year, answered_on_time=False)
        .select_related("unit")
        .order_by("decided_on", "pk")
    )


def workbook(title, table, overdue, late):
    """The report as XLSX bytes: Table 3, then the overdue lists."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("表三")
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["", "", ORGANISATION_HEADER])
    sheet.append(["", _("项目")] + COLUMNS + [TOTAL_COLUMN])
    for number, label, level, cells in rows(table):
        line = [number, "　" * level + label]
        if cells is not None:
            line += [cells[c] for c in ALL_COLUMNS]
        sheet.append(line)
    sheet.column_dimensions["B"].width = 40
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    for name, items in ((_("逾期未答复"), overdue), (_("超期答复"), late)):
        listing = book.create_sheet(name)
        listing.append(
            [
                _("申请编号"),
                _("受理机关"),
                _("收到日期"),
                _("答复期限"),
                _("答复日期"),
                _("状态"),
            ]
        )
        for a in items:
            listing.append(
                [
                    a.number,
                    a.unit.name,
                    a.received_on,
                    a.due_on,
                    a.decided_on,
                    a.get_status_display(),
                ]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
