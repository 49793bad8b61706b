"""保密审查 and 规范性审查 as Wagtail workflow tasks: nothing goes online
unreviewed, and every decision is on record."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Page, TaskState, Workflow
from wagtail.test.utils.form_data import rich_text

from disclosure.models import (
    ConfidentialityReviewTask,
    NormativityReviewTask,
    ReviewDecision,
    ReviewRun,
)
from disclosure.review import signals
from disclosure.review.workflow import restart_review_if_stale
from tests.factories import (
    draft_item,
    edit_form,
    ledger_rows,
    review_action,
    submit_for_review,
    user,
    workflow_action_form,
)

CLEAN_BODY = "<p>厉山镇2026年冬春农田水利建设方案已经镇政府常务会议研究通过。</p>"
LEAKY_BODY = "<p>联系人张三，身份证号420321198001011231，电话13812345678。</p>"


@pytest.fixture
def events():
    started, decided = [], []

    def on_start(sender, **kwargs):
        started.append(kwargs)

    def on_decide(sender, **kwargs):
        decided.append(kwargs)

    signals.review_task_started.connect(on_start)
    signals.review_decided.connect(on_decide)
    yield started, decided
    signals.review_task_started.disconnect(on_start)
    signals.review_decided.disconnect(on_decide)


def test_one_workflow_with_both_reviews_covers_the_whole_site(demo_db):
    for page in Page.objects.filter(depth__gte=2)[:50]:
        workflow = page.get_workflow()
        assert workflow is not None and workflow.name == "政务公开审查"
    tasks = [t.specific for t in Workflow.objects.get(name="政务公开审查").tasks]
    assert [type(t) for t in tasks] == [
        NormativityReviewTask,
        ConfidentialityReviewTask,
    ]


def test_clean_item_passes_both_reviews_and_goes_online(demo_db, events):
    started, decided = events
    item = draft_item("lishan", body=CLEAN_BODY)
    state = submit_for_review(item)
    assert isinstance(state.task.specific, NormativityReviewTask)
    assert ReviewRun.objects.get(task_state=state).blocking == 0
    # The unit's reviewers are told; the county's reviewers are not theirs.
    assert {u.username for u in started[0]["reviewers"]} == {"reviewer_lishan"}

    review_action(item, "reviewer_lishan", "approve", comment="格式规范")
    state = item.current_workflow_task_state
    assert isinstance(state.task.specific, ConfidentialityReviewTask)
    assert {u.username for u in started[1]["reviewers"]} == {"secrecy"}
    assert not item.live

    review_action(item, "secrecy", "approve", confirmed=True)
    assert item.live and item.index_number and item.published_on
    decisions = ReviewDecision.objects.filter(page=item).order_by("decided_at")
    assert [(d.task_name, d.reviewer.username) for d in decisions] == [
        ("规范性审查", "reviewer_lishan"),
        ("保密审查", "secrecy"),
    ]
    assert decisions[1].confirmation == "经审查，不涉及国家秘密、商业秘密、个人隐私"
    assert [d["decision"] for d in decided] == ["approved", "approved"]
    assert {u.username for u in decided[0]["recipients"]} == {"editor_lishan"}


def test_reviewers_of_another_unit_cannot_act(demo_db):
    item = draft_item("lishan", body=CLEAN_BODY)
    state = submit_for_review(item)
    task = state.task.specific
    assert task.get_actions(item, user("reviewer")) == []
    assert task.get_actions(item, user("editor_lishan")) == []
    with pytest.raises(PermissionDenied):
        task.on_action(state, user("reviewer"), "approve")
    county = draft_item("county", body=CLEAN_BODY)
    county_state = submit_for_review(county, by="editor_xzfb")
    assert county_state.task.specific.get_actions(county, user("reviewer"))


def test_blocking_findings_refuse_approval_unless_a_reason_is_recorded(demo_db):
    # Personal data is never released with a reason: see
    # test_confidentiality_review.py. A wrong fixed name is.
    item = draft_item(
        "lishan", body="<p>依据《中华人民共和国政府信息公开条列》，现予公开。</p>"
    )
    state = submit_for_review(item)
    run = ReviewRun.objects.get(task_state=state)
    rules = {f["rule"] for f in run.findings if f["severity"] == "block"}
    assert rules == {"fixed-name"}
    with pytest.raises(PermissionDenied, match="阻断性问题"):
        review_action(item, "reviewer_lishan", "approve")
    assert TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_IN_PROGRESS
    review_action(
        item,
        "reviewer_lishan",
        "approve",
        override_reason="引用原文件标题，保留原样",
    )
    decision = ReviewDecision.objects.get(task_state=state)
    assert decision.override_reason.startswith("引用原文件") and decision.blocking == 1


def test_confidentiality_approval_needs_the_confirmation(demo_db):
    item = draft_item("lishan", body=CLEAN_BODY)
    submit_for_review(item)
    review_action(item, "reviewer_lishan", "approve")
    with pytest.raises(PermissionDenied, match="不涉及国家秘密"):
        review_action(item, "secrecy", "approve")
    assert not item.live


def test_nobody_approves_a_revision_they_wrote_or_edited(demo_db):
    item = draft_item("lishan", body=CLEAN_BODY)
    submit_for_review(item)
    # The reviewer edits the text while reviewing: the revision is now theirs.
    item.title = item.title + "（修改）"
    item.save_revision(user=user("reviewer_lishan"))
    # The task still shows the submitted revision: approving it is refused.
    with pytest.raises(PermissionDenied, match="内容已被修改"):
        review_action(item, "reviewer_lishan", "approve")
    # The edit view restarts the review on the new revision, which is theirs.
    restart_review_if_stale(item, user("reviewer_lishan"))
    item.refresh_from_db()
    with pytest.raises(PermissionDenied, match="不能审核自己"):
        review_action(item, "reviewer_lishan", "approve")


def test_rejection_sends_it_back_and_an_edit_after_approval_restarts_review(
    demo_db, events, client
):
    _started, decided = events
    item = draft_item("lishan", body=CLEAN_BODY)
    submit_for_review(item)
    review_action(item, "reviewer_lishan", "reject", comment="请补充文号")
    assert decided[-1]["decision"] == "rejected"
    assert item.current_workflow_state.status == "needs_changes"

    item.document_number = "厉政发〔2026〕30号"
    item.save_revision(user=user("editor_lishan"))
    item.current_workflow_state.resume(user("editor_lishan"))
    item.refresh_from_db()
    review_action(item, "reviewer_lishan", "approve")
    assert isinstance(item.current_workflow_task.specific, ConfidentialityReviewTask)
    # The confidentiality reviewer edits the text after the first approval:
    # the review starts again from the normativity review.
    client.force_login(user("secrecy"))
    data = edit_form(
        item,
        document_number="厉政发〔2026〕30号",
        summary="修改后的概述",
    )
    response = client.post(f"/admin/pages/{item.pk}/edit/", data, follow=True)
    assert "审查将从规范性审查重新开始" in response.content.decode()
    item.refresh_from_db()
    assert isinstance(item.current_workflow_task.specific, NormativityReviewTask)
    assert item.current_workflow_task_state.revision == item.get_latest_revision()


def test_attachment_spreadsheet_with_full_id_number_blocks_with_its_cell(demo_db):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "补贴名单"
    sheet.append(["姓名", "身份证号", "金额（元）"])
    sheet.append(["王某", "420321198001011231", "1200.00"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    document = Document(title="2026年种粮补贴名单")
    document.file.save("butie.xlsx", ContentFile(buffer.getvalue()), save=True)
    item = draft_item("lishan", body=CLEAN_BODY)
    item.attachments.create(document=document)
    state = submit_for_review(item)
    findings = ReviewRun.objects.get(task_state=state).findings
    ids = [f for f in findings if f["rule"] == "id-number"]
    assert ids and ids[0]["source"] == "2026年种粮补贴名单.xlsx 补贴名单!B2"


def test_direct_publishing_is_refused_even_for_the_webmaster(demo_db, client):
    item = draft_item("lishan", body=CLEAN_BODY)
    client.force_login(user("webmaster"))
    data = edit_form(item)
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{item.pk}/edit/", data, follow=True)
    assert "须经规范性审查和保密审查" in response.content.decode()
    item.refresh_from_db()
    assert not item.live and item.index_number == ""
    edit = client.get(f"/admin/pages/{item.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in edit and 'name="action-submit"' in edit


def test_editor_submits_in_the_admin_and_the_reviewer_sees_findings(demo_db, client):
    item = draft_item("lishan", body=LEAKY_BODY)
    client.force_login(user("editor_lishan"))
    data = edit_form(item, body=rich_text(LEAKY_BODY))
    data["action-submit"] = "1"
    response = client.post(f"/admin/pages/{item.pk}/edit/", data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.current_workflow_task_state is not None

    client.force_login(user("reviewer_lishan"))
    html = client.get(f"/admin/pages/{item.pk}/edit/").content.decode()
    assert "阻断性问题" in html and 'data-rule="id-number"' in html
    # Approving through the editor without a reason is refused with the reason why.
    approve = workflow_action_form(data, "approve")
    approve.pop("action-submit")
    response = client.post(f"/admin/pages/{item.pk}/edit/", approve, follow=True)
    assert "阻断性问题" in response.content.decode()
    item.refresh_from_db()
    assert isinstance(item.current_workflow_task.specific, NormativityReviewTask)


def _clean_item_in_review(client):
    item = draft_item("lishan", body=CLEAN_BODY)
    data = edit_form(item, body=rich_text(CLEAN_BODY))
    client.force_login(user("editor_lishan"))
    submitted = dict(data, **{"action-submit": "1"})
    assert client.post(f"/admin/pages/{item.pk}/edit/", submitted).status_code == 302
    item.refresh_from_db()
    return item, data


def test_reviewer_decides_on_the_revision_under_review_never_their_form(
    demo_db, client
):
    item, data = _clean_item_in_review(client)
    revisions = item.revisions.count()
    client.force_login(user("reviewer_lishan"))
    # The reviewer's browser sends a form that differs from the submitted
    # text (a widget re-serialised it, or the reviewer typed in it).
    approve = workflow_action_form(
        dict(data, title=item.title + "（修改）"), "approve", '{"comment": "同意"}'
    )
    response = client.post(f"/admin/pages/{item.pk}/edit/", approve, follow=True)
    assert "已转入下一审查环节" in response.content.decode()
    assert response.redirect_chain[-1][0] == "/admin/"
    item.refresh_from_db()
    assert item.revisions.count() == revisions
    assert "（修改）" not in item.get_latest_revision_as_object().title
    assert isinstance(item.current_workflow_task.specific, ConfidentialityReviewTask)

    client.force_login(user("secrecy"))
    confirm = workflow_action_form(data, "approve", '{"confirmed": true}')
    response = client.post(f"/admin/pages/{item.pk}/edit/", confirm, follow=True)
    assert "页面已发布" in response.content.decode()
    item.refresh_from_db()
    assert item.live and item.index_number


def test_rejection_without_a_comment_is_refused_in_chinese(demo_db, client):
    item, data = _clean_item_in_review(client)
    client.force_login(user("reviewer_lishan"))
    reject = workflow_action_form(data, "reject", '{"comment": "  "}')
    response = client.post(f"/admin/pages/{item.pk}/edit/", reject, follow=True)
    assert "请填写退回修改的意见" in response.content.decode()
    item.refresh_from_db()
    assert isinstance(item.current_workflow_task.specific, NormativityReviewTask)


def test_autosave_does_not_touch_a_page_in_review(demo_db, client):
    item, data = _clean_item_in_review(client)
    revisions = item.revisions.count()
    started = item.current_workflow_state.pk
    client.force_login(user("reviewer_lishan"))
    autosave = dict(data, title=item.title + "（自动保存）")
    response = client.post(
        f"/admin/pages/{item.pk}/edit/", autosave, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert "审查期间不自动保存" in response.json()["error_message"]
    item.refresh_from_db()
    assert item.revisions.count() == revisions
    assert item.current_workflow_state.pk == started


def test_ledger_lists_published_revisions_with_their_review_steps(demo_db, client):
    item = draft_item("lishan", title="台帐测试信息", body=CLEAN_BODY)
    submit_for_review(item)
    review_action(item, "reviewer_lishan", "approve", comment="同意")
    review_action(item, "secrecy", "approve", confirmed=True)
    client.force_login(user("webmaster"))
    month = datetime.date.today().strftime("%Y-%m")
    response = client.get("/admin/reports/review-ledger/", {"month": month})
    html = response.content.decode()
    assert response.status_code == 200 and "台帐测试信息" in html
    assert "厉山镇审核员" in html and "保密审查员" in html
    rows = ledger_rows(client, month)
    row = next(r for r in rows if r[2] == "台帐测试信息")
    assert row[1] == "厉山镇" and row[3] == item.index_number
    assert row[4] == "厉山镇审核员" and row[8] == "保密审查员"
    assert row[11] == "经审查，不涉及国家秘密、商业秘密、个人隐私"
    # A unit's reviewer sees their unit's rows only.
    client.force_login(user("reviewer"))
    assert (
        "台帐测试信息"
        not in client.get("/admin/reports/review-ledger/").content.decode()
    )


@pytest.fixture
def local_web():
    """A web server on 127.0.0.1 standing in for the outside world."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):
            self.send_response(200 if self.path == "/ok" else 404)
            self.end_headers()

        do_GET = do_HEAD

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_links_are_checked_internal_at_once_external_by_a_task(
    demo_db, local_web, django_capture_on_commit_callbacks
):
    body = (
        f'<p><a href="{local_web}/ok">外部正常</a> <a href="{local_web}/gone">外部失效</a>'
        '<a href="/zfxxgk/lishan/">站内正常</a> <a href="/zfxxgk/no-such-column/">站内失效</a></p>'
    )
    item = draft_item("lishan", body=body)
    with django_capture_on_commit_callbacks(execute=True):
        state = submit_for_review(item)
    run = ReviewRun.objects.get(task_state=state)
    dead = sorted(f["excerpt"] for f in run.findings if f["rule"] == "dead-link")
    assert any("/zfxxgk/no-such-column/" in d for d in dead)
    assert any(f"{local_web}/gone" in d for d in dead)
    assert not any("/ok" in d or '"/zfxxgk/lishan/"' in d for d in dead)
    assert not run.external_links_pending
    assert all(
        f["severity"] == "warn" for f in run.findings if f["rule"] == "dead-link"
    )


def test_reviewers_and_editors_are_notified_through_the_outbox(demo_db):
    from django.core import mail

    from interaction.models import Notification
    from interaction.outbox import deliver

    item = draft_item("lishan", title="通知测试信息", body=CLEAN_BODY)
    state = submit_for_review(item)
    reviewer = user("reviewer_lishan")
    task_notice = Notification.objects.get(
        idempotency_key=f"review-task-{state.pk}-{reviewer.pk}"
    )
    assert task_notice.channel == "email" and task_notice.recipient == reviewer.email
    assert "通知测试信息" in task_notice.subject
    review_action(item, "reviewer_lishan", "reject", comment="请补充文号")
    decision = Notification.objects.get(recipient=user("editor_lishan").email)
    assert "退回修改" in decision.subject and "请补充文号" in decision.body
    # The sending task's work: each row goes out once, by e-mail.
    for notice in (task_notice, decision):
        deliver(notice.pk)
        deliver(notice.pk)
    sent = [(m.to, m.subject) for m in mail.outbox]
    assert sent == [
        ([reviewer.email], task_notice.subject),
        ([user("editor_lishan").email], decision.subject),
    ]
