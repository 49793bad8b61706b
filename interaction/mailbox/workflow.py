"""The life cycle of a letter.

:func:`submit` creates a letter; :func:`transition` is the only way its state
changes afterwards. Each action below names the states it may start from, the
roles that may take it, and what it does; :func:`transition` checks all three,
applies it, writes an append-only :class:`LetterEvent` (who, when, from, to,
note) and queues the notifications in the same transaction.

=====================  =============================  ===========================  ========
action                 from                           to                           by
=====================  =============================  ===========================  ========
accept                 submitted                      accepted                     office
decline (reason)       submitted                      declined                     office
assign (unit)          accepted, returned             assigned (deadline set)      office
sign                   assigned                       in_progress                  handler
return (note)          assigned                       returned                     handler
submit_reply (reply)   in_progress                    reviewing                    handler
approve                reviewing                      approved (review checks)     office
send_back (note)       reviewing                      in_progress                  office
answer [publish]       approved                       answered                     office
publish / unpublish    answered, closed               (unchanged)                  office
rate (rating)          answered                       closed, or answered when     citizen
                                                      不满意 and not yet reopened
reopen                 answered, closed (不满意, once) in_progress                  office
close                  answered                       closed                       office, system
request_extension      assigned, in_progress          (unchanged; pending)         handler
approve_extension      unit states, pending           (unchanged; deadline later)  office
reject_extension       unit states, pending           (unchanged)                  office
supervise (督办)       unit states, past deadline     (unchanged; flagged)         system, office
=====================  =============================  ===========================  ========
"""

import hashlib
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure import workdays
from disclosure.models import Unit

from .. import conf
from ..models import (
    DeclineReason,
    Extension,
    Letter,
    LetterAttachment,
    LetterEvent,
    LetterSequence,
    Rating,
    Status,
)
from ..models.letters import UNIT_STATES
from . import notify, privacy
from .roles import CITIZEN, HANDLER, OFFICE, SYSTEM, actor_label, roles_for

QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 8


# --------------------------------------------------------------------------
# Numbers and query codes


def allocate_number(year):
    """The next letter number of ``year``, e.g. ``2014-00001``. Must run inside
    the transaction that stores the letter: the counter row stays locked until
    it commits, so concurrent submissions queue for it and none share a
    number, and a rolled-back submission gives its number back."""
    LetterSequence.objects.bulk_create(
        [LetterSequence(year=year, last=0)], ignore_conflicts=True
    )
    LetterSequence.objects.filter(year=year).update(last=F("last") + 1)
    serial = (
        LetterSequence.objects.filter(year=year).values_list("last", flat=True).get()
    )
    return f"{year}-{serial:05d}"


def new_query_code():
    return "".join(
        secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH)
    )


def hash_query_code(number, code):
    return hashlib.sha256(f"{number}:{code.strip().upper()}".encode()).hexdigest()


def normalize_number(value):
    value = "".join((value or "").split()).replace("－", "-").replace("—", "-")
    if len(value) == 9 and value.isdigit():
        value = f"{value[:4]}-{value[4:]}"
    return value


def find_by_query_code(queryset, number, code):
    """The record of ``queryset`` (letters, applications) numbered ``number``
    when ``code`` is its query code, else None (compared in constant time)."""
    record = queryset.filter(number=number).first()
    if record is None or not code:
        return None
    if not secrets.compare_digest(
        record.query_code_hash, hash_query_code(number, code)
    ):
        return None
    return record


def find_by_code(number, code):
    """The letter with ``number`` when ``code`` is its query code, else None."""
    return find_by_query_code(Letter.objects.all(), normalize_number(number), code)


# --------------------------------------------------------------------------
# Submission


@dataclass
class Upload:
    """An attachment that passed the checks (see forms.py)."""

    file: object
    name: str
    content_type: str
    size: int


def submit(
    mailbox,
    *,
    name,
    phone,
    category,
    subject,
    content,
    email="",
    consent_publish=False,
    uploads=(),
    ip=None,
    at=None,
    notify_writer=True,
):
    """Store a new letter; returns ``(letter, query_code)``. The query code is
    shown once to the writer and only its hash is kept."""
    if category not in {c for c, _label in mailbox.category_choices()}:
        raise ValidationError(_("该信箱不受理此类别的来信。"))
    code = new_query_code()
    now = at or timezone.now()
    with transaction.atomic():
        letter = Letter.objects.create(
            # A placeholder until the real number: the counter row stays
            # locked from allocate_number() to the commit, so it is taken last.
            number=f"~{secrets.token_hex(9)}",
            mailbox=mailbox,
            category=category,
            subject=subject,
            content=content,
            name=name,
            phone=phone,
            email=email or "",
            consent_publish=consent_publish,
            submitted_ip=ip,
            received_at=now,
        )
        for upload in uploads:
            LetterAttachment.objects.create(
                letter=letter,
                file=upload.file,
                original_name=upload.name[:200],
                content_type=upload.content_type,
                size=upload.size,
            )
        LetterEvent.objects.create(
            letter=letter,
            action="submit",
            from_status="",
            to_status=Status.SUBMITTED,
            actor_label=str(CITIZEN.label),
            created_at=now,
            data={"attachments": len(uploads)},
        )
        letter.number = allocate_number(timezone.localtime(now).year)
        letter.query_code_hash = hash_query_code(letter.number, code)
        letter.save(update_fields=["number", "query_code_hash"])
        if notify_writer:
            notify.received(letter)
    return letter, code


