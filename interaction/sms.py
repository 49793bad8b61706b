"""SMS gateways. ``settings.SMS_BACKEND`` names the class; every backend takes
the idempotency key of the notification, which a real gateway uses to drop a
repeated request (a worker killed between the gateway's acceptance and our
commit re-sends with the same key).

Every failure (refused, unreachable, timed out, an answer that does not say
"sent") raises :class:`SMSError`: the outbox records it, retries with backoff
and shows it to the webmaster (Settings › 通知发送记录)."""

import json
import logging
import os
import re
import sys
import threading
from urllib.parse import parse_qsl, urlsplit

import requests
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


def setting(name, default=""):
    """A gateway setting: Django settings first, then the environment."""
    value = getattr(settings, name, None)
    if value in (None, ""):
        value = os.environ.get(name) or default
    return value


PLACEHOLDER = re.compile(r"\{(phone|text|key|username|password)\}")


def _fill(value, values):
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda m: values[m.group(1)], value)
    if isinstance(value, dict):
        return {k: _fill(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    return value


def _lookup(data, path):
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


class HTTPSMSBackend(BaseSMSBackend):
    """A generic HTTP(S) 短信平台: one POST per message.

    ``SMS_HTTP_TEMPLATE`` is the request body with the placeholders
    ``{phone}``, ``{text}``, ``{key}``, ``{username}`` and ``{password}``:
    a JSON object (sent as JSON) or ``a=b&c=d`` form fields (sent
    form-encoded). Values are substituted after parsing, so a message with
    quotes or ampersands cannot break the body. ``SMS_HTTP_SUCCESS``
    (``field=value``, dotted for nested fields) says which answer means
    "sent"; without it any 2xx does. ``SMS_HTTP_ID_FIELD`` names the
    gateway's message id."""

    DEFAULT_TEMPLATE = (
        '{"account": "{username}", "password": "{password}", '
        '"mobile": "{phone}", "content": "{text}", "requestId": "{key}"}'
    )

    def __init__(self):
        self.url = setting("SMS_HTTP_URL")
        if not self.url:
            raise SMSError("SMS_HTTP_URL is not set")
        self.username = setting("SMS_HTTP_USERNAME")
        self.password = setting("SMS_HTTP_PASSWORD")
        self.template = setting("SMS_HTTP_TEMPLATE") or self.DEFAULT_TEMPLATE
        self.success = setting("SMS_HTTP_SUCCESS")
        self.id_field = setting("SMS_HTTP_ID_FIELD")
        self.timeout = float(setting("SMS_HTTP_TIMEOUT", "10"))
        self.basic_auth = str(setting("SMS_HTTP_BASIC_AUTH")).lower() in (
            "1",
            "true",
            "yes",
        )

    def body(self, phone, text, key):
        values = {
            "phone": phone,
            "text": text,
            "key": key,
            "username": self.username,
            "password": self.password,
        }
        template = self.template.strip()
        if template.startswith("{"):
            return {"json": _fill(json.loads(template), values)}
        fields = parse_qsl(template, keep_blank_values=True)
        return {"data": [(name, _fill(value, values)) for name, value in fields]}

    def send(self, phone, text, *, idempotency_key):
        try:
            response = requests.post(
                self.url,
                timeout=self.timeout,
                auth=(self.username, self.password) if self.basic_auth else None,
                headers={"Idempotency-Key": idempotency_key},
                **self.body(phone, text, idempotency_key),
            )
        except requests.RequestException as error:
            raise SMSError(f"短信平台无法连接：{type(error).__name__}") from error
        if not 200 <= response.status_code < 300:
            raise SMSError(f"短信平台返回 HTTP {response.status_code}")
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if self.success:
            field, _sep, expected = self.success.partition("=")
            got = _lookup(answer, field.strip()) if answer is not None else None
            if str(got) != expected.strip():
                raise SMSError(f"短信平台未接受：{response.text[:200]}")
        if self.id_field and answer is not None:
            return str(_lookup(answer, self.id_field) or idempotency_key)
        return idempotency_key


class TencentCloudSMSBackend(BaseSMSBackend):
    """Tencent Cloud SMS (腾讯云短信) through its official SDK
    (``tencentcloud-sdk-python-sms``, API 2021-01-11 SendSms).

    Cloud SMS only sends approved templates: ``SMS_TENCENT_TEMPLATE_ID``
    names one whose only parameter is the whole message (e.g. ``{1}``); the
    signature configured as ``SMS_TENCENT_SIGN_NAME`` replaces the
    ``【…】`` one our messages start with. ``SMS_TENCENT_ENDPOINT`` may be a
    host or a URL (http:// for a local gateway in tests)."""

    def __init__(self):
        names = [
            "SMS_TENCENT_SECRET_ID",
            "SMS_TENCENT_SECRET_KEY",
            "SMS_TENCENT_SDK_APP_ID",
            "SMS_TENCENT_SIGN_NAME",
            "SMS_TENCENT_TEMPLATE_ID",
        ]
        values = {name: setting(name) for name in names}
        missing = [name for name, value in values.items() if not value]
        if missing:
            raise SMSError(f"{', '.join(missing)} not set")
        self.secret_id = values["SMS_TENCENT_SECRET_ID"]
        self.secret_key = values["SMS_TENCENT_SECRET_KEY"]
        self.app_id = values["SMS_TENCENT_SDK_APP_ID"]
        self.sign_name = values["SMS_TENCENT_SIGN_NAME"]
        self.template_id = values["SMS_TENCENT_TEMPLATE_ID"]
        self.region = setting("SMS_TENCENT_REGION", "ap-guangzhou")
        self.endpoint = setting("SMS_TENCENT_ENDPOINT", "sms.tencentcloudapi.com")
        self.timeout = int(float(setting("SMS_TENCENT_TIMEOUT", "10")))

    def client(self):
        from tencentcloud.common import credential
        from tencentcloud.common.profile.client_profile import ClientProfile
        from tencentcloud.common.profile.http_profile import HttpProfile
        from tencentcloud.sms.v20210111 import sms_client

        parts = urlsplit(
            self.endpoint if "//" in self.endpoint else f"//{self.endpoint}"
        )
        http = HttpProfile(
            protocol=parts.scheme or "https",
            endpoint=parts.netloc,
            reqTimeout=self.timeout,
        )
        return sms_client.SmsClient(
            credential.Credential(self.secret_id, self.secret_key),
            self.region,
            ClientProfile(httpProfile=http),
        )

    @staticmethod
    def template_text(text):
        return re.sub(r"^【[^】]*】", "", text)

    def send(self, phone, text, *, idempotency_key):
        from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
            TencentCloudSDKException,
        )
        from tencentcloud.sms.v20210111 import models

        request = models.SendSmsRequest()
        request.PhoneNumberSet = [phone if phone.startswith("+") else f"+86{phone}"]
        request.SmsSdkAppId = self.app_id
        request.SignName = self.sign_name
        request.TemplateId = self.template_id
        request.TemplateParamSet = [self.template_text(text)]
        request.SessionContext = idempotency_key
        try:
            response = self.client().SendSms(request)
        except TencentCloudSDKException as error:
            raise SMSError(
                f"腾讯云短信失败：{error.get_code()} {error.get_message()}"[:500]
            ) from error
        statuses = response.SendStatusSet or []
        if not statuses or statuses[0].Code != "Ok":
            detail = f"{statuses[0].Code} {statuses[0].Message}" if statuses else "-"
            raise SMSError(f"腾讯云短信未发送：{detail}")
        return statuses[0].SerialNo or response.RequestId


def get_backend():
    return import_string(settings.SMS_BACKEND)()
