"""在线访谈: the interview switches state at its set minutes; citizens' questions
are moderated and nothing unaccepted, and no personal data, is ever public;
the live transcript answers 304 while nothing changed and runs a fixed number
of queries; unanswered questions become letters; a unit's staff see only
their own interviews."""

import datetime
import io
import random
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disclosure import workdays
from interaction.interviews import figures, schedule, transcript, workflow
from interaction.models import (
    EntryKind,
    InterviewPage,
    Letter,
    Notification,
    Question,
    TranscriptEntry,
)
from tests.factories import at, citizen_client, interview, publish_unreviewed, user

pytestmark = pytest.mark.usefixtures("demo_db")
User = get_user_model()
PHONE = "13912345678"
ID_NUMBER = "420321198001011231"


def soon():
    return timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=1)


def ask(client, page, **overrides):
    client.get(page.url)
    data = {
        "name": "王建国",
        "phone": f"139{random.randint(10_000_000, 99_999_999)}",
        "content": "请问耕地地力保护补贴什么时候发放？",
        "captcha": client.session.get("mailbox_captcha", {}).get("answer", "0"),
    }
    data.update(overrides)
    return client.post(page.url, data), data


def go_live(page):
    workflow.INTERVIEW.transition(page, "start", by=user("handler_czj"))
    page.refresh_from_db()
    return page


def published(question, answer="补贴已于本月通过“一卡通”发放到户。"):
    host = user("handler_czj")
    if question.status == "pending":
        workflow.QUESTION.transition(question, "accept", by=host)
    guest = question.interview.guests.first()
    workflow.QUESTION.transition(
        question, "answer", by=host, guest=guest, answer=answer
    )
    return question


def test_the_interview_switches_state_at_its_set_minutes():
    day = datetime.date(2026, 12, 7)  # a Monday
    page = interview(starts_at=at(day, 9, 30), ends_at=at(day, 11, 0))
    minute = datetime.timedelta(minutes=1)

    def state_after(now):
        schedule.run(now)
        page.refresh_from_db()
        return page.state

    assert state_after(at(day, 9, 29)) == "upcoming"
    assert state_after(at(day, 9, 30)) == "live"
    event = page.events.get(action="start")
    assert event.created_at == at(day, 9, 30)
    assert (event.from_state, event.to_state, event.actor_label) == (
        "upcoming",
        "live",
        "系统",
    )
    assert state_after(at(day, 10, 59)) == "live"
    assert state_after(at(day, 11, 0)) == "ended"
    archive_at = at(workdays.add(day, 3), 11, 0)
    assert schedule.archive_at(page) == archive_at
    assert state_after(archive_at - minute) == "ended"
    assert state_after(archive_at) == "archived"
    assert [e.action for e in page.events.order_by("created_at", "pk")] == [
        "start",
        "end",
        "archive",
    ]
    # Published revisions keep the state: it belongs to the interview.
    page.intro = "<p>修改后的简介</p>"
    publish_unreviewed(page)
    page.refresh_from_db()
    assert page.state == "archived"


def test_a_late_run_catches_up_and_hand_switching_is_for_the_host_only():
    day = datetime.date(2026, 12, 8)
    late = interview(starts_at=at(day, 9, 0), ends_at=at(day, 10, 0))
    schedule.run(at(day, 10, 30))
    late.refresh_from_db()
    assert late.state == "ended"
    assert list(late.events.values_list("action", flat=True)) == ["start", "end"]

    page = interview(starts_at=soon())
    with pytest.raises(ValidationError, match="无权"):
        workflow.INTERVIEW.transition(page, "start", by=user("editor_lishan"))
    with pytest.raises(ValidationError, match="不能结束访谈"):
        workflow.INTERVIEW.transition(page, "end", by=user("handler_czj"))
    go_live(page)
    assert page.events.get().actor == user("handler_czj")


