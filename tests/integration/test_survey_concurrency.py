"""One person, one answer, under load, against the real PostgreSQL: fifty
simultaneous attempts with the same phone store exactly one answer; two
hundred people answering at once are all stored."""

import random
import threading
import time

import pytest
from django.db import connection
from django.test import Client

from interaction.models import Notification, SurveyResponse
from interaction.sms import FileSMSBackend
from interaction.surveys import identity
from tests.factories import bare_survey_site, survey_answers, survey_page

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

SAME_PHONE_ATTEMPTS = 50
THREADS = 40  # PostgreSQL allows 100 connections; leave room for the rest
PER_THREAD = 5


def run_at_once(count, work):
    """Run ``work(i)`` on ``count`` threads released together; returns the
    results and the errors."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def worker(i):
        try:
            barrier.wait(timeout=120)
            results[i] = work(i)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results, errors


def test_one_answer_per_phone_under_concurrency(transactional_db, settings, tmp_path):
    settings.SMS_BACKEND = "interaction.sms.FileSMSBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    settings.SURVEY_RATE_ANSWER_IP = (10_000, 3600)
    bare_survey_site()
    page = survey_page()
    survey = page.survey

    # Fifty attempts with the same phone and its valid code.
    phone = "13972200000"
    code = identity.issue_code(survey, phone)
    data = survey_answers(page, phone=phone, code=code)

    def same_phone(i):
        return Client(REMOTE_ADDR=f"10.66.0.{i + 1}").post(page.url, data).status_code

    statuses, errors = run_at_once(SAME_PHONE_ATTEMPTS, same_phone)
    assert errors == []
    assert sorted(statuses) == [302] + [409] * (SAME_PHONE_ATTEMPTS - 1)
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert Notification.objects.filter(topic="survey-receipt").count() == 1

    # Two hundred people at once, each with a code of their own.
    phones = [f"1397221{n:04d}" for n in range(THREADS * PER_THREAD)]
    codes = {p: identity.issue_code(survey, p) for p in phones}
    durations = []

    def citizens(i):
        client = Client(REMOTE_ADDR=f"10.67.{i}.{random.randint(1, 254)}")
        statuses = []
        for phone in phones[i * PER_THREAD : (i + 1) * PER_THREAD]:
            posted = time.monotonic()
            response = client.post(
                page.url, survey_answers(page, phone=phone, code=codes[phone])
            )
            durations.append(time.monotonic() - posted)
            statuses.append(response.status_code)
        return statuses

    started = time.monotonic()
    statuses, errors = run_at_once(THREADS, citizens)
    elapsed = time.monotonic() - started
    assert errors == []
    assert [s for batch in statuses for s in batch] == [302] * len(phones)
    stored = SurveyResponse.objects.filter(survey=survey)
    assert stored.count() == len(phones) + 1
    assert stored.values("phone_hash").distinct().count() == len(phones) + 1
    sms = FileSMSBackend(settings.SMS_FILE_PATH).requests()
    assert {r["phone"] for r in sms} == set(phones) | {phone}
    durations.sort()
    print(
        f"\n{len(phones)} concurrent answers by {THREADS} clients in {elapsed:.1f}s; "
        f"POST median {durations[len(durations) // 2]:.2f}s, max {durations[-1]:.2f}s"
    )
