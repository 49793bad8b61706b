"""A secrecy reviewer cannot pass a page with a mistyped ID number.

The page reached 保密审查 with a 规范性 approval given under the old rule (a
reason instead of a fix), as a review in flight when the rule came in: the
secrecy reviewer sees why the confirmation is refused, cannot tick it or
approve, and sends the page back."""

import json
import re

from playwright.sync_api import expect

from .conftest import login, manage

MISTYPED_ID = "420321198001011234"
TITLE = "厉山镇2026年临时救助对象公示"

SETUP = f"""
import json
from django.contrib.auth import get_user_model
from wagtail.models import Task
from disclosure.review import workflow
from tests.factories import draft_item

users = get_user_model().objects
editor = users.get(username="editor_lishan")
reviewer = users.get(username="reviewer_lishan")
item = draft_item(
    "lishan",
    title="{TITLE}",
    body="<p>救助对象王某某，身份证号{MISTYPED_ID}，救助金额1200元。</p>",
)
item.save_revision(user=editor)
item.get_workflow().start(item, editor)
item.refresh_from_db()
state = item.current_workflow_task_state
task = state.task.specific
workflow.record_decision(task, state, reviewer, "approve", {{"override_reason": "已核实"}})
Task.on_action(task, state, reviewer, "approve")
print(json.dumps({{"id": item.pk}}))
"""


def test_secrecy_reviewer_cannot_pass_a_page_with_a_mistyped_id(page):
    item_id = json.loads(manage("shell", "-c", SETUP).strip().splitlines()[-1])["id"]
    edit_url = f"/admin/pages/{item_id}/edit/"
    login(page, "secrecy")
    page.goto(edit_url)
    standing = page.locator("[data-review-standing]")
    expect(standing).to_contain_text("不能确认")
    finding = page.locator('[data-review-findings] [data-rule="id-number"]')
    expect(finding).to_contain_text(MISTYPED_ID)
    expect(finding).to_contain_text("不能以理由放行")

    page.get_by_role("button", name=re.compile("更多动作|More actions")).click()
    page.get_by_role("button", name=re.compile("审核通过")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("[data-review-refusal]")).to_contain_text("未解决")
    expect(dialog.get_by_label(re.compile("不涉及国家秘密"))).to_be_disabled()
    expect(dialog.get_by_role("button", name="审核通过")).to_be_disabled()
    dialog.get_by_role("button", name="关闭").click()
    expect(dialog).to_be_hidden()

    page.get_by_role("button", name=re.compile("更多动作|More actions")).click()
    page.get_by_role("button", name=re.compile("退回修改")).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("退回意见").fill("身份证号未脱敏，请隐去后重新提交。")
    dialog.get_by_role("button", name="退回修改").click()
    expect(page.locator(".messages")).to_contain_text("已退回修改")

    found = page.request.get(
        "/api/v2/pages/?type=disclosure.DisclosureItemPage&search=" + TITLE
    ).json()
    assert found["meta"]["total_count"] == 0
