"""The life of a consultation and of the comments sent to it.

:func:`submit_comment` stores a citizen's comment; :data:`CONSULTATION` and
:data:`COMMENT` (see :mod:`interaction.machine`) are the only ways their
states change afterwards.

===============  =====================  ===============================  =============
consultation     from                   to                               by
===============  =====================  ===============================  =============
open             upcoming               open                             staff, system
close            open                   closed (feedback due in 20       staff (once the
                                        working days; the unit told)     minimum period
                                                                         has run), system
draft_feedback   closed                 closed (the feedback page        staff
                                        drafted from the decisions)
flag             closed, past due       closed (the office and the       system
                                        unit told)
conclude         closed                 concluded (feedback published)   system
===============  =====================  ===============================  =============

===============  =====================  ===============================  =============
comment          from                   to                               by
===============  =====================  ===============================  =============
publish          pending, hidden        published (masked text passes    staff
                                        the review checks)
hide             pending, published     hidden                           staff
decide           any                    unchanged (采纳 / 部分采纳 /     staff
                                        未采纳 with a reason)
===============  =====================  ===============================  =============
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure import workdays
from disclosure.cache import bump_content_version

from .. import conf
from ..machine import STAFF, SYSTEM_ROLE, Machine, action, at_set_time
from ..mailbox import privacy
from ..models import (
    Comment,
    CommentEvent,
    CommentStatus,
    ConsultationEvent,
    ConsultationPage,
    ConsultationState,
    Decision,
)
from . import notify

S = ConsultationState
C = CommentStatus
_l = gettext_lazy


# --------------------------------------------------------------------------
# Submission


def label_of(consultation, article):
    """The article's number (第三条) in ``consultation``, or None when it is
    not one of its articles."""
    if article is None:
        return ""
    for numbered in consultation.numbered_articles():
        if numbered.pk == article.pk:
            return numbered.label
    return None


def submit_comment(
    consultation,
    *,
    name,
    phone,
    content,
    organisation="",
    article=None,
    ip=None,
    at=None,
):
    """Store a citizen's comment (pending moderation) on the whole draft or
    on ``article``; the review checks' blocking findings are kept with it."""
    now = at or timezone.now()
    if not (
        consultation.state == S.OPEN
        and consultation.opens_at <= now < consultation.closes_at
    ):
        raise ValidationError(_("本次意见征集不在征集期内，不能提交意见。"))
    label = label_of(consultation, article)
    if label is None:
        raise ValidationError(_("所选条款不属于本草案。"))
    return COMMENT.submit(
        consultation=consultation,
        article=article,
        article_label=label,
        name=name,
        phone=phone,
        organisation=organisation or "",
        content=content,
        submitted_ip=ip,
        at=now,
        event_data={"article": label},
    )


# --------------------------------------------------------------------------
# The consultation


def feedback_due_on(closed_on):
    return workdays.add(closed_on, conf.get("CONSULTATION_FEEDBACK_WORKDAYS"))


def _close(consultation, step):
    if getattr(step.by, "pk", None) and step.now < consultation.closes_at:
        # By hand before the announced end: only once the legal minimum ran.
        earliest = consultation.minimum_close_on()
        if step.today < earliest:
            raise ValidationError(
                _("征集期不得少于规定的最短期限，%(date)s前不能结束征集。")
                % {"date": earliest.isoformat()}
            )
        step.require_note(_("提前结束征集，请说明理由。"))
        step.event_data["early"] = True
    due = feedback_due_on(step.today)
    step.set(consultation, feedback_due_on=due)
    step.event_data["feedback_due_on"] = due.isoformat()
    step.notices.append(lambda page, event: notify.closed(page))
    return S.CLOSED


def _draft_feedback(consultation, step):
    from .feedback import draft

    page = draft(consultation, step.by)
    step.event_data.update(feedback_page=page.pk, title=page.title)
    return consultation.state


