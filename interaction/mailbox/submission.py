"""Submission of a new letter: the first event of its life cycle (see
workflow.py for the transitions after it)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Letter, LetterAttachment, LetterEvent, Status
from . import notify
from .codes import allocate_number, new_query_code, placeholder_number, set_number
from .roles import CITIZEN


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
            number=placeholder_number(),
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
        set_number(letter, allocate_number(timezone.localtime(now).year), code)
        if notify_writer:
            notify.received(letter)
    return letter, code
