"""The steps of a letter that move or watch its reply deadline: the deadline
itself, extensions (延期), supervision (督办) and rescheduling after a
calendar change. Deadlines move later, never earlier."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure import workdays

from .. import conf
from ..models import Extension
from . import notify


def deadline_for(letter, start=None):
    """The reply deadline: the Nth working day after ``start`` (default: the
    day the letter was received, which itself is not counted)."""
    days = letter.mailbox.workdays_for(letter.category)
    return workdays.add(start or letter.received_on, days)


def later(current, candidate):
    """Deadlines move later, never earlier."""
    return max(current, candidate) if current else candidate


def _request_extension(letter, step):
    if letter.extension:
        raise ValidationError(_("每封来信只能申请一次延期。"))
    try:
        days = int(step.data.get("days") or 0)
    except (TypeError, ValueError):
        days = 0
    limit = conf.get("MAILBOX_MAX_EXTENSION_WORKDAYS")
    if not 1 <= days <= limit:
        raise ValidationError(
            _("延期天数应为1至%(limit)s个工作日。") % {"limit": limit}
        )
    step.require_note(_("请填写延期理由。"))
    letter.extension = Extension.PENDING
    letter.extension_days = days
    letter.extension_reason = step.note
    step.event_data["days"] = days
    step.notices.append(
        lambda letter, event: notify.extension_requested(letter, event.pk)
    )
    return letter.status


def _approve_extension(letter, step):
    if letter.extension != Extension.PENDING:
        raise ValidationError(_("没有待审批的延期申请。"))
    letter.extension = Extension.APPROVED
    previous = letter.due_on
    letter.due_on = later(
        letter.due_on, workdays.add(letter.due_on or step.today, letter.extension_days)
    )
    step.event_data.update(
        days=letter.extension_days,
        previous_due_on=previous.isoformat() if previous else "",
        due_on=letter.due_on.isoformat(),
    )
    return letter.status


def _reject_extension(letter, step):
    if letter.extension != Extension.PENDING:
        raise ValidationError(_("没有待审批的延期申请。"))
    step.require_note(_("请填写不予延期的理由。"))
    letter.extension = Extension.REJECTED
    return letter.status


def _supervise(letter, step):
    if letter.supervised:
        raise ValidationError(_("此信已列入督办。"))
    if letter.due_on is None or letter.due_on >= step.today:
        raise ValidationError(_("此信尚未逾期，不能督办。"))
    letter.supervised = True
    letter.supervised_at = step.now
    step.event_data["due_on"] = letter.due_on.isoformat()
    step.notices.append(lambda letter, event: notify.overdue(letter))
    return letter.status


def _reschedule(letter, step):
    """The working-day calendar changed: the deadline moves later, never
    earlier (see deadlines.recompute_after_calendar_change)."""
    due_on = step.data.get("due_on")
    if letter.due_on is None or due_on is None or due_on <= letter.due_on:
        raise ValidationError(_("答复期限只能推后，不能提前。"))
    step.event_data.update(
        previous_due_on=letter.due_on.isoformat(), due_on=due_on.isoformat()
    )
    letter.due_on = due_on
    return letter.status


def _overdue(letter):
    return (
        not letter.supervised
        and letter.due_on is not None
        and letter.due_on < timezone.localdate()
    )
