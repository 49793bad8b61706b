"""Who the client is behind the reverse proxy, and rate limits that count the
right thing: per client address, per letter number for look-ups, and in the
database while Redis is down."""

import datetime
import random

import pytest
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from interaction.mailbox import ratelimit
from interaction.mailbox.clientip import client_ip
from interaction.models import RateLimitCounter
from tests.factories import answered_letter
from tests.workers import PrivateRedis

PROXIES = ["10.0.0.0/8", "fd00::/8"]


def ip_of(remote, forwarded=None, **headers):
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_without_trusted_proxies_the_header_is_ignored():
    assert ip_of("203.0.113.9", "198.51.100.1") == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=PROXIES)
def test_the_right_most_untrusted_address_is_the_client():
    # nginx at 10.0.0.2 appended the citizen's address.
    assert ip_of("10.0.0.2", "203.0.113.9") == "203.0.113.9"
    # Whatever the citizen wrote on the left is never reached.
    assert ip_of("10.0.0.2", "1.1.1.1, 203.0.113.9") == "203.0.113.9"
    # Two proxies in a row; ports and IPv6 written as proxies write them.
    assert ip_of("10.0.0.2", "203.0.113.9:51234, 10.1.2.3") == "203.0.113.9"
    assert ip_of("fd00::2", "[2001:db8::7]:443") == "2001:db8::7"
    # A client inside the proxy network.
    assert ip_of("10.0.0.2", "10.9.9.9") == "10.9.9.9"
    # Garbage is not an address: the last trusted hop answers.
    assert ip_of("10.0.0.2", "garbage") == "10.0.0.2"
    assert ip_of("10.0.0.2") == "10.0.0.2"


@override_settings(TRUSTED_PROXIES=PROXIES)
def test_a_peer_outside_the_proxies_cannot_choose_its_address():
    assert ip_of("203.0.113.9", "10.0.0.5") == "203.0.113.9"
    assert ip_of("203.0.113.9", "198.51.100.1") == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=PROXIES, CLIENT_IP_HEADER="X-Real-IP")
def test_the_header_is_configurable():
    assert ip_of("10.0.0.2", "198.51.100.1", HTTP_X_REAL_IP="203.0.113.9") == (
        "203.0.113.9"
    )


@pytest.mark.usefixtures("demo_db")
@override_settings(MAILBOX_RATE_LOOKUP=(3, 3600), TRUSTED_PROXIES=PROXIES)
def test_failed_look_ups_lock_one_letter_not_everyone_behind_the_proxy():
    def citizen():
        return Client(
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{random.randint(1, 254)}",
        )

    guessed, _code = answered_letter()
    other, other_code = answered_letter()
    guesser = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1")
    for guess in ("AAAA2222", "BBBB3333", "CCCC4444"):
        guesser.post("/hudong/query/", {"number": guessed.number, "code": guess})
    # The same proxy address, even the same citizen, reaches other letters.
    response = guesser.post(
        "/hudong/query/", {"number": other.number, "code": other_code}
    )
    assert response.status_code == 302
    # The guessed letter is locked, from any address.
    response = citizen().post(
        "/hudong/query/", {"number": guessed.number, "code": "DDDD5555"}
    )
    assert response.status_code == 429
    assert "该信件编号查询失败次数过多" in response.content.decode()


def private_cache(url):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
            "KEY_PREFIX": f"rl-test-{random.randint(0, 10**9)}",
        }
    }


@pytest.mark.services
@pytest.mark.django_db
def test_limits_are_counted_in_the_database_while_redis_is_down():
    server = PrivateRedis()
    server.start()
    try:
        with override_settings(
            CACHES=private_cache(server.url), MAILBOX_RATE_PHONE=(3, 3600)
        ):
            assert ratelimit.hit("submit-phone", "13900000001", "MAILBOX_RATE_PHONE")
            assert not RateLimitCounter.objects.exists()  # Redis counts

            server.stop()
            assert ratelimit.hit("submit-phone", "13900000001", "MAILBOX_RATE_PHONE")
            assert ratelimit.hit("submit-phone", "13900000001", "MAILBOX_RATE_PHONE")
            assert not ratelimit.exceeded(
                "submit-phone", "13900000001", "MAILBOX_RATE_PHONE"
            )
            assert ratelimit.hit("submit-phone", "13900000001", "MAILBOX_RATE_PHONE")
            assert ratelimit.exceeded(
                "submit-phone", "13900000001", "MAILBOX_RATE_PHONE"
            )
            assert not ratelimit.hit(
                "submit-phone", "13900000001", "MAILBOX_RATE_PHONE"
            )
            # Another number is counted apart.
            assert ratelimit.hit("submit-phone", "13900000002", "MAILBOX_RATE_PHONE")
            assert RateLimitCounter.objects.count() == 2
    finally:
        server.stop()

    # Windows expire, and the periodic clean-up deletes them.
    later = timezone.now() + datetime.timedelta(hours=2)
    assert ratelimit.purge_expired(later) == 2
    assert not RateLimitCounter.objects.exists()


@pytest.mark.services
@pytest.mark.usefixtures("demo_db")
def test_a_citizen_guessing_codes_is_stopped_while_redis_is_down():
    server = PrivateRedis()
    server.start()
    server.stop()
    letter, code = answered_letter()
    with override_settings(
        CACHES=private_cache(server.url), MAILBOX_RATE_LOOKUP=(3, 3600)
    ):
        citizen = Client(REMOTE_ADDR="203.0.113.77")
        for guess in ("AAAA2222", "BBBB3333", "CCCC4444"):
            response = citizen.post(
                "/hudong/query/", {"number": letter.number, "code": guess}
            )
            assert response.status_code == 400
        response = citizen.post(
            "/hudong/query/", {"number": letter.number, "code": code}
        )
        assert response.status_code == 429
