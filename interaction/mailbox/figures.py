"""Figures of the mailbox, per month and per unit.

* received (收到来信): letters received in the period, those declined excluded
* answered (已答复): of those, letters with an answer
* 办结率 = closed / received
* 按时办结率 = closed and answered by the deadline / closed
* 满意率 = (满意 + 基本满意) / rated
* average working days from receipt to answer

Every function runs a fixed number of queries whatever the number of letters.
A unit with fewer than ``MAILBOX_MIN_SAMPLE`` letters is listed but not ranked.
"""

import datetime
from dataclasses import asdict, dataclass

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure.models import Unit

from .. import conf
from ..models import Letter, MonthlyReport, Rating, Status

AGGREGATES = {
    "received": Count("pk"),
    "answered": Count("pk", filter=Q(answered_at__isnull=False)),
    "closed": Count("pk", filter=Q(status=Status.CLOSED)),
    "closed_on_time": Count(
        "pk", filter=Q(status=Status.CLOSED, answered_on_time=True)
    ),
    "rated": Count("pk", filter=~Q(rating="")),
    "satisfied": Count("pk", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASIC])),
    "avg_workdays": Avg("workdays_to_answer"),
}


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Row:
    label: str
    received: int = 0
    answered: int = 0
    closed: int = 0
    closed_on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    avg_workdays: float | None = None
    rank: int | None = None
    ranked: bool = False
    key: str = ""

    @classmethod
    def of(cls, label, values, key=""):
        values = {k: values.get(k) for k in AGGREGATES}
        avg = values.pop("avg_workdays")
        return cls(
            label=label,
            key=key,
            avg_workdays=round(float(avg), 1) if avg is not None else None,
            **{k: v or 0 for k, v in values.items()},
        )

    @property
    def closing_rate(self):
        return _rate(self.closed, self.received)

    @property
    def on_time_rate(self):
        return _rate(self.closed_on_time, self.closed)

    @property
    def satisfaction_rate(self):
        return _rate(self.satisfied, self.rated)

    @property
    def rank_label(self):
        return str(self.rank) if self.ranked else _("样本不足，不排名")

    def as_dict(self):
        data = asdict(self)
        data.update(
            closing_rate=self.closing_rate,
            on_time_rate=self.on_time_rate,
            satisfaction_rate=self.satisfaction_rate,
        )
        return data

    @classmethod
    def from_dict(cls, data):
        fields = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in fields})


def period(year, month=None):
    """Aware [start, end) of a year or of one month."""
    tz = timezone.get_current_timezone()
    if month:
        start = datetime.date(year, month, 1)
        end = datetime.date(year + (month == 12), month % 12 + 1, 1)
    else:
        start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end, datetime.time.min, tzinfo=tz),
    )


def letters_in(year, month=None, queryset=None):
    start, end = period(year, month)
    queryset = Letter.objects.all() if queryset is None else queryset
    return queryset.counted().filter(received_at__gte=start, received_at__lt=end)


def total(letters, label=""):
    return Row.of(label or _("合计"), letters.aggregate(**AGGREGATES))


def by_month(letters):
    rows = (
        letters.annotate(month=TruncMonth("received_at"))
        .order_by()
        .values("month")
        .annotate(**AGGREGATES)
        .order_by("month")
    )
    result = []
    for values in rows:
        month = values["month"]
        if isinstance(month, datetime.datetime):
            month = timezone.localtime(month) if timezone.is_aware(month) else month
        result.append(Row.of(month_label(month), values, key=f"{month:%Y-%m}"))
    return result


def by_unit(letters):
    """One row per unit (letters not yet assigned form their own row), ranked
    by 按时办结率, then 办结率, then 满意率, among units with enough letters."""
    grouped = list(letters.order_by().values("unit").annotate(**AGGREGATES))
    units = Unit.objects.in_bulk([v["unit"] for v in grouped if v["unit"]])
    rows = []
    for values in grouped:
        unit = units.get(values["unit"])
        label = unit.display_name if unit else _("未转办")
        row = Row.of(label, values, key=unit.slug if unit else "")
        row.sort_order = (unit.kind_order, unit.sort_order) if unit else (9, 0)
        rows.append(row)
    minimum = conf.get("MAILBOX_MIN_SAMPLE")
    ranked = [r for r in rows if r.key and r.received >= minimum]
    ranked.sort(
        key=lambda r: (
            -(r.on_time_rate or 0),
            -(r.closing_rate or 0),
            -(r.satisfaction_rate or 0),
            r.sort_order,
        )
    )
    for number, row in enumerate(ranked, 1):
        row.rank, row.ranked = number, True
    unranked = sorted((r for r in rows if not r.ranked), key=lambda r: r.sort_order)
    return ranked + unranked


