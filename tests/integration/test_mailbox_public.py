"""What a citizen does on the public site: write a letter, look it up with
its number and query code, rate the answer, read published letters and the
figures; and what never shows up there."""

import io

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from PIL import Image
from wagtail.search.models import IndexEntry

from disclosure.models import Unit
from interaction.mailbox import workflow
from interaction.mailbox.roles import CITIZEN
from interaction.models import (
    Letter,
    LetterAttachment,
    MailboxCategory,
    MailboxPage,
    Notification,
)
from tests.factories import (
    add_live_child,
    answered_letter,
    count_queries,
    random_ip,
    random_phone,
    receipt,
    user,
)

MAILBOX = "/hudong/xianzhang/"
VALID_ID = "420321198001011231"

pytestmark = pytest.mark.usefixtures("demo_db")


def captcha(client):
    return client.session["mailbox_captcha"]["answer"]


def letter_data(client, **overrides):
    client.get(MAILBOX)
    data = {
        "name": "王小明",
        "phone": random_phone(),
        "email": "",
        "category": "consult",
        "subject": "咨询种粮补贴发放时间",
        "content": "请问今年的种粮补贴什么时候发放到一卡通？",
        "consent_publish": "on",
        "captcha": captcha(client),
    }
    data.update(overrides)
    return data


