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

Notices (告知书) are built and checked in the step's ``after`` callbacks,
after the due date was recomputed, inside the same transaction: a notice
that fails the review checks rolls the whole step back.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure import workdays

from .. import conf
from ..models import (
    ApplicationAttachment,
    ApplicationNotice,
    ApplicationStatus,
    DeliveryForm,
    ExtensionStatus,
    FeeStatus,
)
from . import clock, fees, notices, notify
from .outcomes import LEGAL_BASIS, PROVIDING, Outcome
from .roles import APPLICANT, HANDLER, HEAD, SYSTEM

S = ApplicationStatus
Kind = ApplicationNotice.Kind


@dataclass
class Step:
    by: object
    note: str
    data: dict
    now: object
    #: The roles the actor holds on the application.
    roles: frozenset = frozenset()
    #: (kind, date, days) for the statutory clock, or None.
    clock: tuple | None = None
    notices: list = field(default_factory=list)
    after: list = field(default_factory=list)
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
    #: Whether the applicant sees this step in the online history.
    public: bool = False
    #: ``guard(application, today)``: whether the admin offers the action.
    guard: object = None


def _require(value, message):
    if not value:
        raise ValidationError(message)


def _int(value, low, high, message):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(message) from None
    if not low <= number <= high:
        raise ValidationError(message)
    return number


def _issue(step, kind, data, *, override="", uploads=()):
    """Build, check and store a notice after the step's state is saved (and
    its due date recomputed). ``data`` may be a callable of the application."""

    def after(application, event):
        values = data(application) if callable(data) else data
        content = notices.build(application, kind, values, step.today)
        review = notices.review(content, uploads)
        if review.blocking and not override:
            raise ValidationError(
                _(
                    "告知书未通过审查：%(problems)s 请修改；如确认无误，"
                    "须由负责人填写放行理由。"
                )
                % {"problems": review.message()}
            )
        notice = notices.issue(
            application,
            kind,
            content,
            step.today,
            findings=review.as_data(),
            override=override,
        )
        event.data["notice"] = notice.reference
        event.data["notice_id"] = notice.pk
        type(event).objects.filter(pk=event.pk).update(data=event.data)
        step.notices.append(lambda app, _event: notify.notice_issued(app, notice))

    step.after.append(after)


# --------------------------------------------------------------------------
# Receipt, correction, consultation


def _confirm_receipt(application, step):
    application.received_on = step.today
    step.clock = (clock.RECEIVED, step.today, None)
    step.notices.append(lambda app, event: notify.received(app))
    return S.RECEIVED


def _discard(application, step):
    _require(step.note, _("请说明作为无效申请处理的理由（如重复提交、测试信息）。"))
    application.closed_at = step.now
    return S.DISCARDED


def _request_correction(application, step):
    items = (step.data.get("items") or "").strip()
    _require(items, _("请一次性列明需要补正的全部事项。"))
    days = _int(
        step.data.get("days") or conf.get("APPLICATION_CORRECTION_WORKDAYS"),
        5,
        30,
        _("补正期限应为5至30个工作日。"),
    )
    application.correction_items = items
    application.correction_due_on = workdays.add(step.today, days)
    step.clock = (clock.CORRECTION_REQUESTED, step.today, None)
    step.event_data.update(
        items=items, correction_due_on=application.correction_due_on.isoformat()
    )
    _issue(
        step,
        Kind.CORRECTION,
        {"items": items, "due_on": application.correction_due_on},
    )
    return S.CORRECTION


def _correction_open(application, today):
    return application.correction_due_on and today <= application.correction_due_on


def _correct(application, step):
    text = (step.data.get("text") or "").strip()
    if len(text) < 5:
        raise ValidationError(_("补正内容不能少于5个字。"))
    if not _correction_open(application, step.today):
        raise ValidationError(_("补正期限已过，申请已视为放弃。"))
    application.correction_text = text[:5000]
    step.clock = (clock.CORRECTED, step.today, None)
    step.event_data["text"] = application.correction_text
    return S.RECEIVED


def _correction_lapsed(application, step):
    if _correction_open(application, step.today):
        raise ValidationError(_("补正期限尚未届满。"))
    return _decide(
        application, step, Outcome.NO_CORRECTION, "", LEGAL_BASIS[Outcome.NO_CORRECTION]
    )