# --------------------------------------------------------------------------
# Transitions


@dataclass
class Step:
    by: object
    note: str
    data: dict
    now: object
    notices: list = field(default_factory=list)
    event_data: dict = field(default_factory=dict)

    @property
    def today(self):
        return timezone.localtime(self.now).date()


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset
    roles: frozenset
    apply: object
    public: bool = False
    #: Whether the action makes sense for this letter beyond its state (the
    #: admin offers only those); ``apply`` checks it again with a message.
    guard: object = None


def _require_note(step, message):
    if not step.note:
        raise ValidationError(message)


def _accept(letter, step):
    letter.accepted_at = step.now
    return Status.ACCEPTED


def _decline(letter, step):
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


def _later(current, candidate):
    """Deadlines move later, never earlier."""
    return max(current, candidate) if current else candidate


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
    letter.due_on = _later(letter.due_on, deadline_for(letter))
    step.event_data.update(unit=unit.name, due_on=letter.due_on.isoformat())
    step.notices.append(lambda letter, event: notify.assigned(letter, event.pk))
    return Status.ASSIGNED


def _sign(letter, step):
    return Status.IN_PROGRESS


def _return(letter, step):
    _require_note(step, _("请填写退回理由。"))
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
    _require_note(step, _("请填写退回修改的意见。"))
    return Status.IN_PROGRESS


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
    letter.due_on = _later(letter.due_on, deadline_for(letter, step.today))
    step.event_data["due_on"] = letter.due_on.isoformat()
    step.notices.append(lambda letter, event: notify.assigned(letter, event.pk))
    return Status.IN_PROGRESS


def _close(letter, step):
    letter.closed_at = step.now
    return Status.CLOSED


def _request_extension(letter, step):
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


def _approve_extension(letter, step):
    if letter.extension != Extension.PENDING:
        raise ValidationError(_("没有待审批的延期申请。"))
    letter.extension = Extension.APPROVED
    previous = letter.due_on
    letter.due_on = _later(
        letter.due_on, workdays.add(letter.due_on or step.today, letter.extension_days)
    )
    step.event_data.update(
        days=letter.extension_days,
        previous_due_on=previous.isoformat() if previous else "",
        due_on=letter.due_on.isoformat(),
    )
    return letter.status


def _reject_extension(letter, step):
    if letter.extension != Extension.PENDING:
        raise ValidationError(_("没有待审批的延期申请。"))
    _require_note(step, _("请填写不予延期的理由。"))
    letter.extension = Extension.REJECTED
    return letter.status


def _supervise(letter, step):
    if letter.supervised:
        raise ValidationError(_("此信已列入督办。"))
    if letter.due_on is None or letter.due_on >= step.today:
        raise ValidationError(_("此信尚未逾期，不能督办。"))
    letter.supervised = True
    letter.supervised_at = step.now
    step.event_data["due_on"] = letter.due_on.isoformat()
    step.notices.append(lambda letter, event: notify.overdue(letter))
    return letter.status


def _reschedule(letter, step):
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


def _a(name, label, sources, roles, apply, **kwargs):
    return name, Action(
        name, label, frozenset(sources), frozenset(roles), apply, **kwargs
    )


S = Status
ANSWERED_STATES = [S.ANSWERED, S.CLOSED]


def _overdue(letter):
    return (
        not letter.supervised
        and letter.due_on is not None
        and letter.due_on < timezone.localdate()
    )


