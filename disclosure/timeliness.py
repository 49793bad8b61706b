"""条例 Art. 26 timeliness: an item goes online within 20 working days of being
formed. Which units published late, and what is overdue and still unpublished."""

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone

from . import workdays
from .models import DisclosureItemPage, Unit

LATE = "late"
OVERDUE = "overdue"
STATUS_LABELS = {LATE: "逾期发布", OVERDUE: "逾期未发布"}


def problem_items(units, today=None):
    """Items of ``units`` published after their deadline, or still unpublished
    past it."""
    today = today or timezone.localdate()
    return (
        DisclosureItemPage.objects.filter(unit__in=units)
        .filter(late_q() | overdue_q(today))
        .select_related("unit")
        .order_by("unit__kind_order", "unit__sort_order", "due_on", "pk")
    )


def late_q():
    return Q(published_on__gt=F("due_on"))


def overdue_q(today):
    return Q(published_on__isnull=True, due_on__lt=today)


def describe(item, today=None):
    """Decorate ``item`` with its status and how many working days it is late."""
    today = today or timezone.localdate()
    if item.published_on:
        item.status = LATE
        item.workdays_late = workdays.between(item.due_on, item.published_on)
    else:
        item.status = OVERDUE
        item.workdays_late = workdays.between(item.due_on, today)
    item.status_label = STATUS_LABELS[item.status]
    return item


@dataclass
class UnitTimeliness:
    unit: Unit
    published: int
    late: int
    overdue: int

    @property
    def on_time(self):
        return self.published - self.late

    @property
    def on_time_rate(self):
        """Share of published items that went online on time, in percent."""
        if not self.published:
            return None
        return round(100 * self.on_time / self.published, 1)


def summary(units, today=None):
    """One row per unit, from a single aggregate query."""
    today = today or timezone.localdate()
    counts = {
        row["unit"]: row
        for row in DisclosureItemPage.objects.filter(unit__in=units)
        .order_by()
        .values("unit")
        .annotate(
            published=Count("pk", filter=Q(published_on__isnull=False)),
            late=Count("pk", filter=late_q()),
            overdue=Count("pk", filter=overdue_q(today)),
        )
    }
    empty = {"published": 0, "late": 0, "overdue": 0}
    return [
        UnitTimeliness(
            unit=unit,
            published=counts.get(unit.pk, empty)["published"],
            late=counts.get(unit.pk, empty)["late"],
            overdue=counts.get(unit.pk, empty)["overdue"],
        )
        for unit in units
    ]
