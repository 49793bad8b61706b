"""The life cycle of an application: every step goes through one validating
function that writes an append-only event, keeps the statutory clock from the
events and queues its notices; every outcome of Table 3 with its legal basis
and its notice; the daily deadline job; who may take which step."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File

from interaction.applications import deadlines, figures, workflow
from interaction.applications.outcomes import GROUP_OF, LEGAL_BASIS, Outcome
from interaction.applications.roles import APPLICANT, SYSTEM
from interaction.mailbox.workflow import Upload
from interaction.models import (
    Application,
    ApplicationEvent,
    Letter,
    Notification,
)
from tests.factories import TABLE3_APPLICANT_COLUMNS, application, at, desk_member, unit

pytestmark = pytest.mark.usefixtures("demo_db")
D = datetime.date.fromisoformat


@pytest.fixture
def handler():
    return desk_member("lishan")


@pytest.fixture
def head():
    return desk_member("lishan", "heads")


def step(item, action, by, day, **data):
    return workflow.transition(item, action, by=by, at=at(day), **data)


def received(handler, day="2026-03-02", **fields):
    item = application(at=at(day, 9), **fields)
    return step(item, "confirm_receipt", handler, day)


def correction_requested(handler):
    """An application received on 1 June 2026 whose applicant was asked on
    2 June to correct it within 5 working days."""
    item = received(handler, "2026-06-01")
    step(
        item,
        "request_correction",
        handler,
        "2026-06-02",
        items="请写明文件名称",
        days=5,
    )
    return item


def pdf_upload(text="厉山镇农村公路养护项目中标结果"):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("STSong-Light", 12)
    page.drawString(72, 720, text)
    page.save()
    size = len(buffer.getvalue())
    buffer.seek(0)
    upload = File(buffer, name="中标结果.pdf")
    return Upload(
        file=upload, name=upload.name, content_type="application/pdf", size=size
    )


def test_a_corrected_application_answered_in_part_keeps_its_whole_history(
    handler, head
):
    item = application(at=at("2026-03-02", 9))
    assert item.status == "submitted" and item.number.startswith("SQ2026-")
    assert Notification.objects.filter(
        topic="application-submitted", recipient=item.phone
    ).exists()
    assert Notification.objects.filter(
        topic="application-new", recipient=handler.email
    ).exists()

    step(item, "confirm_receipt", handler, "2026-03-02")
    assert (item.status, item.received_on, item.due_on) == (
        "received",
        D("2026-03-02"),
        D("2026-03-30"),
    )
    step(
        item,
        "request_correction",
        handler,
        "2026-03-04",
        items="请写明项目所在村\n请写明年度",
        days=10,
    )
    assert item.status == "correction" and item.correction_due_on == D("2026-03-18")
    correction = item.notices.get()
    assert correction.kind == "correction"
    assert "请写明项目所在村" in correction.content["paragraphs"]
    assert Notification.objects.filter(
        topic="application-notice-correction", recipient=item.phone
    ).exists()

    step(item, "correct", APPLICANT, "2026-03-09", text="双河村，2026年度的项目。")
    # The clock restarts from the corrected application.
    assert (item.status, item.due_on) == ("received", D("2026-04-07"))

    step(
        item,
        "answer",
        handler,
        "2026-03-30",
        outcome="partial",
        decision="招标文件予以公开；投标人的报价明细涉及商业秘密，不予公开。",
        links="/zfxxgk/lishan/",
        uploads=[pdf_upload()],
    )
    assert (item.status, item.outcome, item.answered_on_time) == (
        "answered",
        "partial",
        True,
    )
    assert item.attachments.get().original_name == "中标结果.pdf"
    notice = item.notices.get(kind="decision")
    content = notice.content
    assert content["outcome"] == "部分公开"
    assert content["legal_basis"] == LEGAL_BASIS[Outcome.PARTIAL]
    assert "60日内向随县人民政府申请行政复议" in content["remedies"]
    assert "6个月内" in content["remedies"]
    assert content["seal"] == "厉山镇人民政府（印章）"
    assert content["applicant"] == "赵四海"
    assert content["applicant_id"] == "4203**********1231"
    assert content["attachments"] == ["中标结果.pdf"]
    assert content["information"] == ["/zfxxgk/lishan/"]
    for text in (item.phone, item.id_number, item.address):
        assert text not in str(content)

    step(item, "deliver", APPLICANT, "2026-03-31", method="online")
    step(item, "close", SYSTEM, "2026-04-15")
    events = list(item.events.order_by("created_at", "pk"))
    assert [e.action for e in events] == [
        "submit",
        "confirm_receipt",
        "request_correction",
        "correct",
        "answer",
        "deliver",
        "close",
    ]
    assert [e.to_status for e in events][-1] == "closed"
    assert events[1].actor == handler and events[3].actor_label == "申请人"
    assert [e.clock for e in events if e.clock] == [
        "received",
        "correction_requested",
        "corrected",
    ]
    dues = [e.data["due_on"] for e in events if "due_on" in e.data]
    assert dues == sorted(dues)
    with pytest.raises(ValueError):
        events[0].save()
    with pytest.raises(ValueError):
        events[0].delete()
    with pytest.raises(ValueError):
        notice.save()


def test_every_outcome_of_table_3_with_its_legal_basis(handler):
    answered = [o for o in Outcome if o not in (Outcome.NO_CORRECTION, Outcome.UNPAID)]
    before = figures.table3(None, 2026)
    for n, outcome in enumerate(answered):
        item = received(handler, "2026-05-11", phone=f"1397221{n:04d}")
        if outcome == Outcome.PETITION:
            step(item, "redirect", handler, "2026-05-12")
        else:
            provides = (
                {"links": "/zfxxgk/lishan/"}
                if outcome in ("disclosed", "partial")
                else {}
            )
            step(
                item,
                "answer",
                handler,
                "2026-05-12",
                outcome=outcome,
                decision="经审查，依法作出以上答复，请知悉。",
                **provides,
            )
        notice = item.notices.get(kind="decision")
        assert notice.content["outcome"] == str(outcome.label)
        assert notice.content["legal_basis"] == LEGAL_BASIS[outcome]
        assert notice.content["remedies"]
    after = figures.table3(None, 2026)
    results_before, results_after = before["本年度办理结果"], after["本年度办理结果"]
    for outcome in answered:
        group = GROUP_OF[outcome]
        if group in ("予以公开", "部分公开"):
            cell_before, cell_after = results_before[group], results_after[group]
        else:
            label = str(outcome.label)
            cell_before = results_before[group][label]
            cell_after = results_after[group][label]
        assert cell_after["自然人"] - cell_before["自然人"] == 1, outcome
        assert cell_after["总计"] - cell_before["总计"] == 1, outcome
    assert results_after["总计"]["总计"] - results_before["总计"]["总计"] == len(
        answered
    )
    assert after["本年新收"]["总计"] - before["本年新收"]["总计"] == len(answered)
    assert figures.balanced(after)


def test_table_3_is_keyed_by_the_labels_of_the_report_and_balances():
    table = figures.table3(None, 2026)
    assert list(table) == [
        "本年新收",
        "上年结转",
        "本年度办理结果",
        "结转下年度继续办理",
    ]
    assert list(table["本年新收"]) == TABLE3_APPLICANT_COLUMNS
    results = table["本年度办理结果"]
    assert list(results) == [
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "其他处理",
        "总计",
    ]
    assert list(results["不予公开"]) == [
        "国家秘密",
        "其他法律行政法规禁止公开",
        '危及"三安全一稳定"',
        "保护第三方合法权益",
        "三类内部事务信息",
        "四类过程性信息",
        "行政执法案卷",
        "行政查询事项",
    ]
    assert list(results["无法提供"]) == [
        "本机关不掌握",
        "没有现成信息需要另行制作",
        "补正后申请内容仍不明确",
    ]
    assert list(results["不予处理"]) == [
        "信访举报投诉类申请",
        "重复申请",
        "要求提供公开出版物",
        "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息",
    ]
    assert list(results["其他处理"]) == ["逾期不补正", "逾期未缴费", "其他"]
    # The demo: one application of 2025 (住建局) was answered in January 2026.
    assert table["上年结转"]["总计"] == 1
    assert table["本年度办理结果"]["其他处理"]["逾期不补正"]["总计"] == 1
    for year in (2025, 2026):
        assert figures.balanced(figures.table3(None, year))
    lishan = figures.table3(unit("lishan"), 2026)
    assert lishan["本年度办理结果"]["部分公开"]["自然人"] == 1
    assert figures.balanced(lishan)


def test_an_unanswered_correction_is_treated_as_withdrawn_by_the_daily_job(handler):
    item = correction_requested(handler)
    assert item.correction_due_on == D("2026-06-09")
    with pytest.raises(ValidationError, match="补正期限尚未届满"):
        step(item, "correction_lapsed", SYSTEM, "2026-06-09")
    result = deadlines.run(today=D("2026-06-10"))
    assert result["lapsed"] >= 1
    item.refresh_from_db()
    assert (item.status, item.outcome, item.decided_on) == (
        "closed",
        "no_correction",
        D("2026-06-10"),
    )
    assert item.notices.filter(kind="decision").exists()
    with pytest.raises(ValidationError, match="不能提交补正"):
        step(item, "correct", APPLICANT, "2026-06-10", text="补正内容如下。")


def test_a_late_correction_is_refused(handler):
    item = correction_requested(handler)
    with pytest.raises(ValidationError, match="补正期限已过"):
        step(item, "correct", APPLICANT, "2026-06-10", text="补正内容如下。")


def test_extension_needs_the_head_and_tells_the_applicant(handler, head):
    item = received(handler, "2026-06-01")
    assert item.due_on == D("2026-06-30")
    step(item, "request_extension", handler, "2026-06-20", days=10, note="需调阅档案")
    assert item.extension == "pending" and item.due_on == D("2026-06-30")
    assert Notification.objects.filter(
        topic="application-extension", recipient=head.email
    ).exists()
    with pytest.raises(ValidationError, match="无权"):
        step(item, "approve_extension", handler, "2026-06-22")
    step(item, "approve_extension", head, "2026-06-22")
    assert (item.extension, item.due_on) == ("approved", D("2026-07-14"))
    notice = item.notices.get(kind="extension")
    assert "延长10个工作日" in notice.content["paragraphs"][0]
    assert "2026年7月14日" in notice.content["paragraphs"][0]
    assert Notification.objects.filter(
        topic="application-notice-extension", recipient=item.phone
    ).exists()
    with pytest.raises(ValidationError, match="只能延期一次"):
        step(item, "request_extension", handler, "2026-06-23", days=5, note="再延")


def test_consultation_pauses_and_the_daily_job_ends_it_after_15_working_days(
    handler,
):
    item = received(handler, "2026-09-21")
    step(item, "start_consultation", handler, "2026-09-28", party="随县建工集团")
    assert item.status == "consulting" and item.due_on == D("2026-10-26")
    deadlines.run(today=D("2026-10-22"))  # 14 working days: still waiting
    item.refresh_from_db()
    assert item.status == "consulting"
    deadlines.run(today=D("2026-10-23"))
    item.refresh_from_db()
    assert item.status == "received"
    # (09-28, 10-23] holds 15 working days (国庆 off, 10-10 on): +15.
    assert item.due_on == D("2026-11-16")
    assert item.events.last().actor_label == "系统"


def test_reminders_three_working_days_ahead_and_overdue_alerts(handler):
    office = desk_member("lishan", "handlers", username="office_member")
    office.groups.clear()
    from interaction.applications.desks import ensure_office_group

    office.groups.add(ensure_office_group())
    item = received(handler, "2026-06-01")  # due 06-30
    deadlines.run(today=D("2026-06-24"))  # four working days ahead: nothing
    assert not Notification.objects.filter(
        idempotency_key__startswith=f"application-{item.pk}-reminder"
    ).exists()
    deadlines.run(today=D("2026-06-25"))
    reminders = Notification.objects.filter(
        idempotency_key__startswith=f"application-{item.pk}-reminder"
    )
    assert {handler.email, office.email} <= {n.recipient for n in reminders}
    count = reminders.count()
    deadlines.run(today=D("2026-06-26"))  # once per due date
    assert reminders.count() == count
    deadlines.run(today=D("2026-07-01"))
    alerts = Notification.objects.filter(
        idempotency_key__startswith=f"application-{item.pk}-overdue"
    )
    assert {handler.email, office.email} <= {n.recipient for n in alerts}
    assert "已超过法定答复期限" in alerts.first().body


def test_fees_count_the_applicants_month_and_a_waiver_keeps_its_reason(handler):
    items = [received(handler, "2026-07-06") for _ in range(11)]
    with pytest.raises(ValidationError, match="不收取信息处理费"):
        step(items[9], "notify_fee", handler, "2026-07-07")
    step(items[10], "notify_fee", handler, "2026-07-07")
    assert (items[10].fee_count, items[10].fee_amount) == (11, 100)
    fee = items[10].notices.get(kind="fee")
    assert "应缴金额100元" in fee.content["paragraphs"][0]
    assert fee.content["remedies"]
    # The fee pauses nothing; providing information waits for the payment.
    assert items[10].due_on == D("2026-08-03")
    with pytest.raises(ValidationError, match="尚未缴纳"):
        step(
            items[10],
            "answer",
            handler,
            "2026-07-08",
            outcome="disclosed",
            decision="所申请信息予以公开。请查阅链接。",
            links="/zfxxgk/lishan/",
        )
    with pytest.raises(ValidationError, match="20个工作日内未缴费"):
        step(
            items[10],
            "answer",
            handler,
            "2026-07-08",
            outcome="unpaid",
            decision="逾期未缴纳信息处理费。",
        )
    step(items[10], "waive_fee", handler, "2026-07-08", note="申请人为低保对象")
    assert (items[10].fee_status, items[10].fee_waiver_decision) == (
        "waived",
        "申请人为低保对象",
    )


def test_an_unpaid_fee_closes_the_application_after_20_working_days(handler):
    items = [received(handler, "2026-08-03") for _ in range(11)]
    item = items[-1]
    step(item, "notify_fee", handler, "2026-08-04")
    step(
        item,
        "answer",
        handler,
        "2026-09-02",
        outcome="unpaid",
        decision="您未在规定期限内缴纳信息处理费。",
    )
    assert (item.status, item.outcome) == ("closed", "unpaid")


def test_a_complaint_is_redirected_into_a_letter_linked_both_ways(handler):
    item = application(
        at=at("2026-05-06", 9), description="投诉村干部优亲厚友，要求查处。"
    )
    step(item, "redirect", handler, "2026-05-06")
    letter = Letter.objects.get(pk=item.letter_id)
    assert list(letter.applications.all()) == [item]
    assert letter.category == "complain" and letter.phone == item.phone
    assert item.number in letter.content
    assert (item.status, item.outcome, item.received_on) == (
        "answered",
        "petition",
        D("2026-05-06"),
    )
    assert letter.number in item.notices.get().content["paragraphs"][1]


def test_a_notice_leaking_a_third_partys_data_is_stopped_until_the_head_releases_it(
    handler, head
):
    item = received(handler, "2026-05-11")
    leak = "经审查予以公开：补贴对象李四，身份证号420321198001011231，已发放。"

    def answer_leaking(by, **extra):
        step(
            item,
            "answer",
            by,
            "2026-05-12",
            outcome="disclosed",
            decision=leak,
            links="/zfxxgk/lishan/",
            **extra,
        )

    with pytest.raises(ValidationError, match="告知书未通过审查"):
        answer_leaking(handler)
    item.refresh_from_db()
    assert item.status == "received" and not item.notices.exists()
    assert not ApplicationEvent.objects.filter(
        application=item, action="answer"
    ).exists()
    with pytest.raises(ValidationError, match="只有政务公开负责人"):
        answer_leaking(handler, override_reason="该号码为示例")
    answer_leaking(head, override_reason="经核实为公开的企业登记信息")
    notice = item.notices.get()
    assert notice.override_reason == "经核实为公开的企业登记信息"
    assert any(f["rule"] == "id-number" for f in notice.findings)


def test_an_attachment_with_personal_data_is_stopped(handler):
    item = received(handler, "2026-05-11")
    with pytest.raises(ValidationError, match="中标结果.pdf"):
        step(
            item,
            "answer",
            handler,
            "2026-05-12",
            outcome="disclosed",
            decision="所申请信息予以公开，见附件。",
            uploads=[pdf_upload("联系人 13972219999 身份证 420321198001011231")],
        )
    assert not item.attachments.exists()


@pytest.mark.parametrize(
    "who, action, message",
    [
        ("czj_handler", "confirm_receipt", "无权"),
        ("head", "confirm_receipt", "无权"),
        ("office", "confirm_receipt", "无权"),
        ("applicant", "confirm_receipt", "无权"),
        ("handler", "close", "不能办结"),
        ("handler", "teleport", "未知的操作"),
    ],
)
def test_who_may_take_which_step(who, action, message, handler, head):
    from interaction.applications.desks import ensure_office_group

    office = desk_member("czj", username="county_office")
    office.groups.set([ensure_office_group()])
    actors = {
        "czj_handler": desk_member("czj"),
        "head": head,
        "office": office,
        "applicant": APPLICANT,
        "handler": handler,
    }
    item = application(at=at("2026-05-06", 9))
    with pytest.raises(ValidationError, match=message):
        step(item, action, actors[who], "2026-05-06")
    assert Application.objects.get(pk=item.pk).status == "submitted"
    assert item.events.count() == 1


def test_the_demo_has_applications_in_many_states_across_units_and_years():
    demo = Application.objects.filter(number__regex=r"^SQ202[56]-000\d\d$")
    assert {a.received_on.year for a in demo if a.received_on} == {2025, 2026}
    assert len({a.unit_id for a in demo}) >= 6
    assert {"submitted", "received", "answered", "delivered", "closed"} <= {
        a.status for a in demo
    }
    assert len({a.outcome for a in demo if a.outcome}) >= 7
    # Built through the real transitions: every step is an event.
    assert all(a.events.filter(action="submit").exists() for a in demo)
    assert ApplicationEvent.objects.filter(
        application__in=demo, action="approve_extension"
    ).exists()


def test_the_daily_job_is_on_celery_beat():
    from django.conf import settings

    from interaction import tasks

    tasks_on_beat = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "interaction.check_application_deadlines" in tasks_on_beat
    result = tasks.check_application_deadlines.apply().get()
    assert set(result) == {
        "lapsed",
        "consultations_ended",
        "reminders",
        "overdue",
        "closed",
    }
