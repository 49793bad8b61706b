"""The outbox against real failures: Redis stopped while citizens write, and
a worker killed with SIGKILL in the middle of sending.

Each test runs its own redis-server on a free port (the machine's shared Redis
is never touched) and real Celery worker processes that talk to it and to the
test database. The SMS gateway is the one thing that cannot exist here: it is
a file (FileSMSBackend, which drops repeated idempotency keys as a real
gateway does), and for the kill test a subclass that blocks on a marker file
so the worker can be killed at a chosen moment."""

import contextlib
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings

from govsite.celery import app
from interaction import outbox
from interaction.models import Letter, Notification
from interaction.sms import FileSMSBackend
from interaction.tasks import sweep_outbox
from tests.workers import PrivateRedis, wait_for, worker_argv

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


class BlockingSMSBackend(FileSMSBackend):
    """The file gateway, with a pause the test controls: while
    ``$SMS_HOLD_DIR/hold-before`` exists, ``send`` waits before the gateway
    accepts the message; while ``hold-after`` exists, it waits after. Entering
    a pause writes ``$SMS_HOLD_DIR/paused``."""

    def send(self, phone, text, *, idempotency_key):
        hold = Path(os.environ["SMS_HOLD_DIR"])
        self._pause(hold / "hold-before", hold)
        result = super().send(phone, text, idempotency_key=idempotency_key)
        self._pause(hold / "hold-after", hold)
        return result

    @staticmethod
    def _pause(marker, hold):
        if marker.exists():
            (hold / "paused").write_text(str(os.getpid()))
            while marker.exists():
                time.sleep(0.05)


class Worker:
    """A real Celery worker process on the private Redis and the test DB."""

    def __init__(self, redis_url, env):
        self.redis_url = redis_url
        self.env = env
        self.process = None
        self.output = []

    def start(self):
        env = dict(os.environ, **self.env)
        self.process = subprocess.Popen(
            worker_argv(loglevel="INFO"),
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        wait_for(
            lambda: any(" ready." in line for line in self.output),
            timeout=90,
            message="the Celery worker: " + "".join(self.output[-20:]),
        )

    def _read(self):
        for line in self.process.stdout:
            self.output.append(line)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def database_url_of_this_test():
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}"
        f":{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@contextlib.contextmanager
def using_broker(url):
    """This process publishes to ``url`` (eager execution off) and caches in
    it, as a production web process does."""
    previous = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = url, False
    app._pool = None
    app.amqp._producer_pool = None
    caches = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    try:
        with override_settings(CACHES=caches):
            yield
    finally:
        outbox.drain()
        app.conf.broker_url, app.conf.task_always_eager = previous
        app._pool = None
        app.amqp._producer_pool = None


@pytest.fixture
def rig(tmp_path):
    """A private Redis, the SMS gateway file, and a way to start workers."""
    server = PrivateRedis()
    server.start()
    sms_path = tmp_path / "sms.jsonl"
    hold = tmp_path / "hold"
    hold.mkdir()
    workers = []

    def worker(backend="interaction.sms.FileSMSBackend"):
        started = Worker(
            server.url,
            {
                "DJANGO_SETTINGS_MODULE": "govsite.settings.test",
                "DATABASE_URL": database_url_of_this_test(),
                "REDIS_URL": server.url,
                "CELERY_TASK_ALWAYS_EAGER": "false",
                "SMS_BACKEND": backend,
                "SMS_FILE_PATH": str(sms_path),
                "SMS_HOLD_DIR": str(hold),
            },
        )
        started.start()
        workers.append(started)
        return started

    gateway = FileSMSBackend(str(sms_path))
    with (
        using_broker(server.url),
        override_settings(
            SMS_BACKEND="interaction.sms.FileSMSBackend", SMS_FILE_PATH=str(sms_path)
        ),
    ):
        try:
            yield server, worker, gateway, hold
        finally:
            for started in workers:
                started.stop()
            server.stop()


def requests_for(gateway, key):
    return [r for r in gateway.requests() if r["key"] == key]


