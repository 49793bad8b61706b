"""Working-day calendar: package data, webmaster overrides, weekends-only
fallback for unknown years, caching, dashboard warning and CLI."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from wagtail import hooks

from disclosure import wagtail_hooks_calendar, workdays
from disclosure.models import WorkdayOverride

pytestmark = pytest.mark.django_db

NATIONAL_DAY_2026 = [date(2026, 10, d) for d in range(1, 8)]
WARNING_2027 = (
    "2027年节假日安排尚未录入，工作日按周末推算。请在“工作日历”中录入国务院公布的安排。"
)


@pytest.fixture(autouse=True)
def fresh_calendar():
    # The override snapshot lives in the process; test transactions roll back
    # without signals, so start and end every test with an empty snapshot.
    workdays.invalidate_cache()
    yield
    workdays.invalidate_cache()


def days(start, end):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


# --- package data (2026) ----------------------------------------------------


def test_sunday_make_up_day_counts():
    sunday = date(2026, 9, 20)
    assert sunday.weekday() == 6
    assert workdays.is_workday(sunday)
    # Saturday 09-19 + 1 working day = the Sunday make-up day itself.
    assert workdays.add(date(2026, 9, 19), 1) == sunday
    assert workdays.between(date(2026, 9, 19), sunday) == 1
    # Saturday 2026-10-10 is the other make-up day of the National Day week.
    assert workdays.is_workday(date(2026, 10, 10))


def test_national_day_week_is_off():
    for day in NATIONAL_DAY_2026:
        assert not workdays.is_workday(day), day
    # 09-30 (Wed) + 1 working day skips the whole week.
    assert workdays.add(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert workdays.between(date(2026, 9, 30), date(2026, 10, 7)) == 0
    assert workdays.between(date(2026, 9, 30), date(2026, 10, 8)) == 1
    # Mid-Autumn 09-25 (Fri) is off too: 09-24 (Thu) -> 09-28 (Mon).
    assert workdays.add(date(2026, 9, 24), 1) == date(2026, 9, 28)


def test_start_day_is_never_counted():
    assert workdays.add(date(2026, 9, 21), 0) == date(2026, 9, 21)
    assert workdays.add(date(2026, 10, 3), 0) == date(2026, 10, 3)
    # A workday start: the next workday is the first.
    assert workdays.add(date(2026, 9, 20), 1) == date(2026, 9, 21)
    # A holiday start: the first workday after the holiday.
    assert workdays.add(date(2026, 10, 1), 1) == date(2026, 10, 8)
    # Letter received on Friday 2026-11-20: 5 working days -> Friday 11-27.
    assert workdays.add(date(2026, 11, 20), 5) == date(2026, 11, 27)


def test_twenty_working_days_across_national_day():
    # 09-18 (Fri) start: 09-20(1) 21-24(5) 28-30(8), 10-08..10(11),
    # 10-12..16(16), 10-19..22(20).
    assert workdays.add(date(2026, 9, 18), 20) == date(2026, 10, 22)


def test_add_between_inverse_property():
    for a in days(date(2026, 8, 1), date(2027, 2, 28)):
        for n in range(26):
            assert workdays.between(a, workdays.add(a, n)) == n, (a, n)
        for b in days(a, a + timedelta(days=45)):
            k = workdays.between(a, b)
            assert workdays.add(a, k) <= b, (a, b)
            assert workdays.add(a, k + 1) > b, (a, b)


def test_between_is_zero_when_b_not_after_a():
    assert workdays.between(date(2026, 10, 8), date(2026, 10, 8)) == 0
    assert workdays.between(date(2026, 10, 9), date(2026, 10, 8)) == 0


def test_invalid_n():
    with pytest.raises(ValueError):
        workdays.add(date(2026, 9, 21), -1)
    with pytest.raises(TypeError):
        workdays.add(date(2026, 9, 21), 1.5)


def test_datetime_is_reduced_to_local_date():
    # 2026-09-19 23:30 UTC is 2026-09-20 07:30 in Asia/Shanghai.
    received = datetime(2026, 9, 19, 23, 30, tzinfo=UTC)
    assert workdays.add(received, 1) == date(2026, 9, 21)
    assert workdays.is_workday(received)


# --- overrides ---------------------------------------------------------------


def test_override_makes_package_workday_a_holiday():
    assert workdays.is_workday(date(2026, 9, 21))
    WorkdayOverride.objects.create(day=date(2026, 9, 21), is_workday=False)
    assert not workdays.is_workday(date(2026, 9, 21))
    assert workdays.add(date(2026, 9, 20), 1) == date(2026, 9, 22)


def test_override_makes_package_holiday_a_workday():
    WorkdayOverride.objects.create(
        day=date(2026, 10, 5), is_workday=True, note="调休上班"
    )
    assert workdays.is_workday(date(2026, 10, 5))
    assert workdays.add(date(2026, 9, 30), 1) == date(2026, 10, 5)
    # Also the make-up Sunday can be switched off.
    WorkdayOverride.objects.create(day=date(2026, 9, 20), is_workday=False)
    assert not workdays.is_workday(date(2026, 9, 20))


def test_editing_and_deleting_override_invalidates_warm_cache():
    row = WorkdayOverride.objects.create(day=date(2026, 11, 26), is_workday=False)
    assert not workdays.is_workday(date(2026, 11, 26))  # warm now
    row.is_workday = True
    row.save()
    assert workdays.is_workday(date(2026, 11, 26))
    row.delete()
    WorkdayOverride.objects.create(day=date(2026, 11, 28), is_workday=True)
    assert workdays.is_workday(date(2026, 11, 28))  # a Saturday
    WorkdayOverride.objects.filter(day=date(2026, 11, 28)).first().delete()
    assert not workdays.is_workday(date(2026, 11, 28))


def test_other_process_change_is_noticed_through_shared_version(
    monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(workdays, "SHARED_CHECK_SECONDS", 0.0)
    assert workdays.is_workday(date(2026, 11, 27))  # warm snapshot
    # Another process writes a row (no signal here) and bumps the version.
    WorkdayOverride.objects.bulk_create(
        [WorkdayOverride(day=date(2026, 11, 27), is_workday=False)]
    )
    with django_assert_num_queries(0):
        assert workdays.is_workday(date(2026, 11, 27))  # still the old snapshot
    cache.set(workdays.SHARED_VERSION_KEY, "bumped-by-another-process")
    with django_assert_num_queries(1):
        assert not workdays.is_workday(date(2026, 11, 27))
    with django_assert_num_queries(0):
        assert not workdays.is_workday(date(2026, 11, 27))


# --- unknown years -------------------------------------------------------------


def test_2027_falls_back_to_weekends_without_raising():
    assert not workdays.year_known(2027)
    assert workdays.year_known(2026)
    assert workdays.missing_years([2027, 2026, 2027]) == [2027]
    # 2027-01-01 is a Friday: a workday without data, although 元旦 in reality.
    assert workdays.is_workday(date(2027, 1, 1))
    assert not workdays.is_workday(date(2027, 1, 2))  # Saturday
    assert not workdays.is_workday(date(2027, 1, 3))  # Sunday
    assert workdays.add(date(2027, 1, 1), 1) == date(2027, 1, 4)
    assert workdays.between(date(2027, 1, 3), date(2027, 1, 10)) == 5
    # Far outside the package too.
    assert workdays.is_workday(date(1999, 12, 31))
    assert workdays.add(date(2100, 1, 1), 10) == date(2100, 1, 15)


def test_entering_2027_rows_makes_the_year_known():
    WorkdayOverride.objects.create(day=date(2027, 1, 1), is_workday=False, note="元旦")
    assert workdays.year_known(2027)
    assert workdays.missing_years([2026, 2027]) == []
    assert not workdays.is_workday(date(2027, 1, 1))
    assert workdays.add(date(2026, 12, 21), 20) == date(2027, 1, 19)


# --- queries -------------------------------------------------------------------


def test_add_runs_one_query_cold_and_none_warm(django_assert_num_queries):
    WorkdayOverride.objects.create(day=date(2026, 12, 31), is_workday=False)
    workdays.invalidate_cache()
    with django_assert_num_queries(1):
        assert workdays.add(date(2026, 12, 21), 20) == date(2027, 1, 19)
    with django_assert_num_queries(0):
        for start in days(date(2026, 1, 1), date(2026, 12, 31)):
            workdays.add(start, 20)
        workdays.between(date(2026, 1, 1), date(2027, 12, 31))
        workdays.is_workday(date(2026, 9, 20))
        workdays.year_known(2027)


def test_add_cold_with_max_num_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        workdays.add(date(2026, 9, 18), 20)


# --- dashboard -------------------------------------------------------------------


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="calendar-admin", email="calendar-admin@example.com", password="pw"
    )


def render_panel(user, today):
    request = RequestFactory().get("/admin/")
    request.user = user
    panel = wagtail_hooks_calendar.CalendarWarningPanel(today=today)
    return panel.render_html({"request": request})


def test_dashboard_panel_warns_when_next_year_missing(superuser):
    assert wagtail_hooks_calendar.calendar_warnings(date(2026, 11, 25)) == [
        WARNING_2027
    ]
    html = render_panel(superuser, date(2026, 11, 25))
    assert WARNING_2027 in html
    # 2026 itself is known: only next year is reported.
    assert "2026年" not in html


def test_dashboard_panel_silent_once_2027_entered(superuser):
    WorkdayOverride.objects.create(day=date(2027, 1, 1), is_workday=False, note="元旦")
    assert wagtail_hooks_calendar.calendar_warnings(date(2026, 11, 25)) == []
    assert render_panel(superuser, date(2026, 11, 25)) == ""


def test_dashboard_panel_hidden_from_users_without_permission(django_user_model):
    editor = django_user_model.objects.create_user(
        username="calendar-editor", password="pw"
    )
    assert render_panel(editor, date(2026, 11, 25)) == ""


def test_dashboard_hook_adds_panel_to_admin_home(client, superuser, monkeypatch):
    assert wagtail_hooks_calendar.add_calendar_warning_panel in hooks.get_hooks(
        "construct_homepage_panels"
    )
    monkeypatch.setattr(wagtail_hooks_calendar, "_today", lambda: date(2026, 11, 25))
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert WARNING_2027 in response.content.decode()


# --- management command ----------------------------------------------------------


def run(*args):
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def test_command_due_2026_12_21_plus_20():
    # 2026 (package data): 12-22..25 and 12-28..31 are 8 working days.
    # 2027 has no package data, so weekends only: 01-01 (Fri) is the 9th,
    # 01-04..08 the 10th-14th, 01-11..15 the 15th-19th, 01-18 (Mon) the 20th.
    assert run("due", "2026-12-21", "20") == "2027-01-18\n"


def test_command_due_after_webmaster_enters_new_year_day():
    WorkdayOverride.objects.create(day=date(2027, 1, 1), is_workday=False, note="元旦")
    assert run("due", "2026-12-21", "20") == "2027-01-19\n"


def test_command_between_and_check():
    assert run("between", "2026-09-30", "2026-10-09") == "2\n"
    assert run("between", "2026-10-09", "2026-09-30") == "0\n"
    assert "已知" in run("check", "2026")
    assert "尚未录入" in run("check", "2027")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("due", "2026-13-01", "20"), "日期“2026-13-01”无效"),
        (("due", "2026/12/21", "20"), "日期“2026/12/21”无效"),
        (("due", "2026-12-21", "-5"), "不能为负数"),
        (("due", "2026-12-21", "twenty"), "工作日数“twenty”无效"),
        (("between", "2026-12-21", "tomorrow"), "日期“tomorrow”无效"),
        (("check", "next"), "年份“next”无效"),
    ],
)
def test_command_rejects_bad_input(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