def _start_consultation(application, step):
    party = (step.data.get("party") or "").strip()
    _require(party, _("请填写征求意见的第三方。"))
    application.consultation_party = party[:100]
    step.clock = (clock.THIRD_PARTY_STARTED, step.today, None)
    step.event_data["party"] = application.consultation_party
    return S.CONSULTING


def _end_consultation(application, step):
    step.clock = (clock.THIRD_PARTY_ENDED, step.today, None)
    return S.RECEIVED


def consultation_lapsed(application, today):
    """After 15 working days the unit decides without the third party."""
    started = (
        application.events.filter(clock=clock.THIRD_PARTY_STARTED)
        .values_list("clock_date", flat=True)
        .first()
    )
    return bool(
        started and workdays.between(started, today) >= clock.THIRD_PARTY_MAX_WORKDAYS
    )


# --------------------------------------------------------------------------
# Extension


def past_due(application, today):
    """Past the due date (never while a consultation pauses the clock)."""
    return bool(
        application.status != S.CONSULTING
        and application.due_on
        and today > application.due_on
    )


def _request_extension(application, step):
    if application.extension:
        raise ValidationError(_("每件申请只能延期一次。"))
    if past_due(application, step.today):
        raise ValidationError(_("答复期限已过，不能再申请延期。"))
    days = _int(
        step.data.get("days"),
        1,
        clock.MAX_EXTENSION_WORKDAYS,
        _("延期天数应为1至20个工作日。"),
    )
    _require(step.note, _("请填写延期理由。"))
    application.extension = ExtensionStatus.PENDING
    application.extension_days = days
    application.extension_reason = step.note
    step.event_data["days"] = days
    step.notices.append(lambda app, event: notify.extension_requested(app, event.pk))
    return application.status


def _approve_extension(application, step):
    if application.extension != ExtensionStatus.PENDING:
        raise ValidationError(_("没有待审批的延期申请。"))
    application.extension = ExtensionStatus.APPROVED
    step.clock = (clock.EXTENDED, step.today, application.extension_days)
    step.event_data["previous_due_on"] = (
        application.due_on.isoformat() if application.due_on else ""
    )

    _issue(
        step,
        Kind.EXTENSION,
        lambda app: {
            "reason": app.extension_reason,
            "days": app.extension_days,
            "due_on": app.due_on,
        },
    )
    return application.status


def _reject_extension(application, step):
    if application.extension != ExtensionStatus.PENDING:
        raise ValidationError(_("没有待审批的延期申请。"))
    _require(step.note, _("请填写不予延期的理由。"))
    application.extension = ExtensionStatus.REJECTED
    return application.status


# --------------------------------------------------------------------------
# Fees


def fee_due(application, method, count=None):
    """(count, amount) for the fee notice. By item the count is the
    applicant's applications received by the unit in the month of this one
    (this one included) and the amount is this one's share (marginal)."""
    if method == fees.ITEM:
        month = application.received_on.replace(day=1)
        earlier = (
            type(application)
            .objects.counted()
            .filter(
                unit_id=application.unit_id,
                id_type=application.id_type,
                id_number=application.id_number,
                received_on__gte=month,
                received_on__lte=application.received_on,
                pk__lt=application.pk,
            )
            .count()
        )
        return earlier + 1, fees.marginal(fees.ITEM, 1, earlier)
    pages = _int(count, 1, 100_000, _("请填写提供信息的页数。"))
    return pages, fees.amount(fees.PAGE, pages)


def _fee_method(application):
    desk = getattr(application.unit, "application_desk", None)
    return desk.fee_method if desk else fees.ITEM


def _notify_fee(application, step):
    if application.fee_status:
        raise ValidationError(_("此申请已处理过信息处理费。"))
    method = _fee_method(application)
    count, amount = fee_due(application, method, step.data.get("count"))
    if amount == 0:
        raise ValidationError(_("按规定本申请不收取信息处理费。"))
    application.fee_method = method
    application.fee_count = count
    application.fee_amount = amount
    application.fee_status = FeeStatus.NOTIFIED
    application.fee_notified_on = step.today
    step.event_data.update(method=method, count=count, amount=amount)
    _issue(step, Kind.FEE, {"method": method, "count": count, "amount": amount})
    return application.status


