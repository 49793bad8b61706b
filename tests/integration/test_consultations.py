"""意见征集: the period respects the webmaster's minimums and opens and closes
at its set minutes; citizens comment on the whole draft or one article; only
published comments show, masked; the unit decides each comment; the
意见采纳情况反馈 goes online through the 政务公开审查 workflow; late feedback is
flagged to the county office; a unit's staff see only their own."""

import datetime
import io
import random

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disclosure import workdays
from disclosure.models import Unit
from disclosure.review.workflow import review_page
from interaction.consultations import figures, schedule, workflow
from interaction.models import (
    Comment,
    CommentStatus,
    ConsultationFeedbackPage,
    ConsultationPage,
    ConsultationSettings,
    Notification,
)
from tests.factories import (
    at,
    citizen_client,
    consultation,
    formset_management,
    review_action,
    submit_for_review,
    user,
)

pytestmark = pytest.mark.usefixtures("demo_db")
PHONE = "13912345678"


def now():
    return timezone.now().replace(second=0, microsecond=0)


def open_consultation(**fields):
    page = consultation(
        opens_at=now() - datetime.timedelta(days=15),
        closes_at=now() + datetime.timedelta(days=15),
        **fields,
    )
    workflow.CONSULTATION.transition(page, "open", by=user("handler_czj"))
    page.refresh_from_db()
    return page


def comment_on(client, page, **overrides):
    client.get(page.url)
    data = {
        "name": "许文华",
        "phone": f"139{random.randint(10_000_000, 99_999_999)}",
        "organisation": "",
        "article": "",
        "content": "建议把每季度公开一次改为每月公开一次。",
        "captcha": client.session.get("mailbox_captcha", {}).get("answer", "0"),
    }
    data.update(overrides)
    return client.post(page.url, data), data


def test_the_period_respects_the_webmasters_minimums():
    opens = at(datetime.date(2026, 12, 1), 9)  # a Tuesday
    short = ConsultationPage(
        title="短", slug="short", unit=Unit.objects.get(slug="czj"), opens_at=opens
    )
    short.closes_at = at(workdays.add(opens.date(), 6), 17)
    with pytest.raises(ValidationError, match="不得少于7个工作日"):
        short.clean()
    short.closes_at = at(workdays.add(opens.date(), 7), 17)
    short.clean()
    short.kind = "major"
    with pytest.raises(ValidationError, match="不得少于30日"):
        short.clean()
    short.closes_at = None
    short.clean()
    assert short.closes_at == opens + datetime.timedelta(days=30)  # the default
    settings = ConsultationSettings.load()
    settings.major_min_days = 45
    settings.default_days = 45
    settings.save()
    short.closes_at = opens + datetime.timedelta(days=40)
    with pytest.raises(ValidationError, match="不得少于45日"):
        short.clean()


def test_the_consultation_opens_and_closes_at_its_set_minutes():
    day = datetime.date(2026, 12, 1)
    page = consultation(
        opens_at=at(day, 9), closes_at=at(day + datetime.timedelta(days=30), 17)
    )
    minute = datetime.timedelta(minutes=1)

    def state_after(moment):
        schedule.run(moment)
        page.refresh_from_db()
        return page.state

    assert state_after(at(day, 9) - minute) == "upcoming"
    assert state_after(at(day, 9)) == "open"
    assert page.events.get(action="open").created_at == at(day, 9)
    closes = page.closes_at
    assert state_after(closes - minute) == "open"
    assert state_after(closes) == "closed"
    event = page.events.get(action="close")
    assert (event.created_at, event.from_state, event.to_state) == (
        closes,
        "open",
        "closed",
    )
    due = workdays.add(timezone.localtime(closes).date(), 20)
    assert page.feedback_due_on == due
    notice = Notification.objects.get(
        idempotency_key=f"consultation-{page.pk}-closed-u{user('handler_czj').pk}"
    )
    assert "意见征集已结束" in notice.body and due.isoformat() in notice.body


