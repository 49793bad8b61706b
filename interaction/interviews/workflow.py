"""The life of an interview and of the questions sent to it.

:func:`submit_question` stores a citizen's question; :data:`INTERVIEW` and
:data:`QUESTION` (see :mod:`interaction.machine`) are the only ways their
states change afterwards; :func:`.transcript.post_entry` publishes the host's or a
guest's words to the transcript.

=============  ===========================  =========================  =============
interview      from                         to                         by
=============  ===========================  =========================  =============
start          upcoming                     live                       staff, system
end            live                         ended                      staff, system
archive        ended                        archived (open questions   staff, system
                                            routed into the mailbox)
=============  ===========================  =========================  =============

=============  ===========================  =========================  =============
question       from                         to                         by
=============  ===========================  =========================  =============
accept         pending                      accepted (masked text      staff
                                            passes the review checks)
reject         pending, accepted            rejected (reason)          staff
merge          pending, accepted            merged (into another)      staff
answer         accepted                     answered (question and     staff
                                            answer join the transcript)
route          pending, accepted            routed (a letter to the    staff, system
                                            mailbox)
=============  ===========================  =========================  =============
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure.cache import bump_content_version

from .. import conf, outbox
from ..machine import STAFF, SYSTEM_ROLE, Machine, action, at_set_time, findings_data
from ..mailbox import privacy
from ..mailbox import workflow as mailbox_workflow
from ..mailbox.roles import is_office
from ..models import (
    EntryKind,
    InterviewEvent,
    InterviewPage,
    InterviewState,
    MailboxPage,
    Notification,
    Question,
    QuestionEvent,
    QuestionStatus,
    RejectReason,
    TranscriptEntry,
)
from ..models.interviews import ASKING_STATES
from .transcript import bump_transcript, guest_of

S = InterviewState
Q = QuestionStatus
_l = gettext_lazy


# --------------------------------------------------------------------------
# Submission


def submit_question(interview, *, name, phone, content, ip=None, at=None):
    """Store a citizen's question (pending moderation); the review checks'
    blocking findings are kept with it for the host."""
    if interview.state not in ASKING_STATES:
        raise ValidationError(_("本期访谈已结束，不再接受提问。"))
    return QUESTION.submit(
        interview=interview,
        name=name,
        phone=phone,
        content=content,
        submitted_ip=ip,
        at=at or timezone.now(),
    )


# --------------------------------------------------------------------------
# The interview


def _archive(interview, step):
    """Questions nobody answered are not dropped: they become letters."""
    leftovers = Question.objects.filter(
        interview=interview, status__in=[Q.PENDING, Q.ACCEPTED]
    ).order_by("submitted_at", "pk")
    routed = []
    for question in leftovers:
        QUESTION.transition(
            question,
            "route",
            by=step.by,
            at=step.now,
            notify=step.notify,
            note=_("访谈归档时尚未答复，转入信箱办理。"),
        )
        routed.append(question.letter.number)
    step.event_data["routed"] = routed
    return S.ARCHIVED


INTERVIEW = Machine(
    model=InterviewPage,
    event_model=InterviewEvent,
    event_fk="interview",
    unit_of=lambda interview: interview.host_unit_id,
    # Public pages show the state: cached pages and counts must not outlive it.
    on_commit=bump_content_version,
    actions=dict(
        [
            action(
                "start",
                _l("开始访谈"),
                [S.UPCOMING],
                [STAFF, SYSTEM_ROLE],
                at_set_time("starts_at", S.LIVE),
            ),
            action(
                "end",
                _l("结束访谈"),
                [S.LIVE],
                [STAFF, SYSTEM_ROLE],
                at_set_time("ends_at", S.ENDED),
            ),
            action("archive", _l("归档"), [S.ENDED], [STAFF, SYSTEM_ROLE], _archive),
        ]
    ),
)


# --------------------------------------------------------------------------
# Questions


def _accept(question, step):
    if question.interview.state == S.ARCHIVED:
        raise ValidationError(_("访谈已归档。"))
    privacy.set_public_wording(
        question,
        step,
        empty_message=_("请填写公开的问题内容。"),
        blocked_message=_(
            "公开内容仍有不宜公开的内容：%(problems)s 请修改公开内容后再采用。"
        ),
    )
    return Q.ACCEPTED


def _reject(question, step):
    reason = step.data.get("reason", "")
    if reason not in RejectReason.values:
        raise ValidationError(_("请选择不采用的原因。"))
    if reason == RejectReason.OTHER:
        step.require_note(_("原因为“其他”时，请说明不采用的理由。"))
    step.set(question, reject_reason=reason)
    step.event_data["reason"] = str(RejectReason(reason).label)
    return Q.REJECTED


def _merge(question, step):
    target = step.data.get("into")
    target_pk = getattr(target, "pk", target)
    target = (
        Question.objects.filter(
            pk=target_pk,
            interview_id=question.interview_id,
            status__in=[Q.PENDING, Q.ACCEPTED, Q.ANSWERED],
        )
        .exclude(pk=question.pk)
        .first()
        if str(target_pk or "").isdigit()
        else None
    )
    if target is None:
        raise ValidationError(_("请选择同一访谈中待审核、已采用或已回答的另一个问题。"))
    step.set(question, merged_into=target)
    step.event_data["into"] = target.pk
    return Q.MERGED


def _answer(question, step):
    interview = question.interview
    if interview.state not in (S.LIVE, S.ENDED):
        raise ValidationError(
            _("访谈开始后才能发布回答。")
            if interview.state == S.UPCOMING
            else _("访谈已归档，未答复的问题已转入信箱办理。")
        )
    answer = (step.data.get("answer") or "").strip()
    if len(answer) < 2:
        raise ValidationError(_("请填写嘉宾的回答。"))
    guest = guest_of(interview, step.data.get("guest"))
    if guest is None:
        raise ValidationError(_("请选择回答问题的嘉宾。"))
    override = (step.data.get("override_reason") or "").strip()
    findings = privacy.refuse_blocking(
        answer,
        _("回答未通过审查：%(problems)s 请修改；如确认无误，请填写放行理由。"),
        allow_with_reason=override,
    )
    after_end = interview.state == S.ENDED
    author = step.by if getattr(step.by, "pk", None) else None
    common = {
        "interview": interview,
        "question": question,
        "after_end": after_end,
        "created_by": author,
        "created_at": step.now,
    }
    TranscriptEntry.objects.bulk_create(
        [
            TranscriptEntry(
                kind=EntryKind.QUESTION,
                speaker=_("网友%(name)s") % {"name": question.public_name},
                text=question.public_content,
                **common,
            ),
            TranscriptEntry(
                kind=EntryKind.GUEST,
                speaker=str(guest),
                guest=guest,
                text=answer,
                **common,
            ),
        ]
    )
    bump_transcript(interview.pk)
    step.set(question, answered_at=step.now, answered_after_end=after_end)
    step.event_data.update(guest=str(guest), answer=answer, after_end=after_end)
    if findings:
        step.event_data.update(
            findings=findings_data(findings), override_reason=override
        )
    return Q.ANSWERED


def target_mailbox(interview):
    """The host unit's own mailbox, else the configured one, else the first."""
    mailboxes = MailboxPage.objects.live().order_by("path")
    return (
        mailboxes.filter(unit_id=interview.host_unit_id).first()
        or mailboxes.filter(slug=conf.get("INTERVIEW_MAILBOX_SLUG")).first()
        or mailboxes.first()
    )


