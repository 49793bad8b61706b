"""The steps that handle an application before it is answered: receipt,
补正, third-party consultation, extension and fees (see :mod:`.actions`)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from disclosure import workdays

from .. import conf
from ..models import ApplicationNotice, ApplicationStatus, ExtensionStatus, FeeStatus
from . import clock, fees, notify
from .steps import integer, issue_notice, require

S = ApplicationStatus
Kind = ApplicationNotice.Kind

# --------------------------------------------------------------------------
# Receipt, correction, consultation


def confirm_receipt(application, step):
    application.received_on = step.today
    step.clock = (clock.RECEIVED, step.today, None)
    step.notices.append(lambda app, event: notify.received(app))
    return S.RECEIVED


def discard(application, step):
    require(step.note, _("请说明作为无效申请处理的理由（如重复提交、测试信息）。"))
    application.closed_at = step.now
    return S.DISCARDED


def request_correction(application, step):
    items = (step.data.get("items") or "").strip()
    require(items, _("请一次性列明需要补正的全部事项。"))
    days = integer(
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
    issue_notice(
        step,
        Kind.CORRECTION,
        {"items": items, "due_on": application.correction_due_on},
    )
    return S.CORRECTION


def correction_open(application, today):
    return application.correction_due_on and today <= application.correction_due_on


def correct(application, step):
    text = (step.data.get("text") or "").strip()
    if len(text) < 5:
        raise ValidationError(_("补正内容不能少于5个字。"))
    if not correction_open(application, step.today):
        raise ValidationError(_("补正期限已过，申请已视为放弃。"))
    application.correction_text = text[:5000]
    step.clock = (clock.CORRECTED, step.today, None)
    step.event_data["text"] = application.correction_text
    return S.RECEIVED


def start_consultation(application, step):
    party = (step.data.get("party") or "").strip()
    require(party, _("请填写征求意见的第三方。"))
    application.consultation_party = party[:100]
    step.clock = (clock.THIRD_PARTY_STARTED, step.today, None)
    step.event_data["party"] = application.consultation_party
    return S.CONSULTING


def end_consultation(application, step):
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


def request_extension(application, step):
    if application.extension:
        raise ValidationError(_("每件申请只能延期一次。"))
    if past_due(application, step.today):
        raise ValidationError(_("答复期限已过，不能再申请延期。"))
    days = integer(
        step.data.get("days"),
        1,
        clock.MAX_EXTENSION_WORKDAYS,
        _("延期天数应为1至20个工作日。"),
    )
    require(step.note, _("请填写延期理由。"))
    application.extension = ExtensionStatus.PENDING
    application.extension_days = days
    application.extension_reason = step.note
    step.event_data["days"] = days
    step.notices.append(lambda app, event: notify.extension_requested(app, event.pk))
    return application.status


def approve_extension(application, step):
    if application.extension != ExtensionStatus.PENDING:
        raise ValidationError(_("没有待审批的延期申请。"))
    application.extension = ExtensionStatus.APPROVED
    step.clock = (clock.EXTENDED, step.today, application.extension_days)
    step.event_data["previous_due_on"] = (
        application.due_on.isoformat() if application.due_on else ""
    )

    issue_notice(
        step,
        Kind.EXTENSION,
        lambda app: {
            "reason": app.extension_reason,
            "days": app.extension_days,
            "due_on": app.due_on,
        },
    )
    return application.status


def reject_extension(application, step):
    if application.extension != ExtensionStatus.PENDING:
        raise ValidationError(_("没有待审批的延期申请。"))
    require(step.note, _("请填写不予延期的理由。"))
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
    pages = integer(count, 1, 100_000, _("请填写提供信息的页数。"))
    return pages, fees.amount(fees.PAGE, pages)


def fee_method(application):
    desk = getattr(application.unit, "application_desk", None)
    return desk.fee_method if desk else fees.ITEM


def notify_fee(application, step):
    if application.fee_status:
        raise ValidationError(_("此申请已处理过信息处理费。"))
    method = fee_method(application)
    count, amount = fee_due(application, method, step.data.get("count"))
    if amount == 0:
        raise ValidationError(_("按规定本申请不收取信息处理费。"))
    application.fee_method = method
    application.fee_count = count
    application.fee_amount = amount
    application.fee_status = FeeStatus.NOTIFIED
    application.fee_notified_on = step.today
    step.event_data.update(method=method, count=count, amount=amount)
    issue_notice(step, Kind.FEE, {"method": method, "count": count, "amount": amount})
    return application.status


def waive_fee(application, step):
    if application.fee_status not in (FeeStatus.NONE, FeeStatus.NOTIFIED):
        raise ValidationError(_("此申请的信息处理费已缴纳或已减免。"))
    require(step.note, _("请填写减免理由。"))
    if not application.fee_status:
        method = fee_method(application)
        count, amount = fee_due(application, method, step.data.get("count"))
        if amount == 0:
            raise ValidationError(_("按规定本申请不收取信息处理费，无需减免。"))
        application.fee_method, application.fee_count = method, count
        application.fee_amount = amount
    application.fee_status = FeeStatus.WAIVED
    application.fee_waiver_decision = step.note
    step.event_data["amount"] = application.fee_amount
    return application.status


def record_payment(application, step):
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
