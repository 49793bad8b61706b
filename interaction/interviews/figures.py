"""Figures of the online interviews for the monthly 通报 and the annual
report: interviews held and questions received and handled, for one unit or
all, in a year or a month. :func:`summary` runs a fixed number of queries
whatever the data."""

from django.db.models import Count, Q

from ..figures_base import per_unit
from ..mailbox.figures import _rate, period
from ..models import InterviewPage, InterviewState, Question, QuestionStatus

HELD = [InterviewState.LIVE, InterviewState.ENDED, InterviewState.ARCHIVED]
QS = QuestionStatus


def summary(unit=None, year=None, month=None):
    """``{"interviews", "questions", "answered", "routed", "rejected",
    "merged", "pending", "accepted", "answer_rate"}`` for interviews held
    (started) in the period and questions received in it. ``unit`` None
    means every unit; ``answer_rate`` is answered or routed out of the
    questions not rejected or merged (None without any)."""
    start, end = period(year, month)
    interviews = InterviewPage.objects.filter(
        state__in=HELD, starts_at__gte=start, starts_at__lt=end
    )
    questions = Question.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
    if unit is not None:
        interviews = interviews.filter(host_unit=unit)
        questions = questions.filter(interview__host_unit=unit)
    counts = questions.aggregate(
        questions=Count("pk"),
        **{
            status: Count("pk", filter=Q(status=status))
            for status in (
                QS.ANSWERED,
                QS.ROUTED,
                QS.REJECTED,
                QS.MERGED,
                QS.PENDING,
                QS.ACCEPTED,
            )
        },
    )
    valid = counts["questions"] - counts[QS.REJECTED] - counts[QS.MERGED]
    return {
        "year": year,
        "month": month,
        "interviews": interviews.count(),
        **counts,
        "answer_rate": _rate(counts[QS.ANSWERED] + counts[QS.ROUTED], valid),
    }


def by_unit(year, month=None):
    """One summary per host unit with interviews or questions in the period."""
    return per_unit(
        summary,
        year,
        month,
        items=Question,
        item_unit="interview__host_unit",
        record_units=lambda start, end: InterviewPage.objects.filter(
            state__in=HELD, starts_at__gte=start, starts_at__lt=end
        ).values_list("host_unit", flat=True),
    )
