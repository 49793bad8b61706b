"""The notices the application life cycle sends, written to the outbox in the
transaction of the step that causes them. Keys name the application, the
occasion and what makes it unique (the event, the due date), so a notice is
queued once however often the code that queues it runs."""

from django.utils.translation import gettext as _

from .. import conf, notifying, outbox
from ..notifying import group_members
from ..notifying import group_users as _group_users
from ..notifying import sms as _sms


def admin_url(application):
    return notifying.admin_url("applications:detail", application)


def handlers(application):
    desk = getattr(application.unit, "application_desk", None)
    return _group_users(desk.handlers_group_id if desk else None)


def heads(application):
    desk = getattr(application.unit, "application_desk", None)
    return _group_users(desk.heads_group_id if desk else None)


def office():
    return group_members(conf.get("APPLICATION_OFFICE_GROUP"))


def _lines(application):
    return _(
        "申请编号：%(number)s\n受理机关：%(unit)s\n所需信息：%(summary)s\n"
        "答复期限：%(due)s\n办理地址：%(url)s\n"
    ) % {
        "number": application.number,
        "unit": application.unit.name,
        "summary": application.summary,
        "due": application.due_on.isoformat() if application.due_on else "—",
        "url": admin_url(application),
    }


def submitted(application):
    _sms(
        application,
        f"application-{application.pk}-submitted",
        _(
            "您的政府信息公开申请已提交%(unit)s，申请编号%(number)s。"
            "请凭申请编号和查询码在网站查询办理进度。"
        )
        % {"unit": application.unit.name, "number": application.number},
        "application-submitted",
    )
    outbox.email_users(
        handlers(application),
        f"application-{application.pk}-new",
        _("【政府信息公开申请】%(number)s 待确认收到") % {"number": application.number},
        _("本单位收到一件网上政府信息公开申请，请及时确认收到并办理。\n\n")
        + _lines(application),
        "application-new",
    )


def received(application):
    return _sms(
        application,
        f"application-{application.pk}-received",
        _(
            "%(unit)s已确认收到您的政府信息公开申请（编号%(number)s），"
            "将于%(due)s前答复。"
        )
        % {
            "unit": application.unit.name,
            "number": application.number,
            "due": application.due_on.isoformat(),
        },
        "application-received",
    )


def notice_issued(application, notice):
    """The applicant hears of every notice; they read it online."""
    return _sms(
        application,
        f"application-{application.pk}-notice-{notice.pk}",
        _(
            "%(unit)s就您的政府信息公开申请（编号%(number)s）出具了%(title)s，"
            "请凭申请编号和查询码在网站查看。"
        )
        % {
            "unit": application.unit.name,
            "number": application.number,
            "title": notice.get_kind_display(),
        },
        f"application-notice-{notice.kind}",
    )


def extension_requested(application, event_pk):
    return outbox.email_users(
        heads(application),
        f"application-{application.pk}-extension-{event_pk}",
        _("【延期答复审批】%(number)s") % {"number": application.number},
        _("办理人申请延长答复期限%(days)s个工作日，理由：%(reason)s\n\n")
        % {
            "days": application.extension_days,
            "reason": application.extension_reason,
        }
        + _lines(application),
        "application-extension",
    )


def reminder(application):
    key = f"application-{application.pk}-reminder-{application.due_on:%Y%m%d}"
    subject = _("【申请即将到期】%(number)s 须于%(due)s前答复") % {
        "number": application.number,
        "due": application.due_on.isoformat(),
    }
    body = _("以下政府信息公开申请即将到期，请抓紧答复。\n\n") + _lines(application)
    sent = outbox.email_users(
        handlers(application), key, subject, body, "application-reminder"
    )
    sent += outbox.email_users(
        office(), key + "-office", subject, body, "application-reminder-office"
    )
    return sent


def overdue(application):
    key = f"application-{application.pk}-overdue-{application.due_on:%Y%m%d}"
    subject = _("【申请已逾期】%(number)s 答复期限%(due)s") % {
        "number": application.number,
        "due": application.due_on.isoformat(),
    }
    body = _("以下政府信息公开申请已超过法定答复期限，请立即答复。\n\n") + _lines(
        application
    )
    sent = outbox.email_users(
        handlers(application), key, subject, body, "application-overdue"
    )
    sent += outbox.email_users(
        office(), key + "-office", subject, body, "application-overdue-office"
    )
    return sent
