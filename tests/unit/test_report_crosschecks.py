"""The annual report's cross-checks (勾稽): each fails on a planted
inconsistency and holds on consistent tables."""

from disclosure.reports import crosscheck
from disclosure.reports import tables as t


def consistent_table3():
    table = t.empty_table3()

    def put(row, column, n):
        table[row][column] += n
        table[row][t.TOTAL] += n

    put(t.NEW, "自然人", 5)
    put(t.NEW, "商业企业", 2)
    put(t.CARRIED_IN, "自然人", 1)
    put("予以公开", "自然人", 3)
    put("本机关不掌握", "自然人", 1)
    put("逾期不补正", "商业企业", 1)
    put(t.TOTAL, "自然人", 4)
    put(t.TOTAL, "商业企业", 1)
    put(t.CARRIED_OUT, "自然人", 2)
    put(t.CARRIED_OUT, "商业企业", 1)
    return table


def consistent_table4():
    table = t.empty_table4()
    table[t.RECONSIDERATION].update({"维持": 1, "纠正": 1, t.TOTAL: 2})
    table[t.SUED_AFTER].update({"尚未审结": 1, t.TOTAL: 1})
    return table


def messages(failed):
    return [f["message"] for f in failed]


def test_consistent_tables_pass_every_check():
    text = [
        "<p>本年新收政府信息公开申请7件，上年结转政府信息公开申请1件，"
        "办结申请5件，结转下年度继续办理3件。</p>",
        "<p>因政府信息公开引起行政复议2件，行政诉讼1件。</p>",
    ]
    assert (
        crosscheck.check_all(
            t.empty_table2(), consistent_table3(), consistent_table4(), text
        )
        == []
    )


def test_new_plus_carried_in_must_equal_results_plus_carried_out():
    table = consistent_table3()
    table[t.NEW]["自然人"] += 1
    table[t.NEW][t.TOTAL] += 1
    failed = messages(crosscheck.check_table3(table))
    assert any("“自然人”列：本年新收" in m for m in failed)
    assert any("“总计”列：本年新收" in m for m in failed)


def test_results_total_must_be_the_sum_of_outcomes():
    table = consistent_table3()
    table["部分公开"]["自然人"] += 1
    table["部分公开"][t.TOTAL] += 1
    failed = messages(crosscheck.check_table3(table))
    assert any(
        "办理结果总计（4）应等于（一）至（六）各项之和（5）" in m for m in failed
    )


def test_row_total_must_be_the_sum_of_applicant_columns():
    table = consistent_table3()
    table[t.CARRIED_OUT][t.TOTAL] = 4
    failed = messages(crosscheck.check_table3(table))
    assert any("“结转下年度继续办理”行：总计（4）" in m for m in failed)


def test_table4_totals_must_be_the_sum_of_their_parts():
    table = consistent_table4()
    table[t.SUED_DIRECTLY]["纠正"] = 2
    failed = messages(crosscheck.check_table4(table))
    assert failed == [
        "“未经复议直接起诉”：总计（0）应等于维持、纠正、其他、尚未审结之和（2）。"
    ]


def test_figures_quoted_in_the_text_must_match_the_tables():
    failed = crosscheck.check_text(
        ["<p>本年新收政府信息公开申请9件，行政复议3件。</p>"],
        consistent_table3(),
        consistent_table4(),
    )
    assert len(failed) == 2
    assert "本年新收申请在表中为7件" in failed[0]["message"]
    assert "行政复议在表中为2件" in failed[1]["message"]


def test_nested_table3_of_the_applications_app_is_flattened():
    nested = {
        t.NEW: {"自然人": 2, t.TOTAL: 2},
        t.CARRIED_IN: {},
        t.RESULTS: {
            "予以公开": {"自然人": 1, t.TOTAL: 1},
            "不予公开": {"国家秘密": {"自然人": 1, t.TOTAL: 1}},
            t.TOTAL: {"自然人": 2, t.TOTAL: 2},
        },
        t.CARRIED_OUT: {},
    }
    flat = t.table3(nested)
    assert list(flat) == t.TABLE3_ROWS
    assert flat["国家秘密"]["自然人"] == 1
    assert crosscheck.check_table3(flat) == []