def years():
    return sorted(
        {d.year for d in Letter.objects.counted().dates("received_at", "year")},
        reverse=True,
    )


def summary(year, month=None, queryset=None):
    letters = letters_in(year, month, queryset)
    return {
        "year": year,
        "month": month,
        "total": total(letters),
        "months": [] if month else by_month(letters),
        "units": by_unit(letters),
        "min_sample": conf.get("MAILBOX_MIN_SAMPLE"),
    }


def month_label(month):
    return _("%(year)s年%(month)s月") % {"year": month.year, "month": month.month}


def chart_width(value, maximum):
    return round(100 * value / maximum, 1) if maximum else 0


# --------------------------------------------------------------------------
# The monthly report for the leadership


def previous_month(today):
    first = today.replace(day=1)
    return (first - datetime.timedelta(days=1)).replace(day=1)


def generate_monthly_report(today=None):
    """Store the figures of last month (and of the year to date) and tell the
    leadership, the supervision group and the office. Idempotent: a month
    already reported is returned unchanged."""
    from django.db import transaction
    from django.urls import reverse

    from .. import outbox
    from . import notify

    today = today or timezone.localdate()
    month = previous_month(today)
    existing = MonthlyReport.objects.filter(month=month).first()
    if existing:
        return existing
    monthly = summary(month.year, month.month)
    year_to_date = letters_in(month.year).filter(
        received_at__lt=period(month.year, month.month)[1]
    )
    figures = {
        "month": monthly["total"].as_dict(),
        "units": [row.as_dict() for row in monthly["units"]],
        "year_to_date": total(year_to_date, _("本年累计")).as_dict(),
        "min_sample": monthly["min_sample"],
        "alerts": Letter.objects.alert(today).count(),
        "overdue": Letter.objects.overdue(today).count(),
    }
    with transaction.atomic():
        report, created = MonthlyReport.objects.get_or_create(
            month=month, defaults={"figures": figures}
        )
        if not created:
            return report
        row = report.figures["month"]
        ytd = report.figures["year_to_date"]
        url = conf_url(reverse("mailbox_figures:monthly_report", args=[report.pk]))
        body = _(
            "%(month)s书记县长信箱办理情况：收到来信%(received)s件，已答复%(answered)s件，"
            "办结率%(closing)s，按时办结率%(on_time)s，满意率%(satisfaction)s。\n"
            "本年累计收到来信%(ytd_received)s件，办结率%(ytd_closing)s。\n"
            "逾期未答复%(overdue)s件，超过三个月未答复%(alerts)s件。\n\n详见：%(url)s"
        ) % {
            "month": month_label(month),
            "received": row["received"],
            "answered": row["answered"],
            "closing": percent(row["closing_rate"]),
            "on_time": percent(row["on_time_rate"]),
            "satisfaction": percent(row["satisfaction_rate"]),
            "ytd_received": ytd["received"],
            "ytd_closing": percent(ytd["closing_rate"]),
            "overdue": figures["overdue"],
            "alerts": figures["alerts"],
            "url": url,
        }
        subject = _("【信箱月报】%(month)s书记县长信箱办理情况") % {
            "month": month_label(month)
        }
        for group in (
            conf.get("MAILBOX_LEADERSHIP_GROUP"),
            conf.get("MAILBOX_SUPERVISION_GROUP"),
            conf.get("MAILBOX_OFFICE_GROUP"),
        ):
            outbox.email_users(
                notify.group_members(group),
                f"monthly-report-{month:%Y%m}",
                subject,
                body,
                "monthly-report",
            )
    return report


def conf_url(path):
    from django.conf import settings

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def percent(value):
    return "—" if value is None else f"{value}%"


# --------------------------------------------------------------------------
# XLSX

COLUMNS = [
    ("label", gettext_lazy("单位/月份")),
    ("received", gettext_lazy("收到来信")),
    ("answered", gettext_lazy("已答复")),
    ("closed", gettext_lazy("已办结")),
    ("closing_rate", gettext_lazy("办结率(%)")),
    ("closed_on_time", gettext_lazy("按时办结")),
    ("on_time_rate", gettext_lazy("按时办结率(%)")),
    ("rated", gettext_lazy("已评价")),
    ("satisfaction_rate", gettext_lazy("满意率(%)")),
    ("avg_workdays", gettext_lazy("平均答复用时(工作日)")),
    ("rank_label", gettext_lazy("排名")),
]


def workbook(sheets):
    """An XLSX file (bytes) with one sheet per ``(title, rows)``."""
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title=str(title)[:31])
        sheet.append([str(label) for _name, label in COLUMNS])
        for row in rows:
            sheet.append([getattr(row, name) for name, _label in COLUMNS])
    output = BytesIO()
    book.save(output)
    return output.getvalue()
