"""XLSX exports of the annual report's tables and of the monthly 通报."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from . import tables as t


def _bytes(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def annual_report(page):
    book = Workbook()
    sheet = book.active
    sheet.title = _("表二")
    sheet.append([page.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("信息内容"), _("项目"), _("数量")])
    for row, cells in page.table2_rows():
        for column, value in cells.items():
            sheet.append([row, column, value])
    sheet = book.create_sheet(_("表三"))
    sheet.append(["", "", "", t.ORGANISATION_HEADER])
    sheet.append(["", _("项目"), *t.TABLE3_COLUMNS])
    for number, label, level, cells in page.table3_rows():
        sheet.append([number, "　" * level + label, *(cells or [])])
    if page.correction_note:
        sheet.append([])
        sheet.append([_("更正说明"), page.correction_note])
    sheet.column_dimensions["B"].width = 40
    sheet = book.create_sheet(_("表四"))
    sheet.append(["", *t.TABLE4_COLUMNS])
    for group, cells in page.table4_rows():
        sheet.append([group, *cells])
    return _bytes(book)


def bulletin(data, title):
    book = Workbook()
    sheet = book.active
    sheet.title = _("通报")
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    columns = data["columns"]
    sheet.append([_("排名"), _("机构"), *[label for _key, label in columns]])
    for row in data["rows"]:
        sheet.append(
            [
                row["rank"] or "—",
                row["unit"],
                *[
                    "—" if row.get(key) is None else row.get(key)
                    for key, _label in columns
                ],
            ]
        )
    sheet.column_dimensions["B"].width = 24
    return _bytes(book)