def test_questions_are_moderated_and_only_masked_answers_are_ever_public():
    page = interview(starts_at=soon())
    client = citizen_client()
    response, data = ask(
        client,
        page,
        content=f"我叫王建国，电话{PHONE}，身份证{ID_NUMBER}，补贴什么时候发？",
    )
    assert response.status_code == 302
    assert client.get(page.url).content.decode().count("您的问题已提交") == 1
    leaky = Question.objects.get(phone=data["phone"])
    assert leaky.status == "pending"
    assert {f["rule"] for f in leaky.findings} >= {"mobile-number", "id-number"}
    _response, rejected_data = ask(
        citizen_client(), page, content="这是一条与访谈无关的广告内容"
    )
    rejected = Question.objects.get(phone=rejected_data["phone"])
    _response, merged_data = ask(
        citizen_client(), page, content="补贴发放时间是什么时候？"
    )
    merged = Question.objects.get(phone=merged_data["phone"])

    host = user("handler_czj")
    workflow.QUESTION.transition(rejected, "reject", by=host, reason="off_topic")
    workflow.QUESTION.transition(merged, "merge", by=host, into=leaky.pk)
    workflow.QUESTION.transition(leaky, "accept", by=host)
    leaky.refresh_from_db()
    assert PHONE not in leaky.public_content and "139****5678" in leaky.public_content
    assert ID_NUMBER not in leaky.public_content
    assert leaky.public_name == "王**"

    def public_text():
        html = citizen_client().get(page.url).content.decode()
        return html + citizen_client().get(page.url + "transcript/").content.decode()

    # Accepted is not yet published: nothing of it shows before the answer.
    assert "补贴什么时候发" not in public_text()
    go_live(page)
    with pytest.raises(ValidationError, match="请选择回答问题的嘉宾"):
        workflow.QUESTION.transition(leaky, "answer", by=host, answer="回答")
    published(leaky)
    text = public_text()
    assert "139****5678" in text and "网友王**" in text
    for secret in (
        PHONE,
        ID_NUMBER,
        data["phone"],
        "王建国",
        "与访谈无关",
        "补贴发放时间是",
    ):
        assert secret not in text
    assert rejected.events.last().data["reason"] == "与访谈主题无关"


def test_a_question_whose_masked_text_still_fails_the_checks_is_not_accepted():
    page = interview(starts_at=soon())
    question = workflow.submit_question(
        page, name="李四", phone="13800001111", content="机密★1年 的文件内容是什么？"
    )
    with pytest.raises(ValidationError, match="请修改公开内容"):
        workflow.QUESTION.transition(question, "accept", by=user("handler_czj"))
    workflow.QUESTION.transition(
        question,
        "accept",
        by=user("handler_czj"),
        public_content="网友询问某文件的内容。",
    )
    question.refresh_from_db()
    assert question.status == "accepted"
    assert question.events.last().data["public_content"] == "网友询问某文件的内容。"


def test_the_transcript_answers_304_until_it_changes_with_a_fixed_number_of_queries():
    page = go_live(interview(starts_at=soon()))
    url = page.url + "transcript/"
    client = citizen_client()
    first = client.get(url)
    assert first.status_code == 200 and first["Cache-Control"] == "no-cache"
    assert first.json()["state"] == "live" and first.json()["entries"] == []
    etag = first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    question = workflow.submit_question(
        page, name="赵六", phone="13811112222", content="补贴标准是多少？"
    )
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304  # pending
    published(question)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    entries = changed.json()["entries"]
    assert [e["kind"] for e in entries] == ["question", "guest"]
    newer = client.get(url + f"?after={entries[-1]['id']}").json()["entries"]
    assert newer == []

    def queries(path, **headers):
        client.get(path, **headers)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, **headers)
        assert response.status_code in (200, 304)
        return len(captured)

    client.get(page.url)  # the page's question form starts a session (captcha)
    few = (
        queries(url),
        queries(page.url),
        queries(url, HTTP_IF_NONE_MATCH=changed["ETag"]),
    )
    TranscriptEntry.objects.bulk_create(
        TranscriptEntry(
            interview=page, kind=EntryKind.HOST, speaker="主持人", text=f"第{n}段"
        )
        for n in range(200)
    )
    Question.objects.bulk_create(
        Question(interview=page, name="某", phone="13800000000", content=f"问{n}")
        for n in range(200)
    )
    transcript.bump_transcript(page.pk)
    page.refresh_from_db()
    etag = client.get(url)["ETag"]
    many = (queries(url), queries(page.url), queries(url, HTTP_IF_NONE_MATCH=etag))
    assert many == few