def _flag(consultation, step):
    if consultation.flagged_at:
        raise ValidationError(_("已提示逾期未反馈。"))
    if (
        consultation.feedback_due_on is None
        or step.today <= consultation.feedback_due_on
    ):
        raise ValidationError(_("尚未超过反馈期限。"))
    step.set(consultation, flagged_at=step.now)
    step.event_data["feedback_due_on"] = consultation.feedback_due_on.isoformat()
    step.notices.append(lambda page, event: notify.feedback_overdue(page))
    return consultation.state


def _conclude(consultation, step):
    page = step.data.get("feedback")
    on_time = consultation.feedback_due_on is None or step.today <= (
        consultation.feedback_due_on
    )
    step.event_data.update(feedback_page=getattr(page, "pk", None), on_time=on_time)
    return S.CONCLUDED


def _no_feedback_yet(consultation):
    from ..models import ConsultationFeedbackPage

    return not ConsultationFeedbackPage.objects.child_of(consultation).exists()


CONSULTATION = Machine(
    model=ConsultationPage,
    event_model=ConsultationEvent,
    event_fk="consultation",
    unit_of=lambda consultation: consultation.unit_id,
    # Public pages show the state: cached pages and counts must not outlive it.
    on_commit=bump_content_version,
    actions=dict(
        [
            action(
                "open",
                _l("开始征集"),
                [S.UPCOMING],
                [STAFF, SYSTEM_ROLE],
                at_set_time("opens_at", S.OPEN),
            ),
            action("close", _l("结束征集"), [S.OPEN], [STAFF, SYSTEM_ROLE], _close),
            action(
                "draft_feedback",
                _l("生成意见采纳情况反馈"),
                [S.CLOSED],
                [STAFF],
                _draft_feedback,
                guard=_no_feedback_yet,
            ),
            action(
                "flag",
                _l("逾期未反馈提示"),
                [S.CLOSED],
                [SYSTEM_ROLE],
                _flag,
            ),
            action("conclude", _l("发布反馈"), [S.CLOSED], [SYSTEM_ROLE], _conclude),
        ]
    ),
)


# --------------------------------------------------------------------------
# Comments


def _publish(comment, step):
    privacy.set_public_wording(
        comment,
        step,
        empty_message=_("请填写公开的意见内容。"),
        blocked_message=_(
            "公开内容仍有不宜公开的内容：%(problems)s 请修改公开内容或不公开。"
        ),
    )
    return C.PUBLISHED


def _hide(comment, step):
    step.set(comment, public_content="", public_name="")
    return C.HIDDEN


def _decide(comment, step):
    if comment.consultation.state not in (S.OPEN, S.CLOSED):
        raise ValidationError(
            _("反馈已发布，采纳情况不能再修改。")
            if comment.consultation.state == S.CONCLUDED
            else _("征集尚未开始。")
        )
    decision = step.data.get("decision", "")
    if decision not in Decision.values:
        raise ValidationError(_("请选择采纳、部分采纳或未采纳。"))
    reason = (step.data.get("reason") or "").strip()
    if decision != Decision.ADOPTED and not reason:
        raise ValidationError(_("部分采纳或未采纳的，请填写理由。"))
    privacy.refuse_blocking(reason, _("理由中有不宜公开的内容：%(problems)s"))
    step.set(comment, decision=decision, decision_reason=reason, decided_at=step.now)
    step.event_data.update(decision=str(Decision(decision).label), reason=reason)
    return comment.status


COMMENT = Machine(
    model=Comment,
    event_model=CommentEvent,
    event_fk="comment",
    unit_of=lambda comment: comment.consultation.unit_id,
    related=("consultation",),
    state_field="status",
    actions=dict(
        [
            action("publish", _l("公开"), [C.PENDING, C.HIDDEN], [STAFF], _publish),
            action("hide", _l("不公开"), [C.PENDING, C.PUBLISHED], [STAFF], _hide),
            action(
                "decide",
                _l("采纳决定"),
                [C.PENDING, C.PUBLISHED, C.HIDDEN],
                [STAFF],
                _decide,
                guard=lambda c: c.consultation.state in (S.OPEN, S.CLOSED),
            ),
        ]
    ),
)
