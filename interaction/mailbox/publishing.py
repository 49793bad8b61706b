"""Answering a letter and publishing (or withdrawing) its redacted reply on
the public pages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from disclosure import workdays

from ..models import Status
from . import notify, privacy


def _publish_fields(letter, step):
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


def _answer(letter, step):
    letter.answered_at = step.now
    answered_on = step.today
    letter.answered_on_time = letter.due_on is None or answered_on <= letter.due_on
    letter.workdays_to_answer = workdays.between(letter.received_on, answered_on)
    if step.data.get("publish"):
        _publish_fields(letter, step)
        step.event_data["published"] = True
    step.notices.append(lambda letter, event: notify.answered(letter))
    return Status.ANSWERED


def _publish(letter, step):
    if letter.published:
        raise ValidationError(_("此信已公开。"))
    _publish_fields(letter, step)
    return letter.status


def _unpublish(letter, step):
    if not letter.published:
        raise ValidationError(_("此信尚未公开。"))
    letter.published = False
    letter.published_at = None
    letter.public_subject = letter.public_content = letter.public_reply = ""
    return letter.status
