"""The office and the units work letters in the admin: who sees what, the
steps as forms, the dashboard alert, deadlines on the beat, the figures."""

import datetime
import functools
import io
import zoneinfo

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from disclosure import workdays
from disclosure.models import Unit
from govsite.celery import app
from interaction import tasks  # noqa: F401  (registers the tasks)
from interaction.mailbox import deadlines, figures, workflow
from interaction.mailbox.roles import CITIZEN
from interaction.models import Letter, MailboxPage, MonthlyReport, Notification
from tests.factories import (
    answer_letter,
    assign_letter,
    logged_in,
    pass_review,
    write_letter,
)

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

pytestmark = pytest.mark.usefixtures("demo_db")


# The letters of these tests go to 书记信箱.
write = functools.partial(
    write_letter,
    "shuji",
    name="周明",
    phone="13700001111",
    category="complain",
    subject="村道路灯坏了半年没人修",
    content="我们村主干道的路灯坏了半年多，晚上出行很不安全，希望尽快维修。",
    consent_publish=True,
)


def assigned_to(slug, **fields):
    return assign_letter(write(**fields), slug)


def act(client, letter, action, expect=302, **fields):
    data = {"action": action}
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    response = client.post(f"/admin/mailbox/letters/{letter.pk}/", data)
    assert response.status_code == expect, response.content.decode()[-3000:]
    letter.refresh_from_db()
    return response


def test_a_letter_is_visible_to_the_office_and_its_units_handlers_only():
    czj_letter = assigned_to("czj", subject="财政局的来信")
    mzj_letter = assigned_to("mzj", subject="民政局的来信")
    office, handler = logged_in("mailbox_office"), logged_in("handler_czj")

    listing = office.get("/admin/mailbox/letters/?q=的来信").content.decode()
    assert czj_letter.number in listing and mzj_letter.number in listing
    listing = handler.get("/admin/mailbox/letters/?q=的来信").content.decode()
    assert czj_letter.number in listing and mzj_letter.number not in listing

    assert handler.get(f"/admin/mailbox/letters/{czj_letter.pk}/").status_code == 200
    assert handler.get(f"/admin/mailbox/letters/{mzj_letter.pk}/").status_code == 404
    # A letter waiting for the office is the office's alone.
    waiting = write(subject="待受理的来信")
    assert handler.get(f"/admin/mailbox/letters/{waiting.pk}/").status_code == 404
    # Editors, supervisors and the leadership do not read letters.
    for username in ("editor_lishan", "supervisor", "leader"):
        response = logged_in(username).get(f"/admin/mailbox/letters/{czj_letter.pk}/")
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    assert Client().get("/admin/mailbox/letters/").status_code == 302


def test_the_office_routes_and_the_unit_answers_through_the_admin():
    letter = write()
    office, handler = logged_in("mailbox_office"), logged_in("handler_czj")
    page = office.get(f"/admin/mailbox/letters/{letter.pk}/").content.decode()
    assert "13700001111" in page  # the office sees how to reach the writer
    assert 'value="accept"' in page and 'value="decline"' in page

    act(office, letter, "accept")
    response = act(office, letter, "assign", expect=400)
    assert "承办单位" in response.content.decode()
    act(
        office,
        letter,
        "assign",
        unit=Unit.objects.get(slug="czj").pk,
        note="请财政局办理。",
    )
    assert letter.status == "assigned" and letter.due_on is not None

    # Wrong person, wrong step: a message in the page, never a 500.
    response = act(office, letter, "sign", expect=400)
    assert "您无权对此信件执行“签收”" in response.content.decode()
    response = act(handler, letter, "accept", expect=400)
    assert "信件当前状态为“待签收”，不能受理" in response.content.decode()
    response = act(handler, letter, "self-destruct", expect=400)
    assert "未知的操作" in response.content.decode()

    act(handler, letter, "sign")
    act(
        handler,
        letter,
        "submit_reply",
        reply="经办人手机13800138000，路灯已于本周修复。",
    )
    response = act(office, letter, "approve", expect=400)
    html = response.content.decode()
    assert "答复内容未通过审查" in html and "手机号码" in html
    act(office, letter, "send_back", note="请删除个人手机号码。")
    act(
        handler,
        letter,
        "submit_reply",
        reply="您好，村道路灯已于本周全部修复，感谢监督。",
    )
    act(office, letter, "approve")
    act(office, letter, "answer", publish="on")
    assert letter.status == "answered" and letter.published

    history = office.get(f"/admin/mailbox/letters/{letter.pk}/").content.decode()
    for label in ("受理", "转办", "签收", "提交答复", "退回修改", "审核通过", "答复"):
        assert f"<td>{label}</td>" in history
    assert "请删除个人手机号码。" in history
    assert "财政局信箱办理人" in history


