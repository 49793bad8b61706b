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

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..machine import Step, copy_row, event_fields
from ..machine import action as _a
from ..models import Extension, Letter, LetterEvent, Rating, Status
from ..models.letters import UNIT_STATES
from .codes import (  # noqa: F401 (re-exported)
    QUERY_CODE_ALPHABET,
    QUERY_CODE_LENGTH,
    allocate_number,
    find_by_code,
    find_by_query_code,
    hash_query_code,
    new_query_code,
    normalize_number,
)
from .handling import (
    _accept,
    _approve,
    _assign,
    _close,
    _decline,
    _rate,
    _reopen,
    _return,
    _send_back,
    _sign,
    _submit_reply,
)
from .publishing import _answer, _publish, _publish_fields, _unpublish  # noqa: F401
from .roles import CITIZEN, HANDLER, OFFICE, SYSTEM, roles_for
from .submission import Upload, submit  # noqa: F401 (re-exported)
from .timing import (  # noqa: F401 (re-exported)
    _approve_extension,
    _overdue,
    _reject_extension,
    _request_extension,
    _reschedule,
    _supervise,
    deadline_for,
    later,
)

# --------------------------------------------------------------------------
# Transitions


S = Status
ANSWERED_STATES = [S.ANSWERED, S.CLOSED]


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
            **event_fields(by, step),
        )
        if notify:
            for notice in step.notices:
                notice(current, event)
    return copy_row(letter, current)
