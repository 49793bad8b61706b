"""Two hundred citizens submit at the same moment: every letter lands, each
with its own number, against the real PostgreSQL."""

import random
import re
import threading
import time

import pytest
from django.db import connection
from django.test import Client

from interaction.models import Letter, LetterEvent, Notification
from interaction.sms import FileSMSBackend

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

THREADS = 40  # PostgreSQL allows 100 connections; leave room for the rest
PER_THREAD = 5
MAILBOX = "/hudong/xianzhang/"


def test_200_simultaneous_submissions_all_land_with_distinct_numbers(
    demo_transactional, settings, tmp_path
):
    settings.SMS_BACKEND = "interaction.sms.FileSMSBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    # Rate limits are tested elsewhere; their counters live in the shared
    # Redis and would remember the previous run.
    settings.MAILBOX_RATE_IP = settings.MAILBOX_RATE_PHONE = (10_000, 1)
    before = Letter.objects.count()
    barrier = threading.Barrier(THREADS)
    receipts, errors, durations = [], [], []
    lock = threading.Lock()

    def citizen(index):
        client = Client(REMOTE_ADDR=f"10.77.{index}.{random.randint(1, 254)}")
        try:
            for n in range(PER_THREAD):
                client.get(MAILBOX)  # the form and its captcha
                data = {
                    "name": "并发测试",
                    "phone": f"1370{index:03d}{n:04d}",
                    "category": "consult",
                    "subject": f"并发来信{index}-{n}",
                    "content": "同一时刻提交的来信，每一封都要收到并编号。",
                    "captcha": client.session["mailbox_captcha"]["answer"],
                }
                if n == 0:
                    barrier.wait(timeout=120)  # everybody submits at once
                posted = time.monotonic()
                response = client.post(MAILBOX, data)
                with lock:
                    durations.append(time.monotonic() - posted)
                assert response.status_code == 302, response.status_code
                page = client.get(response["Location"]).content.decode()
                number = re.search(r"data-letter-number>([^<]+)<", page).group(1)
                with lock:
                    receipts.append(number)
        except Exception as error:  # noqa: BLE001 - reported below
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=citizen, args=(i,)) for i in range(THREADS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    elapsed = time.monotonic() - started

    assert errors == []
    total = THREADS * PER_THREAD
    assert len(receipts) == total
    assert len(set(receipts)) == total
    letters = Letter.objects.filter(number__in=receipts)
    assert letters.count() == total == Letter.objects.count() - before
    serials = sorted(int(number.split("-")[1]) for number in receipts)
    assert serials == list(range(serials[0], serials[0] + total))  # no gaps
    assert (
        LetterEvent.objects.filter(letter__in=letters, action="submit").count() == total
    )
    # Every writer got the receipt SMS with their own number.
    sms = FileSMSBackend(settings.SMS_FILE_PATH).requests()
    by_phone = {r["phone"]: r["text"] for r in sms}
    assert len(sms) == total == len(by_phone)
    for letter in letters:
        assert letter.number in by_phone[letter.phone]
    assert not Notification.objects.filter(
        topic="letter-received", recipient__startswith="1370"
    ).exclude(status="sent")
    durations.sort()
    print(
        f"\n{total} concurrent submissions by {THREADS} clients in {elapsed:.1f}s; "
        f"POST median {durations[total // 2]:.2f}s, max {durations[-1]:.2f}s"
    )
