"""保密审查 and personal data: a personal-data or secret-mark finding is never
released with a reason. The content is fixed, or the 规范性 reviewer marks the
finding a false positive (who, when, why), shown to the 保密 reviewer who then
confirms; while such a finding stands, the confirmation is refused. Other
blocking findings keep the release with a reason."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import Task

from disclosure.models import (
    ConfidentialityReviewTask,
    NormativityReviewTask,
    ReviewDecision,
)
from disclosure.review import workflow
from tests.factories import (
    draft_item,
    edit_form,
    ledger_rows,
    review_action,
    submit_for_review,
    user,
    workflow_action_form,
)

MISTYPED_ID = "420321198001011234"  # wrong check digit, as people mistype it
ID_BODY = f"<p>申请人王某，身份证号{MISTYPED_ID}，经审核符合救助条件。</p>"
SECRET_BODY = "<p>秘密★1年 关于2026年防汛工作的内部安排。</p>"
WRONG_NAME_BODY = "<p>依据《中华人民共和国政府信息公开条列》，现予公开。</p>"
CONFIRMATION = "经审查，不涉及国家秘密、商业秘密、个人隐私"

pytestmark = pytest.mark.usefixtures("demo_db")


def approved_before_the_rule(page, who, reason):
    """The 规范性 approval as it was given before this rule: a reason instead
    of a fix (a review in flight when the rule came in)."""
    state = page.current_workflow_task_state
    task = state.task.specific
    workflow.record_decision(
        task, state, user(who), "approve", {"override_reason": reason}
    )
    Task.on_action(task, state, user(who), "approve")
    page.refresh_from_db()


# -- 规范性审查 ------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "rule"), [(ID_BODY, "id-number"), (SECRET_BODY, "secret-mark")]
)
def test_a_reason_does_not_release_personal_data_or_secret_marks(body, rule):
    item = draft_item("lishan", body=body)
    state = submit_for_review(item)
    with pytest.raises(PermissionDenied, match="不能以放行理由放行"):
        review_action(
            item, "reviewer_lishan", "approve", override_reason="已核实，可以公开"
        )
    assert isinstance(item.current_workflow_task.specific, NormativityReviewTask)
    assert not ReviewDecision.objects.filter(task_state=state).exists()
    findings = workflow.confidentiality.run_findings(state)
    assert rule in {f["rule"] for f in findings}


def test_the_normativity_reviewer_marks_a_false_positive_and_secrecy_confirms(
    client,
):
    item = draft_item("lishan", title="误报测试信息", body=ID_BODY)
    state = submit_for_review(item)
    review_action(
        item,
        "reviewer_lishan",
        "approve",
        false_positive_reason="该号码为文件示例格式，经核实非真实身份证号",
    )
    mark = ReviewDecision.objects.get(task_state=state)
    assert mark.reviewer.username == "reviewer_lishan" and mark.decided_at
    assert mark.false_positive_reason.startswith("该号码为文件示例")
    assert [f["rule"] for f in mark.false_positives] == ["id-number"]
    assert isinstance(item.current_workflow_task.specific, ConfidentialityReviewTask)

    # The 保密 reviewer sees the mark: who, when, why.
    client.force_login(user("secrecy"))
    html = client.get(f"/admin/pages/{item.pk}/edit/").content.decode()
    assert "data-false-positive" in html and "标记为误报" in html
    assert "该号码为文件示例格式" in html and "data-review-standing" not in html
    modal = client.get(
        f"/admin/pages/workflow/action/{item.pk}/approve/"
        f"{item.current_workflow_task_state.pk}/"
    )
    modal_html = json.loads(modal.content)["html"]
    assert (
        "data-review-marked" in modal_html
        and "data-confirmation-refused" not in modal_html
    )

    with pytest.raises(PermissionDenied, match="不涉及国家秘密"):
        review_action(item, "secrecy", "approve")
    review_action(item, "secrecy", "approve", confirmed=True)
    assert item.live
    confirmed = ReviewDecision.objects.get(page=item, task_name="保密审查")
    assert confirmed.confirmation == CONFIRMATION
    assert [f["marked_by"] for f in confirmed.false_positives] == ["reviewer_lishan"]

    # The ledger names both: the mark with its reason, and the confirmation.
    client.force_login(user("webmaster"))
    month = datetime.date.today().strftime("%Y-%m")
    rows = ledger_rows(client, month)
    row = next(r for r in rows if r[2] == "误报测试信息")
    assert row[7].startswith("误报说明（1 项）：该号码为文件示例格式")
    assert "确认规范性审查员标记的误报 1 项" in row[11] and CONFIRMATION in row[11]


# -- 保密审查 -------------------------------------------------------------


def test_secrecy_cannot_confirm_while_a_personal_data_finding_stands(client):
    item = draft_item("lishan", body=ID_BODY)
    submit_for_review(item)
    approved_before_the_rule(item, "reviewer_lishan", "已核实")
    state = item.current_workflow_task_state
    assert isinstance(state.task.specific, ConfidentialityReviewTask)
    for data in (
        {"confirmed": True},
        {"confirmed": True, "override_reason": "确认可以公开"},
    ):
        with pytest.raises(PermissionDenied, match="未解决的个人信息") as refused:
            review_action(item, "secrecy", "approve", **data)
        assert "不能确认" in str(refused.value) and MISTYPED_ID in str(refused.value)
    assert not item.live
    assert not ReviewDecision.objects.filter(task_state=state).exists()

    # The editor page and the approval modal say why; the box cannot be ticked.
    client.force_login(user("secrecy"))
    html = client.get(f"/admin/pages/{item.pk}/edit/").content.decode()
    assert "data-review-standing" in html and "不能确认" in html
    modal = client.get(f"/admin/pages/workflow/action/{item.pk}/approve/{state.pk}/")
    modal_html = json.loads(modal.content)["html"]
    assert "data-review-refusal" in modal_html
    assert "data-confirmation-refused" in modal_html and "disabled" in modal_html
    # Posting the editor's approval anyway is refused in Chinese.
    data = workflow_action_form(
        edit_form(item),
        "approve",
        json.dumps({"confirmed": True, "override_reason": "确认可以公开"}),
    )
    response = client.post(f"/admin/pages/{item.pk}/edit/", data, follow=True)
    assert "不能确认" in response.content.decode()
    item.refresh_from_db()
    assert not item.live

    # Sent back and fixed, it passes.
    review_action(item, "secrecy", "reject", comment="请隐去身份证号")
    item.body = "<p>申请人王某，身份证号420321********1234，经审核符合救助条件。</p>"
    item.save_revision(user=user("editor_lishan"))
    item.current_workflow_state.resume(user("editor_lishan"))
    item.refresh_from_db()
    review_action(item, "secrecy", "approve", confirmed=True)
    # Wagtail asks again for the step approved on the old revision.
    review_action(item, "reviewer_lishan", "approve")
    assert item.live


def test_other_blocking_findings_keep_the_release_with_a_reason():
    item = draft_item("lishan", body=WRONG_NAME_BODY)
    submit_for_review(item)
    with pytest.raises(PermissionDenied, match="阻断性问题"):
        review_action(item, "reviewer_lishan", "approve")
    review_action(
        item, "reviewer_lishan", "approve", override_reason="引用原文标题，保留原样"
    )
    with pytest.raises(PermissionDenied, match="阻断性问题"):
        review_action(item, "secrecy", "approve", confirmed=True)
    review_action(
        item, "secrecy", "approve", confirmed=True, override_reason="引用原文标题"
    )
    assert item.live
