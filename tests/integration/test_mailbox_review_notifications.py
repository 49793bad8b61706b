"""The review workflow of disclosure tells reviewers of new tasks and editors
of decisions by e-mail, through the outbox."""

from types import SimpleNamespace

import pytest

from disclosure.review.signals import review_decided, review_task_started
from interaction.models import Notification

pytestmark = pytest.mark.django_db


def person(pk, email, name=""):
    return SimpleNamespace(
        pk=pk,
        email=email,
        get_full_name=lambda: name,
        get_username=lambda: f"user{pk}",
    )


def test_reviewers_hear_of_a_new_task_once():
    task_state = SimpleNamespace(pk=41)
    page = SimpleNamespace(pk=None, title="关于印发厉山镇农田水利方案的通知")
    reviewers = [person(7, "reviewer@suixian.gov.cn"), person(8, "")]
    findings = [{"severity": "block"}, {"severity": "warn"}]
    for _ in range(2):  # a re-sent signal queues nothing new
        review_task_started.send(
            sender=object,
            task_state=task_state,
            page=page,
            reviewers=reviewers,
            findings=findings,
        )
    notice = Notification.objects.get()
    assert notice.idempotency_key == "review-task-41-7"
    assert notice.channel == "email"
    assert notice.recipient == "reviewer@suixian.gov.cn"
    assert notice.subject == "【待审核】关于印发厉山镇农田水利方案的通知"
    assert "自动检查发现 2 个问题，其中阻断性问题 1 个" in notice.body


@pytest.mark.parametrize(
    "decision, subject", [("approved", "【审核通过】"), ("rejected", "【退回修改】")]
)
def test_editors_hear_of_the_decision(decision, subject):
    review_decided.send(
        sender=object,
        task_state=SimpleNamespace(pk=42),
        page=SimpleNamespace(pk=None, title="随县2014年财政预算"),
        decision=decision,
        reviewer=person(3, "r@suixian.gov.cn", "规范性审核员"),
        recipients=[person(5, "editor@suixian.gov.cn"), person(6, "e2@suixian.gov.cn")],
        comment="文号格式已更正",
    )
    notices = Notification.objects.order_by("idempotency_key")
    assert [n.idempotency_key for n in notices] == [
        "review-decision-42-5",
        "review-decision-42-6",
    ]
    assert notices[0].subject == subject + "随县2014年财政预算"
    assert "规范性审核员" in notices[0].body and "文号格式已更正" in notices[0].body
