"""The steps of a letter's handling, from acceptance to the citizen's rating
and a reopening: each ``_step(letter, step)`` checks its data, changes the
letter and returns its new status (the table is in workflow.py). Publishing
a reply is in publishing.py, deadline steps in timing.py."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from disclosure.models import Unit

from ..models import DeclineReason, Rating, Status
from . import notify, privacy
from .timing import deadline_for, later


def _accept(letter, step):
    letter.accepted_at = step.now
    return Status.ACCEPTED


def _decline(letter, step):
    reason = step.data.get("reason", "")
    if reason not in DeclineReason.values:
        raise ValidationError(_("请选择不予受理的原因。"))
    if reason == DeclineReason.OTHER:
        step.require_note(_("原因为“其他”时，请说明不予受理的理由。"))
    letter.decline_reason = reason
    letter.closed_at = step.now
    step.event_data["reason"] = str(DeclineReason(reason).label)
    step.notices.append(lambda letter, event: notify.declined(letter))
    return Status.DECLINED


def _assign(letter, step):
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


def _sign(letter, step):
    return Status.IN_PROGRESS


def _return(letter, step):
    step.require_note(_("请填写退回理由。"))
    step.event_data["unit"] = letter.unit.name if letter.unit else ""
    letter.unit = None
    return Status.RETURNED


def _submit_reply(letter, step):
    reply = (step.data.get("reply") or "").strip()
    if len(reply) < 10:
        raise ValidationError(_("答复内容不能少于10个字。"))
    letter.reply = reply
    letter.reply_unit = letter.unit
    step.event_data["reply"] = reply
    step.notices.append(lambda letter, event: notify.reply_to_review(letter, event.pk))
    return Status.REVIEWING


def _approve(letter, step):
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


def _send_back(letter, step):
    step.require_note(_("请填写退回修改的意见。"))
    return Status.IN_PROGRESS


def _rate(letter, step):
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


def _reopen(letter, step):
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


def _close(letter, step):
    letter.closed_at = step.now
    return Status.CLOSED
