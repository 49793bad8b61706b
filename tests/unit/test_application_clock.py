"""The statutory clock of an application (条例 Art. 30–33) and the fee scales
of 国办函〔2020〕109号, through their functions and their commands.

Dates are checked by hand against the 2025/2026 State Council schedules:
2026-09-20 (Sunday) and 2026-10-10 (Saturday) are 调休 workdays, 10-01..07
are off; 2025-09-28 (Sunday) and 10-11 (Saturday) are workdays, 10-01..08
off; 2026-04-04..06 (清明) and 05-01..05 are off."""

import io
import json
import random
from datetime import date

import pytest
from django.core.management import call_command

from interaction.applications import clock, fees
from interaction.applications.clock import ClockError, Event

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def due(*events):
    return clock.due_date([Event(kind, D(day), *rest) for kind, day, *rest in events])


# --- receipt ---------------------------------------------------------------


def test_receipt_on_a_friday_before_a_holiday_counts_the_tiaoxiu_sunday():
    # Friday 2026-09-18: the day of receipt never counts; day 1 is the 调休
    # Sunday 09-20, 中秋 (09-25..27) and 国庆 (10-01..07) are skipped, the
    # 调休 Saturday 10-10 counts.
    assert due(("received", "2026-09-18")) == D("2026-10-22")
    # Friday 2025-09-26: day 1 is the 调休 Sunday 2025-09-28, 国庆 ran to 10-08.
    assert due(("received", "2025-09-26")) == D("2025-10-30")


def test_receipt_on_the_friday_before_qingming():
    # 2026-04-03 (Fri): 04-04..06 off, day 1 is Tuesday 04-07; 劳动节 skipped.
    assert due(("received", "2026-04-03")) == D("2026-05-07")


def test_a_due_date_can_fall_on_a_tiaoxiu_sunday():
    assert due(("received", "2026-08-24")) == D("2026-09-20")


# --- 补正 ------------------------------------------------------------------


def test_correction_restarts_the_clock_from_the_corrected_application():
    assert due(("received", "2026-03-02")) == D("2026-03-30")
    restarted = due(
        ("received", "2026-03-02"),
        ("correction_requested", "2026-03-04"),
        ("corrected", "2026-03-09"),
    )
    # 20 working days after 03-09, 清明 (04-04..06) skipped.
    assert restarted == D("2026-04-07")


def test_while_waiting_for_the_correction_the_due_date_does_not_move():
    state = clock.compute(
        [
            Event("received", D("2026-03-02")),
            Event("correction_requested", D("2026-03-04")),
        ]
    )
    assert state.due == D("2026-03-30")
    assert state.waiting_for_correction and not state.running


@pytest.mark.parametrize(
    "events, message",
    [
        # 7 working days after Monday 03-02 is 03-11; 03-12 is too late.
        (
            [("received", "2026-03-02"), ("correction_requested", "2026-03-12")],
            "7个工作日内",
        ),
        (
            [
                ("received", "2026-03-02"),
                ("correction_requested", "2026-03-03"),
                ("corrected", "2026-03-05"),
                ("correction_requested", "2026-03-06"),
            ],
            "只能要求一次",
        ),
        ([("received", "2026-03-02"), ("corrected", "2026-03-05")], "没有待补正"),
        (
            [
                ("received", "2026-03-02"),
                ("correction_requested", "2026-03-03"),
                ("third_party_started", "2026-03-04"),
            ],
            "等待补正期间",
        ),
        ([("corrected", "2026-03-05")], "必须先有“收到申请”"),
        ([("received", "2026-03-02"), ("received", "2026-03-03")], "只能收到一次"),
        (
            [("received", "2026-03-05"), ("third_party_started", "2026-03-04")],
            "早于前一事件",
        ),
    ],
)
def test_impossible_sequences_are_refused_in_chinese(events, message):
    with pytest.raises(ClockError, match=message):
        due(*events)


def test_correction_may_be_asked_on_the_seventh_working_day():
    assert due(("received", "2026-03-02"), ("correction_requested", "2026-03-11")) == D(
        "2026-03-30"
    )


# --- third party (征求第三方意见) --------------------------------------------


def test_third_party_pause_across_national_day_is_not_counted():
    # Received 09-21: due 10-26. Paused 09-28 → 10-12: the working days in
    # (09-28, 10-12] are 09-29, 09-30, 10-08, 10-09, 10-10 (调休), 10-12 = 6.
    assert due(("received", "2026-09-21")) == D("2026-10-26")
    assert due(
        ("received", "2026-09-21"),
        ("third_party_started", "2026-09-28"),
        ("third_party_ended", "2026-10-12"),
    ) == D("2026-11-03")


def test_an_open_consultation_leaves_the_due_date_until_it_ends():
    assert due(("received", "2026-09-21"), ("third_party_started", "2026-09-28")) == D(
        "2026-10-26"
    )


def test_the_pause_counts_at_most_fifteen_working_days():
    long_pause = clock.compute(
        [
            Event("received", D("2026-09-21")),
            Event("third_party_started", D("2026-09-28")),
            Event("third_party_ended", D("2026-11-30")),
        ]
    )
    assert long_pause.paused_workdays == 15
    # 10-26 plus 15 working days.
    assert long_pause.due == D("2026-11-16")


def test_no_pause_after_the_due_date():
    with pytest.raises(ClockError, match="答复期限2026-10-26已过"):
        due(("received", "2026-09-21"), ("third_party_started", "2026-10-27"))


