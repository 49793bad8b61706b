"""SMS gateways. ``settings.SMS_BACKEND`` names the class; every backend takes
the idempotency key of the notification, which a real gateway uses to drop a
repeated request (a worker killed between the gateway's acceptance and our
commit re-sends with the same key)."""

import json
import logging
import os
import sys
import threading

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from . import conf

logger = logging.getLogger(__name__)


class SMSError(Exception):
    """The gateway refused or could not be reached; the outbox retries."""


class BaseSMSBackend:
    def send(self, phone, text, *, idempotency_key):
        """Send ``text`` to ``phone``; return the gateway's message id."""
        raise NotImplementedError


class ConsoleSMSBackend(BaseSMSBackend):
    """Development: print the message instead of sending it."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, phone, text, *, idempotency_key):
        self.stream.write(f"[SMS] to={phone} key={idempotency_key}\n{text}\n")
        self.stream.flush()
        return idempotency_key


class FileSMSBackend(BaseSMSBackend):
    """Append each request as a JSON line to ``SMS_FILE_PATH``, the way a
    gateway keeps its log: a request whose key was seen before is recorded
    with ``"duplicate": true`` and not delivered again."""

    _lock = threading.Lock()

    def __init__(self, path=None):
        self.path = (
            path or conf.get("SMS_FILE_PATH") or os.environ.get("SMS_FILE_PATH", "")
        )
        if not self.path:
            raise SMSError("SMS_FILE_PATH is not set")

    def requests(self):
        try:
            with open(self.path, encoding="utf-8") as handle:
                return [json.loads(line) for line in handle if line.strip()]
        except FileNotFoundError:
            return []

    def send(self, phone, text, *, idempotency_key):
        with self._lock:
            seen = any(r["key"] == idempotency_key for r in self.requests())
            record = {
                "key": idempotency_key,
                "phone": phone,
                "text": text,
                "at": timezone.now().isoformat(),
                "pid": os.getpid(),
                "duplicate": seen,
            }
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
        return idempotency_key


def get_backend():
    return import_string(settings.SMS_BACKEND)()