def _waive_fee(application, step):
    if application.fee_status not in (FeeStatus.NONE, FeeStatus.NOTIFIED):
        raise ValidationError(_("此申请的信息处理费已缴纳或已减免。"))
    _require(step.note, _("请填写减免理由。"))
    if not application.fee_status:
        method = _fee_method(application)
        count, amount = fee_due(application, method, step.data.get("count"))
        if amount == 0:
            raise ValidationError(_("按规定本申请不收取信息处理费，无需减免。"))
        application.fee_method, application.fee_count = method, count
        application.fee_amount = amount
    application.fee_status = FeeStatus.WAIVED
    application.fee_waiver_decision = step.note
    step.event_data["amount"] = application.fee_amount
    return application.status


def _record_payment(application, step):
    if application.fee_status != FeeStatus.NOTIFIED:
        raise ValidationError(_("没有待缴纳的信息处理费。"))
    application.fee_status = FeeStatus.PAID
    application.fee_paid_on = step.today
    return application.status


def payment_lapsed(application, today):
    return bool(
        application.fee_status == FeeStatus.NOTIFIED
        and workdays.between(application.fee_notified_on, today) > fees.PAYMENT_WORKDAYS
    )


# --------------------------------------------------------------------------
# Answer, redirect, delivery


def _decide(application, step, outcome, decision, basis, **extra):
    application.outcome = outcome
    application.legal_basis = basis
    application.decision = decision
    application.decided_on = step.today
    application.answered_on_time = (
        application.due_on is None or step.today <= application.due_on
    )
    step.event_data.update(outcome=str(Outcome(outcome).label), legal_basis=basis)
    data = {"outcome": outcome, "decision": decision, "legal_basis": basis, **extra}
    _issue(
        step,
        Kind.DECISION,
        data,
        override=extra.get("override", ""),
        uploads=extra.get("uploads", ()),
    )
    if outcome == Outcome.NO_CORRECTION or outcome == Outcome.UNPAID:
        application.closed_at = step.now
        return S.CLOSED
    return S.ANSWERED


def _answer(application, step):
    outcome = step.data.get("outcome", "")
    if outcome not in Outcome.values or outcome == Outcome.NO_CORRECTION:
        raise ValidationError(_("请选择办理结果。"))
    if outcome == Outcome.UNPAID and not payment_lapsed(application, step.today):
        raise ValidationError(
            _("收费通知发出后20个工作日内未缴费的，才能按逾期未缴费处理。")
        )
    if outcome in PROVIDING and application.fee_status == FeeStatus.NOTIFIED:
        raise ValidationError(_("申请人尚未缴纳信息处理费，请缴费或减免后再提供信息。"))
    decision = (step.data.get("decision") or "").strip()
    if len(decision) < 10:
        raise ValidationError(_("请写明答复内容（不少于10个字）。"))
    basis = (step.data.get("legal_basis") or "").strip() or LEGAL_BASIS[outcome]
    links = [
        line.strip()
        for line in (step.data.get("links") or "").splitlines()
        if line.strip()
    ]
    uploads = list(step.data.get("uploads") or ())
    if (links or uploads) and outcome not in PROVIDING:
        raise ValidationError(_("只有予以公开或部分公开时才提供信息。"))
    if outcome in PROVIDING and not (links or uploads):
        raise ValidationError(
            _("予以公开或部分公开时，请附上信息或填写获取信息的链接。")
        )
    override = (step.data.get("override_reason") or "").strip()
    if override and HEAD not in step.roles:
        raise ValidationError(_("只有政务公开负责人可以放行审查发现的问题。"))
    application.information_links = "\n".join(links)
    for upload in uploads:

        def save(app, event, upload=upload):
            ApplicationAttachment.objects.create(
                application=app,
                file=upload.file,
                original_name=upload.name[:200],
                content_type=upload.content_type,
                size=upload.size,
            )

        step.after.append(save)
    step.event_data["decision"] = decision
    if override:
        step.event_data["override_reason"] = override
    return _decide(
        application,
        step,
        outcome,
        decision,
        basis,
        links=links,
        uploads=uploads,
        override=override,
    )


