"""Redis stops while a citizen answers: the answer is stored at once and its
SMS goes out when Redis is back. Runs its own redis-server and a real Celery
worker (the rig of test_outbox_reliability)."""

import re
import time

import pytest
from django.test import Client

from interaction.models import Notification, SurveyResponse
from tests.factories import bare_survey_site, survey_answers, survey_page
from tests.integration.test_outbox_reliability import (  # noqa: F401 - fixture
    requests_for,
    rig,
    sent_by_the_sweep,
    wait_for,
)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PHONE = "13972233333"


def test_an_answer_with_redis_down_is_stored_and_its_sms_sent_later(rig):  # noqa: F811
    server, start_worker, gateway, _hold = rig
    bare_survey_site()
    page = survey_page()
    start_worker()
    client = Client(REMOTE_ADDR="10.68.0.1")

    # Redis up: the code goes through the broker and a worker at once.
    response = client.post(page.url, {"action": "send_code", "phone": PHONE})
    assert response.status_code == 200
    wait_for(
        lambda: any(r["phone"] == PHONE for r in gateway.requests()),
        message="the code SMS",
    )
    code = re.search(r"验证码为(\d{6})", gateway.requests()[0]["text"]).group(1)

    # Redis down: the answer is stored, promptly; its receipt waits.
    server.stop()
    started = time.monotonic()
    response = client.post(page.url, survey_answers(page, phone=PHONE, code=code))
    elapsed = time.monotonic() - started
    assert response.status_code == 302, response.content.decode()[-1500:]
    assert elapsed < 5, elapsed
    assert SurveyResponse.objects.filter(survey_id=page.pk).count() == 1
    receipt = Notification.objects.get(topic="survey-receipt")
    time.sleep(1)
    receipt.refresh_from_db()
    assert receipt.status == Notification.Status.PENDING
    assert requests_for(gateway, receipt.idempotency_key) == []

    # Redis back: the beat's sweep sends it, once.
    sent = sent_by_the_sweep(server, gateway, receipt, "the sweep to send the receipt")
    assert len(sent) == 1 and sent[0]["phone"] == PHONE
    assert page.title[:10] in sent[0]["text"]
    print(f"\nanswer with Redis down stored in {elapsed:.2f}s")
