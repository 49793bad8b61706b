"""公开时效: late and overdue items per unit, with charts and XLSX export."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from disclosure import timeliness
from disclosure.models import DisclosureItemPage
from tests.factories import draft_item

URL = "/admin/reports/timeliness/"


@pytest.fixture
def late_and_overdue(demo_db):
    late = draft_item(
        "lishan",
        title="逾期发布的测试信息",
        formed_on=datetime.date(2026, 9, 1),
        publish=True,
    )
    overdue = draft_item(
        "lishan", title="逾期未发布的测试信息", formed_on=datetime.date(2026, 9, 1)
    )
    on_time = draft_item(
        "gaocheng",
        title="按时发布的测试信息",
        formed_on=datetime.date.today(),
        publish=True,
    )
    return late, overdue, on_time


def test_items_published_late_and_overdue_drafts_are_reported(late_and_overdue):
    late, overdue, on_time = late_and_overdue
    # 20 working days: the Sunday 9-20 is a make-up workday, 中秋 9-25 is off.
    assert late.due_on == datetime.date(2026, 9, 29)
    problems = list(timeliness.problem_items([late.unit, on_time.unit]))
    assert late in problems and overdue in problems and on_time not in problems
    described = {i.pk: timeliness.describe(i) for i in problems}
    assert described[late.pk].status_label == "逾期发布"
    assert described[overdue.pk].status_label == "逾期未发布"
    assert described[late.pk].workdays_late > 20


def test_report_page_shows_chart_summary_and_details(late_and_overdue, client):
    client.force_login(get_user_model().objects.get(username="webmaster"))
    response = client.get(URL, {"unit": late_and_overdue[0].unit_id})
    assert response.status_code == 200
    html = response.content.decode()
    assert "各单位按时公开率" in html and "逾期发布的测试信息" in html
    assert "逾期未发布的测试信息" in html and "按时发布的测试信息" not in html
    lishan = next(r for r in response.context["summary"] if r.unit.slug == "lishan")
    assert lishan.late >= 1 and lishan.overdue >= 1 and lishan.on_time_rate < 100


def test_report_exports_xlsx(late_and_overdue, client):
    client.force_login(get_user_model().objects.get(username="webmaster"))
    response = client.get(URL, {"export": "xlsx", "status": "late"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content))
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("机构", "名称", "索引号")
    titles = [row[1] for row in rows[1:]]
    assert "逾期发布的测试信息" in titles and "逾期未发布的测试信息" not in titles


def test_a_unit_editor_sees_only_their_unit(late_and_overdue, client):
    draft_item(
        "gaocheng", title="高城镇逾期未发布", formed_on=datetime.date(2026, 9, 1)
    )
    client.force_login(get_user_model().objects.get(username="editor_lishan"))
    response = client.get(URL)
    assert response.status_code == 200
    assert [r.unit.slug for r in response.context["summary"]] == ["lishan"]
    assert "高城镇逾期未发布" not in response.content.decode()
    assert DisclosureItemPage.objects.filter(title="高城镇逾期未发布").exists()


def test_people_without_a_unit_are_refused(demo_db, client):
    user = get_user_model().objects.create_user("visitor", password="x")
    from disclosure.provisioning import admin_access_permission

    user.user_permissions.add(admin_access_permission())
    client.force_login(user)
    assert client.get(URL).status_code in (302, 403)


def test_a_new_holiday_moves_stored_deadlines_later(
    demo_db, django_capture_on_commit_callbacks
):
    from disclosure.models import WorkdayOverride

    item = draft_item("lishan", formed_on=datetime.date(2026, 11, 2))
    assert item.due_on == datetime.date(2026, 11, 30)
    with django_capture_on_commit_callbacks(execute=True):
        WorkdayOverride.objects.create(
            day=datetime.date(2026, 11, 16), is_workday=False, note="测试假日"
        )
    item.refresh_from_db()
    assert item.due_on == datetime.date(2026, 12, 1)
