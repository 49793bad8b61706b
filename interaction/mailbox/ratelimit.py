"""Fixed-window rate limits in Django's cache (Redis in production).

A cache outage must not switch the limits off: while the cache is unavailable
(it raises, or, configured to ignore its errors, answers nothing) the windows
are counted in the database instead (:class:`RateLimitCounter`), and the
outage is logged. Only when the database fails too does a limit fail open, so
that a citizen can still write.

The client's address comes from :func:`client_ip` (trusted proxies, see
:mod:`.clientip`)."""

import datetime
import hashlib
import logging

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from .. import conf
from ..models import RateLimitCounter
from .clientip import client_ip

__all__ = ["client_ip", "exceeded", "hit", "purge_expired"]

logger = logging.getLogger(__name__)


def _key(scope, value):
    digest = hashlib.sha256(str(value).encode()).hexdigest()[:32]
    return f"interaction:rl:{scope}:{digest}"


def _cache_hit(key, window):
    """The new count of ``key`` in the cache, or None when it is unavailable."""
    try:
        added = cache.add(key, 1, window)
        if added is None:
            return None
        if added:
            return 1
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)
            count = 1
    except Exception:
        logger.warning("Rate-limit cache unavailable.", exc_info=True)
        return None
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def _cache_count(key):
    """The count of ``key`` in the cache (0 when absent), or None when the
    cache is unavailable. ``incr(key, 0)`` reads without changing: unlike
    ``get``, it tells a missing key (ValueError) from an outage (None)."""
    try:
        count = cache.incr(key, 0)
    except ValueError:
        return 0
    except Exception:
        logger.warning("Rate-limit cache unavailable.", exc_info=True)
        return None
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def _db_hit(key, window):
    now = timezone.now()
    with transaction.atomic():
        RateLimitCounter.objects.filter(key=key, expires_at__lte=now).delete()
        counter, created = RateLimitCounter.objects.select_for_update().get_or_create(
            key=key,
            defaults={
                "count": 1,
                "expires_at": now + datetime.timedelta(seconds=window),
            },
        )
        if not created:
            RateLimitCounter.objects.filter(pk=counter.pk).update(count=F("count") + 1)
            counter.refresh_from_db(fields=["count"])
    return counter.count


def _db_count(key):
    return (
        RateLimitCounter.objects.filter(key=key, expires_at__gt=timezone.now())
        .values_list("count", flat=True)
        .first()
    ) or 0


def hit(scope, value, setting):
    """Count one use of ``scope`` by ``value``; False when over the limit
    (``setting`` names a ``(count, seconds)`` pair)."""
    limit, window = conf.get(setting)
    key = _key(scope, value)
    count = _cache_hit(key, window)
    if count is None:
        logger.warning("Rate limit %s counted in the database.", scope)
        try:
            count = _db_hit(key, window)
        except DatabaseError:
            logger.error("Rate limit %s not checked.", scope, exc_info=True)
            return True
    return count <= limit


def exceeded(scope, value, setting):
    """Whether ``value`` is already over the limit, without counting a use."""
    limit, _window = conf.get(setting)
    key = _key(scope, value)
    count = _cache_count(key)
    if count is None:
        try:
            count = _db_count(key)
        except DatabaseError:
            logger.error("Rate limit %s not checked.", scope, exc_info=True)
            return False
    return count >= limit


def purge_expired(now=None):
    """Delete the database windows that have expired; the number deleted."""
    deleted, _by_model = RateLimitCounter.objects.filter(
        expires_at__lte=now or timezone.now()
    ).delete()
    return deleted
