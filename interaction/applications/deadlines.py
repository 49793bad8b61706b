"""Daily supervision of the statutory clocks (Celery beat,
``interaction.check_application_deadlines``; also ``manage.py
check_application_deadlines``):

* a reminder to the unit's handlers and the county office
  ``APPLICATION_REMINDER_WORKDAYS`` (3) working days before the due date,
  once per due date (an extension earns a new reminder);
* an overdue alert to the same people, once per due date;
* applications whose 补正 period ran out are closed as 逾期不补正 (treated as
  withdrawn, Art. 30);
* a third-party consultation open for 15 working days ends: the unit decides
  without the third party's opinion (Art. 32);
* delivered applications are closed after ``APPLICATION_AUTO_CLOSE_WORKDAYS``.

Each step is a :func:`.workflow.transition` by SYSTEM; an application that
changed meanwhile is skipped."""

import datetime
import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import workdays

from .. import conf
from ..machine import transition_each
from ..models import Application, ApplicationStatus
from ..models.applications import RUNNING_STATES
from . import notify
from .handling import consultation_lapsed
from .workflow import transition

logger = logging.getLogger(__name__)
S = ApplicationStatus


def reminders_due(today):
    horizon = workdays.add(today, conf.get("APPLICATION_REMINDER_WORKDAYS"))
    return Application.objects.filter(
        status__in=RUNNING_STATES, due_on__gt=today, due_on__lte=horizon
    ).select_related("unit__application_desk")


def send_reminders(today):
    return sum(1 for a in reminders_due(today) if notify.reminder(a))


def send_overdue_alerts(today):
    overdue = Application.objects.overdue(today).select_related(
        "unit__application_desk"
    )
    return sum(1 for a in overdue if notify.overdue(a))


def lapse_corrections(today, at=None):
    return transition_each(
        transition,
        Application.objects.filter(status=S.CORRECTION, correction_due_on__lt=today),
        "correction_lapsed",
        at=at,
        note=_("补正期限届满未补正，视为放弃申请。"),
    )


def end_consultations(today, at=None):
    candidates = [
        a
        for a in Application.objects.filter(status=S.CONSULTING)
        if consultation_lapsed(a, today)
    ]
    return transition_each(
        transition,
        candidates,
        "end_consultation",
        at=at,
        note=_("第三方自征求意见之日起15个工作日内未提出意见，恢复计算答复期限。"),
    )


def close_delivered(today, at=None):
    limit = conf.get("APPLICATION_AUTO_CLOSE_WORKDAYS")
    candidates = [
        a
        for a in Application.objects.filter(status=S.DELIVERED)
        if workdays.between(a.delivered_at, today) >= limit
    ]
    return transition_each(
        transition, candidates, "close", at=at, note=_("送达后系统自动办结。")
    )


def run(today=None):
    """The day's checks; ``today`` (tests, catching up) dates the steps too."""
    at = None
    if today is not None and today != timezone.localdate():
        at = timezone.make_aware(datetime.datetime.combine(today, datetime.time(7)))
    today = today or timezone.localdate()
    result = {
        "lapsed": lapse_corrections(today, at),
        "consultations_ended": end_consultations(today, at),
        "reminders": send_reminders(today),
        "overdue": send_overdue_alerts(today),
        "closed": close_delivered(today, at),
    }
    logger.info("Application deadlines checked: %s", result)
    return result
