"""``import_items`` publishes nothing unreviewed: rows with a blocking review
finding are refused by line, and the person who answers for the migration is
recorded and shown in the 政务公开基础台帐. 索引号 survive a unit's change of
code; a unit's short name is accepted where unambiguous."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry

from disclosure.importer import import_rows
from disclosure.importer.review import ReviewerInvalid
from disclosure.models import (
    IMPORT_ACTION,
    DisclosureItemPage,
    IndexNumber,
    ItemImport,
    Unit,
)
from tests.factories import draft_item, ledger_rows, publish_unreviewed, user
from tests.integration import test_import_items
from tests.integration.test_import_items import base_row, run_command, write_jsonl

units = test_import_items.units  # the fixture

NEW_CODE = "11420321MB0123456X"  # an 18-character 统一社会信用代码


def test_rows_with_a_blocking_finding_are_refused_by_line(units, tmp_path):
    lishan = units["lishan"]
    rows = [
        base_row(lishan, title="厉山镇2014年临时救助公示", body="<p>已审核。</p>"),
        base_row(
            lishan,
            title="临时救助对象",
            body="<p>王某，身份证号420321198001011234。</p>",
        ),
        base_row(lishan, title="秘密★1年 防汛内部安排"),
        base_row(lishan, title="救助电话", summary="联系人手机１３９１２３４５６７８"),
        base_row(
            lishan,
            title="依条例公开",
            body="依据《中华人民共和国政府信息公开条列》公开。",
        ),
        base_row(lishan, title="住址公示", body="家住神农大道88号的王某"),
    ]
    path = write_jsonl(tmp_path / "review.jsonl", rows)
    status, out, _err = run_command(path)
    errors = [line for line in out if line.startswith("第 ")]
    assert [line.split("：")[0] for line in errors] == [
        "第 2 行",
        "第 3 行",
        "第 4 行",
        "第 5 行",
        "第 6 行",
    ]
    assert all("自动审查发现 1 项阻断性问题，未导入" in line for line in errors)
    assert "420321198001011234" in errors[0] and "身份证" in errors[0]
    assert "密级标志" in errors[1]
    assert "１３９１２３４５６７８" in errors[2] and "手机号码" in errors[2]
    assert "固定名称" in errors[3]
    assert "神农大道88号" in errors[4]
    assert out[-1] == "导入 1 条，跳过 0 条（已存在），错误 5 条"
    assert status == 1
    titles = set(
        DisclosureItemPage.objects.filter(unit=lishan).values_list("title", flat=True)
    )
    assert "厉山镇2014年临时救助公示" in titles and "临时救助对象" not in titles

    # A dry run reports the same, without naming anyone.
    status, out, _err = run_command(path, "--dry-run")
    assert status == 1 and sum(line.startswith("第 ") for line in out) == 5


def test_a_writing_run_needs_the_person_who_answers_for_it(units, tmp_path):
    path = write_jsonl(tmp_path / "one.jsonl", [base_row(units["lishan"])])
    pages = DisclosureItemPage.objects.count()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="--reviewed-by") as refused:
        call_command("import_items", str(path), stdout=out, stderr=err)
    assert refused.value.returncode == 2
    status, _out, err = run_command(path, "--reviewed-by", "nobody")
    assert status == 2 and "用户“nobody”不存在" in err
    get_user_model().objects.create_user("gone", is_active=False)
    status, _out, err = run_command(path, "--reviewed-by", "gone")
    assert status == 2 and "已停用" in err
    assert DisclosureItemPage.objects.count() == pages
    with pytest.raises(ReviewerInvalid):
        import_rows([base_row(units["lishan"])])


def test_the_ledger_shows_imported_items_with_who_answers_for_them(
    units, tmp_path, client
):
    lishan = units["lishan"]
    path = write_jsonl(
        tmp_path / "old-cms.jsonl",
        [
            base_row(
                lishan,
                title="厉山镇2014年集镇建设规划（迁移）",
                index_number=f"{lishan.code}/2014-00888",
                published_on="2014-05-12",
            )
        ],
    )
    status, _out, _err = run_command(path, "--reviewed-by", "reviewer_lishan")
    assert status == 0
    item = DisclosureItemPage.objects.get(index_number=f"{lishan.code}/2014-00888")
    record = ItemImport.objects.get()
    assert record.reviewed_by.username == "reviewer_lishan"
    assert (record.source, record.imported, record.rejected) == ("old-cms.jsonl", 1, 0)
    entry = PageLogEntry.objects.get(page=item)
    assert entry.action == IMPORT_ACTION and entry.user == record.reviewed_by

    month = datetime.date.today().strftime("%Y-%m")
    for username in ("webmaster", "reviewer_lishan"):
        client.force_login(user(username))
        html = client.get(
            "/admin/reports/review-ledger/", {"month": month, "unit": lishan.pk}
        ).content.decode()
        assert "厉山镇2014年集镇建设规划（迁移）" in html
        assert "厉山镇审核员（迁移导入）" in html and "未经审查" not in html
    client.force_login(user("webmaster"))
    rows = ledger_rows(client, month)
    row = next(r for r in rows if r[2] == "厉山镇2014年集镇建设规划（迁移）")
    assert row[1] == "厉山镇" and row[3] == item.index_number
    assert row[4] == row[8] == "厉山镇审核员（迁移导入）"
    assert row[5] is not None and row[6] == "自动检查无阻断性问题"
    assert "由厉山镇审核员审核并负责" in row[7] and "old-cms.jsonl" in row[7]
    assert "原发布日期 2014-05-12" in row[7]
    # Another unit's reviewer does not see it.
    client.force_login(user("reviewer"))
    html = client.get("/admin/reports/review-ledger/", {"month": month})
    assert "厉山镇2014年集镇建设规划（迁移）" not in html.content.decode()


# -- 索引号 across a change of unit code; short names -------------------------


def test_a_unit_keeps_its_former_codes_and_its_index_numbers(units, client):
    lishan = units["lishan"]
    old_code = lishan.code
    published = draft_item("lishan", publish=True)
    old_number = published.index_number
    assert old_number.startswith(f"{old_code}/")

    # The webmaster changes the code in the unit snippet: the old one is kept.
    lishan.code = NEW_CODE
    lishan.save()
    lishan.refresh_from_db()
    assert lishan.former_code_list() == [old_code]
    published.refresh_from_db()
    publish_unreviewed(published)
    published.refresh_from_db()
    assert published.index_number == old_number
    fresh = draft_item("lishan", publish=True)
    assert fresh.index_number.startswith(f"{NEW_CODE}/")

    # Rows under the old code keep their 索引号; the unit is found by either.
    result = import_rows(
        [
            base_row(
                lishan,
                unit=old_code,
                title="旧代码下的迁移信息",
                index_number=f"{old_code}/2014-00901",
                published_on="2014-06-01",
            ),
            base_row(
                lishan,
                unit=NEW_CODE,
                title="新代码下的迁移信息",
                index_number=f"{NEW_CODE}/2014-00902",
                published_on="2014-06-01",
            ),
            base_row(
                lishan,
                title="他机构代码",
                index_number=f"{units['czj'].code}/2014-00903",
            ),
        ],
        reviewed_by="webmaster",
    )
    assert result.imported == 2
    assert [str(e) for e in result.errors] == [
        f"第 3 行：索引号“{units['czj'].code}/2014-00903”的机构代码与发布机构"
        f"厉山镇人民政府的代码（{NEW_CODE}、{old_code}）不符"
    ]
    kept = DisclosureItemPage.objects.get(title="旧代码下的迁移信息")
    assert kept.unit == lishan and kept.index_number == f"{old_code}/2014-00901"
    assert IndexNumber.objects.get(value=kept.index_number).unit == lishan


def test_the_webmaster_edits_former_codes_in_the_unit_snippet(units, client):
    client.force_login(user("webmaster"))
    lishan, czj = units["lishan"], units["czj"]
    url = f"/admin/snippets/disclosure/unit/edit/{lishan.pk}/"
    html = client.get(url).content.decode()
    assert "原机构代码" in html and 'name="former_codes"' in html
    data = {
        "name": lishan.name,
        "short_name": lishan.short_name,
        "kind": lishan.kind,
        "code": lishan.code,
        "slug": lishan.slug,
        "sort_order": lishan.sort_order,
    }
    for former, message in [
        ("12345", "格式不正确"),
        (czj.code, "已由随县财政局使用"),
    ]:
        response = client.post(url, {**data, "former_codes": former})
        assert response.status_code == 200
        assert message in response.content.decode()
    response = client.post(url, {**data, "former_codes": "42032119-X\n"})
    assert response.status_code == 302
    lishan.refresh_from_db()
    assert lishan.codes() == [lishan.code, "42032119-X"]


def test_a_short_name_is_accepted_where_unambiguous(units):
    lishan = units["lishan"]
    Unit.objects.filter(slug="gaocheng").update(short_name="同名镇")
    Unit.objects.filter(slug="yindian").update(short_name="同名镇")
    result = import_rows(
        [
            base_row(lishan, unit="厉山镇", title="按简称导入"),
            base_row(lishan, unit="同名镇", title="简称不唯一"),
        ],
        reviewed_by="webmaster",
    )
    assert result.imported == 1
    assert DisclosureItemPage.objects.get(title="按简称导入").unit == lishan
    (error,) = result.errors
    assert error.line == 2
    assert "发布机构简称“同名镇”对应多个机构" in error.message
    assert "高城镇人民政府" in error.message and "殷店镇人民政府" in error.message