def test_left_over_questions_become_letters_when_the_interview_is_archived():
    day = datetime.date(2026, 12, 9)
    page = interview(starts_at=at(day, 9, 0), ends_at=at(day, 10, 0))
    waiting = workflow.submit_question(
        page, name="钱七", phone="13822223333", content="村里的补贴名单在哪里公示？"
    )
    accepted = workflow.submit_question(
        page, name="孙八", phone="13833334444", content="补贴标准今年有没有调整？"
    )
    workflow.QUESTION.transition(accepted, "accept", by=user("handler_czj"))
    schedule.run(at(day, 10, 0))
    schedule.run(schedule.archive_at(page))
    for question in (waiting, accepted):
        question.refresh_from_db()
        assert question.status == "routed"
        letter = question.letter
        assert letter.status == "submitted" and letter.phone == question.phone
        assert question.content in letter.content and page.title in letter.subject
        sms = Notification.objects.get(idempotency_key=f"question-{question.pk}-routed")
        assert letter.number in sms.body and "查询码" in sms.body
    assert page.events.get(action="archive").data["routed"] == [
        waiting.letter.number,
        accepted.letter.number,
    ]
    # The mailbox office routing by hand also accepts and assigns the letter.
    other = interview(starts_at=soon())
    question = workflow.submit_question(
        other, name="周九", phone="13844445555", content="一卡通丢了怎么补办？"
    )
    workflow.QUESTION.transition(question, "route", by=user("mailbox_office"))
    letter = Letter.objects.get(pk=Question.objects.get(pk=question.pk).letter_id)
    assert letter.status == "assigned" and letter.unit.slug == "czj"
    assert [e.action for e in letter.events.order_by("pk")] == [
        "submit",
        "accept",
        "assign",
    ]


@pytest.mark.parametrize(
    "overrides",
    [
        {"captcha": "999"},
        {"captcha": ""},
        {"phone": "12345"},
        {"phone": "1" * 5000},
        {"name": "\x00王"},
        {"content": "<script>alert(1)</script>" * 100},
        {"content": "短"},
        {"content": "   "},
        {"name": "王" * 500},
    ],
)
def test_hostile_questions_get_a_400_in_chinese_and_store_nothing(overrides):
    page = interview(starts_at=soon())
    response, _data = ask(citizen_client(), page, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    assert "提交未成功" in html and 'id="error-summary"' in html
    assert 'aria-invalid="true"' in html
    assert not Question.objects.filter(interview=page).exists()


def test_odd_requests_never_give_a_5xx():
    page = interview(starts_at=soon())
    client = citizen_client()
    for method, path in [
        ("put", page.url),
        ("delete", page.url + "transcript/"),
        ("post", page.url + "transcript/"),
        ("get", page.url + "transcript/?after=-1"),
        ("get", page.url + "transcript/?after=99999999999999999999"),
        ("get", page.url + "transcript/?after=%00"),
    ]:
        response = getattr(client, method)(path)
        assert response.status_code < 500, (method, path)
    broken = client.generic(
        "POST",
        page.url,
        b"name=\xff\xfe&phone=\xc3",
        "application/x-www-form-urlencoded",
    )
    assert broken.status_code == 400
    archived = InterviewPage.objects.get(slug="2014-sandazhanlue")
    response, _data = ask(client, archived)
    assert response.status_code == 400 and "不再接受提问" in response.content.decode()
    assert not Question.objects.filter(interview__in=[page, archived], name="王建国")


def test_too_many_questions_from_one_address_are_refused(settings):
    settings.INTERVIEW_RATE_IP = (1, 60)
    page = interview(starts_at=soon())
    client = citizen_client()
    assert ask(client, page)[0].status_code == 302
    response, _data = ask(client, page)
    assert response.status_code == 429 and "提问过于频繁" in response.content.decode()


def test_unit_staff_see_their_own_interviews_and_export_the_questions(client):
    page = interview("czj", starts_at=soon())
    question = workflow.submit_question(
        page, name="吴十", phone="13855556666", content="补贴发放有没有公示？"
    )
    client.force_login(user("handler_czj"))
    console = client.get(f"/admin/talk/interviews/{page.pk}/")
    assert (
        console.status_code == 200 and "补贴发放有没有公示" in console.content.decode()
    )
    listing = client.get("/admin/talk/questions/").content.decode()
    assert "补贴发放有没有公示" in listing
    assert "农业稳县战略下" not in listing  # 县政府办's interview
    export = client.get(f"/admin/talk/questions/?interview={page.pk}&export=xlsx")
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(export.streaming_content))
    ).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == ["访谈", "提问时间", "姓名", "手机号码（脱敏）", "问题"]
    assert rows[1][3] == "138****6666" and rows[1][4] == "补贴发放有没有公示？"
    # Accept through the console, as the host does.
    response = client.post(
        f"/admin/talk/interviews/{page.pk}/",
        {
            "action": "question:accept",
            "question": question.pk,
            f"q{question.pk}-accept-note": "",
        },
    )
    assert response.status_code == 302
    assert Question.objects.get(pk=question.pk).status == "accepted"

    client.force_login(user("editor_lishan"))
    assert client.get(f"/admin/talk/interviews/{page.pk}/").status_code == 404
    assert client.get(f"/admin/talk/questions/{question.pk}/").status_code == 404
    assert (
        "补贴发放有没有公示"
        not in client.get("/admin/talk/questions/").content.decode()
    )
    client.force_login(user("leader"))
    refused = client.get("/admin/talk/interviews/")  # Wagtail: back to the dashboard
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    client.force_login(user("mailbox_office"))
    assert client.get(f"/admin/talk/questions/{question.pk}/").status_code == 200


