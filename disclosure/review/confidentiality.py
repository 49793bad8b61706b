"""保密审查's rule for personal data and secret marks.

A finding of :data:`~.checks.CONFIDENTIALITY_RULES` (an ID, mobile or bank
card number, a home address, a secret mark) is never released with a reason
(放行理由). Either the content is fixed (the reviewer sends it back), or the
规范性 reviewer, on approving, marks the findings of that revision as false
positives with a reason (误报说明); the mark records who, when and why and is
shown to the 保密 reviewer, who may then confirm “经审查，不涉及国家秘密、商业
秘密、个人隐私”. While such a finding stands unmarked, the confirmation is
refused. Other blocking findings keep the release with a reason."""

from django.utils.translation import gettext

from ..models import (
    CONFIRMATION,
    ConfidentialityReviewTask,
    NormativityReviewTask,
    ReviewDecision,
    ReviewRun,
)
from .checks import BLOCK, CONFIDENTIALITY_RULES

SHOWN = 3  # findings named in a refusal message; the rest are counted


def is_confidential(finding):
    return finding["severity"] == BLOCK and finding["rule"] in CONFIDENTIALITY_RULES


def key(finding):
    """What identifies a finding within one revision's checks."""
    return (finding["rule"], finding["source"], finding["start"], finding["end"])


def run_findings(task_state):
    run = ReviewRun.objects.filter(task_state=task_state).first()
    return run.findings if run else []


def marks(task_state):
    """``{finding key: decision}``: the findings of the revision under review
    that a 规范性 reviewer marked false positives, in this workflow."""
    if task_state.revision_id is None:
        return {}
    decisions = (
        ReviewDecision.objects.filter(
            task_state__workflow_state_id=task_state.workflow_state_id,
            revision_id=task_state.revision_id,
            action="approve",
        )
        .exclude(false_positive_reason="")
        .select_related("reviewer")
        .order_by("decided_at", "pk")
    )
    return {
        key(f): decision for decision in decisions for f in decision.false_positives
    }


def standing(task_state, findings=None):
    """The personal-data and secret-mark findings not marked false positives."""
    findings = run_findings(task_state) if findings is None else findings
    marked = marks(task_state)
    return [f for f in findings if is_confidential(f) and key(f) not in marked]


def annotated(task_state, findings):
    """``findings`` as dicts with ``confidential`` and, for marked ones,
    ``false_positive`` (reviewer, when, reason), for the findings panel."""
    marked = marks(task_state) if task_state is not None else {}
    rows = []
    for finding in findings:
        row = dict(finding, confidential=is_confidential(finding))
        decision = marked.get(key(finding)) if row["confidential"] else None
        if decision is not None:
            row["false_positive"] = {
                "reviewer": decision.reviewer.get_full_name()
                or decision.reviewer.get_username(),
                "at": decision.decided_at,
                "reason": decision.false_positive_reason,
            }
        rows.append(row)
    return rows


def _named(findings):
    names = "；".join(f"{f['source']}“{f['excerpt']}”" for f in findings[:SHOWN])
    if len(findings) > SHOWN:
        names += gettext(" 等 %(count)s 项") % {"count": len(findings)}
    return names


def refusal(task, task_state, findings, data):
    """Why an approval must not stand under this rule (Chinese), or None."""
    if isinstance(task, NormativityReviewTask):
        confidential = [f for f in findings if is_confidential(f)]
        if confidential and not (data.get("false_positive_reason") or "").strip():
            return gettext(
                "自动检查发现 %(count)s 项个人信息或密级标志的阻断性问题"
                "（%(names)s），不能以放行理由放行：请退回修改；"
                "如经核实确属误报，请在“误报说明”中写明理由，由保密审查员确认。"
            ) % {
                "count": len(confidential),
                "names": _named(confidential),
            }
        return None
    if isinstance(task, ConfidentialityReviewTask):
        open_findings = standing(task_state, findings)
        if open_findings:
            return gettext(
                "存在 %(count)s 项未解决的个人信息或密级标志问题"
                "（%(names)s），不能确认“%(confirmation)s”，"
                "也不能以放行理由放行：请退回修改，或由规范性审查员核实后标记为误报。"
            ) % {
                "count": len(open_findings),
                "names": _named(open_findings),
                "confirmation": CONFIRMATION,
            }
    return None


def decision_fields(task, task_state, findings, data):
    """What a decision records under this rule: the 规范性 reviewer's mark
    (reason and the findings it covers), or the marks the 保密 reviewer
    confirmed."""
    if isinstance(task, NormativityReviewTask):
        reason = (data.get("false_positive_reason") or "").strip()
        confidential = [f for f in findings if is_confidential(f)]
        if reason and confidential:
            return {"false_positive_reason": reason, "false_positives": confidential}
        return {}
    marked = marks(task_state)
    confirmed = [
        dict(f, marked_by=marked[key(f)].reviewer.get_username())
        for f in findings
        if is_confidential(f) and key(f) in marked
    ]
    return {"false_positives": confirmed} if confirmed else {}
