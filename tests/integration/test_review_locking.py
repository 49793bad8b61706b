"""Separation of duties and locking: the two review steps of one revision are
two different people (superusers too), and a decision is taken on the task as
it stands, never on a stale copy of it."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection
from wagtail.models import TaskState

from disclosure.models import ConfidentialityReviewTask, ReviewDecision
from disclosure.review import workflow
from tests.factories import draft_item, review_action, submit_for_review, unit, user

User = get_user_model()
CLEAN_BODY = "<p>厉山镇2026年冬春农田水利建设方案已经镇政府常务会议研究通过。</p>"


def submitted(by="editor_lishan"):
    item = draft_item("lishan", body=CLEAN_BODY)
    submit_for_review(item, by)
    return item


def test_one_person_cannot_pass_both_steps_not_even_the_webmaster(demo_db, client):
    item = submitted()
    review_action(item, "webmaster", "approve", comment="格式规范")
    assert isinstance(item.current_workflow_task.specific, ConfidentialityReviewTask)
    with pytest.raises(PermissionDenied, match="两位不同人员"):
        review_action(item, "webmaster", "approve", confirmed=True)
    # The dashboard's review dialog closes and the dashboard says why.
    client.force_login(user("webmaster"))
    state = item.current_workflow_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{item.pk}/approve/{state.pk}/",
        {"confirmed": "on"},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        HTTP_REFERER="/admin/",
    )
    assert response.json()["step"] == "success"
    assert "两位不同人员" in client.get("/admin/").content.decode()
    item.refresh_from_db()
    assert not item.live
    review_action(item, "secrecy", "approve", confirmed=True)
    assert item.live


def test_an_approval_of_a_superseded_task_is_refused(demo_db):
    item = submitted()
    stale = item.current_workflow_task_state
    # The editor changes the text; the review restarts on the new revision.
    item.title += "（修改）"
    item.save_revision(user=user("editor_lishan"))
    workflow.restart_review_if_stale(item, user("editor_lishan"))
    with pytest.raises(PermissionDenied, match="已由他人处理或已重新开始"):
        stale.task.specific.on_action(stale, user("reviewer_lishan"), "approve")
    assert TaskState.objects.get(pk=stale.pk).status == TaskState.STATUS_CANCELLED


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_clicking_at_once_decide_one_after_the_other(
    demo_transactional, monkeypatch
):
    second = User.objects.create_user("reviewer_lishan_2", password="x")
    second.groups.add(unit("lishan").reviewers_group)
    item = submitted()
    state_id = item.current_workflow_task_state.pk
    # Both reviewers have read the task and passed its checks before either
    # decision is written, unless the first one's lock makes the second wait.
    both_checked = threading.Barrier(2)
    checks = workflow.refusal

    def refusal_then_wait(*args, **kwargs):
        problem = checks(*args, **kwargs)
        try:
            both_checked.wait(timeout=2)
        except threading.BrokenBarrierError:
            pass
        return problem

    monkeypatch.setattr(workflow, "refusal", refusal_then_wait)
    outcomes = []

    def click_approve(username):
        try:
            state = TaskState.objects.get(pk=state_id).specific
            state.task.specific.on_action(state, user(username), "approve")
            outcomes.append("approved")
        except PermissionDenied as refused:
            outcomes.append(str(refused))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=click_approve, args=(name,))
        for name in ("reviewer_lishan", "reviewer_lishan_2")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("approved") == 1
    assert any("已由他人处理" in outcome for outcome in outcomes)
    workflow_state = TaskState.objects.get(pk=state_id).workflow_state
    assert ReviewDecision.objects.filter(task_state_id=state_id).count() == 1
    assert (
        workflow_state.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).count()
        == 1
    )
