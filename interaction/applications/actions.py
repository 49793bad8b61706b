"""The steps of an application, each with the states it may start from and
the roles that may take it; :func:`.workflow.transition` runs them.

=====================  ======================  ===========================  ============
action                 from                    to                           by
=====================  ======================  ===========================  ============
confirm_receipt        submitted               received (clock starts)      handler
discard (note)         submitted               discarded (not counted)      handler
request_correction     received                correction (clock stops)     handler
correct (text)         correction              received (clock restarts)    applicant, handler
correction_lapsed      correction, past due    closed: 逾期不补正           system, handler
start_consultation     received                consulting (clock paused)    handler
end_consultation       consulting              received (due moves later)   handler, system
request_extension      received, consulting    (unchanged; pending)         handler
approve_extension      received, consulting    (unchanged; due +days)       head
reject_extension       received, consulting    (unchanged)                  head
notify_fee             received, consulting    (unchanged; fee notice)      handler
waive_fee (reason)     received, consulting    (unchanged; waived)          handler, head
record_payment         received, consulting    (unchanged; paid)            handler
answer (outcome)       received                answered (notice issued)     handler
redirect (Art. 39)     submitted, received     answered: 信访举报投诉类     handler
deliver (method)       answered                delivered                    handler, applicant
close                  delivered               closed                       handler, system
=====================  ======================  ===========================  ============

The steps themselves are in :mod:`.handling` and :mod:`.answers`; what a
step gets (:class:`.steps.Step`) and how it issues a notice is in
:mod:`.steps`.
"""

from django.utils.translation import gettext_lazy as _

from disclosure import workdays

from ..machine import action as _a
from ..models import ApplicationStatus, ExtensionStatus, FeeStatus
from . import answers, clock, handling
from .handling import correction_open, past_due
from .roles import APPLICANT, HANDLER, HEAD, SYSTEM
from .steps import Action, Step

__all__ = ["ACTIONS", "PUBLIC_ACTIONS", "Action", "Step"]

S = ApplicationStatus

# --------------------------------------------------------------------------
# The table


WORKING = [S.RECEIVED, S.CONSULTING]
H, SYS, CIT = HANDLER, SYSTEM.role, APPLICANT.role


def _lapsed_guard(application, today):
    return not correction_open(application, today)


ACTIONS = dict(
    [
        _a(
            "confirm_receipt",
            _("确认收到"),
            [S.SUBMITTED],
            [H],
            handling.confirm_receipt,
            public=True,
        ),
        _a(
            "discard",
            _("作为无效申请"),
            [S.SUBMITTED],
            [H],
            handling.discard,
            public=True,
        ),
        _a(
            "request_correction",
            _("要求补正"),
            [S.RECEIVED],
            [H],
            handling.request_correction,
            public=True,
            guard=lambda a, today: (
                not a.correction_items
                and not a.extension
                and workdays.between(a.received_on, today)
                <= clock.CORRECTION_REQUEST_WORKDAYS
            ),
        ),
        _a(
            "correct",
            _("提交补正"),
            [S.CORRECTION],
            [CIT, H],
            handling.correct,
            public=True,
            guard=lambda a, today: bool(correction_open(a, today)),
        ),
        _a(
            "correction_lapsed",
            _("逾期未补正"),
            [S.CORRECTION],
            [SYS, H],
            answers.correction_lapsed,
            public=True,
            guard=_lapsed_guard,
        ),
        _a(
            "start_consultation",
            _("征求第三方意见"),
            [S.RECEIVED],
            [H],
            handling.start_consultation,
            public=True,
            guard=lambda a, today: (
                not a.consultation_party and a.due_on and today <= a.due_on
            ),
        ),
        _a(
            "end_consultation",
            _("第三方意见征求结束"),
            [S.CONSULTING],
            [H, SYS],
            handling.end_consultation,
            public=True,
        ),
        _a(
            "request_extension",
            _("申请延期答复"),
            WORKING,
            [H],
            handling.request_extension,
            guard=lambda a, today: not a.extension and not past_due(a, today),
        ),
        _a(
            "approve_extension",
            _("批准延期答复"),
            WORKING,
            [HEAD],
            handling.approve_extension,
            public=True,
            guard=lambda a, today: a.extension == ExtensionStatus.PENDING,
        ),
        _a(
            "reject_extension",
            _("不予延期"),
            WORKING,
            [HEAD],
            handling.reject_extension,
            guard=lambda a, today: a.extension == ExtensionStatus.PENDING,
        ),
        _a(
            "notify_fee",
            _("发出收费通知"),
            WORKING,
            [H],
            handling.notify_fee,
            public=True,
            guard=lambda a, today: not a.fee_status,
        ),
        _a(
            "waive_fee",
            _("减免信息处理费"),
            WORKING,
            [H, HEAD],
            handling.waive_fee,
            public=True,
            guard=lambda a, today: a.fee_status in (FeeStatus.NONE, FeeStatus.NOTIFIED),
        ),
        _a(
            "record_payment",
            _("登记缴费"),
            WORKING,
            [H],
            handling.record_payment,
            public=True,
            guard=lambda a, today: a.fee_status == FeeStatus.NOTIFIED,
        ),
        _a("answer", _("答复"), [S.RECEIVED], [H, HEAD], answers.answer, public=True),
        _a(
            "redirect",
            _("转为来信（第三十九条）"),
            [S.SUBMITTED, S.RECEIVED],
            [H],
            answers.redirect,
            public=True,
        ),
        _a("deliver", _("送达"), [S.ANSWERED], [H, CIT], answers.deliver, public=True),
        _a("close", _("办结"), [S.DELIVERED], [H, SYS], answers.close, public=True),
    ]
)
PUBLIC_ACTIONS = {"submit"} | {name for name, a in ACTIONS.items() if a.public}
