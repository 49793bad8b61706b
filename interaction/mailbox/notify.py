"""The notices the letter life cycle sends, written to the outbox.

Each key names the letter, the occasion and whatever makes the occasion
unique (the deadline for reminders, the answer time for answers), so a notice
is queued once however often the code that queues it runs."""

from django.utils.translation import gettext as _

from .. import conf, notifying, outbox
from ..notifying import group_members, group_users  # noqa: F401 (re-exported)
from ..notifying import sms as _sms


def admin_url(letter):
    return notifying.admin_url("mailbox_letters:detail", letter)


def unit_handlers(unit):
    return group_users(None if unit is None else unit.handlers_group_id)


def received(letter):
    return _sms(
        letter,
        f"letter-{letter.pk}-received",
        _(
            "您的来信已收到，信件编号%(number)s。请凭信件编号和查询码在网站查询办理进度。"
        )
        % {"number": letter.number},
        "letter-received",
    )


def declined(letter):
    return _sms(
        letter,
        f"letter-{letter.pk}-declined",
        _(
            "您的来信（编号%(number)s）不予受理，原因：%(reason)s。详情请凭查询码在网站查询。"
        )
        % {"number": letter.number, "reason": letter.get_decline_reason_display()},
        "letter-declined",
    )


def answered(letter):
    return _sms(
        letter,
        f"letter-{letter.pk}-answered-{letter.answered_at:%Y%m%d%H%M%S%f}",
        _(
            "您的来信（编号%(number)s）已答复，请凭信件编号和查询码在网站查看答复并评价。"
        )
        % {"number": letter.number},
        "letter-answered",
    )


def _letter_lines(letter):
    return _(
        "信件编号：%(number)s\n标题：%(subject)s\n类别：%(category)s\n"
        "答复期限：%(due)s\n办理地址：%(url)s\n"
    ) % {
        "number": letter.number,
        "subject": letter.subject,
        "category": letter.get_category_display(),
        "due": letter.due_on.isoformat() if letter.due_on else "—",
        "url": admin_url(letter),
    }


def assigned(letter, event_pk):
    return outbox.email_users(
        unit_handlers(letter.unit),
        f"letter-{letter.pk}-assigned-{event_pk}",
        _("【来信转办】%(number)s %(subject)s")
        % {"number": letter.number, "subject": letter.subject},
        _("县政府办转来群众来信一件，请及时签收办理。\n\n") + _letter_lines(letter),
        "letter-assigned",
    )


def reminder(letter):
    return outbox.email_users(
        unit_handlers(letter.unit),
        f"letter-{letter.pk}-reminder-{letter.due_on:%Y%m%d}",
        _("【来信即将到期】%(number)s %(subject)s")
        % {"number": letter.number, "subject": letter.subject},
        _("以下来信将于%(due)s到期，请抓紧答复。\n\n") % {"due": letter.due_on}
        + _letter_lines(letter),
        "letter-reminder",
    )


def overdue(letter):
    key = f"letter-{letter.pk}-overdue-{letter.due_on:%Y%m%d}"
    subject = _("【来信逾期督办】%(number)s %(subject)s") % {
        "number": letter.number,
        "subject": letter.subject,
    }
    body = _(
        "以下来信已超过答复期限，列入督办，请立即办理并答复。\n\n"
    ) + _letter_lines(letter)
    unit = letter.unit.name if letter.unit else "—"
    sent = outbox.email_users(
        unit_handlers(letter.unit), key, subject, body, "letter-overdue"
    )
    sent += outbox.email_users(
        group_members(conf.get("MAILBOX_SUPERVISION_GROUP")),
        key + "-supervision",
        subject,
        _("承办单位：%(unit)s\n") % {"unit": unit} + body,
        "letter-overdue-supervision",
    )
    return sent


def reply_to_review(letter, event_pk):
    return outbox.email_users(
        group_members(conf.get("MAILBOX_OFFICE_GROUP")),
        f"letter-{letter.pk}-review-{event_pk}",
        _("【答复待审核】%(number)s %(subject)s")
        % {"number": letter.number, "subject": letter.subject},
        _("%(unit)s已拟写答复，请审核。\n\n")
        % {"unit": letter.unit.name if letter.unit else ""}
        + _letter_lines(letter),
        "letter-review",
    )


def extension_requested(letter, event_pk):
    return outbox.email_users(
        group_members(conf.get("MAILBOX_OFFICE_GROUP")),
        f"letter-{letter.pk}-extension-{event_pk}",
        _("【延期申请】%(number)s %(subject)s")
        % {"number": letter.number, "subject": letter.subject},
        _("%(unit)s申请延期%(days)s个工作日，理由：%(reason)s\n\n")
        % {
            "unit": letter.unit.name if letter.unit else "",
            "days": letter.extension_days,
            "reason": letter.extension_reason,
        }
        + _letter_lines(letter),
        "letter-extension",
    )
