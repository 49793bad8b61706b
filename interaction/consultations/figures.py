"""Figures of the consultations for the monthly 通报 and the annual report:
consultations opened and closed, comments received and how they were
decided, and whether the 意见采纳情况反馈 came on time. :func:`summary` runs a
fixed number of queries whatever the data."""

from django.db.models import Count, Q

from ..figures_base import per_unit
from ..mailbox.figures import _rate, period
from ..models import (
    Comment,
    CommentStatus,
    ConsultationEvent,
    ConsultationPage,
    ConsultationState,
    Decision,
)

STARTED = [
    ConsultationState.OPEN,
    ConsultationState.CLOSED,
    ConsultationState.CONCLUDED,
]


def summary(unit=None, year=None, month=None):
    """Consultations opened and closed in the period (``unit`` None: all),
    the comments received in it and their decisions, feedback published in
    it (on time or late) and consultations now overdue for feedback."""
    start, end = period(year, month)
    pages = ConsultationPage.objects.all()
    comments = Comment.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
    events = ConsultationEvent.objects.filter(
        action="conclude", created_at__gte=start, created_at__lt=end
    )
    if unit is not None:
        pages = pages.filter(unit=unit)
        comments = comments.filter(consultation__unit=unit)
        events = events.filter(consultation__unit=unit)
    consultations = pages.aggregate(
        opened=Count(
            "pk", filter=Q(state__in=STARTED, opens_at__gte=start, opens_at__lt=end)
        ),
        closed=Count(
            "pk",
            filter=Q(state__in=STARTED[1:], closes_at__gte=start, closes_at__lt=end),
        ),
        feedback_overdue=Count(
            "pk", filter=Q(state=ConsultationState.CLOSED, flagged_at__isnull=False)
        ),
    )
    decided = comments.aggregate(
        comments=Count("pk"),
        published=Count("pk", filter=Q(status=CommentStatus.PUBLISHED)),
        adopted=Count("pk", filter=Q(decision=Decision.ADOPTED)),
        partly=Count("pk", filter=Q(decision=Decision.PARTLY)),
        not_adopted=Count("pk", filter=Q(decision=Decision.NOT_ADOPTED)),
        undecided=Count("pk", filter=Q(decision="")),
    )
    feedback = events.aggregate(
        feedback_published=Count("pk"),
        feedback_on_time=Count("pk", filter=Q(data__on_time=True)),
    )
    return {
        "year": year,
        "month": month,
        **consultations,
        **decided,
        **feedback,
        "adoption_rate": _rate(
            decided["adopted"] + decided["partly"],
            decided["comments"] - decided["undecided"],
        ),
        "feedback_on_time_rate": _rate(
            feedback["feedback_on_time"], feedback["feedback_published"]
        ),
    }


def by_unit(year, month=None):
    """One summary per unit with consultations or comments in the period."""
    return per_unit(
        summary,
        year,
        month,
        items=Comment,
        item_unit="consultation__unit",
        record_units=lambda start, end: ConsultationPage.objects.filter(
            Q(opens_at__gte=start, opens_at__lt=end)
            | Q(closes_at__gte=start, closes_at__lt=end)
        ).values_list("unit", flat=True),
    )
