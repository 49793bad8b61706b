"""The admin of 依申请公开: a unit's handlers and heads see and act on their
unit only (404 for others), the county office sees every unit with personal
data masked, the head approves extensions, the report gives Table 3 per unit
and year with the overdue lists and an XLSX export; the webmaster sets each
unit's fee method."""

import io
import re

import pytest
from openpyxl import load_workbook

from interaction.applications import workflow
from interaction.models import Application, ApplicationDesk
from tests.factories import APPLICANT_ID, application, desk_member, logged_in

pytestmark = pytest.mark.usefixtures("demo_db")


def detail(item):
    return f"/admin/applications/{item.pk}/"


def numbers(html):
    return set(re.findall(r"SQ20\d\d-\d{5}", html))


def test_handlers_see_their_own_units_applications_and_nothing_else():
    lishan = Application.objects.filter(unit__slug="lishan")
    czj = Application.objects.filter(unit__slug="czj")
    listing = logged_in("ysq_lishan").get("/admin/applications/").content.decode()
    assert {a.number for a in lishan} <= numbers(listing)
    assert not {a.number for a in czj} & numbers(listing)
    client = logged_in("ysq_lishan")
    assert client.get(detail(czj.first())).status_code == 404
    assert client.get(detail(lishan.first())).status_code == 200
    office = logged_in("ysq_office").get("/admin/applications/?unit=&status=").content
    assert {a.number for a in Application.objects.all()[:40]} <= numbers(
        office.decode()
    )
    # A mailbox handler has no business here.
    outsider = logged_in("handler_czj")
    assert outsider.get("/admin/applications/").status_code == 302
    assert outsider.get(detail(czj.first())).status_code == 302


def test_personal_data_is_masked_except_for_the_handling_unit():
    item = application(phone="13972215678")
    handler = logged_in("ysq_lishan").get(detail(item)).content.decode()
    for value in ("13972215678", APPLICANT_ID, "烈山大道18号"):
        assert value in handler
    for username in ("ysq_office", "webmaster"):
        html = logged_in(username).get(detail(item)).content.decode()
        for value in ("13972215678", APPLICANT_ID, "烈山大道18号"):
            assert value not in html, username
        assert "139****5678" in html and "4203**********1231" in html
        assert "厉山镇＊＊＊" in html


