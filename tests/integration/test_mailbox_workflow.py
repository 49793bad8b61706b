"""The life cycle of a letter: every step goes through one function that
checks it, records it and queues its notices in the same transaction."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from disclosure.models import Unit
from interaction.mailbox import workflow
from interaction.mailbox.roles import CITIZEN, SYSTEM
from interaction.models import Letter, LetterEvent, Notification
from tests.factories import answer_letter, assign_letter, user, write_letter

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
VALID_ID = "420321198001011231"


@pytest.fixture
def office(demo_db):
    return user("mailbox_office")


@pytest.fixture
def handler(demo_db):
    return user("handler_czj")


@pytest.fixture
def czj(demo_db):
    return Unit.objects.get(slug="czj")


def notices(letter, topic):
    return Notification.objects.filter(
        idempotency_key__startswith=f"letter-{letter.pk}-", topic=topic
    )


def test_a_letter_goes_from_writer_to_answer_with_every_step_recorded(
    office, handler, czj
):
    letter = write_letter()
    answer_letter(assign_letter(letter), publish=letter.consent_publish)
    workflow.transition(letter, "rate", by=CITIZEN, rating="satisfied")

    letter.refresh_from_db()
    assert letter.status == "closed"
    assert letter.answered_on_time is True
    assert letter.published is True
    events = list(letter.events.values_list("action", "from_status", "to_status"))
    assert events == [
        ("submit", "", "submitted"),
        ("accept", "submitted", "accepted"),
        ("assign", "accepted", "assigned"),
        ("sign", "assigned", "in_progress"),
        ("submit_reply", "in_progress", "reviewing"),
        ("approve", "reviewing", "approved"),
        ("answer", "approved", "answered"),
        ("rate", "answered", "closed"),
    ]
    labels = list(letter.events.values_list("actor_label", flat=True))
    assert labels == [
        "来信人",
        "县政府办信箱管理员",
        "县政府办信箱管理员",
        "财政局信箱办理人",
        "财政局信箱办理人",
        "县政府办信箱管理员",
        "县政府办信箱管理员",
        "来信人",
    ]
    # The writer got an SMS on receipt and on answer; 财政局's handlers an
    # e-mail when it was assigned; the office one when the reply awaited review.
    assert notices(letter, "letter-received").get().recipient == "13912340001"
    assert notices(letter, "letter-answered").get().channel == "sms"
    assert set(
        notices(letter, "letter-assigned").values_list("recipient", flat=True)
    ) == {"handler_czj@suixian.gov.cn"}
    assert "mailbox_office@suixian.gov.cn" in set(
        notices(letter, "letter-review").values_list("recipient", flat=True)
    )


def test_steps_out_of_order_or_by_the_wrong_person_are_refused_in_chinese(
    office, handler, czj
):
    letter = write_letter()
    with pytest.raises(ValidationError, match="当前状态为“待受理”，不能签收"):
        workflow.transition(letter, "sign", by=handler)
    with pytest.raises(ValidationError, match="您无权对此信件执行“受理”"):
        workflow.transition(letter, "accept", by=handler)
    with pytest.raises(ValidationError, match="未知的操作"):
        workflow.transition(letter, "delete", by=office)
    assign_letter(letter)
    # The office routes letters but does not sign for 财政局.
    with pytest.raises(ValidationError, match="您无权"):
        workflow.transition(letter, "sign", by=office)
    # The writer can rate only an answer.
    with pytest.raises(ValidationError, match="不能评价"):
        workflow.transition(letter, "rate", by=CITIZEN, rating="satisfied")
    letter.refresh_from_db()
    assert letter.status == "assigned"
    assert letter.events.count() == 3


def test_the_deadline_counts_working_days_from_the_day_after_receipt(office, czj):
    # Received late on Tuesday 29 September 2026 (Shanghai time); the National
    # Day week is off and Saturday 10 October is a make-up working day:
    # 9-30, 10-8, 10-9, 10-10, 10-12.
    received = datetime.datetime(2026, 9, 29, 23, 30, tzinfo=SHANGHAI)
    letter = write_letter(at=received, category="consult")
    assign_letter(letter)
    assert letter.due_on == datetime.date(2026, 10, 12)
    assigned = letter.events.get(action="assign")
    assert assigned.data == {"unit": "随县财政局", "due_on": "2026-10-12"}


def test_a_complaint_gets_the_deadline_of_its_category(office, czj):
    received = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)  # Monday
    letter = write_letter(at=received, category="complain")  # 10 working days
    assign_letter(letter)
    assert letter.due_on == datetime.date(2026, 11, 16)


def test_a_returned_letter_leaves_the_unit_and_keeps_its_deadline(office, handler, czj):
    letter = write_letter()
    assign_letter(letter)
    due = letter.due_on
    with pytest.raises(ValidationError, match="请填写退回理由"):
        workflow.transition(letter, "return", by=handler)
    workflow.transition(letter, "return", by=handler, note="不属于本局职责。")
    assert letter.status == "returned" and letter.unit is None
    assert not Letter.objects.visible_to(handler).filter(pk=letter.pk).exists()
    workflow.transition(letter, "assign", by=office, unit=Unit.objects.get(slug="mzj"))
    assert letter.due_on == due  # reassigning does not restart the clock


def test_an_extension_moves_the_deadline_later_once(office, handler, czj):
    received = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)
    letter = write_letter(at=received, category="consult")
    assign_letter(letter)
    workflow.transition(letter, "sign", by=handler)
    assert letter.due_on == datetime.date(2026, 11, 9)
    with pytest.raises(ValidationError, match="延期天数应为1至10个工作日"):
        workflow.transition(letter, "request_extension", by=handler, days=30, note="x")
    workflow.transition(
        letter, "request_extension", by=handler, days=3, note="需现场核实。"
    )
    workflow.transition(letter, "approve_extension", by=office)
    assert letter.due_on == datetime.date(2026, 11, 12)
    with pytest.raises(ValidationError, match="只能申请一次延期"):
        workflow.transition(
            letter, "request_extension", by=handler, days=2, note="再延。"
        )


def test_the_review_checks_stop_a_reply_that_leaks_personal_data(office, handler, czj):
    letter = write_letter()
    assign_letter(letter)
    workflow.transition(letter, "sign", by=handler)
    workflow.transition(
        letter,
        "submit_reply",
        by=handler,
        reply=f"经核实，户主身份证号{VALID_ID}，补贴已发放。",
    )
    with pytest.raises(ValidationError, match="身份证"):
        workflow.transition(letter, "approve", by=office)
    workflow.transition(letter, "send_back", by=office, note="请删除身份证号。")
    assert letter.status == "in_progress"
    workflow.transition(
        letter, "submit_reply", by=handler, reply="经核实，补贴已发放到您的“一卡通”。"
    )
    workflow.transition(letter, "approve", by=office)
    assert letter.status == "approved"


def test_a_reviewer_may_let_a_finding_pass_with_a_recorded_reason(office, handler, czj):
    letter = write_letter()
    assign_letter(letter)
    workflow.transition(letter, "sign", by=handler)
    workflow.transition(
        letter, "submit_reply", by=handler, reply="请联系经办人，手机13900001111。"
    )
    workflow.transition(
        letter, "approve", by=office, override_reason="经办人工作手机，同意公开。"
    )
    event = letter.events.get(action="approve")
    assert event.data["override_reason"] == "经办人工作手机，同意公开。"
    assert event.data["findings"][0]["rule"] == "mobile-number"


def test_publication_needs_consent_and_is_redacted(office, handler, czj):
    private = write_letter(consent_publish=False)
    answer_letter(assign_letter(private), publish=private.consent_publish)
    with pytest.raises(ValidationError, match="未同意公开"):
        workflow.transition(private, "publish", by=office)
    assert not Letter.objects.published().filter(pk=private.pk).exists()

    letter = write_letter(
        content=f"我叫张三丰，住厉山镇双河村3组12号，身份证{VALID_ID}，电话13912340001。"
    )
    answer_letter(assign_letter(letter), publish=letter.consent_publish)
    letter.refresh_from_db()
    assert letter.published
    assert letter.public_name == "张**"
    for secret in ("张三丰", "双河村3组12号", VALID_ID, "13912340001"):
        assert secret not in letter.public_content
    assert "139****0001" in letter.public_content
    workflow.transition(letter, "unpublish", by=office, note="来信人要求撤回。")
    assert not Letter.objects.published().filter(pk=letter.pk).exists()


def test_an_unsatisfied_writer_gets_the_letter_reopened_once(office, handler, czj):
    letter = write_letter()
    answer_letter(assign_letter(letter), publish=letter.consent_publish)
    workflow.transition(letter, "rate", by=CITIZEN, rating="unsatisfied")
    assert letter.status == "answered"  # the office decides: reopen or close
    with pytest.raises(ValidationError, match="已评价"):
        workflow.transition(letter, "rate", by=CITIZEN, rating="satisfied")
    workflow.transition(letter, "reopen", by=office, note="请重新核实。")
    assert letter.status == "in_progress"
    assert letter.answered_at is None and letter.rating == ""
    workflow.transition(
        letter, "submit_reply", by=handler, reply="经再次核实，已补发差额部分。"
    )
    workflow.transition(letter, "approve", by=office)
    workflow.transition(letter, "answer", by=office, publish=True)
    workflow.transition(letter, "rate", by=CITIZEN, rating="unsatisfied")
    # The one reopening is used: a second 不满意 closes the letter.
    assert letter.status == "closed"
    with pytest.raises(ValidationError, match="不能再次重办|不能重新办理"):
        workflow.transition(letter, "reopen", by=office)


def test_a_declined_letter_needs_a_reason_and_tells_the_writer(office):
    letter = write_letter()
    with pytest.raises(ValidationError, match="请选择不予受理的原因"):
        workflow.transition(letter, "decline", by=office)
    workflow.transition(letter, "decline", by=office, reason="litigation")
    assert letter.status == "declined"
    assert (
        notices(letter, "letter-declined")
        .get()
        .body.endswith("不予受理，原因：涉诉涉法。详情请凭查询码在网站查询。")
    )


def test_a_failed_change_queues_no_notice(office, czj):
    letter = write_letter()
    workflow.transition(letter, "accept", by=office)
    before = Notification.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.transition(letter, "assign", by=office, unit=czj)
        raise RuntimeError("the surrounding transaction fails")
    letter.refresh_from_db()
    assert letter.status == "accepted"
    assert Notification.objects.count() == before
    assert not letter.events.filter(action="assign").exists()


def test_events_are_append_only(office):
    letter = write_letter()
    event = letter.events.get()
    event.note = "rewritten"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert LetterEvent.objects.get(pk=event.pk).note == ""


def test_letter_numbers_follow_each_other_within_a_year(demo_db):
    at = datetime.datetime(2027, 1, 4, 9, 0, tzinfo=SHANGHAI)
    first, second = write_letter(at=at), write_letter(at=at)
    assert first.number == "2027-00001"
    assert second.number == "2027-00002"
    assert workflow.find_by_code("2027-00001", "WRONG123") is None


def test_the_system_supervises_only_overdue_letters(office, czj):
    letter = write_letter(at=datetime.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI))
    assign_letter(letter)
    with pytest.raises(ValidationError, match="尚未逾期"):
        workflow.transition(
            letter,
            "supervise",
            by=SYSTEM,
            at=datetime.datetime(2026, 11, 9, 8, 0, tzinfo=SHANGHAI),
        )
    workflow.transition(
        letter,
        "supervise",
        by=SYSTEM,
        at=datetime.datetime(2026, 11, 10, 8, 0, tzinfo=SHANGHAI),
    )
    assert letter.supervised
    assert letter.events.get(action="supervise").actor_label == "系统"