ACTIONS = dict(
    [
        _a("accept", _("受理"), [S.SUBMITTED], [OFFICE], _accept, public=True),
        _a("decline", _("不予受理"), [S.SUBMITTED], [OFFICE], _decline, public=True),
        _a(
            "assign",
            _("转办"),
            [S.ACCEPTED, S.RETURNED],
            [OFFICE],
            _assign,
            public=True,
        ),
        _a("sign", _("签收"), [S.ASSIGNED], [HANDLER], _sign),
        _a("return", _("退回"), [S.ASSIGNED], [HANDLER], _return),
        _a("submit_reply", _("提交答复"), [S.IN_PROGRESS], [HANDLER], _submit_reply),
        _a("approve", _("审核通过"), [S.REVIEWING], [OFFICE], _approve),
        _a("send_back", _("退回修改"), [S.REVIEWING], [OFFICE], _send_back),
        _a("answer", _("答复"), [S.APPROVED], [OFFICE], _answer, public=True),
        _a(
            "publish",
            _("公开"),
            ANSWERED_STATES,
            [OFFICE],
            _publish,
            guard=lambda letter: letter.consent_publish and not letter.published,
        ),
        _a(
            "unpublish",
            _("取消公开"),
            ANSWERED_STATES,
            [OFFICE],
            _unpublish,
            guard=lambda letter: letter.published,
        ),
        _a(
            "rate",
            _("评价"),
            [S.ANSWERED],
            [CITIZEN.role],
            _rate,
            public=True,
            guard=lambda letter: not letter.rating,
        ),
        _a(
            "reopen",
            _("重新办理"),
            ANSWERED_STATES,
            [OFFICE],
            _reopen,
            public=True,
            guard=lambda letter: (
                letter.rating == Rating.UNSATISFIED and letter.reopened_count == 0
            ),
        ),
        _a(
            "close", _("办结"), [S.ANSWERED], [OFFICE, SYSTEM.role], _close, public=True
        ),
        _a(
            "request_extension",
            _("申请延期"),
            [S.ASSIGNED, S.IN_PROGRESS],
            [HANDLER],
            _request_extension,
            guard=lambda letter: not letter.extension,
        ),
        _a(
            "approve_extension",
            _("批准延期"),
            UNIT_STATES,
            [OFFICE],
            _approve_extension,
            public=True,
            guard=lambda letter: letter.extension == Extension.PENDING,
        ),
        _a(
            "reject_extension",
            _("不予延期"),
            UNIT_STATES,
            [OFFICE],
            _reject_extension,
            guard=lambda letter: letter.extension == Extension.PENDING,
        ),
        _a(
            "reschedule",
            _("期限顺延"),
            UNIT_STATES,
            [SYSTEM.role],
            _reschedule,
            public=True,
        ),
        _a(
            "supervise",
            _("督办"),
            UNIT_STATES,
            [OFFICE, SYSTEM.role],
            _supervise,
            guard=_overdue,
        ),
    ]
)
PUBLIC_ACTIONS = {"submit"} | {name for name, a in ACTIONS.items() if a.public}


def action_label(name):
    if name == "submit":
        return str(_("来信"))
    action = ACTIONS.get(name)
    return str(action.label) if action else name


def available_actions(letter, user):
    """The actions ``user`` may try on ``letter`` in its current state."""
    roles = roles_for(user, letter)
    return [
        a
        for a in ACTIONS.values()
        if letter.status in a.sources
        and roles & a.roles
        and (a.guard is None or a.guard(letter))
    ]


def transition(letter, action, *, by, note="", at=None, notify=True, **data):
    """Apply ``action`` to ``letter`` on behalf of ``by`` (a user, CITIZEN or
    SYSTEM). Raises ValidationError (in Chinese) when the action is unknown,
    not allowed in the letter's state or to ``by``, or its data is invalid.
    ``at`` backdates the step (imports, the demo); ``notify=False`` queues no
    notification (historical data). Returns the updated letter."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise ValidationError(_("未知的操作。"))
    with transaction.atomic():
        current = Letter.objects.select_for_update().get(pk=letter.pk)
        if current.status not in spec.sources:
            raise ValidationError(
                _("信件当前状态为“%(status)s”，不能%(action)s。")
                % {"status": current.get_status_display(), "action": spec.label}
            )
        if not roles_for(by, current) & spec.roles:
            raise ValidationError(
                _("您无权对此信件执行“%(action)s”。") % {"action": spec.label}
            )
        step = Step(
            by=by, note=(note or "").strip()[:2000], data=data, now=at or timezone.now()
        )
        from_status = current.status
        current.status = spec.apply(current, step)
        current.save()
        event = LetterEvent.objects.create(
            letter=current,
            action=action,
            from_status=from_status,
            to_status=current.status,
            actor=by if getattr(by, "pk", None) else None,
            actor_label=actor_label(by),
            note=step.note,
            data=step.event_data,
            created_at=step.now,
        )
        if notify:
            for notice in step.notices:
                notice(current, event)
    for f in Letter._meta.concrete_fields:
        setattr(letter, f.attname, getattr(current, f.attname))
    letter._state.fields_cache.clear()
    return letter