def test_a_handler_takes_steps_in_the_admin_and_the_head_approves_the_extension():
    item = application()
    handler = logged_in("ysq_lishan")
    page = handler.get(detail(item)).content.decode()
    assert 'data-action="confirm_receipt"' in page
    assert 'data-action="approve_extension"' not in page
    response = handler.post(
        detail(item), {"action": "confirm_receipt", "confirm_receipt-note": ""}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "received"

    bad = handler.post(
        detail(item), {"action": "answer", "answer-outcome": "", "answer-decision": ""}
    )
    assert bad.status_code == 400 and "请选择办理结果。" in bad.content.decode()
    refused = handler.post(
        detail(item),
        {
            "action": "answer",
            "answer-outcome": "disclosed",
            "answer-decision": "所申请的信息予以公开。",
        },
    )
    assert refused.status_code == 400
    assert (
        "予以公开或部分公开时，请附上信息或填写获取信息的链接"
        in refused.content.decode()
    )

    handler.post(
        detail(item),
        {
            "action": "request_extension",
            "request_extension-days": "10",
            "request_extension-note": "需调阅历年档案",
        },
    )
    item.refresh_from_db()
    assert item.extension == "pending"
    # The office may look but takes no step for the unit.
    office = logged_in("ysq_office")
    denied = office.post(detail(item), {"action": "approve_extension"})
    assert denied.status_code == 400 and "无权" in denied.content.decode()
    head = logged_in("head_lishan")
    assert 'data-action="approve_extension"' in head.get(detail(item)).content.decode()
    due = item.due_on
    assert head.post(detail(item), {"action": "approve_extension"}).status_code == 302
    item.refresh_from_db()
    assert item.extension == "approved" and item.due_on > due
    notice = item.notices.get(kind="extension")
    assert head.get(f"{detail(item)}notices/{notice.pk}/").status_code == 200
    pdf = head.get(f"{detail(item)}notices/{notice.pk}/pdf/")
    assert pdf.content.startswith(b"%PDF")
    assert (
        logged_in("ysq_czj").get(f"{detail(item)}notices/{notice.pk}/").status_code
        == 404
    )


def test_an_answer_with_an_upload_through_the_admin():
    item = application()
    handler_user = desk_member("lishan")
    workflow.transition(item, "confirm_receipt", by=handler_user)
    client = logged_in("ysq_lishan")
    upload = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    upload.name = "结果.pdf"
    response = client.post(
        detail(item),
        {
            "action": "answer",
            "answer-outcome": "disclosed",
            "answer-decision": "所申请的信息予以公开，见附件。",
            "answer-uploads": upload,
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    item.refresh_from_db()
    file = item.attachments.get()
    download = client.get(f"{detail(item)}files/{file.pk}/")
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    assert (
        logged_in("ysq_czj").get(f"{detail(item)}files/{file.pk}/").status_code == 404
    )


def test_the_report_gives_table_3_per_unit_and_year_and_exports_xlsx():
    office = logged_in("ysq_office")
    html = office.get("/admin/application_reports/?unit=&year=2026").content.decode()
    assert "随县2026年收到和处理政府信息公开申请情况" in html
    assert 'data-cell="上年结转|总计">1<' in html
    assert "勾稽关系：一 + 二 = 三(七) + 四，相符。" in html
    overdue = Application.objects.get(unit__slug="mzj", status="received")
    assert overdue.number in html  # 民政局's application is past its due date
    export = office.get("/admin/application_reports/?unit=&year=2026&export=xlsx")
    book = load_workbook(io.BytesIO(export.content))
    rows = [[c for c in row] for row in book["表三"].iter_rows(values_only=True)]
    labels = [row[1] for row in rows if row[1]]
    assert "本年新收" in labels and "　　逾期不补正" in labels
    assert book["逾期未答复"]["A2"].value == overdue.number

    handler = logged_in("ysq_lishan")
    own = handler.get("/admin/application_reports/").content.decode()
    assert "厉山镇人民政府2026年收到和处理政府信息公开申请情况" in own
    assert overdue.number not in own
    other = handler.get(f"/admin/application_reports/?unit={overdue.unit_id}&year=2026")
    assert other.status_code == 400
    county = handler.get("/admin/application_reports/?unit=&year=2026")
    assert county.status_code == 400


def test_the_webmaster_sets_a_units_fee_method():
    desk = ApplicationDesk.objects.get(unit__slug="lishan")
    url = f"/admin/application_desks/edit/{desk.pk}/"
    assert logged_in("ysq_lishan").get(url).status_code == 302
    response = logged_in("webmaster").post(url, {"fee_method": "page"})
    assert response.status_code == 302
    desk.refresh_from_db()
    assert desk.fee_method == "page"
    assert (
        logged_in("webmaster").get("/admin/application_desks/new/").status_code == 302
    )


def test_the_letter_made_from_an_application_links_back():
    item = Application.objects.get(outcome="petition", letter__isnull=False)
    office = logged_in("mailbox_office")
    html = office.get(f"/admin/mailbox/letters/{item.letter_id}/").content.decode()
    assert f"/admin/applications/{item.pk}/" in html and item.number in html
    page = logged_in("ysq_office").get(detail(item)).content.decode()
    assert f"/admin/mailbox/letters/{item.letter_id}/" in page


def test_the_menu_and_the_dashboard_show_applications_to_their_people_only():
    for username in ("ysq_lishan", "head_lishan", "ysq_office"):
        home = logged_in(username).get("/admin/").content.decode()
        assert re.search(r"已逾期 \d+ 件", home), username
        assert "申请办理" in home or "\\u7533\\u8bf7\\u529e\\u7406" in home
    editor = logged_in("editor_lishan").get("/admin/").content.decode()
    assert "待确认收到" not in editor and "申请办理" not in editor
    assert "\\u7533\\u8bf7\\u529e\\u7406" not in editor


@pytest.mark.parametrize(
    "data",
    [
        {"action": "request_extension", "request_extension-days": "abc"},
        {"action": "request_extension", "request_extension-days": "99"},
        {"action": "answer", "answer-outcome": "<script>", "answer-decision": "x"},
        {"action": "redirect", "redirect-mailbox": "999999"},
        {"action": "'; DROP TABLE interaction_application; --"},
        {},
    ],
)
def test_garbage_steps_are_refused_without_a_server_error(data):
    item = application()
    workflow.transition(item, "confirm_receipt", by=desk_member("lishan"))
    before = item.events.count()
    response = logged_in("ysq_lishan").post(detail(item), data)
    assert response.status_code == 400
    assert item.events.count() == before


def test_a_new_unit_gets_its_desk():
    from disclosure.models import Unit
    from interaction.wagtail_hooks import provision_application_desk

    unit = Unit.objects.create(
        name="随县应急管理局",
        short_name="应急局",
        kind="department",
        code="01103699-1",
        slug="yjj",
    )
    provision_application_desk(None, unit)
    desk = ApplicationDesk.objects.get(unit=unit)
    assert desk.handlers_group.name == "应急局·依申请公开"
    assert desk.heads_group.name == "应急局·政务公开负责人"
    assert desk.fee_method == "item"
