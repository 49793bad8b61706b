"""Hostile input never gives a 5xx and stores nothing; the public survey
pages run the same queries with 10 and with 10,000 answers."""

import pytest
from django.test import Client

from interaction.models import Notification, SurveyResponse
from interaction.surveys import identity
from interaction.surveys.forms import field_name
from tests.factories import count_queries, survey_answers, survey_page

pytestmark = pytest.mark.django_db

PHONE = "13871234567"


@pytest.fixture
def sms_survey(demo_db, settings):
    settings.SURVEY_RATE_ANSWER_IP = (10_000, 3600)
    page = survey_page()
    survey = page.survey
    code = identity.issue_code(survey, PHONE)
    return page, code


def _kinds(page):
    return {q.kind: q for q in page.question_list}


def tampered(page, code):
    """Hostile variations of a valid answer."""
    q = _kinds(page)
    other = survey_page(unit_slug="jyuj")
    foreign = {k: v for k, v in _kinds(other).items()}
    valid = survey_answers(page, phone=PHONE, code=code)
    row_id = q["matrix"].rows[0][0]
    cases = {
        "unknown option id": {field_name(q["single"]): "not-an-option"},
        "option of another question": {
            field_name(q["single"]): q["multiple"].options[0][0]
        },
        "option of another survey": {
            field_name(q["single"]): foreign["single"].options[0][0]
        },
        "scale point of another row's question": {
            field_name(q["matrix"], row_id): q["single"].options[0][0]
        },
        "rating out of range": {field_name(q["rating"]): "6"},
        "rating not a number": {field_name(q["rating"]): "五"},
        "100k characters": {field_name(q["long_text"]): "字" * 100_000},
        "NUL byte in text": {field_name(q["short_text"]): "建议\x00多开"},
        "NUL byte in option": {
            field_name(q["single"]): q["single"].options[0][0] + "\x00"
        },
        "NUL byte in phone": {"phone": "1387123\x004567"},
        "too many picks": {
            field_name(q["multiple"]): [o for o, _l in q["multiple"].options]
        },
        "duplicate picks beyond the limit": {
            field_name(q["multiple"]): [q["multiple"].options[0][0]] * 5
        },
        "missing phone": {"phone": ""},
        "phone of another length": {"phone": "1387123456789"},
        "bad code": {"code": "12345\x00"},
    }
    return valid, cases


def test_hostile_answers_are_refused_with_4xx_and_store_nothing(sms_survey):
    page, code = sms_survey
    valid, cases = tampered(page, code)
    client = Client()
    for name, override in cases.items():
        data = dict(valid, **override)
        response = client.post(page.url, data)
        assert 400 <= response.status_code < 500, (name, response.status_code)
        assert not SurveyResponse.objects.filter(survey_id=page.pk).exists(), name
    # Extra fields nobody asked for are ignored, not stored.
    data = dict(valid, **{"q-injected": "x", "answers": "{}"})
    assert client.post(page.url, data).status_code == 302
    stored = SurveyResponse.objects.get(survey_id=page.pk)
    assert set(stored.answers) <= {q.id for q in page.question_list}


def test_a_post_without_csrf_token_is_refused_and_stores_nothing(sms_survey):
    page, code = sms_survey
    client = Client(enforce_csrf_checks=True)
    client.get(page.url)
    response = client.post(page.url, survey_answers(page, phone=PHONE, code=code))
    assert response.status_code == 403
    assert not SurveyResponse.objects.filter(survey_id=page.pk).exists()


def test_hostile_code_requests_send_nothing(sms_survey):
    page, _code = sms_survey
    client = Client()
    for phone in ["", "12345", "1387123456\x00", "+1 5555555555", "1" * 10_000]:
        response = client.post(page.url, {"action": "send_code", "phone": phone})
        assert response.status_code == 400, phone
    assert not Notification.objects.filter(topic="survey-code").exists()


def test_hostile_urls_answer_404(demo_db, client):
    page = survey_page(visibility="never")
    for url in [
        page.url + "results/",
        page.url + "results.json",
        page.url + "thanks/extra/",
        "/hudong/diaocha/nope/results.json",
    ]:
        assert client.get(url).status_code == 404, url
    # A NUL byte is refused before routing, in Chinese.
    response = client.get("/hudong/diaocha/%00/results.json")
    assert response.status_code == 400 and "无效字符" in response.content.decode()


# --------------------------------------------------------------------------
# Query counts


def add_answers(survey, n, start=0):
    questions = survey.page.question_list
    answers = survey_answers(survey.page)
    stored = {}
    for q in questions:
        key = field_name(q)
        if key in answers:
            value = answers[key]
            stored[q.id] = int(value) if q.kind == "rating" else value
    SurveyResponse.objects.bulk_create(
        [
            SurveyResponse(
                survey=survey,
                browser_hash=identity.browser_hash(survey.pk, f"qc-{i}"),
                answers=stored,
            )
            for i in range(start, start + n)
        ],
        batch_size=2000,
    )


def test_survey_pages_query_count_does_not_grow_with_answers(demo_db, client):
    from interaction.surveys import results

    page = survey_page(verification="open")
    survey = page.survey
    pages = {
        "form": page.url,
        "results": page.url + "results/",
        "json": page.url + "results.json",
        "index": "/hudong/diaocha/",
    }
    add_answers(survey, 10)
    results.aggregate(survey)
    small = {name: count_queries(client, url) for name, url in pages.items()}
    add_answers(survey, 9_990, start=10)
    assert results.aggregate(survey).responses == 10_000
    large = {name: count_queries(client, url) for name, url in pages.items()}
    assert large == small
    assert max(small.values()) <= 25, small
