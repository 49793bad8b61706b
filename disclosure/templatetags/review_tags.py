from django import template
from django.utils.translation import gettext

from ..models import ConfidentialityReviewTask
from ..review import confidentiality

register = template.Library()


@register.simple_tag
def confidentiality_findings(task_state):
    """For the approval modal: the task's personal-data and secret-mark
    findings, those still standing and those marked false positives."""
    findings = confidentiality.run_findings(task_state)
    rows = confidentiality.annotated(task_state, findings)
    return {
        "marked": [f for f in rows if "false_positive" in f],
        "at_confidentiality": isinstance(
            task_state.task.specific, ConfidentialityReviewTask
        ),
        "confidential": [f for f in findings if confidentiality.is_confidential(f)],
        "standing": confidentiality.standing(task_state, findings),
    }


@register.filter
def stored_text(value):
    """A finding's message or source as stored (zh-hans, see
    review/findings.py) in the reader's language where the catalogues have
    it; only whole texts are found there, so one with values filled in (a
    文号, a link) shows as stored."""
    return gettext(value) if isinstance(value, str) and value else value
