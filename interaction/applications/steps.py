"""What every step of an application gets and may use: the :class:`Step`
being taken, the :class:`Action` table entry, and the notice a step issues
(built, checked and stored after the step's state was saved and its due date
recomputed, inside the same transaction: a notice that fails the review
checks rolls the whole step back)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import notices, notify


@dataclass
class Step:
    by: object
    note: str
    data: dict
    now: object
    #: The roles the actor holds on the application.
    roles: frozenset = frozenset()
    #: (kind, date, days) for the statutory clock, or None.
    clock: tuple | None = None
    notices: list = field(default_factory=list)
    after: list = field(default_factory=list)
    event_data: dict = field(default_factory=dict)

    @property
    def today(self):
        return timezone.localtime(self.now).date()


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset
    roles: frozenset
    apply: object
    #: Whether the applicant sees this step in the online history.
    public: bool = False
    #: ``guard(application, today)``: whether the admin offers the action.
    guard: object = None


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