def _route(question, step):
    interview = question.interview
    mailbox = target_mailbox(interview)
    if mailbox is None:
        raise ValidationError(_("没有可转入的信箱。"))
    categories = [c for c, _label in mailbox.category_choices()]
    if not categories:
        raise ValidationError(_("信箱“%(title)s”未设置来信类别。") % {"title": mailbox})
    asked = timezone.localtime(question.submitted_at)
    letter, code = mailbox_workflow.submit(
        mailbox,
        name=question.name,
        phone=question.phone,
        category="consult" if "consult" in categories else categories[0],
        subject=(_("在线访谈提问：%(topic)s") % {"topic": interview.title})[:100],
        content=_(
            "【在线访谈“%(topic)s”转来的网友提问，提问时间%(at)s】\n\n%(content)s"
        )
        % {
            "topic": interview.title,
            "at": f"{asked:%Y-%m-%d %H:%M}",
            "content": question.content,
        },
        consent_publish=False,
        ip=question.submitted_ip,
        at=step.now,
        notify_writer=False,
    )
    # The mailbox office routing by hand also accepts the letter and assigns
    # it to the host unit, through the mailbox's own transitions.
    if getattr(step.by, "pk", None) and is_office(step.by):
        mailbox_workflow.transition(
            letter, "accept", by=step.by, at=step.now, notify=step.notify
        )
        if interview.host_unit.handlers_group_id:
            mailbox_workflow.transition(
                letter,
                "assign",
                by=step.by,
                at=step.now,
                notify=step.notify,
                unit=interview.host_unit,
            )
    step.set(question, letter=letter)
    step.event_data.update(letter=letter.number, mailbox=mailbox.title)
    step.notices.append(lambda q, event: notify_routed(q, letter, code))
    return Q.ROUTED


QUESTION = Machine(
    model=Question,
    event_model=QuestionEvent,
    event_fk="question",
    unit_of=lambda question: question.interview.host_unit_id,
    related=("interview", "interview__host_unit"),
    state_field="status",
    actions=dict(
        [
            action("accept", _l("采用"), [Q.PENDING], [STAFF], _accept),
            action("reject", _l("不采用"), [Q.PENDING, Q.ACCEPTED], [STAFF], _reject),
            action("merge", _l("合并"), [Q.PENDING, Q.ACCEPTED], [STAFF], _merge),
            action(
                "answer",
                _l("发布回答"),
                [Q.ACCEPTED],
                [STAFF],
                _answer,
                guard=lambda q: q.interview.state in (S.LIVE, S.ENDED),
            ),
            action(
                "route",
                _l("转入信箱"),
                [Q.PENDING, Q.ACCEPTED],
                [STAFF, SYSTEM_ROLE],
                _route,
            ),
        ]
    ),
)


def notify_routed(question, letter, code):
    return outbox.enqueue(
        channel=Notification.Channel.SMS,
        recipient=question.phone,
        body=conf.get("SMS_SIGNATURE")
        + _(
            "您在在线访谈中的提问已转入信箱办理，信件编号%(number)s，查询码%(code)s。"
            "请凭编号和查询码在网站查询办理进度。"
        )
        % {"number": letter.number, "code": code},
        key=f"question-{question.pk}-routed",
        topic="question-routed",
    )
