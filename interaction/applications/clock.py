"""The statutory clock of an application, computed from its events.

Rules (条例 Art. 30–33, 国务院令第711号; DOMAIN.md):

* ``received``: the day both sides confirmed an online application (Art. 31)
  starts the clock; the answer is due on the 20th working day after it (the
  day itself never counts, see :mod:`disclosure.workdays`).
* ``correction_requested``: 补正 is asked once, within 7 working days of
  receipt; the clock stops.
* ``corrected``: the corrected application arrived; the clock restarts from
  zero: due on the 20th working day after that day.
* ``third_party_started`` / ``third_party_ended``: the time spent consulting a
  third party (Art. 32) is not counted, up to 15 working days: the due date
  moves later by the working days in (started, ended], at most 15. While the
  consultation is open the due date stays where it was; it can only move
  later when the consultation ends.
* ``extended``: one extension of at most 20 working days (Art. 33), decided
  before the due date; the event may carry ``days`` (default 20).

The due date is a function of the events alone, and every event can only
move it later (:func:`compute` checks this). An impossible sequence raises
:class:`ClockError` with a message in Chinese.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from disclosure import workdays

ANSWER_WORKDAYS = 20
CORRECTION_REQUEST_WORKDAYS = 7
THIRD_PARTY_MAX_WORKDAYS = 15
MAX_EXTENSION_WORKDAYS = 20

RECEIVED = "received"
CORRECTION_REQUESTED = "correction_requested"
CORRECTED = "corrected"
THIRD_PARTY_STARTED = "third_party_started"
THIRD_PARTY_ENDED = "third_party_ended"
EXTENDED = "extended"
KINDS = [
    RECEIVED,
    CORRECTION_REQUESTED,
    CORRECTED,
    THIRD_PARTY_STARTED,
    THIRD_PARTY_ENDED,
    EXTENDED,
]


class ClockError(ValueError):
    """An impossible sequence of events; ``str()`` is the Chinese message."""


@dataclass(frozen=True)
class Event:
    kind: str
    date: date
    days: int | None = None


@dataclass
class Clock:
    """The state after a sequence of events."""

    received: date | None = None
    due: date | None = None
    correction_requested: date | None = None
    corrected: date | None = None
    third_party_started: date | None = None
    third_party_ended: date | None = None
    paused_workdays: int = 0
    extended_on: date | None = None
    extension_days: int = 0
    history: list = field(default_factory=list)

    @property
    def waiting_for_correction(self):
        return self.correction_requested is not None and self.corrected is None

    @property
    def consulting(self):
        return self.third_party_started is not None and self.third_party_ended is None

    @property
    def running(self):
        """Whether working days count against the due date now."""
        return (
            self.received is not None
            and not self.waiting_for_correction
            and not self.consulting
        )


def _label(kind):
    return {
        RECEIVED: _("收到申请"),
        CORRECTION_REQUESTED: _("要求补正"),
        CORRECTED: _("收到补正"),
        THIRD_PARTY_STARTED: _("征求第三方意见"),
        THIRD_PARTY_ENDED: _("第三方意见征求结束"),
        EXTENDED: _("延长答复期限"),
    }[kind]


def _fail(message, **params):
    raise ClockError(message % params if params else message)


def _days(event, default, limit, what):
    days = default if event.days is None else event.days
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= limit:
        _fail(_("%(what)s的天数应为1至%(limit)s个工作日。"), what=what, limit=limit)
    return days


def _later(current, candidate):
    return max(current, candidate) if current else candidate


def step(clock, event):
    """Apply one event to ``clock`` (in place); raises ClockError."""
    kind, day = event.kind, event.date
    if kind not in KINDS:
        _fail(_("未知的事件类型“%(kind)s”。"), kind=kind)
    if clock.history and day < clock.history[-1].date:
        _fail(
            _("事件“%(label)s”的日期%(date)s早于前一事件的日期%(previous)s。"),
            label=_label(kind),
            date=day.isoformat(),
            previous=clock.history[-1].date.isoformat(),
        )
    if kind == RECEIVED:
        if clock.received is not None:
            _fail(_("申请只能收到一次，不能重复“收到申请”。"))
        clock.received = day
        clock.due = workdays.add(day, ANSWER_WORKDAYS)
    elif clock.received is None:
        _fail(_("“%(label)s”之前必须先有“收到申请”。"), label=_label(kind))
    elif kind == CORRECTION_REQUESTED:
        if clock.correction_requested is not None:
            _fail(_("补正只能要求一次，且应一次性告知需要补正的全部事项。"))
        if clock.consulting:
            _fail(_("征求第三方意见期间不能要求补正。"))
        if clock.extended_on or clock.third_party_ended:
            _fail(_("补正应在收到申请后、开始办理前提出。"))
        if workdays.between(clock.received, day) > CORRECTION_REQUEST_WORKDAYS:
            _fail(
                _("补正应在收到申请之日起%(n)s个工作日内提出，%(date)s已超过期限。"),
                n=CORRECTION_REQUEST_WORKDAYS,
                date=day.isoformat(),
            )
        clock.correction_requested = day
    elif kind == CORRECTED:
        if not clock.waiting_for_correction:
            _fail(_("没有待补正的要求，不能“收到补正”。"))
        clock.corrected = day
        # The clock restarts from the corrected application (Art. 30).
        clock.due = _later(clock.due, workdays.add(day, ANSWER_WORKDAYS))
    elif clock.waiting_for_correction:
        _fail(_("申请等待补正期间不能“%(label)s”。"), label=_label(kind))
    elif kind == THIRD_PARTY_STARTED:
        if clock.third_party_started is not None:
            _fail(_("每件申请只计一次征求第三方意见的暂停。"))
        if day > clock.due:
            _fail(
                _("答复期限%(due)s已过，不能再征求第三方意见暂停计算。"),
                due=clock.due.isoformat(),
            )
        clock.third_party_started = day
    elif kind == THIRD_PARTY_ENDED:
        if not clock.consulting:
            _fail(_("没有进行中的征求第三方意见，不能结束。"))
        clock.third_party_ended = day
        paused = min(
            workdays.between(clock.third_party_started, day), THIRD_PARTY_MAX_WORKDAYS
        )
        clock.paused_workdays = paused
        clock.due = _later(clock.due, workdays.add(clock.due, paused))
    elif kind == EXTENDED:
        if clock.extended_on is not None:
            _fail(_("答复期限只能延长一次。"))
        # While a consultation pauses the clock, the due date cannot pass.
        if not clock.consulting and day > clock.due:
            _fail(_("答复期限%(due)s已过，不能再延长。"), due=clock.due.isoformat())
        days = _days(event, MAX_EXTENSION_WORKDAYS, MAX_EXTENSION_WORKDAYS, _("延期"))
        clock.extended_on = day
        clock.extension_days = days
        clock.due = _later(clock.due, workdays.add(clock.due, days))
    clock.history.append(event)
    return clock


def compute(events):
    """The :class:`Clock` after ``events`` (in order)."""
    clock = Clock()
    for event in events:
        before = clock.due
        step(clock, event)
        if before and clock.due < before:  # pragma: no cover - a broken rule
            raise AssertionError("a due date moved earlier")
    return clock


def due_date(events):
    """The due date after ``events``; None before the application is received."""
    return compute(events).due


def parse(raw):
    """Events from decoded JSON (a list of ``{"kind", "date"[, "days"]}``);
    raises ClockError for anything else."""
    if not isinstance(raw, list):
        _fail(_("输入应为事件列表（JSON 数组）。"))
    events = []
    for number, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            _fail(_("第%(n)s个事件应为对象，包含 kind 和 date。"), n=number)
        kind = item.get("kind")
        if kind not in KINDS:
            _fail(
                _("第%(n)s个事件的类型“%(kind)s”无效，应为%(kinds)s之一。"),
                n=number,
                kind=kind,
                kinds="、".join(KINDS),
            )
        value = item.get("date")
        try:
            day = date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        if day is None or len(value) != 10:
            _fail(
                _("第%(n)s个事件的日期“%(date)s”无效，应为 YYYY-MM-DD。"),
                n=number,
                date=value,
            )
        days = item.get("days")
        if days is not None and (isinstance(days, bool) or not isinstance(days, int)):
            _fail(_("第%(n)s个事件的天数应为整数。"), n=number)
        events.append(Event(kind, day, days))
    return events
