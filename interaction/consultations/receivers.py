"""The consultation is concluded when its 意见采纳情况反馈 goes online, which
only the 政务公开审查 workflow can make happen."""

import logging

from django.core.exceptions import ValidationError
from django.dispatch import receiver
from wagtail.signals import page_published

from ..mailbox.roles import SYSTEM
from ..models import ConsultationFeedbackPage, ConsultationPage, ConsultationState
from .workflow import CONSULTATION

logger = logging.getLogger(__name__)


@receiver(
    page_published,
    sender=ConsultationFeedbackPage,
    dispatch_uid="interaction-consultation-feedback-published",
)
def feedback_published(sender, instance, **kwargs):
    consultation = (
        ConsultationPage.objects.filter(
            pk=instance.get_parent().pk, state=ConsultationState.CLOSED
        )
        .only("pk", "state")
        .first()
    )
    if consultation is None:  # republished after an edit, or not closed yet
        return
    try:
        CONSULTATION.transition(consultation, "conclude", by=SYSTEM, feedback=instance)
    except ValidationError:
        logger.warning("Consultation %s not concluded.", consultation.pk, exc_info=True)
