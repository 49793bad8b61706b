"""Working-day calendar (工作日) for statutory deadlines.

Weekends and statutory holidays are off, 调休 make-up days are on. A period
starts the day after the event: the day a letter or application is received is
never counted, and the deadline is the Nth working day after it.

Sources, highest priority first:

1. ``WorkdayOverride`` rows entered by the webmaster: they always win, in both
   directions (a row can make a package workday a holiday and the reverse).
2. The ``chinesecalendar`` package (holidays and 调休 days of the years it
   ships; 1.11.0 covers 2004–2026 and raises ``NotImplementedError`` outside).
3. Weekends only (Monday–Friday are workdays) for any other year. Nothing in
   this module raises for a year without data.

When is a year *known* (:func:`year_known`)? When the package covers it, or
when at least one ``WorkdayOverride`` row falls in that year. The webmaster
enters a new year by entering its holidays and make-up days (every State
Council schedule has some), so the first row of a year marks it as entered.
Consequence: do not enter a lone ad-hoc row for a future year before its
schedule is published, or the "year missing" warning goes quiet early.

Caching: the override rows are loaded with one query into a per-process
snapshot and reused, so a warm :func:`add` runs no query at all and a cold one
runs exactly one. Saving or deleting a ``WorkdayOverride`` (signals in
``disclosure.models.calendar``) drops the snapshot of the current process and
writes a new token under :data:`SHARED_VERSION_KEY` in Django's cache; other
processes compare that token at most every :data:`SHARED_CHECK_SECONDS`
seconds and reload when it changed. Snapshots are also reloaded after
:data:`MAX_AGE_SECONDS` whatever happens. Bulk writes that send no signals
(``QuerySet.update()``, ``bulk_create()``) must call :func:`invalidate_cache`.

Dates: pass ``datetime.date`` objects. A ``datetime`` is accepted and reduced
to its date (an aware one in the current time zone, i.e. Asia/Shanghai).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta

import chinese_calendar
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

__all__ = [
    "PACKAGE_YEARS",
    "add",
    "between",
    "invalidate_cache",
    "is_workday",
    "missing_years",
    "year_known",
]

#: Years the installed ``chinesecalendar`` package has data for.
PACKAGE_YEARS = range(
    min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1
)

#: Key in Django's cache whose value changes whenever overrides change.
SHARED_VERSION_KEY = "disclosure:workdays:overrides-version"
#: How often (seconds) a process looks at the shared version key.
SHARED_CHECK_SECONDS = 5.0
#: A snapshot is reloaded after this many seconds in any case.
MAX_AGE_SECONDS = 600.0

_ONE_DAY = timedelta(days=1)


class _Snapshot:
    """The override rows of one load, plus bookkeeping for freshness."""

    __slots__ = ("checked_at", "days", "loaded_at", "version", "years")

    def __init__(self, days: dict[date, bool], version, now: float):
        self.days = days
        self.years = frozenset(day.year for day in days)
        self.version = version
        self.loaded_at = now
        self.checked_at = now


_snapshot: _Snapshot | None = None
_generation = 0
_lock = threading.Lock()


def _shared_version():
    try:
        return cache.get(SHARED_VERSION_KEY)
    except Exception:  # a cache outage must not break deadlines
        logger.warning("Cannot read the working-day cache version.", exc_info=True)
        return None


def _bump_shared_version():
    try:
        cache.set(SHARED_VERSION_KEY, uuid.uuid4().hex, None)
    except Exception:
        logger.warning("Cannot bump the working-day cache version.", exc_info=True)


def invalidate_cache(*, shared: bool = True) -> None:
    """Forget the override snapshot of this process; with ``shared`` (the
    default) also tell the other processes through Django's cache."""
    global _snapshot, _generation
    with _lock:
        _snapshot = None
        _generation += 1
    if shared:
        _bump_shared_version()


def _load() -> _Snapshot:
    global _snapshot
    from disclosure.models import WorkdayOverride

    with _lock:
        generation = _generation
    # Read the version before the rows: a change made in between then shows
    # up as a version mismatch at the next check instead of being missed.
    version = _shared_version()
    days = dict(WorkdayOverride.objects.values_list("day", "is_workday"))
    snapshot = _Snapshot(days, version, time.monotonic())
    with _lock:
        # Do not keep rows loaded while an invalidation happened concurrently.
        if generation == _generation:
            _snapshot = snapshot
    return snapshot


def _overrides() -> _Snapshot:
    snapshot = _snapshot
    if snapshot is None:
        return _load()
    now = time.monotonic()
    if now - snapshot.loaded_at > MAX_AGE_SECONDS:
        return _load()
    if now - snapshot.checked_at > SHARED_CHECK_SECONDS:
        if _shared_version() != snapshot.version:
            return _load()
        snapshot.checked_at = now
    return snapshot


def _as_date(value) -> date:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date, got {type(value).__name__}")


def _is_workday(day: date, overrides: dict[date, bool]) -> bool:
    status = overrides.get(day)
    if status is not None:
        return status
    if day.year in PACKAGE_YEARS:
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:  # pragma: no cover - package data gap
            pass
    return day.weekday() < 5


def is_workday(day: date) -> bool:
    """Whether ``day`` is a working day (overrides, then package, then
    Monday–Friday)."""
    return _is_workday(_as_date(day), _overrides().days)


def add(start: date, n: int) -> date:
    """The ``n``-th working day after ``start``; ``start`` itself never counts,
    whether or not it is a workday. ``add(start, 0)`` is ``start``.

    >>> add(date(2026, 9, 30), 1)  # 10-01..10-07 are National Day holidays
    datetime.date(2026, 10, 8)
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("n must be an int")
    if n < 0:
        raise ValueError("n must not be negative: a deadline never moves earlier")
    day = _as_date(start)
    overrides = _overrides().days
    remaining = n
    while remaining:
        day += _ONE_DAY
        if _is_workday(day, overrides):
            remaining -= 1
    return day


def between(a: date, b: date) -> int:
    """Number of working days in the half-open interval (a, b]; 0 if b <= a.

    ``between(a, add(a, n)) == n`` and ``add(a, between(a, b)) <= b``.
    """
    a, b = _as_date(a), _as_date(b)
    if b <= a:
        return 0
    overrides = _overrides().days
    count = 0
    day = a
    while day < b:
        day += _ONE_DAY
        if _is_workday(day, overrides):
            count += 1
    return count


def year_known(year: int) -> bool:
    """Whether ``year`` has a holiday schedule: the package covers it or the
    webmaster has entered at least one ``WorkdayOverride`` row in it."""
    return year in PACKAGE_YEARS or year in _overrides().years


def missing_years(years: Iterable[int]) -> list[int]:
    """The years among ``years`` (sorted, without duplicates) that are not
    known, i.e. whose workdays are computed from weekends only."""
    return [year for year in sorted(set(years)) if not year_known(year)]