def test_closing_early_by_hand_only_after_the_legal_minimum():
    page = consultation(
        opens_at=now() - datetime.timedelta(hours=1),
        closes_at=now() + datetime.timedelta(days=30),
    )
    host = user("handler_czj")
    workflow.CONSULTATION.transition(page, "open", by=host)
    with pytest.raises(ValidationError, match="前不能结束征集"):
        workflow.CONSULTATION.transition(page, "close", by=host, note="提前结束")
    later = open_consultation()
    with pytest.raises(ValidationError, match="说明理由"):
        workflow.CONSULTATION.transition(later, "close", by=host)
    workflow.CONSULTATION.transition(later, "close", by=host, note="已满法定最短期限")
    assert later.events.get(action="close").data["early"] is True


def test_a_citizen_comments_on_article_three_and_only_the_masked_published_text_shows():
    page = open_consultation()
    third = page.numbered_articles()[2]
    client = citizen_client()
    form = client.get(page.url + f"?article={third.pk}").content.decode()
    assert f'<option value="{third.pk}" selected>第三条' in form
    response, data = comment_on(
        client,
        page,
        article=str(third.pk),
        content=f"第三条建议改为每月公开，我的电话{PHONE}。",
    )
    assert response.status_code == 302
    comment = Comment.objects.get(phone=data["phone"])
    assert comment.article_label == "第三条" and comment.status == "pending"
    assert {f["rule"] for f in comment.findings} == {"mobile-number"}
    assert "每月公开" not in client.get(page.url).content.decode()

    host = user("handler_czj")
    workflow.COMMENT.transition(comment, "publish", by=host)
    html = citizen_client().get(page.url).content.decode()
    assert "第三条建议改为每月公开" in html and "139****5678" in html
    for secret in (PHONE, data["phone"], "许文华"):
        assert secret not in html
    assert "许**" in html
    workflow.COMMENT.transition(comment, "hide", by=host)
    assert (
        "每月公开" not in citizen_client().get(page.url + "comments/").content.decode()
    )

    with pytest.raises(ValidationError, match="请填写理由"):
        workflow.COMMENT.transition(comment, "decide", by=host, decision="not_adopted")
    workflow.COMMENT.transition(
        comment, "decide", by=host, decision="adopted", reason="已修改第三条。"
    )
    comment.refresh_from_db()
    assert comment.decision == "adopted" and comment.status == "hidden"
    assert [e.action for e in comment.events.order_by("pk")] == [
        "submit",
        "publish",
        "hide",
        "decide",
    ]


def test_the_feedback_goes_online_through_the_review_workflow_and_concludes():
    page = open_consultation()
    host = user("handler_czj")
    third = page.numbered_articles()[2]
    adopted = workflow.submit_comment(
        page,
        name="许文华",
        phone="13972200101",
        content="建议每月公开一次。",
        article=third,
    )
    other = workflow.submit_comment(
        page, name="罗建军", phone="13972200102", content="请补充公开的方式。"
    )
    workflow.CONSULTATION.transition(page, "close", by=host, note="期满")
    with pytest.raises(ValidationError, match="2条意见未审核、2条意见未作出采纳决定"):
        workflow.CONSULTATION.transition(page, "draft_feedback", by=host)
    workflow.COMMENT.transition(adopted, "publish", by=host)
    workflow.COMMENT.transition(other, "hide", by=host)
    workflow.COMMENT.transition(adopted, "decide", by=host, decision="adopted")
    workflow.COMMENT.transition(
        other, "decide", by=host, decision="not_adopted", reason="第四条已有规定。"
    )
    workflow.CONSULTATION.transition(page, "draft_feedback", by=host)
    feedback = ConsultationFeedbackPage.objects.child_of(page).get()
    assert not feedback.live and feedback.received == 2
    items = list(feedback.items.all())
    assert [(i.article_label, i.decision) for i in items] == [
        ("全文", "not_adopted"),
        ("第三条", "adopted"),
    ]
    assert items[0].opinion == "（该意见未公开）"
    assert (
        citizen_client().get(feedback.url).status_code == 404
    )  # a draft is not public

    submit_for_review(feedback, by="handler_czj")
    review_action(feedback, "reviewer", "approve")
    review_action(feedback, "secrecy", "approve", confirmed=True)
    feedback.refresh_from_db()
    assert feedback.live
    page.refresh_from_db()
    assert page.state == "concluded"
    assert page.events.get(action="conclude").data["on_time"] is True
    html = citizen_client().get(feedback.url).content.decode()
    assert "第三条" in html and "建议每月公开一次" in html and "采纳" in html
    with pytest.raises(ValidationError, match="反馈已发布"):
        workflow.COMMENT.transition(
            adopted, "decide", by=host, decision="partly", reason="改"
        )


