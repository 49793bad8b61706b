"""The real SMS backends against a fake gateway started here: a generic
HTTP 短信平台 and Tencent Cloud SMS through its official SDK. The gateway
accepts, refuses, fails and hangs; every failure becomes an SMSError that
the outbox retries and the webmaster sees."""

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from django.db import transaction
from django.utils import timezone

from interaction import outbox
from interaction.models import Notification
from interaction.sms import HTTPSMSBackend, SMSError, TencentCloudSMSBackend

TEXT = "【随县人民政府】您参加“校车线路调查”的验证码为123456，10分钟内有效。"


class FakeGateway:
    """An HTTP server on a free local port; ``mode`` decides each answer:
    ok, refuse (200 with an error body), error (HTTP 500) or hang."""

    def __init__(self, kind):
        self.kind = kind
        self.mode = "ok"
        self.requests = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length).decode()
                gateway.requests.append({"headers": dict(self.headers), "body": body})
                if gateway.mode == "hang":
                    time.sleep(2.5)
                status, payload = gateway.answer()
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self):
        if self.mode == "error":
            return 500, {"message": "internal error"}
        n = len(self.requests)
        if self.kind == "http":
            if self.mode == "refuse":
                return 200, {"code": 1001, "msg": "账号余额不足"}
            return 200, {"code": 0, "data": {"msgId": f"msg-{n}"}}
        if self.mode == "refuse":
            return 200, {
                "Response": {
                    "Error": {
                        "Code": "FailedOperation.InsufficientBalanceInSmsPackage",
                        "Message": "套餐包余量不足",
                    },
                    "RequestId": f"req-{n}",
                }
            }
        return 200, {
            "Response": {
                "SendStatusSet": [
                    {
                        "SerialNo": f"serial-{n}",
                        "PhoneNumber": "+8613900001111",
                        "Fee": 1,
                        "SessionContext": "",
                        "Code": "Ok",
                        "Message": "send success",
                        "IsoCode": "CN",
                    }
                ],
                "RequestId": f"req-{n}",
            }
        }

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def http_gateway(settings):
    gateway = FakeGateway("http")
    settings.SMS_HTTP_URL = gateway.url + "/sms/send"
    settings.SMS_HTTP_USERNAME = "suixian"
    settings.SMS_HTTP_PASSWORD = 's3cret&="'
    settings.SMS_HTTP_SUCCESS = "code=0"
    settings.SMS_HTTP_ID_FIELD = "data.msgId"
    settings.SMS_HTTP_TIMEOUT = "0.5"
    yield gateway
    gateway.close()


@pytest.fixture
def tencent_gateway(settings):
    gateway = FakeGateway("tencent")
    settings.SMS_TENCENT_SECRET_ID = "AKIDtest"
    settings.SMS_TENCENT_SECRET_KEY = "test-key"
    settings.SMS_TENCENT_SDK_APP_ID = "1400000000"
    settings.SMS_TENCENT_SIGN_NAME = "随县人民政府"
    settings.SMS_TENCENT_TEMPLATE_ID = "1000001"
    settings.SMS_TENCENT_ENDPOINT = gateway.url
    settings.SMS_TENCENT_TIMEOUT = "1"
    yield gateway
    gateway.close()


def test_the_http_gateway_gets_a_json_post_and_its_failures_raise(http_gateway):
    backend = HTTPSMSBackend()
    assert backend.send("13900001111", TEXT, idempotency_key="k-1") == "msg-1"
    sent = http_gateway.requests[0]
    assert json.loads(sent["body"]) == {
        "account": "suixian",
        "password": 's3cret&="',
        "mobile": "13900001111",
        "content": TEXT,
        "requestId": "k-1",
    }
    assert sent["headers"]["Idempotency-Key"] == "k-1"
    for mode, message in [
        ("refuse", "未接受"),
        ("error", "HTTP 500"),
        ("hang", "无法连接"),
    ]:
        http_gateway.mode = mode
        started = time.monotonic()
        with pytest.raises(SMSError, match=message):
            backend.send("13900001111", TEXT, idempotency_key=f"k-{mode}")
        assert time.monotonic() - started < 2.4  # the timeout, not the hang


def test_the_http_gateway_takes_form_fields(http_gateway, settings):
    settings.SMS_HTTP_TEMPLATE = "user={username}&pwd={password}&to={phone}&msg={text}"
    settings.SMS_HTTP_SUCCESS = ""
    HTTPSMSBackend().send("13900001111", TEXT, idempotency_key="k-form")
    fields = parse_qs(http_gateway.requests[0]["body"])
    assert fields == {
        "user": ["suixian"],
        "pwd": ['s3cret&="'],
        "to": ["13900001111"],
        "msg": [TEXT],
    }


def test_tencent_cloud_through_its_sdk(tencent_gateway):
    backend = TencentCloudSMSBackend()
    assert backend.send("13900001111", TEXT, idempotency_key="k-t") == "serial-1"
    sent = tencent_gateway.requests[0]
    assert sent["headers"]["X-TC-Action"] == "SendSms"
    assert sent["headers"]["Authorization"].startswith("TC3-HMAC-SHA256 ")
    body = json.loads(sent["body"])
    assert body["PhoneNumberSet"] == ["+8613900001111"]
    assert body["SmsSdkAppId"] == "1400000000" and body["TemplateId"] == "1000001"
    # The platform adds the approved signature; the text is the parameter.
    assert body["TemplateParamSet"] == [TEXT.removeprefix("【随县人民政府】")]
    assert body["SessionContext"] == "k-t"
    for mode, message in [
        ("refuse", "InsufficientBalance"),
        ("error", "ServerNetworkError"),
        ("hang", "腾讯云短信失败"),
    ]:
        tencent_gateway.mode = mode
        started = time.monotonic()
        with pytest.raises(SMSError, match=message):
            backend.send("13900001111", TEXT, idempotency_key=f"k-t-{mode}")
        assert time.monotonic() - started < 2.4


@pytest.mark.django_db
@pytest.mark.parametrize(
    "backend, gateway_fixture",
    [
        ("interaction.sms.HTTPSMSBackend", "http_gateway"),
        ("interaction.sms.TencentCloudSMSBackend", "tencent_gateway"),
    ],
)
def test_the_outbox_retries_a_failing_gateway_until_it_sends(
    request, settings, backend, gateway_fixture
):
    gateway = request.getfixturevalue(gateway_fixture)
    settings.SMS_BACKEND = backend
    gateway.mode = "error"
    with transaction.atomic():
        notice = outbox.enqueue(
            channel="sms", recipient="13900001111", body=TEXT, key=f"retry-{backend}"
        )
    assert outbox.deliver(notice.pk) == outbox.RETRY
    notice.refresh_from_db()
    assert notice.status == Notification.Status.FAILED
    assert notice.last_error.startswith("SMSError")
    assert notice.next_attempt_at > timezone.now()
    gateway.mode = "ok"
    assert outbox.sweep() == {}  # not due yet
    later = timezone.now() + timedelta(hours=2)
    assert outbox.sweep(now=later) == {outbox.SENT: 1}
    notice.refresh_from_db()
    assert notice.status == Notification.Status.SENT and notice.attempts == 2
    assert notice.provider_id in ("msg-2", "serial-2")
