"""A citizen answers a survey: with an SMS code or in an open poll, once;
errors next to the fields with nothing lost; closed surveys refuse."""

import datetime
import re

import pytest
from django.utils import timezone

from interaction.models import (
    Notification,
    Survey,
    SurveyPhoneCode,
    SurveyResponse,
)
from interaction.surveys import identity
from interaction.surveys.forms import field_name
from tests.factories import survey_answers, survey_page

pytestmark = pytest.mark.django_db

PHONE = "13972211234"


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    # The limits themselves are tested below; the counters live in the cache.
    settings.SURVEY_RATE_CODE_PHONE_MINUTE = (1000, 60)
    settings.SURVEY_RATE_CODE_PHONE = (1000, 86400)
    settings.SURVEY_RATE_CODE_IP = (1000, 3600)
    settings.SURVEY_RATE_ANSWER_IP = (1000, 3600)


def sent_code(phone):
    notice = (
        Notification.objects.filter(topic="survey-code", recipient=phone)
        .order_by("-pk")
        .first()
    )
    return re.search(r"验证码为(\d{6})", notice.body).group(1)


def send_code(client, page, phone=PHONE, **data):
    return client.post(page.url, {"action": "send_code", "phone": phone, **data})


def answer(client, page, phone=PHONE, code=None, **overrides):
    data = survey_answers(page, phone=phone, code=code or sent_code(phone))
    data.update(overrides)
    return client.post(page.url, data)