def test_feedback_missing_after_twenty_working_days_is_flagged_to_the_county_office(
    client,
):
    page = open_consultation(title="逾期未反馈的测试办法（征求意见稿）")
    workflow.CONSULTATION.transition(page, "close", by=user("handler_czj"), note="期满")
    page.refresh_from_db()
    due = page.feedback_due_on
    assert due == workdays.add(timezone.localdate(), 20)
    result = schedule.check_feedback(today=due)
    page.refresh_from_db()
    assert page.flagged_at is None and result["reminded"] >= 1
    schedule.check_feedback(today=due + datetime.timedelta(days=1))
    page.refresh_from_db()
    assert page.flagged_at is not None and page.state == "closed"
    office = Notification.objects.get(
        idempotency_key=f"consultation-{page.pk}-overdue-office-u{user('mailbox_office').pk}"
    )
    assert page.title in office.body
    assert Notification.objects.filter(
        idempotency_key__startswith=f"consultation-{page.pk}-overdue-u"
    ).exists()
    client.force_login(user("mailbox_office"))
    html = client.get("/admin/").content.decode()
    panel = html[html.index("data-feedback-overdue") :]
    assert page.title in panel[: panel.index("</div>")]


def test_the_review_reads_the_articles_and_attachments_of_a_draft():
    page = consultation(opens_at=now() + datetime.timedelta(days=1))
    article = page.articles.first()
    article.text = "联系人身份证号420321198001011231。"
    article.save()
    page = ConsultationPage.objects.get(pk=page.pk)
    findings, _links = review_page(page)
    assert "id-number" in {f.rule for f in findings if f.blocks}


@pytest.mark.parametrize(
    "overrides",
    [
        {"captcha": "999"},
        {"article": "abc"},
        {"article": "999999999"},
        {"phone": "1390000"},
        {"content": "x" * 5000},
        {"organisation": "单" * 500},
        {"content": "\x00\x00\x00\x00\x00\x00"},
    ],
)
def test_hostile_comments_get_a_400_in_chinese_and_store_nothing(overrides):
    page = open_consultation()
    response, _data = comment_on(citizen_client(), page, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    assert "提交未成功" in html and 'id="error-summary"' in html
    assert not Comment.objects.filter(consultation=page).exists()


def test_comments_outside_the_period_or_on_another_drafts_article_are_refused():
    page = open_consultation()
    other = open_consultation()
    response, _data = comment_on(
        citizen_client(), page, article=str(other.articles.first().pk)
    )
    assert response.status_code == 400
    closed = ConsultationPage.objects.get(slug="2014-cunji-caiwu-gongkai")
    before = Comment.objects.count()
    client = citizen_client()
    response, _data = comment_on(client, closed)
    assert response.status_code == 400 and "不在征集期内" in response.content.decode()
    for method in ("put", "delete"):
        assert getattr(client, method)(page.url).status_code == 405
    assert client.get(page.url + "?article=abc&page=-1").status_code == 200
    assert client.get(page.url + "?article=%00").status_code == 400
    assert client.get(page.url + "comments/?page=abc").status_code == 200
    assert Comment.objects.count() == before
    assert not Comment.objects.filter(consultation__in=[page, other]).exists()


def test_public_pages_run_the_same_queries_with_few_and_many_comments():
    page = open_consultation()
    host = user("handler_czj")
    for n in range(3):
        comment = workflow.submit_comment(
            page, name="某某", phone="13800000000", content=f"意见{n}号"
        )
        workflow.COMMENT.transition(comment, "publish", by=host)
    client = citizen_client()
    urls = [
        page.url,
        page.url + "comments/",
        "/hudong/zhengji/",
        "/hudong/fangtan/",
        "/hudong/zhengji/2014-cunji-caiwu-gongkai/feedback/",
    ]

    def queries():
        counts = []
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200, url
            counts.append(len(captured))
        return counts

    few = queries()
    article = page.articles.first()
    Comment.objects.bulk_create(
        Comment(
            consultation=page,
            article=article,
            article_label="第一条",
            name="某某",
            phone="13800000000",
            content=f"意见{n}",
            status=CommentStatus.PUBLISHED,
            public_name="某**",
            public_content=f"意见{n}",
        )
        for n in range(300)
    )
    assert queries() == few


def test_unit_staff_see_their_own_consultations_and_export_the_decisions(client):
    page = open_consultation(title="导出测试办法（征求意见稿）")
    host = user("handler_czj")
    comment = workflow.submit_comment(
        page,
        name="蔡丽萍",
        phone="13972200103",
        organisation="随县某合作社",
        content="建议所有村都在网上公开。",
        article=page.numbered_articles()[3],
    )
    workflow.COMMENT.transition(
        comment, "decide", by=host, decision="partly", reason="有条件的村网上公开。"
    )
    client.force_login(host)
    assert client.get(f"/admin/talk/consultations/{page.pk}/").status_code == 200
    listing = client.get("/admin/talk/consultations/").content.decode()
    assert "导出测试办法" in listing and "城区公共停车场" not in listing
    export = client.get(f"/admin/talk/comments/?consultation={page.pk}&export=xlsx")
    rows = [
        [cell.value for cell in row]
        for row in openpyxl.load_workbook(
            io.BytesIO(b"".join(export.streaming_content))
        ).active.iter_rows()
    ]
    assert rows[0][:5] == [
        "意见征集",
        "针对条款",
        "提交时间",
        "姓名",
        "手机号码（脱敏）",
    ]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["针对条款"] == "第四条" and row["手机号码（脱敏）"] == "139****0103"
    assert row["采纳情况"] == "部分采纳" and row["理由"] == "有条件的村网上公开。"
    # Publish through the comment's page, as the unit does.
    response = client.post(
        f"/admin/talk/comments/{comment.pk}/",
        {
            "action": "publish",
            f"c{comment.pk}-publish-public_content": "",
            f"c{comment.pk}-publish-note": "",
        },
    )
    assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).status == "published"

    client.force_login(user("editor_lishan"))
    assert client.get(f"/admin/talk/consultations/{page.pk}/").status_code == 404
    assert client.get(f"/admin/talk/comments/{comment.pk}/").status_code == 404
    assert (
        "建议所有村都在网上公开"
        not in client.get("/admin/talk/comments/").content.decode()
    )


