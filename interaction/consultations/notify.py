"""Notices of the consultations, written to the outbox; each key names the
consultation and the occasion, so a notice is queued once however often the
code that queues it runs."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import conf, outbox, staff
from ..models import Comment


def console_url(consultation):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "talk_consultations:console", args=[consultation.pk]
    )


def _lines(consultation):
    return _(
        "意见征集：%(title)s\n起草单位：%(unit)s\n征集期：%(opens)s至%(closes)s\n"
        "收到意见：%(count)s条\n反馈期限：%(due)s\n办理地址：%(url)s\n"
    ) % {
        "title": consultation.title,
        "unit": consultation.unit.name,
        "opens": f"{consultation.opens_at:%Y-%m-%d}",
        "closes": f"{consultation.closes_at:%Y-%m-%d}",
        "count": Comment.objects.filter(consultation=consultation).count(),
        "due": consultation.feedback_due_on or "—",
        "url": console_url(consultation),
    }


def closed(consultation):
    """The unit is told the period is over and what is due."""
    return outbox.email_users(
        staff.members(consultation.unit),
        f"consultation-{consultation.pk}-closed",
        _("【意见征集结束】%(title)s") % {"title": consultation.title},
        _(
            "意见征集已结束，请逐条审核意见、作出采纳决定，并在反馈期限前发布"
            "意见采纳情况反馈。\n\n"
        )
        + _lines(consultation),
        "consultation-closed",
    )


def feedback_reminder(consultation):
    return outbox.email_users(
        staff.members(consultation.unit),
        f"consultation-{consultation.pk}-reminder-{consultation.feedback_due_on:%Y%m%d}",
        _("【意见反馈即将到期】%(title)s") % {"title": consultation.title},
        _("意见采纳情况反馈将于%(due)s到期，请抓紧发布。\n\n")
        % {"due": consultation.feedback_due_on}
        + _lines(consultation),
        "consultation-reminder",
    )


def feedback_overdue(consultation):
    """The county office and the unit: no feedback within the period."""
    key = f"consultation-{consultation.pk}-overdue"
    subject = _("【意见反馈逾期】%(title)s") % {"title": consultation.title}
    body = _(
        "以下意见征集结束已超过%(days)s个工作日，仍未发布意见采纳情况反馈。\n\n"
    ) % {"days": conf.get("CONSULTATION_FEEDBACK_WORKDAYS")} + _lines(consultation)
    return outbox.email_users(
        staff.members(consultation.unit), key, subject, body, "consultation-overdue"
    ) + outbox.email_users(
        staff.office_members(),
        key + "-office",
        subject,
        body,
        "consultation-overdue-office",
    )
