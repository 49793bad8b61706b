"""The survey report in the admin: a unit sees its own surveys only, text
answers are masked, exports are XLSX (large ones built by a task and kept
outside MEDIA_ROOT); the webmaster sees failed notifications."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from disclosure.models import Unit
from interaction.models import (
    Notification,
    SurveyExport,
    SurveyPage,
    SurveyResponse,
    SurveySettings,
)
from interaction.surveys import identity, results
from tests.factories import column_of, logged_in, survey_page

pytestmark = pytest.mark.django_db
SECRET_TEXT = "请联系我13907221234，身份证420321198001011231"


@pytest.fixture
def lishan_survey(demo_db):
    page = survey_page(unit_slug="lishan")
    text = next(q for q in page.question_list if q.kind == "long_text")
    single = next(q for q in page.question_list if q.kind == "single")
    SurveyResponse.objects.bulk_create(
        [
            SurveyResponse(
                survey_id=page.pk,
                phone_hash=identity.phone_hash(page.pk, f"1390000{i:04d}"),
                answers={single.id: single.options[0][0], text.id: SECRET_TEXT},
                personal_data=True,
            )
            for i in range(6)
        ]
    )
    results.aggregate(page.survey)
    return page


def test_a_unit_sees_its_own_surveys_and_no_other(lishan_survey, client):
    page = lishan_survey
    report = f"/admin/surveys/{page.pk}/"
    logged_in("editor_lishan", client)
    listing = client.get("/admin/surveys/").content.decode()
    assert page.title in listing
    assert "城区老旧小区改造居民意愿调查" not in listing  # 住建局's
    html = client.get(report).content.decode()
    assert "<svg" in html and "result-table" in html
    assert "139****1234" in html and "13907221234" not in html
    assert "420321198001011231" not in html

    logged_in("editor_xzfb", client)
    assert client.get(report).status_code == 404
    assert page.title not in client.get("/admin/surveys/").content.decode()
    answer = SurveyResponse.objects.filter(survey_id=page.pk).first()
    void_url = f"{report}answers/{answer.pk}/void/"
    assert client.post(void_url, {"reason": "x"}).status_code == 404
    assert client.post(f"{report}export/", {"kind": "raw"}).status_code == 404

    # The unit's reviewer reads but does not act.
    logged_in("reviewer_lishan", client)
    assert client.get(report).status_code == 200
    # Wagtail answers a refused admin action with a redirect and a message.
    assert client.post(void_url, {"reason": "x"}).status_code in (302, 403)
    assert SurveyResponse.objects.get(pk=answer.pk).status == "valid"

    logged_in("editor_lishan", client)
    assert client.get(void_url).status_code == 200
    response = client.post(void_url, {"reason": "重复提交"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.status == "void"

    logged_in("handler_czj", client)  # no unit editor or reviewer role
    assert client.get("/admin/surveys/").status_code in (302, 403)


def test_extending_from_the_report(lishan_survey, client):
    page = lishan_survey
    logged_in("editor_lishan", client)
    url = f"/admin/surveys/{page.pk}/extend/"
    refused = client.post(url, {"until": "2000-01-01 10:00", "note": "太早"})
    assert refused.status_code == 400 and "应晚于原结束时间" in refused.content.decode()
    until = page.survey.closes_at.astimezone().replace(tzinfo=None)
    until = (until.replace(year=until.year + 1)).strftime("%Y-%m-%d %H:%M")
    assert client.post(url, {"until": until, "note": "延长"}).status_code == 302
    page.survey.refresh_from_db()
    assert page.survey.extended


def sheet_rows(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [[c for c in row] for row in sheet.iter_rows(values_only=True)]


def test_small_exports_download_at_once_with_text_masked(lishan_survey, client):
    page = lishan_survey
    logged_in("editor_lishan", client)
    raw = client.post(f"/admin/surveys/{page.pk}/export/", {"kind": "raw"})
    assert raw.status_code == 200
    assert raw["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet_rows(raw.content)
    assert len(rows) == 7 and rows[0][0] == "答卷编号"
    flat = " ".join(str(c) for row in rows for c in row)
    assert "13907221234" not in flat and "139****1234" in flat
    summary = client.post(f"/admin/surveys/{page.pk}/export/", {"kind": "summary"})
    assert summary.status_code == 200
    assert any(
        row[0] == "有效答卷" and row[1] == 6 for row in sheet_rows(summary.content)
    )


def test_a_large_export_is_built_by_a_task_outside_media_root(
    lishan_survey, client, settings, django_capture_on_commit_callbacks
):
    page = lishan_survey
    settings.SURVEY_EXPORT_SYNC_LIMIT = 3
    logged_in("editor_lishan", client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/surveys/{page.pk}/export/", {"kind": "raw"})
    assert response.status_code == 302
    export = SurveyExport.objects.get(survey_id=page.pk)
    assert export.status == "ready" and export.rows == 6
    path = Path(export.file.path).resolve()
    assert Path(settings.MEDIA_ROOT).resolve() not in path.parents
    assert "下载（6行）" in client.get(f"/admin/surveys/{page.pk}/").content.decode()
    url = f"/admin/surveys/{page.pk}/exports/{export.pk}/"
    download = client.get(url)
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    assert len(sheet_rows(b"".join(download.streaming_content))) == 7
    logged_in("editor_xzfb", client)
    assert client.get(url).status_code == 404


def test_survey_pages_in_unit_columns_only_when_the_webmaster_allows(demo_db, client):
    column = column_of("lishan")
    assert not SurveyPage.can_create_at(column)
    settings_row = SurveySettings.load()
    settings_row.allow_in_unit_columns = True
    settings_row.save()
    assert SurveyPage.can_create_at(column)
    logged_in("editor_lishan", client)
    add = client.get(f"/admin/pages/add/interaction/surveypage/{column.pk}/")
    assert add.status_code == 200
    # The column decides the unit; the editor does not pick another.
    page = survey_page(parent=column, unit_slug="czj", publish=False)
    page.full_clean()
    assert page.unit == Unit.objects.get(slug="lishan")


def test_the_webmaster_sees_failed_notifications(demo_db, client):
    failed = Notification.objects.create(
        channel="sms",
        recipient="13900000000",
        body="测试",
        idempotency_key="admin-failed-1",
        status="failed",
        attempts=3,
        last_error="SMSError: 短信平台返回 HTTP 500",
    )
    logged_in("webmaster", client)
    listing = client.get("/admin/notifications/?status=failed").content.decode()
    assert "短信平台返回 HTTP 500" in listing
    detail = client.get(reverse("notifications:inspect", args=[failed.pk]))
    detail = detail.content.decode()
    assert "立即重新发送" in detail
    logged_in("editor_lishan", client)
    assert client.get("/admin/notifications/").status_code in (302, 403)


def test_unit_editors_draft_surveys_in_their_own_name(demo_db, client):
    from interaction.models import SurveyIndexPage

    index = SurveyIndexPage.objects.get()
    logged_in("editor_lishan", client)
    add = client.get(f"/admin/pages/add/interaction/surveypage/{index.pk}/")
    assert add.status_code == 200
    units = add.context["form"].fields["unit"].queryset
    assert list(units) == [Unit.objects.get(slug="lishan")]