def test_figures_count_the_demo_consultation():
    czj = Unit.objects.get(slug="czj")
    data = figures.summary(czj, 2014)
    assert (data["opened"], data["closed"], data["comments"]) == (1, 1, 4)
    assert (data["adopted"], data["partly"], data["not_adopted"]) == (2, 1, 1)
    assert data["feedback_published"] == data["feedback_on_time"] == 1
    assert data["adoption_rate"] == 75.0
    assert figures.summary(None, 2014, 6)["comments"] == 4
    assert [row["unit"] for row in figures.by_unit(2014)] == [czj]


def test_the_county_office_adds_a_draft_and_its_unit_may_edit_it(client):
    from wagtail.models import GroupPagePermission
    from wagtail.test.utils.form_data import rich_text

    from interaction.models import ConsultationIndexPage

    client.force_login(user("editor_xzfb"))
    index = ConsultationIndexPage.objects.get()
    url = f"/admin/pages/add/interaction/consultationpage/{index.pk}/"
    czj = Unit.objects.get(slug="czj")
    data = {
        "title": "随县测试资金管理办法（征求意见稿）",
        "slug": "test-admin-draft",
        "unit": czj.pk,
        "kind": "normative",
        "opens_at": "2026-12-01 09:00",
        "closes_at": "2026-12-03 17:00",
        "intro": rich_text(""),
        "explanation": rich_text(""),
        "contact": "",
        **formset_management("articles", total=1, minimum=1),
        "articles-0-id": "",
        "articles-0-ORDER": "1",
        "articles-0-DELETE": "",
        "articles-0-heading": "目的",
        "articles-0-text": "为规范测试资金管理，制定本办法。",
    }
    data.update(formset_management("attachments", "comments"))
    response = client.post(url, data)
    assert response.status_code == 200
    assert "不得少于7个工作日" in response.content.decode()
    data["closes_at"] = "2026-12-31 17:00"
    assert client.post(url, data).status_code == 302
    page = ConsultationPage.objects.get(slug="test-admin-draft")
    assert not page.live and page.state == "upcoming"
    assert GroupPagePermission.objects.filter(
        page=page, group=czj.editors_group, permission__codename="change_page"
    ).exists()
