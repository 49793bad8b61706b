"""The annual 政府信息公开 report: built from the portal's figures, checked
(勾稽) before it can go to review, published through the review, printed and
exported."""

import io
import json
import re

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from disclosure.models import AnnualReportPage, Unit
from disclosure.reports import annual
from tests.factories import (
    TABLE3_APPLICANT_COLUMNS,
    column_of,
    formset_management,
    logged_in,
    pass_review,
)

pytestmark = pytest.mark.services


def report_json(unit, year):
    out = io.StringIO()
    call_command("annual_report", unit, str(year), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_demo_2014_report_is_made_from_the_portals_own_data(
    demo_db, client, django_assert_max_num_queries
):
    data = report_json("随县人民政府", 2014)
    assert list(data["table3"])[:3] == ["本年新收", "上年结转", "予以公开"]
    assert list(data["table3"]["本年新收"]) == TABLE3_APPLICANT_COLUMNS
    assert data["table2"]["行政规范性文件"] == {
        "本年制发": 0,
        "本年废止": 0,
        "现行有效": 0,
    }
    assert list(data["table4"]) == ["行政复议", "未经复议直接起诉", "复议后起诉"]
    assert data["checks"] == []

    page = AnnualReportPage.objects.get(unit__slug="county", year=2014)
    assert page.live
    assert "书记县长信箱全年收到群众来信200件，已答复199件" in page.overview
    assert "财力贫乏" in page.problems  # the seed's own account
    with django_assert_max_num_queries(30):
        response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "收到和处理政府信息公开申请情况" in html
    assert "disclosure/annual_report.css" in html
    assert "style=" not in html
    column = client.get(column_of("county").url).content.decode()
    assert "政府信息公开年度报告" in column and page.url in column


def test_current_year_report_counts_the_applications_and_holds(demo_db):
    county = Unit.objects.get(slug="county")
    data = report_json(county.code, timezone.localdate().year)
    table3 = data["table3"]
    assert table3["本年新收"]["总计"] > 0
    assert data["checks"] == []
    draft = AnnualReportPage.objects.get(unit=county, year=timezone.localdate().year)
    assert not draft.live


def test_the_command_lists_a_planted_inconsistency(demo_db):
    page = AnnualReportPage.objects.get(unit__slug="county", year=2014)
    page.table3_corrections = {"予以公开": {"自然人": 3}}
    page.correction_note = "测试"
    page.save_revision()
    checks = report_json("county", 2014)["checks"]
    assert any("“自然人”列" in message for message in checks)
    assert any("“予以公开”行" in message for message in checks)


def lishan_report(year, table4):
    """厉山镇's annual report for ``year``, a draft with its figures made."""
    column = column_of("lishan")
    page = AnnualReportPage(
        title=f"厉山镇{year}年政府信息公开工作年度报告",
        slug=f"annual-report-{year}",
        year=year,
        live=False,
        table4=table4,
    )
    page.unit = column.unit
    page.refresh_figures()
    return column.add_child(instance=page)


def form_data(**overrides):
    data = {
        "title": "厉山镇2025年政府信息公开工作年度报告",
        "slug": "annual-report-2025",
        "year": "2025",
        "correction_note": "",
        **formset_management("comments"),
    }
    for key, _heading in annual.SECTIONS:
        data[key] = rich_text("<p>本年度工作情况。</p>")
    data.update(overrides)
    return data


def test_failed_checks_stop_submission_with_a_chinese_error(demo_db, client):
    logged_in("editor_lishan", client)
    column = column_of("lishan")
    url = reverse(
        "wagtailadmin_pages:add", args=["disclosure", "annualreportpage", column.pk]
    )
    form = client.get(url)
    assert "厉山镇人民政府" in form.content.decode()  # the draft's title and text

    no_note = client.post(url, form_data(t3_2_0="7", **{"action-submit": "1"}))
    assert "必须填写更正说明" in no_note.content.decode()

    planted = form_data(
        t3_2_0="7", correction_note="补录一件", **{"action-submit": "1"}
    )
    refused = client.post(url, planted)
    assert refused.status_code == 200
    assert "勾稽校验未通过，不能提交审查" in refused.content.decode()
    assert not AnnualReportPage.objects.filter(unit__slug="lishan").exists()

    quoted = form_data(
        applications=rich_text("<p>本年新收政府信息公开申请99件。</p>"),
        **{"action-submit": "1"},
    )
    assert "正文所述" in client.post(url, quoted).content.decode()

    client.post(url, form_data(**{"action-submit": "1"}))
    page = AnnualReportPage.objects.get(unit__slug="lishan", year=2025)
    assert page.current_workflow_state is not None


def test_reviewers_cannot_approve_a_revision_that_fails_the_checks(demo_db):
    from django.core.exceptions import PermissionDenied

    page = lishan_report(2024, table4={"行政复议": {"维持": 1, "总计": 2}})
    with pytest.raises(PermissionDenied, match="勾稽校验未通过"):
        pass_review(page)
    assert not AnnualReportPage.objects.get(pk=page.pk).live


def test_a_report_is_published_through_the_review_and_exports_xlsx(demo_db, client):
    year = timezone.localdate().year - 1
    page = lishan_report(year, table4={"行政复议": {"维持": 1, "总计": 1}})
    pass_review(page)
    page.refresh_from_db()
    assert page.live

    county = Unit.objects.get(slug="county")
    _table2, table4 = annual.units_tables(year, county)
    assert table4["行政复议"]["维持"] == table4["行政复议"]["总计"] == 1
    # The county's new report starts from its units' tables.
    logged_in("webmaster", client)
    add = reverse(
        "wagtailadmin_pages:add",
        args=["disclosure", "annualreportpage", column_of("county").pk],
    )
    assert re.search(r'name="t4_0_0" value="1"', client.get(add).content.decode())

    logged_in("editor_lishan", client)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert "导出表格（XLSX）" in editor.content.decode()
    response = client.get(reverse("site_health:annual_xlsx", args=[page.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["表二", "表三", "表四"]
    assert [c.value for c in book["表四"][2]][:6] == ["行政复议", 1, 0, 0, 0, 1]
    logged_in("editor_xzfb", client)  # another unit's editor
    refused = client.get(reverse("site_health:annual_xlsx", args=[page.pk]))
    assert refused.status_code in (302, 403)
    assert "spreadsheetml" not in refused.get("Content-Type", "")
