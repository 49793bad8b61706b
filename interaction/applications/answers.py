"""The steps that conclude an application: the answer with one of Table 3's
outcomes and its notice, the Art. 39 redirect, a lapsed 补正, delivery and
closing (see :mod:`.actions`)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import (
    ApplicationAttachment,
    ApplicationNotice,
    ApplicationStatus,
    DeliveryForm,
    FeeStatus,
)
from . import clock
from .handling import correction_open, payment_lapsed
from .outcomes import LEGAL_BASIS, PROVIDING, Outcome
from .roles import APPLICANT, HEAD
from .steps import issue_notice

S = ApplicationStatus
Kind = ApplicationNotice.Kind

# --------------------------------------------------------------------------
# Answer, redirect, delivery


def correction_lapsed(application, step):
    if correction_open(application, step.today):
        raise ValidationError(_("补正期限尚未届满。"))
    return decide(
        application, step, Outcome.NO_CORRECTION, "", LEGAL_BASIS[Outcome.NO_CORRECTION]
    )


def decide(application, step, outcome, decision, basis, **extra):
    application.outcome = outcome
    application.legal_basis = basis
    application.decision = decision
    application.decided_on = step.today
    application.answered_on_time = (
        application.due_on is None or step.today <= application.due_on
    )
    step.event_data.update(outcome=str(Outcome(outcome).label), legal_basis=basis)
    data = {"outcome": outcome, "decision": decision, "legal_basis": basis, **extra}
    issue_notice(
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


def answer(application, step):
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
    return decide(
        application,
        step,
        outcome,
        decision,
        basis,
        links=links,
        uploads=uploads,
        override=override,
    )


def redirect(application, step):
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
    return decide(
        application,
        step,
        Outcome.PETITION,
        str(decision),
        LEGAL_BASIS[Outcome.PETITION],
    )


def deliver(application, step):
    method = step.data.get("method") or application.delivery_form
    if method not in DeliveryForm.values:
        raise ValidationError(_("请选择送达方式。"))
    if step.by is APPLICANT and application.delivery_form != DeliveryForm.ONLINE:
        raise ValidationError(_("此申请不以网上查看方式送达。"))
    application.delivery_method = method
    application.delivered_at = step.now
    step.event_data["method"] = str(DeliveryForm(method).label)
    return S.DELIVERED


def close(application, step):
    application.closed_at = step.now
    return S.CLOSED
