"""Fixed-window rate limits in Django's cache (Redis in production).

A cache outage must not stop a citizen writing: the limit then fails open and
the outage is logged (whether the cache raises or, configured to ignore its
errors, answers nothing)."""

import hashlib
import logging

from django.core.cache import cache

from .. import conf

logger = logging.getLogger(__name__)


def client_ip(request):
    header = conf.get("MAILBOX_CLIENT_IP_HEADER")
    value = request.META.get(header, "") if header else ""
    value = value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")
    return value or None


def _key(scope, value):
    digest = hashlib.sha256(str(value).encode()).hexdigest()[:32]
    return f"interaction:rl:{scope}:{digest}"


def hit(scope, value, setting):
    """Count one use of ``scope`` by ``value``; False when over the limit
    (``setting`` names a ``(count, seconds)`` pair)."""
    limit, window = conf.get(setting)
    key = _key(scope, value)
    try:
        cache.add(key, 0, window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)
            count = 1
    except Exception:
        logger.warning(
            "Rate limit %s not checked: cache unavailable.", scope, exc_info=True
        )
        return True
    if not isinstance(count, int):  # a cache that ignores its errors
        logger.warning("Rate limit %s not checked: cache unavailable.", scope)
        return True
    return count <= limit


def exceeded(scope, value, setting):
    """Whether ``value`` is already over the limit, without counting a use."""
    limit, _window = conf.get(setting)
    try:
        count = cache.get(_key(scope, value))
        return isinstance(count, int) and count >= limit
    except Exception:
        logger.warning(
            "Rate limit %s not checked: cache unavailable.", scope, exc_info=True
        )
        return False