def _redirect(application, step):
    from .redirect import to_letter

    if application.status == S.SUBMITTED:
        application.received_on = step.today
        step.clock = (clock.RECEIVED, step.today, None)
    letter = to_letter(application, step.data.get("mailbox"), step.now)
    application.letter = letter
    step.event_data["letter"] = letter.number
    decision = _(
        "您提出的诉求已按信访、投诉、举报渠道转为来信（信件编号%(number)s），"
        "由%(mailbox)s办理，您可在本申请的查询页面查看来信的办理进度。"
    ) % {"number": letter.number, "mailbox": letter.mailbox.title}
    return _decide(
        application,
        step,
        Outcome.PETITION,
        str(decision),
        LEGAL_BASIS[Outcome.PETITION],
    )


def _deliver(application, step):
    method = step.data.get("method") or application.delivery_form
    if method not in DeliveryForm.values:
        raise ValidationError(_("请选择送达方式。"))
    if step.by is APPLICANT and application.delivery_form != DeliveryForm.ONLINE:
        raise ValidationError(_("此申请不以网上查看方式送达。"))
    application.delivery_method = method
    application.delivered_at = step.now
    step.event_data["method"] = str(DeliveryForm(method).label)
    return S.DELIVERED


def _close(application, step):
    application.closed_at = step.now
    return S.CLOSED


# --------------------------------------------------------------------------
# The table


def _a(name, label, sources, roles, apply, **kwargs):
    return name, Action(
        name, label, frozenset(sources), frozenset(roles), apply, **kwargs
    )


WORKING = [S.RECEIVED, S.CONSULTING]
H, SYS, CIT = HANDLER, SYSTEM.role, APPLICANT.role


def _lapsed_guard(application, today):
    return not _correction_open(application, today)


ACTIONS = dict(
    [
        _a(
            "confirm_receipt",
            _("确认收到"),
            [S.SUBMITTED],
            [H],
            _confirm_receipt,
            public=True,
        ),
        _a("discard", _("作为无效申请"), [S.SUBMITTED], [H], _discard, public=True),
        _a(
            "request_correction",
            _("要求补正"),
            [S.RECEIVED],
            [H],
            _request_correction,
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
            _correct,
            public=True,
            guard=lambda a, today: bool(_correction_open(a, today)),
        ),
        _a(
            "correction_lapsed",
            _("逾期未补正"),
            [S.CORRECTION],
            [SYS, H],
            _correction_lapsed,
            public=True,
            guard=_lapsed_guard,
        ),
        _a(
            "start_consultation",
            _("征求第三方意见"),
            [S.RECEIVED],
            [H],
            _start_consultation,
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
            _end_consultation,
            public=True,
        ),
        _a(
            "request_extension",
            _("申请延期答复"),
            WORKING,
            [H],
            _request_extension,
            guard=lambda a, today: not a.extension and not past_due(a, today),
        ),
        _a(
            "approve_extension",
            _("批准延期答复"),
            WORKING,
            [HEAD],
            _approve_extension,
            public=True,
            guard=lambda a, today: a.extension == ExtensionStatus.PENDING,
        ),
        _a(
            "reject_extension",
            _("不予延期"),
            WORKING,
            [HEAD],
            _reject_extension,
            guard=lambda a, today: a.extension == ExtensionStatus.PENDING,
        ),
        _a(
            "notify_fee",
            _("发出收费通知"),
            WORKING,
            [H],
            _notify_fee,
            public=True,
            guard=lambda a, today: not a.fee_status,
        ),
        _a(
            "waive_fee",
            _("减免信息处理费"),
            WORKING,
            [H, HEAD],
            _waive_fee,
            public=True,
            guard=lambda a, today: a.fee_status in (FeeStatus.NONE, FeeStatus.NOTIFIED),
        ),
        _a(
            "record_payment",
            _("登记缴费"),
            WORKING,
            [H],
            _record_payment,
            public=True,
            guard=lambda a, today: a.fee_status == FeeStatus.NOTIFIED,
        ),
        _a("answer", _("答复"), [S.RECEIVED], [H, HEAD], _answer, public=True),
        _a(
            "redirect",
            _("转为来信（第三十九条）"),
            [S.SUBMITTED, S.RECEIVED],
            [H],
            _redirect,
            public=True,
        ),
        _a("deliver", _("送达"), [S.ANSWERED], [H, CIT], _deliver, public=True),
        _a("close", _("办结"), [S.DELIVERED], [H, SYS], _close, public=True),
    ]
)
PUBLIC_ACTIONS = {"submit"} | {name for name, a in ACTIONS.items() if a.public}