# --- extension ---------------------------------------------------------------


def test_one_extension_of_at_most_twenty_working_days():
    assert due(("received", "2026-06-01")) == D("2026-06-30")
    assert due(("received", "2026-06-01"), ("extended", "2026-06-29")) == D(
        "2026-07-28"
    )
    assert due(("received", "2026-06-01"), ("extended", "2026-06-29", 5)) == D(
        "2026-07-07"
    )
    with pytest.raises(ClockError, match="只能延长一次"):
        due(
            ("received", "2026-06-01"),
            ("extended", "2026-06-10", 5),
            ("extended", "2026-06-11", 5),
        )
    with pytest.raises(ClockError, match="1至20个工作日"):
        due(("received", "2026-06-01"), ("extended", "2026-06-10", 21))
    with pytest.raises(ClockError, match="已过，不能再延长"):
        due(("received", "2026-06-01"), ("extended", "2026-07-01"))


def test_an_extension_during_a_consultation_is_not_late():
    # Due 10-26 before the pause, still paused on 10-30: +5, then the
    # 12 working days of (10-20, 11-05].
    assert due(
        ("received", "2026-09-21"),
        ("third_party_started", "2026-10-20"),
        ("extended", "2026-10-30", 5),
        ("third_party_ended", "2026-11-05"),
    ) == D("2026-11-18")


def test_every_event_moves_the_due_date_later_or_leaves_it():
    rng = random.Random(11)
    for _ in range(60):
        day = D("2026-01-05")
        received = date.fromordinal(day.toordinal() + rng.randint(0, 300))
        events = [Event("received", received)]
        current = received
        plan = rng.sample(["correction", "third_party", "extended"], rng.randint(0, 3))
        for step in plan:
            current = date.fromordinal(current.toordinal() + rng.randint(0, 3))
            if step == "correction":
                events.append(Event("correction_requested", current))
                current = date.fromordinal(current.toordinal() + rng.randint(0, 12))
                events.append(Event("corrected", current))
            elif step == "third_party":
                events.append(Event("third_party_started", current))
                current = date.fromordinal(current.toordinal() + rng.randint(0, 30))
                events.append(Event("third_party_ended", current))
            else:
                events.append(Event("extended", current, rng.randint(1, 20)))
        dues = []
        try:
            for n in range(1, len(events) + 1):
                dues.append(clock.due_date(events[:n]))
        except ClockError:
            continue  # e.g. correction asked too late: refused, nothing moved
        assert dues == sorted(dues)


# --- the command -------------------------------------------------------------


def run_deadline(payload, capsys, monkeypatch):
    text = payload if isinstance(payload, str) else json.dumps(payload)
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    try:
        call_command("application_deadline")
        code = 0
    except SystemExit as exit:
        code = exit.code
    out = capsys.readouterr()
    return code, out.out.strip(), out.err.strip()


def test_application_deadline_prints_the_due_date(capsys, monkeypatch):
    events = [
        {"kind": "received", "date": "2026-09-21"},
        {"kind": "third_party_started", "date": "2026-09-28"},
        {"kind": "third_party_ended", "date": "2026-10-12"},
        {"kind": "extended", "date": "2026-10-20"},
    ]
    code, out, err = run_deadline(events, capsys, monkeypatch)
    assert (code, out, err) == (0, "2026-12-01", "")


@pytest.mark.parametrize(
    "payload, message",
    [
        ([{"kind": "corrected", "date": "2026-03-02"}], "必须先有“收到申请”"),
        ([{"kind": "received", "date": "2026-02-30"}], "日期“2026-02-30”无效"),
        ([{"kind": "lunch", "date": "2026-03-02"}], "类型“lunch”无效"),
        ({"kind": "received"}, "事件列表"),
        ("[{", "不是有效的 JSON"),
        ([], "没有“收到申请”事件"),
        ([{"kind": "received", "date": "2026-03-02"}, "x"], "应为对象"),
    ],
)
def test_application_deadline_refuses_impossible_input_with_exit_2(
    payload, message, capsys, monkeypatch
):
    code, out, err = run_deadline(payload, capsys, monkeypatch)
    assert code == 2 and out == ""
    assert message in err


# --- fees --------------------------------------------------------------------


@pytest.mark.parametrize(
    "count, amount",
    [(0, 0), (10, 0), (11, 100), (30, 2000), (31, 2200), (40, 4000), (41, 4300)],
)
def test_fee_by_item_is_marginal_per_band(count, amount):
    assert fees.by_item(count) == amount


@pytest.mark.parametrize(
    "count, amount",
    [(30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)],
)
def test_fee_by_page_is_marginal_per_band(count, amount):
    assert fees.by_page(count) == amount


def test_item_bands_keep_rising_by_100_every_ten():
    assert [fees.item_price(n) for n in (41, 50, 51, 60, 61)] == [
        300,
        300,
        400,
        400,
        500,
    ]


def test_application_fee_command(capsys):
    call_command("application_fee", "--method", "item", "--count", "41")
    call_command("application_fee", "--method", "page", "--count", "201")
    assert capsys.readouterr().out.split() == ["4300", "2740"]
    for args, message in (
        (["--method", "word", "--count", "3"], "计收方式“word”无效"),
        (["--method", "page", "--count", "-3"], "数量“-3”无效"),
    ):
        with pytest.raises(SystemExit) as exit:
            call_command("application_fee", *args)
        assert exit.value.code == 2
        assert message in capsys.readouterr().err
