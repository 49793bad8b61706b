"""What every step of an application gets and may use: the :class:`Step`
being taken, the :class:`Action` table entry, and the notice a step issues
(built, checked and stored after the step's state was saved and its due date
recomputed, inside the same transaction: a notice that fails the review
checks rolls the whole step back)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import machine
from . import notices, notify


@dataclass
class Step(machine.Step):
    """A step of the shared machine's kind, with what the statutory clock
    and the application's notices need."""

    #: The roles the actor holds on the application.
    roles: frozenset = frozenset()
    #: (kind, date, days) for the statutory clock, or None.
    clock: tuple | None = None
    after: list = field(default_factory=list)


#: The shared action table entry; ``guard(application, today)`` here.
Action = machine.Action


def require(value, message):
    if not value:
        raise ValidationError(message)


def integer(value, low, high, message):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(message) from None
    if not low <= number <= high:
        raise ValidationError(message)
    return number


def issue_notice(step, kind, data, *, override="", uploads=()):
    """Build, check and store a notice after the step's state is saved (and
    its due date recomputed). ``data`` may be a callable of the application."""

    def after(application, event):
        values = data(application) if callable(data) else data
        content = notices.build(application, kind, values, step.today)
        review = notices.review(content, uploads)
        if review.blocking and not override:
            raise ValidationError(
                _(
                    "告知书未通过审查：%(problems)s 请修改；如确认无误，"
                    "须由负责人填写放行理由。"
                )
                % {"problems": review.message()}
            )
        notice = notices.issue(
            application,
            kind,
            content,
            step.today,
            findings=review.as_data(),
            override=override,
        )
        event.data["notice"] = notice.reference
        event.data["notice_id"] = notice.pk
        type(event).objects.filter(pk=event.pk).update(data=event.data)
        step.notices.append(lambda app, _event: notify.notice_issued(app, notice))

    step.after.append(after)
