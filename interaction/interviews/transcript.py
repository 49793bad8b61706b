"""The transcript of an interview: the host's and the guests' words
published by the host unit's staff, and the version that tells pollers of
the live page (``transcript/``) that something changed. Questions and their
answers join it through the ``answer`` action in :mod:`.workflow`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import staff
from ..mailbox import privacy
from ..models import (
    EntryKind,
    InterviewGuest,
    InterviewPage,
    InterviewState,
    TranscriptEntry,
)

S = InterviewState


def bump_transcript(interview_id):
    """A new transcript version: pollers holding the old ETag get the news."""
    InterviewPage.objects.filter(pk=interview_id).update(
        transcript_version=F("transcript_version") + 1
    )


def guest_of(interview, value):
    pk = getattr(value, "pk", value)
    if not str(pk or "").isdigit():
        return None
    return InterviewGuest.objects.filter(pk=pk, page_id=interview.pk).first()


def post_entry(interview, *, by, kind, text, guest=None, override_reason="", at=None):
    """Publish the host's or a guest's words to the transcript (live, or
    after the end as 会后补充). Raises ValidationError in Chinese."""
    if not staff.acts_for(by, interview.host_unit_id):
        raise ValidationError(_("您无权发布本期访谈的实录。"))
    if interview.state not in (S.LIVE, S.ENDED):
        raise ValidationError(_("访谈进行中或结束后才能发布实录。"))
    text = (text or "").strip()
    if len(text) < 2:
        raise ValidationError(_("请填写发布的内容。"))
    if kind == EntryKind.GUEST:
        guest = guest_of(interview, guest)
        if guest is None:
            raise ValidationError(_("请选择发言的嘉宾。"))
        speaker = str(guest)
    elif kind == EntryKind.HOST:
        guest, speaker = None, _("主持人")
    else:
        raise ValidationError(_("未知的发言类型。"))
    privacy.refuse_blocking(
        text,
        _("内容未通过审查：%(problems)s 请修改；如确认无误，请填写放行理由。"),
        allow_with_reason=override_reason,
    )
    with transaction.atomic():
        entry = TranscriptEntry.objects.create(
            interview=interview,
            kind=kind,
            speaker=speaker,
            guest=guest,
            text=text,
            after_end=interview.state == S.ENDED,
            created_by=by if getattr(by, "pk", None) else None,
            created_at=at or timezone.now(),
        )
        bump_transcript(interview.pk)
    return entry
