"""The notification outbox.

:func:`enqueue` is called inside a business transaction: the row commits or
rolls back with the change that caused it, and only after the commit is a
Celery task asked to send it. If the broker is down that request is logged and
dropped; the row stays pending and :func:`sweep` (Celery beat, every minute,
or ``manage.py send_notifications``) sends it later.

:func:`deliver` claims the row with ``SELECT … FOR UPDATE SKIP LOCKED`` and
keeps the lock while it talks to the gateway, so two workers never send the
same row at once. If the worker dies mid-send, the database drops its lock and
rolls back, the row is still pending and is sent again with the same
idempotency key, which the gateway uses to drop the repeat.

Publishing to the broker happens on a background thread of the process (the
"relay"): with Redis down, kombu spends seconds retrying the connection, and
the citizen who just wrote a letter must not wait for that."""

import hashlib
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import conf
from .models import Notification
from .sms import get_backend

logger = logging.getLogger(__name__)

SENT = "sent"
RETRY = "retry"
SKIPPED = "skipped"
ABANDONED = "abandoned"


def enqueue(*, channel, recipient, body, key, subject="", topic=""):
    """Write a notification row (once per ``key``) and ask a worker to send it
    after the surrounding transaction commits. Returns the row, or None when
    there is no recipient."""
    if not recipient:
        return None
    notification, created = Notification.objects.get_or_create(
        idempotency_key=key[:200],
        defaults={
            "channel": channel,
            "recipient": recipient,
            "subject": subject[:200],
            "body": body,
            "topic": topic,
        },
    )
    if created:
        pk = notification.pk
        transaction.on_commit(lambda: dispatch(pk))
    return notification


def email_users(users, key, subject, body, topic=""):
    """One e-mail per active user with an address, each once per ``key``
    (``<key>-u<user pk>``): the one fan-out every channel's notices use."""
    return [
        enqueue(
            channel=Notification.Channel.EMAIL,
            recipient=user.email,
            subject=subject,
            body=body,
            key=f"{key}-u{user.pk}",
            topic=topic,
        )
        for user in users
        if user.email and user.is_active
    ]


#: Publications waiting on the relay beyond this are dropped (and logged):
#: their rows stay pending and the sweep sends them.
RELAY_BACKLOG = 1000

_relay = None
_relay_pid = None
_relay_lock = threading.Lock()
_waiting = 0  # publications handed to the relay and not done yet


def _relay_executor():
    global _relay, _relay_pid, _waiting
    with _relay_lock:
        # A forked process (gunicorn, a Celery worker) starts its own thread.
        if _relay is None or _relay_pid != os.getpid():
            _relay = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="outbox-relay"
            )
            _relay_pid = os.getpid()
            _waiting = 0
        return _relay


def _take_place():
    """A place in the relay's backlog, or False when it is full."""
    global _waiting
    with _relay_lock:
        if _waiting > RELAY_BACKLOG:
            return False
        _waiting += 1
        return True


def _leave_place(_future=None):
    global _waiting
    with _relay_lock:
        _waiting = max(0, _waiting - 1)


def _publish(pk):
    from .tasks import send_notification

    try:
        send_notification.apply_async((pk,), retry=False)
    except Exception:
        logger.warning(
            "Could not queue notification %s; the sweep will send it.",
            pk,
            exc_info=True,
        )


def dispatch(pk):
    """Ask a worker to send notification ``pk``; never raises and never waits
    for the broker. A broker outage is logged: the row is committed and the
    sweep sends it."""
    from .tasks import send_notification

    if send_notification.app.conf.task_always_eager:
        # No broker (development, tests): send now, in this process.
        _publish(pk)
        return
    executor = _relay_executor()
    if not _take_place():
        logger.warning("Outbox relay backlog full; the sweep will send %s.", pk)
        return
    executor.submit(_publish, pk).add_done_callback(_leave_place)


def drain(timeout=60):
    """Wait until the relay has published what was handed to it (tests,
    shutdown)."""
    if _relay is not None and _relay_pid == os.getpid():
        _relay.submit(lambda: None).result(timeout=timeout)


def backoff(attempts):
    return timedelta(
        seconds=min(
            60 * 2 ** max(attempts - 1, 0), conf.get("OUTBOX_MAX_BACKOFF_SECONDS")
        )
    )


def _message_id(key):
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{digest}@{domain}>"


def _send(notification):
    key = notification.idempotency_key
    if notification.channel == Notification.Channel.SMS:
        return get_backend().send(
            notification.recipient, notification.body, idempotency_key=key
        )
    message = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        to=[notification.recipient],
        headers={"Message-ID": _message_id(key), "X-Idempotency-Key": key},
    )
    message.send()
    return _message_id(key)


def deliver(pk, *, now=None):
    """Send one notification if it is still due; returns SENT, RETRY (failed,
    will be tried again), ABANDONED or SKIPPED (sent already, or another
    worker holds it)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(
                pk=pk,
                status__in=[Notification.Status.PENDING, Notification.Status.FAILED],
            )
            .first()
        )
        if notification is None:
            return SKIPPED
        notification.attempts += 1
        try:
            provider_id = _send(notification)
        except Exception as error:
            logger.warning(
                "Notification %s failed (attempt %s): %s",
                pk,
                notification.attempts,
                error,
            )
            notification.last_error = f"{type(error).__name__}: {error}"[:2000]
            now = now or timezone.now()
            if notification.attempts >= conf.get("OUTBOX_MAX_ATTEMPTS"):
                notification.status = Notification.Status.ABANDONED
                result = ABANDONED
            else:
                notification.status = Notification.Status.FAILED
                notification.next_attempt_at = now + backoff(notification.attempts)
                result = RETRY
            notification.save(
                update_fields=["attempts", "last_error", "status", "next_attempt_at"]
            )
            return result
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.provider_id = str(provider_id or "")[:200]
        notification.last_error = ""
        notification.save(
            update_fields=[
                "attempts",
                "status",
                "sent_at",
                "provider_id",
                "last_error",
            ]
        )
        return SENT


def due(now=None):
    now = now or timezone.now()
    return Notification.objects.filter(
        Q(status=Notification.Status.PENDING) | Q(status=Notification.Status.FAILED),
        next_attempt_at__lte=now,
    )


def sweep(*, now=None, limit=None):
    """Send every due notification (oldest first); returns a count per result."""
    limit = limit or conf.get("OUTBOX_SWEEP_BATCH")
    ids = list(
        due(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]
    )
    results = {}
    for pk in ids:
        result = deliver(pk, now=now)
        results[result] = results.get(result, 0) + 1
    return results
