"""DOMAIN.md: a deadline can move later, never earlier. When the webmaster
changes the working-day calendar, stored deadlines are recomputed and the
later date is kept: disclosure items' 公开期限 and open letters' 答复期限."""

import datetime

import pytest

from disclosure.models import WorkdayOverride
from interaction.models import LetterEvent
from tests.factories import (
    assign_letter,
    at,
    draft_item,
    publish_unreviewed,
    write_letter,
)

pytestmark = pytest.mark.usefixtures("demo_db")

FORMED = datetime.date(2026, 11, 2)  # a Monday; November 2026 has no holiday
EXTRA_HOLIDAY = datetime.date(2026, 11, 10)


def change_calendar(capture, day, **fields):
    """Save (or with ``delete=True`` delete) the override of ``day`` and run
    what runs after the commit."""
    with capture(execute=True):
        if fields.pop("delete", False):
            WorkdayOverride.objects.get(day=day).delete()
        else:
            WorkdayOverride.objects.update_or_create(day=day, defaults=fields)


def test_an_items_deadline_moves_later_but_never_back(
    django_capture_on_commit_callbacks,
):
    item = draft_item(formed_on=FORMED)
    assert item.due_on == datetime.date(2026, 11, 30)  # 20 working days

    change_calendar(django_capture_on_commit_callbacks, EXTRA_HOLIDAY, note="临时放假")
    item.refresh_from_db()
    assert item.due_on == datetime.date(2026, 12, 1)

    # The day becomes a workday again: the recomputed 11-30 is earlier.
    change_calendar(
        django_capture_on_commit_callbacks, EXTRA_HOLIDAY, is_workday=True, note="上班"
    )
    item.refresh_from_db()
    assert item.due_on == datetime.date(2026, 12, 1)
    # Nor does saving the page, a new revision or publishing pull it back.
    item.save()
    publish_unreviewed(item)
    item.refresh_from_db()
    assert item.due_on == datetime.date(2026, 12, 1)

    # A corrected 成文日期 is another period, computed afresh.
    item.formed_on = datetime.date(2026, 10, 30)
    item.save()
    assert item.due_on == datetime.date(2026, 11, 27)


def open_letter(received):
    letter = write_letter(
        name="孙立",
        phone="13911112222",
        category="consult",
        subject="咨询办事时间",
        content="请问不动产登记窗口周六是否办公？",
        consent_publish=False,
        at=at(received, 9),
        notify_writer=False,
    )
    return assign_letter(letter, "czj", at=at(received, 9))


def test_an_open_letters_deadline_is_rescheduled_later_but_never_back(
    django_capture_on_commit_callbacks,
):
    letter = open_letter(FORMED)
    first = letter.due_on
    holiday = datetime.date(2026, 11, 5)
    assert FORMED < holiday < first

    change_calendar(django_capture_on_commit_callbacks, holiday, note="临时放假")
    letter.refresh_from_db()
    assert letter.due_on == first + datetime.timedelta(days=1)
    event = LetterEvent.objects.get(letter=letter, action="reschedule")
    assert event.data == {
        "previous_due_on": first.isoformat(),
        "due_on": letter.due_on.isoformat(),
    }

    change_calendar(django_capture_on_commit_callbacks, holiday, delete=True)
    letter.refresh_from_db()
    assert letter.due_on == first + datetime.timedelta(days=1)
    assert LetterEvent.objects.filter(letter=letter, action="reschedule").count() == 1
