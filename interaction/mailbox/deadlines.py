"""Daily supervision of deadlines (Celery beat, ``interaction.check_deadlines``):

* a reminder to the unit :data:`MAILBOX_REMINDER_WORKDAYS` working days before
  the deadline (once per deadline: an extension earns a new reminder);
* overdue letters are flagged 督办 and notified to the unit and the
  supervision group;
* answered letters nobody rated are closed after
  :data:`MAILBOX_AUTO_CLOSE_WORKDAYS` working days.

Letters unanswered for over three months are a red alert on the dashboard
(``Letter.objects.alert``); that needs no task, it is computed when shown."""

import logging

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import workdays

from .. import conf
from ..machine import transition_each
from ..models import Letter, Status
from ..models.letters import UNIT_STATES
from . import notify
from .roles import SYSTEM
from .timing import deadline_for, later
from .workflow import transition

logger = logging.getLogger(__name__)


def reminders_due(today):
    """Letters whose deadline is within the reminder window (today excluded)."""
    horizon = workdays.add(today, conf.get("MAILBOX_REMINDER_WORKDAYS"))
    return Letter.objects.filter(
        status__in=UNIT_STATES, due_on__gt=today, due_on__lte=horizon
    ).select_related("unit")


def send_reminders(today):
    count = 0
    for letter in reminders_due(today):
        if notify.reminder(letter):
            count += 1
    return count


def supervise_overdue(today, at=None):
    overdue = Letter.objects.overdue(today).filter(supervised=False)
    return transition_each(transition, overdue, "supervise", at=at)


def close_unrated(today, at=None):
    limit = conf.get("MAILBOX_AUTO_CLOSE_WORKDAYS")
    candidates = Letter.objects.filter(status=Status.ANSWERED, rating="")
    due = [
        letter
        for letter in candidates.only("pk", "answered_at")
        if workdays.between(letter.answered_at, today) >= limit
    ]
    return transition_each(
        transition,
        due,
        "close",
        at=at,
        note=_("答复后%(days)s个工作日未评价，系统自动办结。") % {"days": limit},
    )


def replayed_deadline(letter, events):
    """The deadline ``letter`` gets from its ``events`` (assignment, approved
    extension, reopening, in order) with today's working-day calendar."""
    due = None
    for event in events:
        if event.action == "assign":
            due = later(due, deadline_for(letter))
        elif event.action == "approve_extension" and due is not None:
            days = (event.data or {}).get("days") or letter.extension_days
            due = later(due, workdays.add(due, days))
        elif event.action == "reopen":
            start = timezone.localtime(event.created_at).date()
            due = later(due, deadline_for(letter, start))
    return due


def recompute_after_calendar_change(day, at=None):
    """Open letters whose deadline period contains ``day`` get their deadline
    again; a later one is kept (``reschedule``), an earlier one never."""
    letters = (
        Letter.objects.filter(
            status__in=UNIT_STATES, due_on__gte=day, received_at__date__lt=day
        )
        .select_related("mailbox")
        .prefetch_related("events")
    )
    moved = 0
    for letter in letters:
        events = sorted(letter.events.all(), key=lambda e: (e.created_at, e.pk))
        due = replayed_deadline(letter, events)
        if due is None or due <= letter.due_on:
            continue
        try:
            transition(letter, "reschedule", by=SYSTEM, at=at, due_on=due)
        except ValidationError:  # changed meanwhile
            continue
        moved += 1
    if moved:
        logger.info("Calendar change on %s: %s letter deadlines moved.", day, moved)
    return moved


def run(today=None):
    today = today or timezone.localdate()
    result = {
        "reminders": send_reminders(today),
        "supervised": supervise_overdue(today),
        "closed": close_unrated(today),
        "alerts": Letter.objects.alert(today).count(),
    }
    logger.info("Mailbox deadlines checked: %s", result)
    return result
