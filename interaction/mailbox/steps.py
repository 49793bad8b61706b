"""What each action of a letter's life cycle does (workflow.ACTIONS names
them with the states and roles they take): each gets the letter and the
Step, changes the letter's fields, records what the event keeps, queues the
notices and returns the new state."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure import workdays
from disclosure.models import Unit

from .. import conf
from ..models import DeclineReason, Extension, Rating, Status
from . import notify, privacy


def _require_note(step, message):
    if not step.note:
        raise ValidationError(message)


def do_accept(letter, step):
    letter.accepted_at = step.now
    return Status.ACCEPTED


def do_decline(letter, step):
    reason = step.data.get("reason", "")
    if reason not in DeclineReason.values:
        raise ValidationError(_("请选择不予受理的原因。"))
    if reason == DeclineReason.OTHER:
        _require_note(step, _("原因为“其他”时，请说明不予受理的理由。"))
    letter.decline_reason = reason
    letter.closed_at = step.now
    step.event_data["reason"] = str(DeclineReason(reason).label)
    step.notices.append(lambda letter, event: notify.declined(letter))
    return Status.DECLINED


def deadline_for(letter, start=None):
    """The reply deadline: the Nth working day after ``start`` (default: the
    day the letter was received, which itself is not counted)."""
    days = letter.mailbox.workdays_for(letter.category)
    return workdays.add(start or letter.received_on, days)


def later(current, candidate):
    """Deadlines move later, never earlier."""
    return max(current, candidate) if current else candidate


def do_assign(letter, step):
    unit = step.data.get("unit")
    if unit is not None and not isinstance(unit, Unit):
        unit = Unit.objects.filter(pk=unit).first()
    if unit is None:
        raise ValidationError(_("请选择承办单位。"))
    if unit.handlers_group_id is None:
        raise ValidationError(
            _("%(unit)s尚未设置信箱办理组，不能转办。") % {"unit": unit}
        )
    letter.unit = unit
    letter.assigned_at = step.now
    letter.due_on = later(letter.due_on, deadline_for(letter))
    step.event_data.update(unit=unit.name, due_on=letter.due_on.isoformat())
    step.notices.append(lambda letter, event: notify.assigned(letter, event.pk))
    return Status.ASSIGNED


def do_sign(letter, step):
    return Status.IN_PROGRESS


def do_return(letter, step):
    _require_note(step, _("请填写退回理由。"))
    step.event_data["unit"] = letter.unit.name if letter.unit else ""
    letter.unit = None
    return Status.RETURNED


def do_submit_reply(letter, step):
    reply = (step.data.get("reply") or "").strip()
    if len(reply) < 10:
        raise ValidationError(_("答复内容不能少于10个字。"))
    letter.reply = reply
    letter.reply_unit = letter.unit
    step.event_data["reply"] = reply
    step.notices.append(lambda letter, event: notify.reply_to_review(letter, event.pk))
    return Status.REVIEWING


def do_approve(letter, step):
    findings = privacy.blocking_findings(letter.reply)
    override = (step.data.get("override_reason") or "").strip()
    if findings and not override:
        raise ValidationError(
            _(
                "答复内容未通过审查：%(problems)s 请退回修改；如确认无误，请填写放行理由。"
            )
            % {"problems": "；".join(f"{f.excerpt}（{f.message}）" for f in findings)}
        )
    step.event_data["findings"] = [
        {"rule": f.rule, "excerpt": f.excerpt, "message": f.message} for f in findings
    ]
    if override:
        step.event_data["override_reason"] = override
    return Status.APPROVED


def do_send_back(letter, step):
    _require_note(step, _("请填写退回修改的意见。"))
    return Status.IN_PROGRESS


def do_publish_fields(letter, step):
    if not letter.consent_publish:
        raise ValidationError(_("来信人未同意公开，此信只能不公开答复。"))
    personal = {"name": letter.name, "phone": letter.phone, "email": letter.email}
    public = {
        "public_subject": privacy.redact(letter.subject, **personal),
        "public_content": privacy.redact(letter.content, **personal),
        "public_reply": privacy.redact(letter.reply, **personal),
    }
    problems = [f for text in public.values() for f in privacy.blocking_findings(text)]
    if problems:
        raise ValidationError(
            _("脱敏后仍有不宜公开的内容：%(problems)s 请不公开答复。")
            % {"problems": "；".join(f"{f.excerpt}（{f.message}）" for f in problems)}
        )
    for name, value in public.items():
        setattr(letter, name, value)
    letter.public_name = privacy.mask_name(letter.name)
    letter.published = True
    letter.published_at = step.now


def do_answer(letter, step):
    letter.answered_at = step.now
    answered_on = step.today
    letter.answered_on_time = letter.due_on is None or answered_on <= letter.due_on
    letter.workdays_to_answer = workdays.between(letter.received_on, answered_on)
    if step.data.get("publish"):
        do_publish_fields(letter, step)
        step.event_data["published"] = True
    step.notices.append(lambda letter, event: notify.answered(letter))
    return Status.ANSWERED


def do_publish(letter, step):
    if letter.published:
        raise ValidationError(_("此信已公开。"))
    do_publish_fields(letter, step)
    return letter.status


def do_unpublish(letter, step):
    if not letter.published:
        raise ValidationError(_("此信尚未公开。"))
    letter.published = False
    letter.published_at = None
    letter.public_subject = letter.public_content = letter.public_reply = ""
    return letter.status


def do_rate(letter, step):
    rating = step.data.get("rating", "")
    if rating not in Rating.values:
        raise ValidationError(_("请选择满意、基本满意或不满意。"))
    if letter.rating:
        raise ValidationError(_("您已评价过此次答复。"))
    letter.rating = rating
    letter.rating_comment = (step.data.get("comment") or "").strip()[:500]
    letter.rated_at = step.now
    step.event_data["rating"] = str(Rating(rating).label)
    if rating == Rating.UNSATISFIED and letter.reopened_count == 0:
        return Status.ANSWERED
    letter.closed_at = step.now
    return Status.CLOSED


def do_reopen(letter, step):
    if letter.rating != Rating.UNSATISFIED:
        raise ValidationError(_("只有来信人评价“不满意”的信件才能重新办理。"))
    if letter.reopened_count >= 1:
        raise ValidationError(_("此信已重新办理过一次，不能再次重办。"))
    if letter.unit is None:
        raise ValidationError(_("此信没有承办单位，不能重新办理。"))
    step.event_data["previous_rating"] = str(Rating(letter.rating).label)
    letter.reopened_count += 1
    letter.rating = ""
    letter.rated_at = None
    letter.closed_at = None
    letter.answered_at = None
    letter.answered_on_time = None
    letter.due_on = later(letter.due_on, deadline_for(letter, step.today))
    step.event_data["due_on"] = letter.due_on.isoformat()
    step.notices.append(lambda letter, event: notify.assigned(letter, event.pk))
    return Status.IN_PROGRESS


def do_close(letter, step):
    letter.closed_at = step.now
    return Status.CLOSED


def do_request_extension(letter, step):
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
    _require_note(step, _("请填写延期理由。"))
    letter.extension = Extension.PENDING
    letter.extension_days = days
    letter.extension_reason = step.note
    step.event_data["days"] = days
    step.notices.append(
        lambda letter, event: notify.extension_requested(letter, event.pk)
    )
    return letter.status


def do_approve_extension(letter, step):
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


def do_reject_extension(letter, step):
    if letter.extension != Extension.PENDING:
        raise ValidationError(_("没有待审批的延期申请。"))
    _require_note(step, _("请填写不予延期的理由。"))
    letter.extension = Extension.REJECTED
    return letter.status


def do_supervise(letter, step):
    if letter.supervised:
        raise ValidationError(_("此信已列入督办。"))
    if letter.due_on is None or letter.due_on >= step.today:
        raise ValidationError(_("此信尚未逾期，不能督办。"))
    letter.supervised = True
    letter.supervised_at = step.now
    step.event_data["due_on"] = letter.due_on.isoformat()
    step.notices.append(lambda letter, event: notify.overdue(letter))
    return letter.status


def do_reschedule(letter, step):
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


def is_overdue(letter):
    return (
        not letter.supervised
        and letter.due_on is not None
        and letter.due_on < timezone.localdate()
    )
