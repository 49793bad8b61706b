"""Consultations open and close at their set times (Celery beat every
minute, ``interaction.switch_consultations``), and the feedback deadline is
watched once a day (``interaction.check_consultation_feedback``): a reminder
to the unit shortly before it, and a consultation still without published
feedback the day after it is flagged to the county office (outbox, and the
dashboard panel). Each is a plain function of ``now``/``today``."""

import datetime
import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import workdays

from .. import conf
from ..models import ConsultationPage, ConsultationState
from . import notify
from .workflow import CONSULTATION

logger = logging.getLogger(__name__)
S = ConsultationState


def run(now=None):
    now = now or timezone.now()
    result = CONSULTATION.switch_due(
        ConsultationPage.objects.live(),
        [
            ("opened", S.UPCOMING, "opens_at", "open", _("按预定时间开始征集。")),
            ("closed", S.OPEN, "closes_at", "close", _("征集期满，自动结束。")),
        ],
        at=now,
    )
    if any(result.values()):
        logger.info("Consultations switched: %s", result)
    return result


def awaiting_feedback():
    return ConsultationPage.objects.filter(
        state=S.CLOSED, feedback_due_on__isnull=False
    ).select_related("unit")


def check_feedback(today=None):
    today = today or timezone.localdate()
    at = timezone.make_aware(
        datetime.datetime.combine(today, timezone.localtime().time())
    )
    horizon = workdays.add(today, conf.get("CONSULTATION_REMINDER_WORKDAYS"))
    reminded = 0
    for page in awaiting_feedback().filter(
        feedback_due_on__gte=today, feedback_due_on__lte=horizon
    ):
        notify.feedback_reminder(page)
        reminded += 1
    overdue = awaiting_feedback().filter(feedback_due_on__lt=today, flagged_at=None)
    flagged = CONSULTATION.transition_due(
        overdue,
        "flag",
        at=at,
        note=_("结束后%(days)s个工作日内未发布意见采纳情况反馈。")
        % {"days": conf.get("CONSULTATION_FEEDBACK_WORKDAYS")},
    )
    result = {"reminded": reminded, "flagged": flagged}
    logger.info("Consultation feedback checked: %s", result)
    return result