def sent_by_the_sweep(server, gateway, notice, message):
    """Redis back on the same port: the beat's sweep sends what was left.
    Returns what the gateway received for ``notice``."""
    server.start()
    sweep_outbox.apply_async()
    wait_for(
        lambda: Notification.objects.get(pk=notice.pk).status == "sent",
        timeout=90,
        message=message,
    )
    return requests_for(gateway, notice.idempotency_key)


def post_letter(client, phone):
    client.get("/hudong/xianzhang/")
    response = client.post(
        "/hudong/xianzhang/",
        {
            "name": "刘德华",
            "phone": phone,
            "category": "help",
            "subject": "停电期间也要能写信",
            "content": "Redis 停了，我的来信也不能丢，短信也要补发。",
            "captcha": client.session["mailbox_captcha"]["answer"],
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    letter = Letter.objects.get(phone=phone)
    return letter, Notification.objects.get(
        idempotency_key=f"letter-{letter.pk}-received"
    )


def test_with_redis_stopped_letters_are_stored_and_their_sms_go_out_later(
    demo_transactional, rig
):
    server, start_worker, gateway, _hold = rig
    start_worker()
    client = Client(REMOTE_ADDR="10.88.0.1")

    # Redis up: the notice goes through the broker to the worker at once.
    letter, notice = post_letter(client, "13600000001")
    wait_for(lambda: requests_for(gateway, notice.idempotency_key), message="the SMS")
    assert letter.number in requests_for(gateway, notice.idempotency_key)[0]["text"]

    # Redis down: the citizen still gets a number, promptly; nothing is lost.
    server.stop()
    started = time.monotonic()
    letter, notice = post_letter(client, "13600000002")
    elapsed = time.monotonic() - started
    # Not a speed test (that is the bench's job): a submission that waited for
    # the broker would hang for minutes of connection retries; a loaded CI
    # machine answers in seconds either way.
    assert elapsed < 30, elapsed
    assert letter.status == "submitted" and letter.events.count() == 1
    outbox.drain()  # the relay tried the broker and gave up
    time.sleep(1)
    notice.refresh_from_db()
    assert notice.status == Notification.Status.PENDING
    assert requests_for(gateway, notice.idempotency_key) == []

    # Redis back on the same port: the beat's sweep sends what was left.
    sent = sent_by_the_sweep(server, gateway, notice, "the sweep to send the SMS")
    assert len(sent) == 1 and not sent[0]["duplicate"]
    assert sent[0]["phone"] == "13600000002" and letter.number in sent[0]["text"]
    print(f"\nsubmission with Redis down answered in {elapsed:.2f}s")


def queue_sms(phone, key):
    with transaction.atomic():
        return outbox.enqueue(
            channel="sms", recipient=phone, body="您的来信已答复。", key=key
        )


@pytest.mark.parametrize("moment", ["hold-before", "hold-after"])
def test_a_worker_killed_while_sending_loses_nothing_and_sends_nothing_twice(
    transactional_db, rig, moment
):
    """hold-before: killed before the gateway accepted the message;
    hold-after: killed after it accepted but before the row was marked sent."""
    _server, start_worker, gateway, hold = rig
    backend = "tests.integration.test_outbox_reliability.BlockingSMSBackend"
    (hold / moment).write_text("")
    worker = start_worker(backend)

    notice = queue_sms("13600000009", f"kill-test-{moment}")
    wait_for(lambda: (hold / "paused").exists(), message="the worker to start sending")
    worker.kill()
    (hold / moment).unlink()
    (hold / "paused").unlink()

    # The database released the dead worker's lock and rolled its attempt back.
    notice.refresh_from_db()
    assert notice.status == Notification.Status.PENDING
    assert notice.attempts == 0

    start_worker(backend)
    sweep_outbox.apply_async()
    wait_for(
        lambda: Notification.objects.get(pk=notice.pk).status == "sent",
        timeout=90,
        message="the sweep to send the SMS",
    )
    notice.refresh_from_db()
    assert notice.attempts == 1
    seen = requests_for(gateway, notice.idempotency_key)
    delivered = [r for r in seen if not r["duplicate"]]
    assert len(delivered) == 1  # the phone rang once
    if moment == "hold-before":
        assert len(seen) == 1
    else:
        # The gateway got the repeat with the same key and dropped it.
        assert [r["duplicate"] for r in seen] == [False, True]
