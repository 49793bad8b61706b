"""Signing in to the admin: lockout after failed logins, idle sessions, the
password rules, the TOTP second factor, and the demo loader's refusal."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.data import PASSWORD
from govsite.security.middleware import ACTIVITY_KEY

pytestmark = pytest.mark.usefixtures("demo_db")

LOGIN = "/admin/login/"


def login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def signed_in(client):
    return client.get("/admin/").status_code == 200


def test_an_account_is_locked_after_five_failures_even_with_the_right_password():
    attacker = Client(REMOTE_ADDR="203.0.113.5")
    for _attempt in range(5):
        login(attacker, "editor_lishan", "wrong-Password-1")
    owner = Client(REMOTE_ADDR="198.51.100.7")
    response = login(owner, "editor_lishan", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "登录失败次数过多" in html and "30分钟后再试" in html
    assert not signed_in(owner)
    # Other accounts are not affected, even from the attacker's address:
    # addresses have a limit of their own (AXES_IP_FAILURE_LIMIT, 20).
    assert login(attacker, "editor_xzfb", PASSWORD).status_code == 302


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"], AXES_IP_FAILURE_LIMIT=8)
def test_an_address_is_locked_and_behind_the_proxy_it_is_the_citizens_own():
    def via_proxy(client_ip):
        return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client_ip)

    guesser = via_proxy("203.0.113.9")
    for n in range(8):
        login(guesser, f"nobody{n}", "wrong-Password-1")
    response = login(via_proxy("203.0.113.9"), "reviewer", PASSWORD)
    assert response.status_code == 429
    # Same proxy, another client: not locked out.
    colleague = via_proxy("203.0.113.10")
    assert login(colleague, "reviewer", PASSWORD).status_code == 302
    # A spoofed header from outside the proxy network is not believed.
    spoofer = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert login(spoofer, "secrecy", PASSWORD).status_code == 429


def test_a_session_idle_for_thirty_minutes_ends():
    client = Client()
    client.force_login(get_user_model().objects.get(username="editor_lishan"))
    assert signed_in(client)
    session = client.session
    session[ACTIVITY_KEY] = int(time.time()) - 29 * 60
    session.save()
    assert signed_in(client)  # 29 minutes: still there, and the clock restarts

    session = client.session
    session[ACTIVITY_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "30分钟未操作" in client.get(response["Location"]).content.decode()
    assert not signed_in(client)


def test_staff_passwords_need_twelve_characters_of_three_kinds():
    for user in get_user_model().objects.all():
        validate_password(PASSWORD, user)  # the demo accounts' password passes
    user = get_user_model().objects.get(username="editor_lishan")
    for weak, message in (
        ("Sx2026!a", "至少"),  # too short
        ("suixianxian2026", "至少3类"),  # two kinds only
    ):
        with pytest.raises(ValidationError) as error:
            validate_password(weak, user)
        assert any(message in m for m in error.value.messages), error.value.messages


def next_code(device):
    """The device's code for the next time step (a code is accepted once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + device.step
    return f"{totp.token():06d}"


@override_settings(ADMIN_OTP_REQUIRED=True)
def test_reviewers_enrol_a_second_factor_and_then_need_it_at_every_login():
    secrecy = get_user_model().objects.get(username="secrecy")
    client = Client()
    client.force_login(secrecy)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/otp/setup/?next=%2Fadmin%2Fpages%2F"
    page = client.get(response["Location"]).content.decode()
    assert "必须启用两步验证" in page and "<svg" in page and "data-otp-secret" in page

    device = TOTPDevice.objects.get(user=secrecy, confirmed=False)
    response = client.post(
        "/admin/otp/setup/", {"token": "000000", "next": "/admin/pages/"}
    )
    assert response.status_code == 400
    assert "动态验证码不正确" in response.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    response = client.post(
        "/admin/otp/setup/", {"token": next_code(device), "next": "/admin/pages/"}
    )
    assert response["Location"] == "/admin/pages/"
    assert signed_in(client)

    # The next login asks for the code after the password.
    later = Client()
    later.force_login(secrecy)
    response = later.get("/admin/")
    assert response["Location"].startswith("/admin/otp/verify/")
    device.refresh_from_db()
    response = later.post("/admin/otp/verify/", {"token": next_code(device)})
    assert response.status_code == 302
    assert signed_in(later)
    # Required: it cannot be switched off; a lost phone is reset by command.
    assert later.post("/admin/otp/setup/", {"token": "1"}).status_code == 403
    call_command("reset_otp", "secrecy")
    assert not TOTPDevice.objects.filter(user=secrecy).exists()


@override_settings(ADMIN_OTP_REQUIRED=True)
def test_the_webmaster_needs_it_and_editors_do_not():
    User = get_user_model()
    webmaster, editor = Client(), Client()
    webmaster.force_login(User.objects.get(username="webmaster"))
    editor.force_login(User.objects.get(username="editor_lishan"))
    assert webmaster.get("/admin/")["Location"].startswith("/admin/otp/setup/")
    assert signed_in(editor)


def test_without_the_requirement_reviewers_sign_in_with_a_password_only():
    client = Client()
    client.force_login(get_user_model().objects.get(username="secrecy"))
    assert signed_in(client)


def test_load_demo_refuses_without_debug_unless_forced(capsys):
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")
    call_command("load_demo", force=True)
    assert "必须修改所有演示账号的密码" in capsys.readouterr().out
