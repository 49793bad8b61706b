"""The state machines of interviews, questions, consultations and comments.

Each machine lists its actions: the states an action starts from, the roles
that may take it (the unit's staff, the scheduler, the citizen) and what it
does. :meth:`Machine.transition` is the only way a state changes: it locks the
row, checks the action against the current state and the actor, applies it,
stores the changed fields, writes an append-only event (who, when, from → to,
note, data) and queues the action's notices, all in one transaction. A
citizen's item enters through :meth:`Machine.submit`; the scheduler moves
records whose time came through :meth:`Machine.switch_due`. The letters of
the mailbox follow the same pattern in their own module."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import staff
from .mailbox import privacy
from .mailbox.roles import CITIZEN, SYSTEM, _Actor, actor_label

STAFF = "staff"
SYSTEM_ROLE = SYSTEM.role
CITIZEN_ROLE = CITIZEN.role


@dataclass
class Step:
    """One action being taken: by whom, its note and data, when; what it
    changes, the notices it queues and what its event records. Letters use
    it as it is, applications add their clock (applications/steps.py)."""

    by: object
    note: str
    data: dict
    now: object
    #: Whether notices are queued (False for history, e.g. the demo); passed
    #: on to transitions an action makes of other records.
    notify: bool = True
    changes: dict = field(default_factory=dict)
    notices: list = field(default_factory=list)
    event_data: dict = field(default_factory=dict)

    @property
    def today(self):
        return timezone.localtime(self.now).date()

    def set(self, obj, **values):
        """Change fields of ``obj``; they are stored with the new state."""
        for name, value in values.items():
            setattr(obj, name, value)
            self.changes[name] = value

    def require_note(self, message):
        if not self.note:
            raise ValidationError(message)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset
    roles: frozenset
    apply: object
    #: Whether the action makes sense beyond its state (the admin offers only
    #: those); ``apply`` checks again with a message. (Applications call it
    #: with the day too: ``guard(application, today)``.)
    guard: object = None
    #: Whether the citizen sees this step in the online history (letters,
    #: applications).
    public: bool = False


def copy_row(obj, current):
    """``obj`` with every stored field of ``current`` (the same row, as the
    transition locked and saved it); cached relations are dropped."""
    for f in type(obj)._meta.concrete_fields:
        setattr(obj, f.attname, getattr(current, f.attname))
    obj._state.fields_cache.clear()
    return obj


def event_fields(by, step):
    """The fields every append-only event of a step records (who, when, the
    note and the step's data): shared by the machines, the letters and the
    applications."""
    return {
        "actor": by if getattr(by, "pk", None) else None,
        "actor_label": actor_label(by),
        "note": step.note,
        "data": step.event_data,
        "created_at": step.now,
    }


def action(name, label, sources, roles, apply, guard=None, public=False):
    """A ``(name, Action)`` pair of an action table."""
    return name, Action(
        name,
        label,
        frozenset(sources),
        frozenset(roles),
        apply,
        guard=guard,
        public=public,
    )


@dataclass(frozen=True)
class Machine:
    model: type
    event_model: type
    #: The name of the event's foreign key to the model.
    event_fk: str
    actions: dict
    #: ``obj -> unit id`` of the unit whose staff act on ``obj``.
    unit_of: object
    #: Fields to load with the locked row (``select_related``).
    related: tuple = ()
    state_field: str = "state"
    #: Called after the transaction commits (e.g. to tell caches that what
    #: the public pages show has changed).
    on_commit: object = None

    def roles_for(self, by, obj):
        if isinstance(by, _Actor):
            return {by.role}
        return {STAFF} if staff.acts_for(by, self.unit_of(obj)) else set()

    def available(self, obj, user):
        """The actions ``user`` may try on ``obj`` in its current state."""
        roles = self.roles_for(user, obj)
        state = getattr(obj, self.state_field)
        return [
            a
            for a in self.actions.values()
            if state in a.sources
            and roles & a.roles
            and (a.guard is None or a.guard(obj))
        ]

    def label(self, name):
        spec = self.actions.get(name)
        return str(spec.label) if spec else name

    def _locked(self, pk):
        queryset = self.model.objects.select_for_update(
            of=("self",) if self.related else ()
        )
        if self.related:
            queryset = queryset.select_related(*self.related)
        return queryset.get(pk=pk)

    def transition(self, obj, name, *, by, note="", at=None, notify=True, **data):
        """Apply action ``name`` to ``obj`` on behalf of ``by`` (a user,
        CITIZEN or SYSTEM). Raises ValidationError (in Chinese) when the action
        is unknown, not allowed in the current state or to ``by``, or its data
        is invalid. ``at`` backdates the step (the demo); ``notify=False``
        queues no notice. Returns ``obj``, updated."""
        spec = self.actions.get(name)
        if spec is None:
            raise ValidationError(_("未知的操作。"))
        with transaction.atomic():
            current = self._locked(obj.pk)
            state = getattr(current, self.state_field)
            if state not in spec.sources:
                raise ValidationError(
                    _("当前状态为“%(state)s”，不能%(action)s。")
                    % {
                        "state": getattr(current, f"get_{self.state_field}_display")(),
                        "action": spec.label,
                    }
                )
            if not self.roles_for(by, current) & spec.roles:
                raise ValidationError(
                    _("您无权执行“%(action)s”。") % {"action": spec.label}
                )
            step = Step(
                by=by,
                note=(note or "").strip()[:2000],
                data=data,
                now=at or timezone.now(),
                notify=notify,
            )
            new_state = spec.apply(current, step)
            step.set(current, **{self.state_field: new_state})
            values = dict(step.changes)
            if any(f.name == "updated_at" for f in self.model._meta.concrete_fields):
                values["updated_at"] = timezone.now()
            # A queryset update: no page revision, no model clean, only the
            # fields this step changed.
            self.model.objects.filter(pk=current.pk).update(**values)
            event = self.event_model.objects.create(
                **{self.event_fk: current},
                action=name,
                from_state=state,
                to_state=new_state,
                **event_fields(by, step),
            )
            if notify:
                for notice in step.notices:
                    notice(current, event)
            if self.on_commit is not None:
                transaction.on_commit(self.on_commit)
        for name_, value in values.items():
            setattr(obj, name_, value)
        return obj

    def transition_due(self, records, name, *, at, note=""):
        """:func:`transition_each` through this machine."""
        return transition_each(self.transition, records, name, at=at, note=note)

    def switch_due(self, records, moves, *, at):
        """The scheduler's run over ``records`` (a queryset of pages): for
        each ``(key, state, time field, action, note)`` of ``moves``, in
        order, apply ``action`` to those in ``state`` whose time came by
        ``at``, earliest first. A record late for several moves makes them
        all in one run. Returns ``{key: how many moved}``."""
        return {
            key: self.transition_due(
                records.filter(
                    **{self.state_field: state, f"{field}__lte": at}
                ).order_by(field),
                name,
                at=at,
                note=note,
            )
            for key, state, field, name, note in moves
        }

    def submit(self, *, content, at, event_data=None, **fields):
        """Store a citizen's item (a question, a comment) in its first state,
        with the review checks' blocking findings on ``content`` kept for the
        staff, and its ``submit`` event, in one transaction."""
        findings = privacy.blocking_findings(content)
        with transaction.atomic():
            item = self.model.objects.create(
                content=content,
                submitted_at=at,
                findings=findings_data(findings),
                **fields,
            )
            self.event_model.objects.create(
                **{self.event_fk: item},
                action="submit",
                from_state="",
                to_state=getattr(item, self.state_field),
                actor_label=str(CITIZEN.label),
                created_at=at,
                data={**(event_data or {}), "findings": len(findings)},
            )
        return item


def findings_data(findings):
    """The review checks' findings as kept with a record."""
    return [
        {"rule": f.rule, "excerpt": f.excerpt, "message": f.message} for f in findings
    ]


def at_set_time(field, state):
    """The ``apply`` of an action that moves a record to ``state`` at the
    time its ``field`` sets (by the scheduler, or early by hand); the event
    keeps that time."""

    def apply(record, step):
        scheduled = timezone.localtime(getattr(record, field))
        step.event_data["scheduled"] = scheduled.isoformat()
        return state

    return apply


def transition_each(transition, records, name, *, at=None, note="", **data):
    """The scheduler's form of a transition function (a machine's, the
    mailbox's, the applications'): apply ``name`` as SYSTEM to each of
    ``records``, skipping those a person changed meanwhile (the transition
    refuses them). Returns how many moved."""
    moved = 0
    for record in records:
        try:
            transition(record, name, by=SYSTEM, at=at, note=note, **data)
        except ValidationError:  # changed by hand meanwhile
            continue
        moved += 1
    return moved
