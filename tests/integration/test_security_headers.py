"""Security headers: the Content-Security-Policy of the public site and of
the admin, Permissions-Policy, and no caching of per-person pages. (The
browser journey in tests/e2e/test_content_security_policy.py shows that the
pages work under the policy.)"""

import re

import pytest
from django.test import Client

from tests.factories import answered_letter, user
from tests.integration.test_mailbox_public import MAILBOX

pytestmark = pytest.mark.usefixtures("demo_db")

PUBLIC_PAGES = [
    "/",
    "/zfxxgk/catalogue/",
    "/zfxxgk/county/2014-001/",
    "/news/",
    "/hudong/",
    "/hudong/figures/",
    "/hudong/letters/",
    MAILBOX,
    "/search/?q=通知",
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values.split()
        for name, _, values in (
            part.strip().partition(" ") for part in policy.split(";") if part.strip()
        )
    }


def test_public_pages_allow_nothing_inline_and_nothing_from_elsewhere(client):
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        for name in ("default-src", "script-src", "style-src", "connect-src"):
            assert policy[name] == ["'self'"], (url, name, policy[name])
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]
        html = response.content.decode()
        assert ' style="' not in html, url
        assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html))


def test_the_admin_policy_adds_only_what_wagtail_needs():
    client = Client()
    client.force_login(user("webmaster"))
    response = client.get("/admin/")
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    for url in ("/admin/", "/admin/pages/", "/admin/login/"):
        cache_control = client.get(url)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, url


def test_look_up_pages_are_never_cached():
    citizen = Client(REMOTE_ADDR="203.0.113.50")
    letter, code = answered_letter()
    responses = [
        citizen.get(MAILBOX),
        citizen.get("/hudong/query/"),
        citizen.post("/hudong/query/", {"number": letter.number, "code": "AAAA2222"}),
    ]
    citizen.post("/hudong/query/", {"number": letter.number, "code": code})
    responses.append(citizen.get(f"/hudong/query/{letter.number}/"))
    for response in responses:
        cache_control = response["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control
    # Public pages stay cacheable.
    assert "no-store" not in citizen.get("/hudong/letters/").get("Cache-Control", "")