def test_a_letter_the_writer_did_not_want_published_stays_private():
    letter = assigned_to("czj", consent_publish=False)
    office, handler = logged_in("mailbox_office"), logged_in("handler_czj")
    act(handler, letter, "sign")
    act(handler, letter, "submit_reply", reply="您好，问题已经解决，谢谢您的来信。")
    act(office, letter, "approve")
    page = office.get(f"/admin/mailbox/letters/{letter.pk}/").content.decode()
    assert "来信人未同意公开。" in page
    act(office, letter, "answer", publish="on")  # a disabled field is ignored
    assert letter.status == "answered" and not letter.published
    response = act(office, letter, "publish", expect=400)
    assert "来信人未同意公开" in response.content.decode()


def test_the_dashboard_shows_letters_unanswered_for_three_months_in_red():
    # The demo's 2014-00200 was never answered; it is assigned to 民政局.
    old = Letter.objects.get(number="2014-00200")
    html = logged_in("mailbox_office").get("/admin/").content.decode()
    assert "data-mailbox-alert" in html
    assert "封来信超过三个月未答复" in html
    assert f"{old.number} {old.subject}" in html
    # 财政局 has no such letter: its handler sees the counts, no alert.
    html = logged_in("handler_czj").get("/admin/").content.decode()
    assert "mailbox-alerts" in html and "data-mailbox-alert" not in html
    assert (
        "mailbox-alerts"
        not in logged_in("editor_lishan").get("/admin/").content.decode()
    )


def test_deadlines_bring_a_reminder_then_supervision():
    received = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)  # Monday
    letter = assigned_to("czj", at=received, category="consult")
    assert letter.due_on == datetime.date(2026, 11, 9)

    def topics(topic):
        return Notification.objects.filter(
            idempotency_key__startswith=f"letter-{letter.pk}-", topic=topic
        )

    deadlines.run(today=datetime.date(2026, 11, 4))  # 3 working days left
    assert not topics("letter-reminder").exists()
    deadlines.run(today=datetime.date(2026, 11, 5))  # 2 working days left
    deadlines.run(today=datetime.date(2026, 11, 6))  # the daily run again
    (reminder,) = topics("letter-reminder")
    assert reminder.recipient == "handler_czj@suixian.gov.cn"
    assert "2026-11-09" in reminder.body

    deadlines.run(today=datetime.date(2026, 11, 9))  # due today: not yet overdue
    letter.refresh_from_db()
    assert not letter.supervised
    deadlines.run(today=datetime.date(2026, 11, 10))
    letter.refresh_from_db()
    assert letter.supervised
    assert set(topics("letter-overdue").values_list("recipient", flat=True)) == {
        "handler_czj@suixian.gov.cn"
    }
    assert set(
        topics("letter-overdue-supervision").values_list("recipient", flat=True)
    ) == {"supervisor@suixian.gov.cn"}
    deadlines.run(today=datetime.date(2026, 11, 11))
    assert topics("letter-overdue").count() == 1
    listing = logged_in("mailbox_office").get(
        "/admin/mailbox/letters/?attention=supervised"
    )
    assert letter.number in listing.content.decode()


def test_an_answer_nobody_rates_is_closed_after_ten_working_days():
    letter = assigned_to("czj")
    answer_letter(letter, "路灯已修复，感谢监督。")
    answered_on = timezone.localdate(letter.answered_at)
    deadlines.run(today=workdays.add(answered_on, 9))
    letter.refresh_from_db()
    assert letter.status == "answered"
    deadlines.run(today=workdays.add(answered_on, 10))
    letter.refresh_from_db()
    assert letter.status == "closed"
    assert letter.events.last().actor_label == "系统"


