"""The three tables of the annual report (国办公开办函〔2021〕30号) as plain
dicts keyed by their Chinese labels, in the order the format prints them.

* Table 2 (主动公开政府信息情况): ``{row: {column: number}}``, entered by hand;
* Table 3 (收到和处理政府信息公开申请情况): ``{row: {column: n}}`` with the rows
  flattened (every label is unique), computed from the applications;
* Table 4 (政府信息公开行政复议、行政诉讼情况): ``{group: {column: n}}``."""

from decimal import Decimal

# Table 2 ----------------------------------------------------------------------
ISSUED, REPEALED, IN_FORCE = "本年制发", "本年废止", "现行有效"
DECISIONS = "本年处理决定数量"
FEES = "本年收费金额"
TABLE2 = [
    ("规章", [ISSUED, REPEALED, IN_FORCE]),
    ("行政规范性文件", [ISSUED, REPEALED, IN_FORCE]),
    ("行政许可", [DECISIONS]),
    ("行政处罚", [DECISIONS]),
    ("行政强制", [DECISIONS]),
    ("行政事业性收费", [FEES]),
]

# Table 3 ----------------------------------------------------------------------
PERSON = "自然人"
ORGANISATION_HEADER = "法人或其他组织"
ORGANISATIONS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
TOTAL = "总计"
APPLICANT_COLUMNS = [PERSON, *ORGANISATIONS]
TABLE3_COLUMNS = [*APPLICANT_COLUMNS, TOTAL]

NEW, CARRIED_IN, RESULTS, CARRIED_OUT = (
    "本年新收",
    "上年结转",
    "本年度办理结果",
    "结转下年度继续办理",
)
#: (group number, group label, outcome rows); a group of one row named like
#: the group is a row of its own.
RESULT_GROUPS = [
    ("（一）", "予以公开", ["予以公开"]),
    ("（二）", "部分公开", ["部分公开"]),
    (
        "（三）",
        "不予公开",
        [
            "国家秘密",
            "其他法律行政法规禁止公开",
            '危及"三安全一稳定"',
            "保护第三方合法权益",
            "三类内部事务信息",
            "四类过程性信息",
            "行政执法案卷",
            "行政查询事项",
        ],
    ),
    (
        "（四）",
        "无法提供",
        ["本机关不掌握", "没有现成信息需要另行制作", "补正后申请内容仍不明确"],
    ),
    (
        "（五）",
        "不予处理",
        [
            "信访举报投诉类申请",
            "重复申请",
            "要求提供公开出版物",
            "无正当理由大量反复申请",
            "要求行政机关确认或重新出具已获取信息",
        ],
    ),
    ("（六）", "其他处理", ["逾期不补正", "逾期未缴费", "其他"]),
]
OUTCOME_ROWS = [row for _n, _g, rows in RESULT_GROUPS for row in rows]
TABLE3_ROWS = [NEW, CARRIED_IN, *OUTCOME_ROWS, TOTAL, CARRIED_OUT]

# Table 4 ----------------------------------------------------------------------
UPHELD, CORRECTED, OTHER, PENDING = "维持", "纠正", "其他", "尚未审结"
TABLE4_COLUMNS = [UPHELD, CORRECTED, OTHER, PENDING, TOTAL]
RECONSIDERATION = "行政复议"
SUED_DIRECTLY = "未经复议直接起诉"
SUED_AFTER = "复议后起诉"
TABLE4_GROUPS = [RECONSIDERATION, SUED_DIRECTLY, SUED_AFTER]
LITIGATION = "行政诉讼"


def empty_table2():
    return {row: dict.fromkeys(columns, 0) for row, columns in TABLE2}


def empty_table3():
    return {row: dict.fromkeys(TABLE3_COLUMNS, 0) for row in TABLE3_ROWS}


def empty_table4():
    return {group: dict.fromkeys(TABLE4_COLUMNS, 0) for group in TABLE4_GROUPS}


def _number(value):
    if value in (None, ""):
        return 0
    if isinstance(value, (int, float)):
        return value
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return 0
    return int(number) if number == number.to_integral_value() else float(number)


def _normalised(table, empty):
    """``table`` laid over ``empty``: every row and column present, nothing
    else, numbers only."""
    table = table or {}
    return {
        row: {col: _number((table.get(row) or {}).get(col)) for col in columns}
        for row, columns in empty.items()
    }


def table2(data):
    return _normalised(data, empty_table2())


def table4(data):
    return _normalised(data, empty_table4())


def flatten_table3(nested):
    """Table 3 as the applications app computes it (results nested by group)
    made flat: one row per label."""
    nested = nested or {}
    flat = {}
    for row in (NEW, CARRIED_IN, CARRIED_OUT):
        flat[row] = nested.get(row) or {}
    results = nested.get(RESULTS) or {}
    for _num, group, rows in RESULT_GROUPS:
        value = results.get(group) or {}
        if rows == [group]:
            flat[group] = value
        else:
            for row in rows:
                flat[row] = value.get(row) or {}
    flat[TOTAL] = results.get(TOTAL) or {}
    return _normalised(flat, empty_table3())


def table3(data):
    """A flat Table 3 (or the nested form of the applications app)."""
    if data and RESULTS in data:
        return flatten_table3(data)
    return _normalised(data, empty_table3())


def with_corrections(computed, corrections):
    """The computed Table 3 with the editor's corrected cells on top."""
    table = table3(computed)
    for row, cells in (corrections or {}).items():
        for col, value in (cells or {}).items():
            if row in table and col in table[row] and value not in (None, ""):
                table[row][col] = _number(value)
    return table


def add(tables, normalise):
    """The cell-by-cell sum of several tables of one kind."""
    total = normalise({})
    for table in tables:
        table = normalise(table)
        for row, cells in table.items():
            for col, value in cells.items():
                total[row][col] += value
    return total


def table3_lines():
    """Table 3's printed lines: ``(number, label, level, row key or None)``."""
    lines = [
        ("一", NEW, 0, NEW),
        ("二", CARRIED_IN, 0, CARRIED_IN),
        ("三", RESULTS, 0, None),
    ]
    for number, group, rows in RESULT_GROUPS:
        if rows == [group]:
            lines.append((number, group, 1, group))
            continue
        lines.append((number, group, 1, None))
        for index, row in enumerate(rows, 1):
            lines.append((str(index), row, 2, row))
    lines.append(("（七）", TOTAL, 1, TOTAL))
    lines.append(("四", CARRIED_OUT, 0, CARRIED_OUT))
    return lines


# The report's form fields: {field name: (row, column)} of each table's cells.
def _grid(prefix, rows, columns_of):
    """``{field name: (row, column)}`` of a table's cells."""
    return {
        f"{prefix}_{i}_{j}": (row, col)
        for i, row in enumerate(rows)
        for j, col in enumerate(columns_of(row))
    }


TABLE2_CELLS = _grid("t2", [r for r, _c in TABLE2], dict(TABLE2).get)
TABLE3_CELLS = _grid("t3", TABLE3_ROWS, lambda row: TABLE3_COLUMNS)
TABLE4_CELLS = _grid("t4", TABLE4_GROUPS, lambda row: TABLE4_COLUMNS)
