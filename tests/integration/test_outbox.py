"""The notification outbox: a notice exists exactly when its change was
committed, is sent once, is retried with backoff when the gateway fails, and
a broker outage never reaches the user."""

import contextlib
import datetime
import logging
import time

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from govsite.celery import app
from interaction import outbox
from interaction.models import Notification
from interaction.sms import FileSMSBackend, SMSError

pytestmark = pytest.mark.django_db


class FailingSMSBackend:
    """A gateway that refuses every message."""

    def send(self, phone, text, *, idempotency_key):
        raise SMSError("gateway said 503")


@pytest.fixture
def sms_log(tmp_path):
    path = tmp_path / "sms.jsonl"
    with override_settings(
        SMS_BACKEND="interaction.sms.FileSMSBackend", SMS_FILE_PATH=str(path)
    ):
        yield FileSMSBackend(str(path))


def sms(key="k1", phone="13800000001", body="您的来信已收到"):
    return outbox.enqueue(channel="sms", recipient=phone, body=body, key=key)


@contextlib.contextmanager
def broker(url):
    """Point the Celery app at ``url`` with eager execution off."""
    previous = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = url, False
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager = previous
        app._pool = None
        app.amqp._producer_pool = None


def test_a_rolled_back_change_leaves_no_notice(sms_log):
    with pytest.raises(RuntimeError), transaction.atomic():
        sms()
        raise RuntimeError("the business change failed")
    assert not Notification.objects.exists()
    assert sms_log.requests() == []


def test_a_committed_notice_is_sent_once_after_commit(
    sms_log, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            sms(key="letter-1-received")
            sms(key="letter-1-received")  # the same notice queued twice
            assert sms_log.requests() == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1
    assert notification.sent_at is not None
    sent = sms_log.requests()
    assert [(r["key"], r["phone"]) for r in sent] == [
        ("letter-1-received", "13800000001")
    ]
    # Sending again (a late task, the sweep) does nothing.
    assert outbox.deliver(notification.pk) == outbox.SKIPPED
    assert outbox.sweep() == {}
    assert len(sms_log.requests()) == 1


@override_settings(SMS_BACKEND="tests.integration.test_outbox.FailingSMSBackend")
def test_a_failing_gateway_is_retried_with_backoff_then_given_up():
    notification = sms()
    now = timezone.now()
    assert outbox.deliver(notification.pk, now=now) == outbox.RETRY
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert "503" in notification.last_error
    assert notification.next_attempt_at == now + datetime.timedelta(seconds=60)

    # Not due yet: the sweep leaves it; due: the sweep tries again, later
    # attempts wait longer.
    assert outbox.sweep(now=now + datetime.timedelta(seconds=30)) == {}
    later = now + datetime.timedelta(seconds=61)
    assert outbox.sweep(now=later) == {outbox.RETRY: 1}
    notification.refresh_from_db()
    assert notification.attempts == 2
    assert notification.next_attempt_at == later + datetime.timedelta(seconds=120)

    with override_settings(OUTBOX_MAX_ATTEMPTS=3):
        assert outbox.deliver(notification.pk) == outbox.ABANDONED
    notification.refresh_from_db()
    assert notification.status == Notification.Status.ABANDONED
    assert not outbox.due(timezone.now() + datetime.timedelta(days=1)).exists()


def test_a_failed_notice_goes_out_once_the_gateway_is_back(sms_log):
    notification = sms()
    with override_settings(
        SMS_BACKEND="tests.integration.test_outbox.FailingSMSBackend"
    ):
        assert outbox.deliver(notification.pk) == outbox.RETRY
    assert outbox.sweep(now=timezone.now() + datetime.timedelta(minutes=2)) == {
        outbox.SENT: 1
    }
    assert len(sms_log.requests()) == 1


def test_email_notices_carry_their_idempotency_key():
    notification = outbox.enqueue(
        channel="email",
        recipient="czj@suixian.gov.cn",
        subject="【来信转办】2026-00001 测试",
        body="请及时签收办理。",
        key="letter-1-assigned-7-u3",
    )
    assert outbox.deliver(notification.pk) == outbox.SENT
    (message,) = mail.outbox
    assert message.to == ["czj@suixian.gov.cn"]
    assert message.subject == "【来信转办】2026-00001 测试"
    assert message.extra_headers["X-Idempotency-Key"] == "letter-1-assigned-7-u3"
    # A re-send after a crash carries the same Message-ID, so mail servers
    # and clients drop the duplicate.
    assert message.extra_headers["Message-ID"] == outbox._message_id(
        "letter-1-assigned-7-u3"
    )


def test_no_recipient_no_notice():
    assert outbox.enqueue(channel="sms", recipient="", body="x", key="k") is None
    assert not Notification.objects.exists()


def test_a_broker_outage_is_logged_not_raised(
    sms_log, caplog, django_capture_on_commit_callbacks
):
    # Nothing listens on port 9: kombu retries for seconds, then fails.
    with broker("redis://127.0.0.1:9/0"), caplog.at_level(logging.WARNING):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                notification = sms()
        # The writer does not wait for the broker.
        assert time.monotonic() - started < 1
        outbox.drain()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
    assert "the sweep will send it" in caplog.text
    # The sweep (beat, or manage.py send_notifications) sends it later.
    assert outbox.sweep() == {outbox.SENT: 1}
    assert [r["key"] for r in sms_log.requests()] == ["k1"]


def test_staff_notices_reach_only_active_users_with_an_address():
    """A handler who left (deactivated) or has no address gets nothing, in
    every channel: they all fan out through outbox.email_users."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    present = users.create(username="present", email="present@suixian.gov.cn")
    left = users.create(username="left", email="left@suixian.gov.cn", is_active=False)
    silent = users.create(username="silent", email="")
    sent = outbox.email_users([present, left, silent], "notice-1", "主题", "正文")
    assert [n.recipient for n in sent] == ["present@suixian.gov.cn"]
    assert (
        Notification.objects.filter(idempotency_key__startswith="notice-1").count() == 1
    )