def test_the_figures_report_ranks_units_and_exports_xlsx():
    client = logged_in("supervisor")
    html = client.get("/admin/mailbox/figures/?year=2014").content.decode()
    assert "收到来信 200 件，已答复 199 件" in html
    assert "办结率 99.5%" in html
    assert "样本不足，不排名" in html
    response = client.get("/admin/mailbox/figures/?year=2014&export=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:5] == ("单位/月份", "收到来信", "已答复", "已办结", "办结率(%)")
    by_label = {row[0]: row for row in rows[1:]}
    assert by_label["合计"][1:5] == (200, 199, 199, 99.5)
    assert by_label["统计局"][-1] == "样本不足，不排名"
    assert by_label["2014年12月"][1:3] == (15, 14)
    assert logged_in("editor_lishan").get("/admin/mailbox/figures/").status_code == 302


def test_the_monthly_report_is_generated_once_and_sent_to_the_leadership():
    report = figures.generate_monthly_report(today=datetime.date(2015, 1, 1))
    assert report.month == datetime.date(2014, 12, 1)
    assert report.figures["month"]["received"] == 15
    assert report.figures["year_to_date"]["received"] == 200
    assert report.figures["year_to_date"]["closing_rate"] == 99.5
    assert figures.generate_monthly_report(today=datetime.date(2015, 1, 1)) == report
    assert MonthlyReport.objects.filter(month=report.month).count() == 1
    sent = Notification.objects.filter(topic="monthly-report")
    recipients = set(sent.values_list("recipient", flat=True))
    assert {
        "leader@suixian.gov.cn",
        "supervisor@suixian.gov.cn",
        "mailbox_office@suixian.gov.cn",
    } <= recipients
    body = sent.first().body
    assert "2014年12月" in body and "本年累计收到来信200件，办结率99.5%" in body

    client = logged_in("leader")
    html = client.get(f"/admin/mailbox/figures/reports/{report.pk}/").content.decode()
    assert "2014年12月信箱办理情况" in html and "本年累计" in html
    response = client.get(f"/admin/mailbox/figures/reports/{report.pk}/?export=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["本月各单位", "汇总"]


def test_the_beat_runs_the_sweep_the_deadlines_and_the_monthly_report():
    schedule = {
        entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()
    }
    assert schedule["interaction.sweep_outbox"] == 60.0
    assert "interaction.check_deadlines" in schedule
    monthly = schedule["interaction.monthly_report"]
    assert monthly.day_of_month == {1}
    # What a worker does when it starts: import every app's tasks module.
    app.loader.import_default_modules()
    for name in schedule:
        assert name in app.tasks


def test_a_rating_from_the_writer_shows_in_the_admin():
    letter = assigned_to("czj")
    answer_letter(letter, "路灯已修复，感谢监督。")
    workflow.transition(
        letter, "rate", by=CITIZEN, rating="unsatisfied", comment="没修好"
    )
    client = logged_in("mailbox_office")
    listing = client.get(
        "/admin/mailbox/letters/?attention=unsatisfied"
    ).content.decode()
    assert letter.number in listing
    page = client.get(f"/admin/mailbox/letters/{letter.pk}/").content.decode()
    assert "不满意：没修好" in page and 'value="reopen"' in page
    act(client, letter, "reopen", note="请重新核实。")
    assert letter.status == "in_progress"


def test_the_webmaster_adds_a_units_own_mailbox():
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    from interaction.models import InteractionIndexPage

    index = InteractionIndexPage.objects.get()
    czj = Unit.objects.get(slug="czj")
    client = logged_in("webmaster")
    response = client.post(
        f"/admin/pages/add/interaction/mailboxpage/{index.pk}/",
        nested_form_data(
            {
                "title": "财政局局长信箱",
                "slug": "czj-mailbox",
                "intro": rich_text("<p>欢迎来信咨询财政政策。</p>"),
                "unit": czj.pk,
                "notice": rich_text(""),
                "categories": inline_formset(
                    [
                        {"category": "consult", "reply_workdays": 5},
                        {"category": "complain", "reply_workdays": 10},
                    ]
                ),
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    # Like every page, it goes online through both reviews.
    mailbox = pass_review(
        MailboxPage.objects.get(slug="czj-mailbox"),
        by="webmaster",
        reviewers=("reviewer", "secrecy"),
    )
    assert mailbox.live and mailbox.unit == czj
    assert mailbox.category_choices() == [("consult", "咨询"), ("complain", "投诉")]

    page = Client().get("/hudong/czj-mailbox/").content.decode()
    assert "财政局局长信箱" in page and "5个工作日" in page and "建议" not in page
    letter, _code = workflow.submit(
        mailbox,
        name="吴用",
        phone="13700002222",
        category="complain",
        subject="补贴发放不及时",
        content="补贴已经拖了两个月还没有发放到位。",
    )
    office = logged_in("mailbox_office")
    act(office, letter, "accept")
    detail = office.get(f"/admin/mailbox/letters/{letter.pk}/").content.decode()
    assert f'<option value="{czj.pk}" selected>' in detail  # the mailbox's unit
