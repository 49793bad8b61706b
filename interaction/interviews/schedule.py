"""Interviews switch state at their set times (Celery beat every minute,
``interaction.switch_interviews``; or ``run(now)`` from a test or a shell):
upcoming → live at the start, live → ended at the end, ended → archived
``INTERVIEW_ARCHIVE_WORKDAYS`` working days after the end, at the same time
of day. A run that comes late (the scheduler was down) catches up: an
interview whose whole slot has passed starts and ends in the same run."""

import datetime
import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import workdays

from .. import conf
from ..models import InterviewPage, InterviewState
from .workflow import INTERVIEW

logger = logging.getLogger(__name__)
S = InterviewState


def archive_at(interview):
    end = timezone.localtime(interview.ends_at)
    day = workdays.add(end.date(), conf.get("INTERVIEW_ARCHIVE_WORKDAYS"))
    return timezone.make_aware(datetime.datetime.combine(day, end.time()))


def run(now=None):
    now = now or timezone.now()
    live = InterviewPage.objects.live()
    result = INTERVIEW.switch_due(
        live,
        [
            ("started", S.UPCOMING, "starts_at", "start", _("按预定时间开始。")),
            ("ended", S.LIVE, "ends_at", "end", _("按预定时间结束。")),
        ],
        at=now,
    )
    ended = live.filter(state=S.ENDED, ends_at__lte=now).order_by("ends_at")
    result["archived"] = INTERVIEW.transition_due(
        [page for page in ended if archive_at(page) <= now],
        "archive",
        at=now,
        note=_("结束%(days)s个工作日后自动归档。")
        % {"days": conf.get("INTERVIEW_ARCHIVE_WORKDAYS")},
    )
    if any(result.values()):
        logger.info("Interviews switched: %s", result)
    return result