def test_a_citizen_answers_with_an_sms_code_once(demo_db, client):
    page = survey_page()
    first = client.get(page.url)
    assert first.status_code == 200
    assert "获取验证码" in first.content.decode()

    typed = survey_answers(page, phone=PHONE)
    response = send_code(client, page, **typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "验证码已发送至139****1234" in html
    # The answers typed before asking for the code are still there, unjudged.
    assert 'value="多开几趟车"' in html
    assert "errorlist" not in html
    code = sent_code(PHONE)
    assert len(code) == 6 and code.isdigit()
    stored = SurveyPhoneCode.objects.get()
    assert code not in stored.code_hash and PHONE not in stored.phone_hash
    assert stored.expires_at - stored.created_at == datetime.timedelta(minutes=10)

    response = answer(client, page, code=code)
    assert response.status_code == 302
    assert response["Location"].endswith("/thanks/")
    assert "感谢您参与" in client.get(response["Location"]).content.decode()
    saved = SurveyResponse.objects.get(survey_id=page.pk)
    assert saved.phone_hash == identity.phone_hash(page.pk, PHONE)
    assert PHONE not in str(saved.answers) and PHONE not in saved.phone_hash
    receipt = Notification.objects.get(topic="survey-receipt")
    assert receipt.recipient == PHONE and "感谢参与" in receipt.body

    # Again, with the same or a fresh code: refused in Chinese.
    again = answer(client, page, code=code)
    assert again.status_code == 409
    assert "您已参加过本次调查" in again.content.decode()
    send_code(client, page)
    assert answer(client, page).status_code == 409
    assert SurveyResponse.objects.filter(survey_id=page.pk).count() == 1


def test_the_phone_hash_is_keyed_with_its_own_key(demo_db, settings):
    page = survey_page()
    default = identity.phone_hash(page.pk, PHONE)
    settings.SURVEY_HASH_KEY = "another-key"
    assert identity.phone_hash(page.pk, PHONE) != default
    # Another survey, another hash: answers cannot be linked across surveys.
    assert identity.phone_hash(page.pk + 1, PHONE) != identity.phone_hash(
        page.pk, PHONE
    )


def test_a_wrong_or_dead_code_is_refused_next_to_the_field(demo_db, client, settings):
    page = survey_page()
    send_code(client, page)
    response = answer(
        client, page, code="000000" if sent_code(PHONE) != "000000" else "111111"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_code_error"' in html and "短信验证码不正确" in html
    assert 'href="#id_code"' in html  # in the error summary too
    assert 'value="多开几趟车"' in html
    # Five wrong tries kill the code.
    settings.SURVEY_CODE_MAX_FAILURES = 2
    answer(client, page, code="999999" if sent_code(PHONE) != "999999" else "888888")
    assert answer(client, page).status_code == 400
    assert not SurveyResponse.objects.filter(survey_id=page.pk).exists()


def test_codes_expire_after_ten_minutes(demo_db, client, monkeypatch):
    page = survey_page()
    send_code(client, page)
    later = timezone.now() + datetime.timedelta(minutes=10, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert answer(client, page).status_code == 400
    assert not SurveyResponse.objects.filter(survey_id=page.pk).exists()


def test_codes_are_limited_per_phone_and_ip(demo_db, client, settings):
    page = survey_page()
    settings.SURVEY_RATE_CODE_PHONE_MINUTE = (1, 60)
    assert send_code(client, page, phone="13972219999").status_code == 200
    refused = send_code(client, page, phone="13972219999")
    assert refused.status_code == 429 and "过于频繁" in refused.content.decode()
    settings.SURVEY_RATE_CODE_IP = (0, 3600)
    assert send_code(client, page, phone="13972218888").status_code == 429
    assert Notification.objects.filter(topic="survey-code").count() == 1


def test_required_answers_and_limits_are_checked_on_the_server(demo_db, client):
    page = survey_page()
    questions = {q.kind: q for q in page.question_list}
    send_code(client, page)
    multiple = questions["multiple"]
    data = survey_answers(page, phone=PHONE, code=sent_code(PHONE))
    data[field_name(multiple)] = [o for o, _label in multiple.options[:3]]
    del data[field_name(questions["single"])]
    data[field_name(questions["long_text"])] = "很长的意见" * 500
    response = client.post(page.url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "最多只能选择2项" in html and "请回答此题" in html and "最多2000字" in html
    assert html.count('class="errorlist"') == 3
    assert "很长的意见很长的意见" in html  # kept for the citizen to shorten
    assert not SurveyResponse.objects.filter(survey_id=page.pk).exists()


def test_an_open_poll_takes_a_captcha_and_one_answer_per_browser(demo_db, client):
    page = survey_page(verification="open")
    response = client.get(page.url)
    assert identity.cookie_name(Survey.objects.get(pk=page.pk)) in response.cookies
    data = survey_answers(page, captcha="999")
    wrong = client.post(page.url, data)
    assert wrong.status_code == 400 and "验证码不正确" in wrong.content.decode()
    data["captcha"] = client.session["mailbox_captcha"]["answer"]
    assert client.post(page.url, data).status_code == 302
    client.get(page.url)
    data["captcha"] = client.session["mailbox_captcha"]["answer"]
    again = client.post(page.url, data)
    assert again.status_code == 409 and "您已参加过" in again.content.decode()
    assert SurveyResponse.objects.filter(survey_id=page.pk).count() == 1
    stored = SurveyResponse.objects.get(survey_id=page.pk)
    assert stored.browser_hash and stored.phone_hash is None


def test_an_open_poll_without_its_cookie_stores_nothing(demo_db, client):
    page = survey_page(verification="open")
    client.get(page.url)
    client.cookies.pop(identity.cookie_name(Survey.objects.get(pk=page.pk)))
    data = survey_answers(page, captcha=client.session["mailbox_captcha"]["answer"])
    response = client.post(page.url, data)
    assert response.status_code == 400 and "Cookie" in response.content.decode()
    assert not SurveyResponse.objects.filter(survey_id=page.pk).exists()


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_survey_not_open_says_so_and_refuses_answers(demo_db, client, when):
    now = timezone.now()
    window = (
        (now + datetime.timedelta(days=1), now + datetime.timedelta(days=2))
        if when == "before"
        else (now - datetime.timedelta(days=2), now - datetime.timedelta(minutes=1))
    )
    page = survey_page(opens_at=window[0], closes_at=window[1], visibility="never")
    shown = client.get(page.url).content.decode()
    assert ("尚未开始" if when == "before" else "已结束") in shown
    assert "<form" not in shown.split("<main", 1)[1].split("</main>")[0]
    for data in (
        survey_answers(page, phone=PHONE, code="123456"),
        {"action": "send_code", "phone": PHONE},
    ):
        response = client.post(page.url, data)
        assert response.status_code == 403
        assert (
            "尚未开始" if when == "before" else "已结束"
        ) in response.content.decode()
    assert not SurveyResponse.objects.filter(survey_id=page.pk).exists()
    assert not Notification.objects.filter(topic="survey-code").exists()


def test_a_survey_in_review_is_neither_answerable_nor_listed(demo_db, client):
    page = survey_page(publish=False)
    assert client.get(page.url).status_code == 404
    assert client.post(page.url, survey_answers(page)).status_code == 404
    assert page.title not in client.get("/hudong/diaocha/").content.decode()
    assert not Survey.objects.filter(pk=page.pk).exists()


def test_free_text_with_personal_data_is_kept_and_flagged(demo_db, client):
    page = survey_page()
    text = next(q for q in page.question_list if q.kind == "long_text")
    send_code(client, page)
    response = answer(
        client,
        page,
        **{
            field_name(
                text
            ): "我家住厉山镇神农大道88号3栋201室，身份证420321198001011231"
        },
    )
    assert response.status_code == 302
    saved = SurveyResponse.objects.get(survey_id=page.pk)
    assert saved.personal_data is True
    assert "420321198001011231" in saved.answers[text.id]  # kept as written


def test_sent_survey_sms_keep_no_phone_number(demo_db, client):
    from interaction.surveys import notify

    page = survey_page()
    send_code(client, page)
    code = sent_code(PHONE)
    Notification.objects.filter(topic="survey-code").update(status="sent")
    assert notify.scrub_sent() == 1
    row = Notification.objects.get(topic="survey-code")
    assert row.recipient == "139****1234" and code not in row.body
    # The code itself still works until it expires: it is kept hashed.
    assert answer(client, page, code=code).status_code == 302
