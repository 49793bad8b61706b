from django import template

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