def test_the_host_units_editors_may_edit_its_interview_page():
    editor = User.objects.create_user("editor_czj_test")
    editor.groups.add(Group.objects.get(name="财政局·编辑"))
    upcoming = InterviewPage.objects.get(slug="huimin-butie-yikatong")
    assert upcoming.permissions_for_user(editor).can_edit()
    assert not upcoming.permissions_for_user(user("editor_lishan")).can_edit()


def test_figures_count_the_demo_interview():
    from disclosure.models import Unit

    xzfb = Unit.objects.get(slug="xzfb")
    data = figures.summary(xzfb, 2014)
    assert data["interviews"] == 1 and data["questions"] == 5
    assert data["answered"] == 5 and data["answer_rate"] == 100.0
    assert figures.summary(None, 2014, 11)["questions"] == 5
    assert figures.summary(Unit.objects.get(slug="lishan"), 2014)["questions"] == 0
    assert [row["unit"] for row in figures.by_unit(2014)] == [xzfb]


def test_the_dashboard_shows_the_hosts_waiting_questions(client):
    page = interview("czj", starts_at=soon(), title="补贴政策解读（测试）")
    workflow.submit_question(
        page, name="郑一", phone="13866667777", content="补贴怎么查询？"
    )
    client.force_login(user("handler_czj"))
    html = client.get("/admin/").content.decode()
    assert "补贴政策解读（测试）" in html
    client.force_login(user("editor_lishan"))
    assert "补贴政策解读（测试）" not in client.get("/admin/").content.decode()


def test_beat_switches_interviews_and_consultations_every_minute(settings):
    from celery.schedules import crontab

    from interaction import tasks

    schedule_of = {
        entry["task"]: entry["schedule"]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert schedule_of["interaction.switch_interviews"] == crontab()
    assert schedule_of["interaction.switch_consultations"] == crontab()
    assert "interaction.check_consultation_feedback" in schedule_of
    assert set(tasks.switch_interviews.apply().get()) == {
        "started",
        "ended",
        "archived",
    }
    assert set(tasks.switch_consultations.apply().get()) == {"opened", "closed"}


def test_public_pages_have_no_inline_script_or_style():
    page = interview(starts_at=soon())
    urls = [
        page.url,
        "/hudong/",
        "/hudong/fangtan/",
        "/hudong/fangtan/2014-sandazhanlue/",
        "/hudong/zhengji/",
        "/hudong/zhengji/chengqu-tingche-guanli/",
        "/hudong/zhengji/chengqu-tingche-guanli/comments/",
        "/hudong/zhengji/2014-cunji-caiwu-gongkai/feedback/",
    ]
    client = citizen_client()
    for url in urls:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), url
        assert " style=" not in html, url
        for target in re.findall(r'aria-describedby="([^"]+)"', html):
            for element_id in target.split():
                assert f'id="{element_id}"' in html, (url, element_id)
    live = client.get(page.url).content.decode()
    assert "interaction/js/interview-live.js" in live
