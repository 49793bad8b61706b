"""The life cycle of an application.

:func:`submit` stores a new application; :func:`transition` is the only way
its state changes afterwards. It checks that the action exists, that the
application is in one of the action's source states and that the actor holds
one of its roles, applies the action (:mod:`.actions`), recomputes the due
date from every clock entry of the history (:mod:`.clock`; it only ever
moves later), writes the append-only :class:`ApplicationEvent` and queues
the notices, all in one transaction. The table of actions is in
:mod:`.actions`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..machine import copy_row, event_fields
from ..mailbox.codes import (  # noqa: F401 (hash_query_code re-exported)
    find_by_query_code,
    hash_query_code,
    new_query_code,
    placeholder_number,
    set_number,
)
from ..models import Application, ApplicationEvent, ApplicationSequence
from . import clock, notify
from .actions import ACTIONS, Step
from .roles import APPLICANT, roles_for

NUMBER_PREFIX = "SQ"


def allocate_number(year):
    """The next application number of ``year``, e.g. ``SQ2026-00001``; runs
    inside the transaction that stores the application (the counter row
    stays locked until it commits)."""
    return f"{NUMBER_PREFIX}{year}-{ApplicationSequence.next_serial(year):05d}"


def normalize_number(value):
    value = "".join((value or "").split()).upper()
    value = value.replace("－", "-").replace("—", "-").replace("—", "-")
    if value.isdigit() and len(value) == 9:
        value = NUMBER_PREFIX + value
    if value.startswith(NUMBER_PREFIX) and "-" not in value and len(value) == 11:
        value = f"{value[:6]}-{value[6:]}"
    return value


def find_by_code(number, code):
    """The application with ``number`` when ``code`` is its query code."""
    return find_by_query_code(Application.objects.all(), normalize_number(number), code)


def submit(unit, *, ip=None, at=None, notify_applicant=True, **fields):
    """Store a new application to ``unit``; returns ``(application, code)``.
    ``fields`` are the applicant's (see ApplicationForm). The query code is
    shown once and only its hash is kept."""
    code = new_query_code()
    now = at or timezone.now()
    with transaction.atomic():
        application = Application.objects.create(
            number=placeholder_number(),
            unit=unit,
            submitted_ip=ip,
            submitted_at=now,
            **fields,
        )
        ApplicationEvent.objects.create(
            application=application,
            action="submit",
            from_status="",
            to_status=application.status,
            actor_label=str(APPLICANT.label),
            created_at=now,
        )
        set_number(application, allocate_number(timezone.localtime(now).year), code)
        if notify_applicant:
            notify.submitted(application)
    return application, code


def clock_events(application):
    return [
        clock.Event(kind, day, days)
        for kind, day, days in application.events.exclude(clock="")
        .order_by("created_at", "pk")
        .values_list("clock", "clock_date", "clock_days")
    ]


def available_actions(application, user):
    """The actions ``user`` may try on ``application`` in its state."""
    roles = roles_for(user, application)
    today = timezone.localdate()
    return [
        a
        for a in ACTIONS.values()
        if application.status in a.sources
        and roles & a.roles
        and (a.guard is None or a.guard(application, today))
    ]


def action_label(name):
    if name == "submit":
        return str(_("提交申请"))
    action = ACTIONS.get(name)
    return str(action.label) if action else name


def transition(application, action, *, by, note="", at=None, notify=True, **data):
    """Apply ``action`` to ``application`` on behalf of ``by`` (a user,
    APPLICANT or SYSTEM). Raises ValidationError (in Chinese) when the action
    is unknown, not allowed in the state or to ``by``, or its data is
    invalid. ``at`` backdates the step (the demo); ``notify=False`` queues
    no notification. Returns the updated application."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise ValidationError(_("未知的操作。"))
    with transaction.atomic():
        current = (
            Application.objects.select_for_update(of=("self",))
            .select_related("unit")
            .get(pk=application.pk)
        )
        if current.status not in spec.sources:
            raise ValidationError(
                _("申请当前状态为“%(status)s”，不能%(action)s。")
                % {"status": current.get_status_display(), "action": spec.label}
            )
        roles = frozenset(roles_for(by, current))
        if not roles & spec.roles:
            raise ValidationError(
                _("您无权对此申请执行“%(action)s”。") % {"action": spec.label}
            )
        step = Step(
            by=by,
            roles=roles,
            note=(note or "").strip()[:2000],
            data=data,
            now=at or timezone.now(),
        )
        from_status = current.status
        current.status = spec.apply(current, step)
        if step.clock:
            try:
                state = clock.compute(
                    clock_events(current) + [clock.Event(*step.clock)]
                )
            except clock.ClockError as error:
                raise ValidationError(str(error)) from None
            # Deadlines move later, never earlier.
            current.due_on = max(filter(None, [current.due_on, state.due]))
            step.event_data["due_on"] = current.due_on.isoformat()
        current.save()
        event = ApplicationEvent.objects.create(
            application=current,
            action=action,
            from_status=from_status,
            to_status=current.status,
            clock=step.clock[0] if step.clock else "",
            clock_date=step.clock[1] if step.clock else None,
            clock_days=step.clock[2] if step.clock else None,
            **event_fields(by, step),
        )
        for after in step.after:
            after(current, event)
        if notify:
            for notice in step.notices:
                notice(current, event)
    return copy_row(application, current)