def png(size=(20, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "现场照片.png"
    return buffer


def pdf_file(name="材料.pdf"):
    buffer = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    buffer.name = name
    return buffer


def test_a_citizen_writes_a_letter_and_gets_its_number_and_query_code(citizen):
    page = citizen.get(MAILBOX).content.decode()
    assert 'src="data:image/png;base64,' in page  # the captcha, no outside asset
    assert "咨询" in page and "5个工作日" in page and "投诉" in page

    data = letter_data(citizen)
    number, code = receipt(citizen.post(MAILBOX, data), citizen)
    letter = Letter.objects.get(number=number)
    assert letter.phone == data["phone"] and letter.status == "submitted"
    assert code not in letter.query_code_hash
    assert workflow.find_by_code(number, code) == letter
    assert workflow.find_by_code(number, code.lower()) == letter
    received = Notification.objects.get(
        topic="letter-received", recipient=data["phone"]
    )
    assert number in received.body
    # The code is shown once.
    assert citizen.get(MAILBOX + "submitted/")["Location"] == MAILBOX


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"phone": "12345"}, "请填写11位手机号码"),
        ({"name": ""}, "请填写姓名。"),
        ({"content": "太短"}, "内容至少10个字。"),
        ({"category": "lottery"}, "请选择有效的来信类别。"),
        ({"email": "not-an-email"}, "请填写正确的电子邮箱地址。"),
        ({"captcha": "99999"}, "验证码不正确或已过期"),
    ],
)
def test_bad_input_gets_a_chinese_message_and_a_400(citizen, overrides, message):
    before = Letter.objects.count()
    response = citizen.post(MAILBOX, letter_data(citizen, **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "提交未成功，请按提示修改后重新提交" in html
    assert Letter.objects.count() == before


def test_a_captcha_answer_works_once(citizen):
    data = letter_data(citizen)
    receipt(citizen.post(MAILBOX, data), citizen)
    data["phone"] = random_phone()
    response = citizen.post(MAILBOX, data)
    assert response.status_code == 400
    assert "验证码不正确或已过期" in response.content.decode()


def test_attachments_are_checked_by_their_content_and_stored_privately(
    citizen, settings
):
    fake = io.BytesIO(b"MZ\x90\x00 this is a program, not a PDF")
    fake.name = "申请.pdf"
    response = citizen.post(MAILBOX, letter_data(citizen, attachments=[fake]))
    assert response.status_code == 400
    assert "附件“申请.pdf”不是JPG、PNG图片或PDF文件" in response.content.decode()

    files = [png(), pdf_file(), png(), pdf_file("第四个.pdf")]
    response = citizen.post(MAILBOX, letter_data(citizen, attachments=files))
    assert "最多上传3个附件" in response.content.decode()

    with override_settings(MAILBOX_MAX_ATTACHMENT_BYTES=100):
        response = citizen.post(
            MAILBOX, letter_data(citizen, attachments=[png((200, 200))])
        )
    assert response.status_code == 400
    assert "附件“现场照片.png”超过100" in response.content.decode()

    number, _code = receipt(
        citizen.post(MAILBOX, letter_data(citizen, attachments=[png(), pdf_file()])),
        citizen,
    )
    letter = Letter.objects.get(number=number)
    stored = list(letter.attachments.order_by("pk"))
    assert [(a.original_name, a.content_type) for a in stored] == [
        ("现场照片.png", "image/png"),
        ("材料.pdf", "application/pdf"),
    ]
    for attachment in stored:
        path = attachment.file.path
        assert not path.startswith(str(settings.MEDIA_ROOT) + "/")
        assert "private" in path

    # Only the office (and the unit it is assigned to) may download them.
    url = f"/admin/mailbox/letters/{letter.pk}/attachments/{stored[1].pk}/"
    assert Client().get(url).status_code == 302  # to the login page
    handler = Client()
    handler.force_login(user("handler_czj"))
    assert handler.get(url).status_code == 404
    office = Client()
    office.force_login(user("mailbox_office"))
    response = office.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    LetterAttachment.objects.filter(letter=letter).delete()


@override_settings(MAILBOX_RATE_IP=(2, 3600))
def test_too_many_submissions_from_one_address_get_a_429(citizen):
    for _ in range(2):
        receipt(citizen.post(MAILBOX, letter_data(citizen)), citizen)
    before = Letter.objects.count()
    response = citizen.post(MAILBOX, letter_data(citizen))
    assert response.status_code == 429
    assert "提交过于频繁，请一小时后再试" in response.content.decode()
    assert Letter.objects.count() == before


@override_settings(MAILBOX_RATE_PHONE=(1, 86400))
def test_too_many_letters_from_one_phone_get_a_429(citizen):
    phone = random_phone()
    receipt(citizen.post(MAILBOX, letter_data(citizen, phone=phone)), citizen)
    other = Client(REMOTE_ADDR=random_ip())
    response = other.post(MAILBOX, letter_data(other, phone=phone))
    assert response.status_code == 429
    assert "该手机号码今天的来信已达上限" in response.content.decode()


def test_the_writer_looks_up_the_answer_and_rates_it(citizen):
    letter, code = answered_letter()
    response = citizen.post(
        "/hudong/query/", {"number": letter.number, "code": "AAAA2222"}
    )
    assert response.status_code == 400
    assert "信件编号或查询码不正确" in response.content.decode()

    response = citizen.post(
        "/hudong/query/", {"number": f" {letter.number} ", "code": code.lower()}
    )
    assert response["Location"] == f"/hudong/query/{letter.number}/"
    html = citizen.get(response["Location"]).content.decode()
    assert "data-status>已答复<" in html
    assert "补贴已于本月发放" in html
    for step in ("来信", "受理", "转办", "答复"):
        assert f"<strong>{step}</strong>" in html
    assert "转随县财政局办理" in html
    assert letter.phone not in html and "赵建国" not in html
    assert "zhaojg@example.com" not in html
    assert "提交评价" in html

    response = citizen.post(
        f"/hudong/query/{letter.number}/", {"rating": "basic", "comment": "还算及时"}
    )
    html = citizen.get(response["Location"]).content.decode()
    assert "感谢您的评价" in html and "data-rating>基本满意<" in html
    assert "提交评价" not in html
    letter.refresh_from_db()
    assert letter.status == "closed" and letter.rating == "basic"


def test_the_lookup_page_needs_the_query_code(citizen):
    letter, _code = answered_letter()
    response = citizen.get(f"/hudong/query/{letter.number}/")
    assert response["Location"] == "/hudong/query/"
    response = citizen.post(f"/hudong/query/{letter.number}/", {"rating": "satisfied"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.rating == ""


def test_a_bad_rating_is_a_400_with_a_message(citizen):
    letter, code = answered_letter()
    citizen.post("/hudong/query/", {"number": letter.number, "code": code})
    response = citizen.post(f"/hudong/query/{letter.number}/", {"rating": "great"})
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()


@override_settings(MAILBOX_RATE_LOOKUP=(3, 3600))
def test_guessing_query_codes_is_cut_short(citizen):
    letter, code = answered_letter()
    for guess in ("AAAA2222", "BBBB3333", "CCCC4444"):
        citizen.post("/hudong/query/", {"number": letter.number, "code": guess})
    response = citizen.post("/hudong/query/", {"number": letter.number, "code": code})
    assert response.status_code == 429
    assert "查询失败次数过多" in response.content.decode()


def test_published_letters_show_no_personal_data_anywhere(citizen):
    content = (
        f"我叫钱多多，家住厉山镇双河村3组12号，身份证{VALID_ID}，"
        "手机13987654321，邮箱qdd@example.com，反映低保问题。"
    )
    letter, _code = answered_letter(
        content=content,
        name="钱多多",
        phone="13987654321",
        email="qdd@example.com",
        subject="双河村低保评定不公",
    )
    private, _code = answered_letter(
        content="不愿公开的来信内容。", subject="不公开的来信", consent_publish=False
    )
    secrets = ["钱多多", "13987654321", "qdd@example.com", VALID_ID, "3组12号"]
    pages = [
        "/hudong/",
        "/hudong/letters/",
        "/hudong/letters/?q=低保评定",
        f"/hudong/letters/{letter.number}/",
        "/hudong/xianzhang/",
        "/api/v2/pages/?type=interaction.MailboxPage&fields=*",
        "/api/v2/pages/?search=低保",
        "/search/?q=低保",
    ]
    for url in pages:
        response = citizen.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for secret in secrets:
            assert secret not in html, (url, secret)
    detail = citizen.get(f"/hudong/letters/{letter.number}/").content.decode()
    assert "钱**" in detail and "双河村低保评定不公" in detail
    assert "139****4321" in detail
    found = citizen.get("/hudong/letters/?q=低保评定").content.decode()
    assert letter.number in found
    assert "不公开的来信" not in citizen.get("/hudong/letters/").content.decode()
    assert citizen.get(f"/hudong/letters/{private.number}/").status_code == 404
    # Letters are not in the search index at all.
    assert not IndexEntry.objects.filter(body__contains="13987654321").exists()
    assert not IndexEntry.objects.filter(title__contains="低保评定").exists()


def test_a_bad_filter_is_a_400(citizen):
    response = citizen.get("/hudong/letters/?mailbox=abc")
    assert response.status_code == 400
    assert "检索条件无效" in response.content.decode()


def test_the_public_figures_show_what_the_seed_reports(citizen):
    html = citizen.get("/hudong/figures/?year=2014").content.decode()
    assert 'data-figure="received">200<' in html
    assert 'data-figure="answered">199<' in html
    assert 'data-figure="closing-rate">99.5%<' in html
    assert "样本不足，不排名" in html  # 统计局, three letters
    assert citizen.get("/hudong/figures/?year=1990").status_code == 404
    assert citizen.get("/hudong/figures/?year=abc").status_code == 404


# --------------------------------------------------------------------------
# Every public page runs the same number of queries with few or many letters.


def bulk_letters(mailbox, count, year=None):
    now = timezone.now()
    if year:
        now = now.replace(year=year)
    czj = Unit.objects.get(slug="czj")
    start = Letter.objects.count()
    Letter.objects.bulk_create(
        Letter(
            number=f"9{start + i:05d}-{i:04d}",
            query_code_hash="x",
            mailbox=mailbox,
            category="consult",
            subject=f"批量来信{i}",
            content="内容",
            name="孙悟空",
            phone="13900000000",
            status="closed",
            unit=czj,
            reply_unit=czj,
            received_at=now,
            answered_at=now,
            answered_on_time=True,
            workdays_to_answer=3,
            rating="satisfied",
            published=True,
            public_name="孙**",
            public_subject=f"批量来信{i}",
            public_content="内容",
            public_reply="答复",
        )
        for i in range(count)
    )


@pytest.fixture
def new_mailbox():
    index = MailboxPage.objects.get(slug="xianzhang").get_parent()
    mailbox = MailboxPage(title="财政局局长信箱", slug="czj-mailbox")
    mailbox.categories = [MailboxCategory(category="consult", reply_workdays=5)]
    return add_live_child(index, mailbox)


def test_the_letter_list_runs_a_fixed_number_of_queries(
    citizen, new_mailbox, django_assert_num_queries
):
    url = f"/hudong/letters/?mailbox={new_mailbox.pk}"
    bulk_letters(new_mailbox, 2)
    count_queries(citizen, url, warm=False)  # warm the per-process caches
    few = count_queries(citizen, url, warm=False)
    bulk_letters(new_mailbox, 60)
    # The shell's fragments (breadcrumbs, languages) are cached per URL and
    # content version: the letters bumped it, so warm them again.
    citizen.get(url)
    with django_assert_num_queries(few):
        response = citizen.get(url)
    html = response.content.decode()
    assert html.count("批量来信") == 20
    assert "第 1 / 4 页，共 62 条" in html
    citizen.get(f"/hudong/letters/?mailbox={new_mailbox.pk}&q=批量")
    with django_assert_num_queries(few):
        citizen.get(f"/hudong/letters/?mailbox={new_mailbox.pk}&q=批量")


def test_the_figures_page_runs_a_fixed_number_of_queries(
    citizen, new_mailbox, django_assert_num_queries
):
    url = "/hudong/figures/?year=2031"
    bulk_letters(new_mailbox, 1, year=2031)
    count_queries(citizen, url, warm=False)
    few = count_queries(citizen, url, warm=False)
    bulk_letters(new_mailbox, 80, year=2031)
    with django_assert_num_queries(few):
        response = citizen.get(url)
    assert 'data-figure="received">81<' in response.content.decode()


def test_the_lookup_page_runs_a_fixed_number_of_queries(
    citizen, django_assert_num_queries
):
    short, short_code = answered_letter()
    long, long_code = answered_letter()
    workflow.transition(long, "rate", by=CITIZEN, rating="unsatisfied")
    office = user("mailbox_office")
    handler = user("handler_czj")
    workflow.transition(long, "reopen", by=office)
    workflow.transition(
        long, "submit_reply", by=handler, reply="再次答复，问题已解决。"
    )
    workflow.transition(long, "approve", by=office)
    workflow.transition(long, "answer", by=office, publish=True)
    assert long.events.count() > short.events.count() + 3
    for letter, code in ((short, short_code), (long, long_code)):
        citizen.post("/hudong/query/", {"number": letter.number, "code": code})
    count_queries(citizen, f"/hudong/query/{short.number}/", warm=False)
    few = count_queries(citizen, f"/hudong/query/{short.number}/", warm=False)
    citizen.get(f"/hudong/query/{long.number}/")  # its URL's shell fragments
    with django_assert_num_queries(few):
        citizen.get(f"/hudong/query/{long.number}/")
