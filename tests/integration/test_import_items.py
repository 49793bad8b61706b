"""``manage.py import_items``: migrating the catalogue from an old CMS."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Max
from django.utils import timezone
from wagtail.models import Page

from disclosure import workdays
from disclosure.importer import ImportResult, import_rows
from disclosure.models import (
    Category,
    DisclosureItemPage,
    IndexNumber,
    Topic,
    Unit,
    UnitColumnPage,
)
from tests.bench.rows import synthetic_rows

pytestmark = pytest.mark.django_db

DOC_MESSAGE = (
    "文号“随政办发[2014]34号”格式不规范，年份应使用六角括号〔〕，"
    "序号不加“第”、不编虚位，并以“号”结尾。建议改为：随政办发〔2014〕34号"
)


def write_jsonl(path, rows):
    """Rows are dicts, raw strings (written as is) or None (a blank line)."""
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            if row is None:
                handle.write("\n")
            elif isinstance(row, str):
                handle.write(row + "\n")
            else:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def run_command(path, *args):
    """(exit status, stdout lines, stderr text) of ``import_items``; the
    webmaster answers for the migration unless told otherwise."""
    if "--dry-run" not in args and not any(a.startswith("--reviewed-by") for a in args):
        args = (*args, "--reviewed-by", "webmaster")
    out, err = io.StringIO(), io.StringIO()
    status = 0
    try:
        call_command("import_items", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        status = exc.returncode
        err.write(str(exc))
    return status, out.getvalue().splitlines(), err.getvalue()


def last_serial(unit, year):
    return (
        IndexNumber.objects.filter(unit=unit, year=year).aggregate(m=Max("serial"))["m"]
        or 0
    )


def column_of(unit):
    return UnitColumnPage.objects.get(unit=unit, locale__language_code="zh-hans")


@pytest.fixture
def units(demo_db):
    return {
        "lishan": Unit.objects.get(slug="lishan"),
        "czj": Unit.objects.get(slug="czj"),
        "county": Unit.objects.get(slug="county"),
    }


def base_row(unit_, **fields):
    row = {
        "unit": unit_.code,
        "title": "测试信息",
        "document_number": "",
        "formed_on": "2014-05-08",
        "category": "政府文件",
        "topic": "综合政务\\政务公开",
        "body": "<p>正文</p>",
    }
    row.update(fields)
    return row


def test_the_command_reports_bad_rows_by_line_and_imports_the_rest(
    units, tmp_path, client
):
    lishan, czj, county = units["lishan"], units["czj"], units["county"]
    today = timezone.localdate()
    future = (today + datetime.timedelta(days=10)).isoformat()
    demo_item = DisclosureItemPage.objects.filter(unit=county).order_by("pk").first()
    czj_next = last_serial(czj, 2014) + 1
    migrated_number = f"{lishan.code}/2014-00501"
    rows = [
        # 1: a migrated item, plain-text body.
        base_row(
            lishan,
            title="关于印发厉山镇2014年集镇绿化工作方案的通知",
            document_number="厉政发〔2014〕99号",
            index_number=migrated_number,
            published_on="2014-05-12",
            summary="集镇绿化",
            keywords=["绿化", "集镇"],
            body="第一段。\n\u3000\u3000第二段：面积<5亩，A&B",
        ),
        # 2: a new item without 索引号: numbered and published by the system.
        base_row(
            czj,
            title="随县财政局关于规范财政资金拨付的通知",
            formed_on="2014-06-03",
            category="caizheng",
            topic="财政",
            validity="已废止",
        ),
        '{"unit": "随县财政局", "title": ',  # 3: invalid JSON
        None,  # 4: a blank line is ignored
        base_row(lishan, unit="随县不存在局"),  # 5
        base_row(lishan, title=""),  # 6
        base_row(lishan, formed_on="2014-13-01"),  # 7
        base_row(lishan, formed_on=future),  # 8
        base_row(county, document_number="随政办发[2014]34号"),  # 9
        base_row(lishan, category="不存在的类别"),  # 10
        base_row(czj, category="宅基地"),  # 11
        base_row(lishan, topic="综合政务\\不存在"),  # 12
        base_row(lishan, validity="作废"),  # 13
        base_row(lishan, index_number=f"{county.code}/2014-00600"),  # 14
        base_row(lishan, index_number="2014-1"),  # 15
        base_row(lishan, published_on="2014-05-01"),  # 16
        base_row(lishan, published_on=future),  # 17
        base_row(lishan, title="重复", index_number=migrated_number),  # 18
        # 19: already imported (the demo's own number): skipped.
        base_row(
            county,
            title=demo_item.title,
            formed_on=demo_item.formed_on.isoformat(),
            index_number=demo_item.index_number,
            category=demo_item.category.slug,
        ),
        # 20: no 索引号, same unit, title and 成文日期 as a demo item: skipped.
        base_row(
            county,
            title=demo_item.title,
            formed_on=demo_item.formed_on.isoformat(),
            category=demo_item.category.slug,
        ),
        # 21: a migrated number from another year is kept, with a notice.
        base_row(
            lishan,
            title="厉山镇2013年度政府信息公开工作年度报告",
            formed_on="2014-01-10",
            category="计划公报",
            index_number=f"{lishan.code}/2013-00777",
            published_on="2014-01-15",
        ),
        base_row(lishan, formed_on=None, category=None),  # 22
        "[1, 2]",  # 23
    ]
    path = write_jsonl(tmp_path / "items.jsonl", rows)

    status, out, err = run_command(path)

    errors = [line for line in out if line.startswith("第 ")]
    assert errors == [
        "第 3 行：不是有效的 JSON（Expecting value，第 27 列）",
        "第 5 行：发布机构“随县不存在局”不存在（应为机构代码、机构全称或简称）",
        "第 6 行：缺少标题（title）",
        "第 7 行：成文日期“2014-13-01”不是有效日期，应为 YYYY-MM-DD",
        f"第 8 行：成文日期 {future} 晚于今天",
        f"第 9 行：{DOC_MESSAGE}",
        "第 10 行：信息类别“不存在的类别”不存在",
        "第 11 行：信息类别“宅基地”仅适用于镇（场），随县财政局不能使用",
        "第 12 行：主题分类“综合政务\\不存在”不存在",
        "第 13 行：有效性“作废”无效，应为 有效、已修改、已废止 或 已失效",
        f"第 14 行：索引号“{county.code}/2014-00600”的机构代码与发布机构"
        f"厉山镇人民政府的代码（{lishan.code}）不符",
        f"第 15 行：索引号“2014-1”格式不正确，应形如“{lishan.code}/2014-00001”",
        "第 16 行：发布日期 2014-05-01 早于成文日期 2014-05-08",
        f"第 17 行：发布日期 {future} 晚于今天",
        f"第 18 行：索引号“{migrated_number}”与第 1 行重复",
        f"第 21 行（提示）：索引号“{lishan.code}/2013-00777”的年份与成文日期 "
        "2014-01-10 不一致，按迁移数据保留原索引号",
        "第 22 行：缺少成文日期（formed_on）",
        "第 22 行：缺少信息类别（category）",
        "第 23 行：应为 JSON 对象（{…}）",
    ]
    assert out[-1] == "导入 3 条，跳过 2 条（已存在），错误 17 条"
    assert status == 1
    assert "有 17 行未通过校验" in err
    assert "已处理 22/22 行" in err  # progress on stderr (not a terminal here)

    # The migrated item keeps its number and dates.
    first = DisclosureItemPage.objects.get(index_number=migrated_number)
    assert first.live and not first.has_unpublished_changes
    assert first.unit == lishan
    assert first.published_on == datetime.date(2014, 5, 12)
    assert first.is_migrated
    assert timezone.localtime(first.first_published_at).date() == datetime.date(
        2014, 5, 12
    )
    assert first.due_on == workdays.add(datetime.date(2014, 5, 8), 20)
    assert first.document_number == "厉政发〔2014〕99号"
    assert first.category.slug == "wenjian"
    assert first.topic.path == "综合政务\\政务公开"
    assert first.keywords == "绿化 集镇"
    assert first.body == "<p>第一段。</p><p>第二段：面积&lt;5亩，A&amp;B</p>"
    number = IndexNumber.objects.get(value=migrated_number)
    assert (number.unit, number.year, number.serial) == (lishan, 2014, 501)
    assert number.migrated
    assert number.translation_key == first.translation_key

    # The new item gets the next serial after the demo's and today's date.
    second = DisclosureItemPage.objects.get(
        title="随县财政局关于规范财政资金拨付的通知"
    )
    assert second.index_number == f"{czj.code}/2014-{czj_next:05d}"
    assert second.published_on == today
    assert not second.is_migrated
    assert second.validity == DisclosureItemPage.Validity.REPEALED
    assert second.topic.name == "财政"
    assert second.get_parent().pk == column_of(czj).pk
    assert not IndexNumber.objects.get(value=second.index_number).migrated

    third = DisclosureItemPage.objects.get(index_number=f"{lishan.code}/2013-00777")
    assert third.formed_on == datetime.date(2014, 1, 10)
    assert IndexNumber.objects.get(value=third.index_number).year == 2013

    # Live, reachable, listed in their column.
    for item in (first, second, third):
        response = client.get(item.url)
        assert response.status_code == 200, item.url
        assert item.title in response.content.decode()
        assert item.index_number in response.content.decode()
    listing = client.get(column_of(lishan).url + "?category=wenjian").content.decode()
    assert first.title in listing and migrated_number in listing
    assert second.title in client.get(column_of(czj).url).content.decode()

    # The tree is consistent.
    assert all(not problem for problem in Page.find_problems())
    for unit in (lishan, czj):
        column = column_of(unit)
        assert column.numchild == column.get_children().count()

    # Running the file again imports nothing new.
    count = DisclosureItemPage.objects.count()
    status, out, _err = run_command(path)
    assert status == 1
    assert out[-1] == "导入 0 条，跳过 5 条（已存在），错误 17 条"
    assert DisclosureItemPage.objects.count() == count


def test_a_clean_file_exits_zero_and_rerunning_it_skips_everything(units, tmp_path):
    lishan = units["lishan"]
    rows = [
        base_row(lishan, title=f"厉山镇测试通知{n}", formed_on=f"2015-03-{n:02d}")
        for n in range(1, 6)
    ]
    path = write_jsonl(tmp_path / "clean.jsonl", rows)
    before = last_serial(lishan, 2015)

    status, out, _err = run_command(path, "--no-index", "--batch-size", "2")
    assert status == 0
    assert out[-1] == "导入 5 条，跳过 0 条（已存在），错误 0 条"
    numbers = sorted(
        DisclosureItemPage.objects.filter(
            title__startswith="厉山镇测试通知"
        ).values_list("index_number", flat=True)
    )
    assert numbers == [f"{lishan.code}/2015-{before + n:05d}" for n in range(1, 6)]

    status, out, _err = run_command(path)
    assert status == 0
    assert out[-1] == "导入 0 条，跳过 5 条（已存在），错误 0 条"


def test_allocated_numbers_never_take_a_migrated_number_later_in_the_file(units):
    czj = units["czj"]
    first = last_serial(czj, 2016) + 1
    result = import_rows(
        [
            base_row(
                czj, title="新信息甲", formed_on="2016-04-01", category="caizheng"
            ),
            base_row(
                czj,
                title="迁移信息",
                formed_on="2016-03-01",
                category="caizheng",
                index_number=f"{czj.code}/2016-{first:05d}",
                published_on="2016-03-05",
            ),
            base_row(
                czj, title="新信息乙", formed_on="2016-05-01", category="caizheng"
            ),
        ],
        batch_size=1,
        reviewed_by="webmaster",
    )
    assert isinstance(result, ImportResult)
    assert (result.imported, result.skipped, result.rejected) == (3, 0, 0)
    numbers = dict(
        DisclosureItemPage.objects.filter(unit=czj, formed_on__year=2016).values_list(
            "title", "index_number"
        )
    )
    assert numbers["迁移信息"] == f"{czj.code}/2016-{first:05d}"
    assert numbers["新信息甲"] == f"{czj.code}/2016-{first + 1:05d}"
    assert numbers["新信息乙"] == f"{czj.code}/2016-{first + 2:05d}"


def test_dry_run_writes_nothing(units, tmp_path):
    path = write_jsonl(
        tmp_path / "dry.jsonl",
        [base_row(units["lishan"], title="只校验不导入"), "not json"],
    )
    with open(path, "ab") as handle:
        handle.write(b'{"title": "\xb2\xe2\xca\xd4"}\n')  # GBK, not UTF-8
    pages = Page.objects.count()
    status, out, _err = run_command(path, "--dry-run")
    assert status == 1
    assert out[:2] == [
        "第 2 行：不是有效的 JSON（Expecting value，第 1 列）",
        "第 3 行：不是有效的 UTF-8 文本",
    ]
    assert (
        out[-1] == "校验：可导入 1 条，跳过 0 条（已存在），错误 2 条（未写入数据库）"
    )
    assert Page.objects.count() == pages


def test_html_bodies_are_kept_but_scripts_removed(units):
    lishan = units["lishan"]
    import_rows(
        [
            base_row(
                lishan,
                title="表格正文",
                body="<p>说明</p><table><tr><td>项目</td></tr></table>",
            ),
            base_row(
                lishan,
                title="带脚本的正文",
                body='<p onclick="steal()">内容</p><script>alert(1)</script>',
            ),
        ],
        reviewed_by="webmaster",
    )
    assert (
        DisclosureItemPage.objects.get(title="表格正文").body
        == "<p>说明</p><table><tr><td>项目</td></tr></table>"
    )
    body = DisclosureItemPage.objects.get(title="带脚本的正文").body
    assert "内容" in body
    assert "script" not in body and "onclick" not in body and "alert" not in body


def test_synthetic_rows_import_cleanly_and_are_searchable(demo_db, monkeypatch):
    from wagtail.search.models import IndexEntry

    from disclosure.importer import items

    monkeypatch.setattr(items, "ANALYZE_AFTER", 100)  # exercise ANALYZE

    units = list(Unit.objects.all())
    rows = list(
        synthetic_rows(
            300,
            units,
            Category.objects.all(),
            Topic.objects.select_related("parent"),
            seed=7,
        )
    )
    assert rows == list(
        synthetic_rows(300, units, Category.objects.all(), Topic.objects.all(), seed=7)
    )
    years = {int(row["formed_on"][:4]) for row in rows}
    assert min(years) == 2010 and max(years) >= 2025
    assert len({row["unit"] for row in rows}) > 20
    assert any(row["document_number"] for row in rows)
    assert any("index_number" not in row for row in rows)

    before = DisclosureItemPage.objects.count()
    result = import_rows(rows, batch_size=64, reviewed_by="webmaster")
    assert result.error_lines == []
    assert (result.imported, result.rejected) == (300, 0)
    assert DisclosureItemPage.objects.count() == before + 300
    assert all(not problem for problem in Page.find_problems())

    imported = DisclosureItemPage.objects.order_by("-pk")[:300]
    ids = [str(pk) for pk in imported.values_list("pk", flat=True)]
    assert IndexEntry.objects.filter(object_id__in=ids).count() == 300
    values = list(imported.values_list("index_number", flat=True))
    assert len(set(values)) == 300
    assert IndexNumber.objects.filter(value__in=values).count() == 300

    again = import_rows(rows, reviewed_by="webmaster")
    assert (again.imported, again.skipped, again.rejected) == (0, 300, 0)
