"""The county office's monthly 通报 (每月通报各单位政府信息公开推进情况):
per unit, items published and on time, empty and stale columns, review
findings, and what the other channels add through the
``register_monthly_figures`` hook; ranked among units with a minimum sample."""

import datetime

from django.conf import settings
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import DisclosureItemPage, MonthlyBulletin, ReviewRun, Unit
from . import health, hooks

#: A unit publishing fewer items in the month is listed but not ranked.
MIN_SAMPLE = 3

BASE_COLUMNS = [
    ("items", gettext_lazy("发布信息")),
    ("on_time", gettext_lazy("按时发布")),
    ("on_time_rate", gettext_lazy("按时公开率（%）")),
    ("column_state", gettext_lazy("栏目状态")),
    ("review_findings", gettext_lazy("审查发现问题")),
]


def month_range(year, month):
    start = datetime.date(year, month, 1)
    end = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def compute(year, month):
    """The 通报's data: ``{"columns": [(key, label)], "rows": [...]}``, one row
    per unit with ``rank`` (None when below the minimum sample)."""
    start, end = month_range(year, month)
    last_day = end - datetime.timedelta(days=1)
    units = list(Unit.objects.ordered())
    items = {
        row["unit"]: row
        for row in DisclosureItemPage.objects.live()
        .filter(published_on__gte=start, published_on__lt=end)
        .order_by()
        .values("unit")
        .annotate(
            items=Count("pk"),
            on_time=Count("pk", filter=Q(published_on__lte=F("due_on"))),
        )
    }
    latest = dict(
        DisclosureItemPage.objects.live()
        .filter(published_on__lt=end)
        .order_by()
        .values_list("unit")
        .annotate(latest=Max("published_on"))
    )
    stale_limit = health.stale_days("policy")
    findings = review_findings_by_unit(start, end)
    extra_columns, extra = hooks.monthly_figures(units, start, end)
    minimum = getattr(settings, "MONTHLY_BULLETIN_MIN_SAMPLE", MIN_SAMPLE)
    rows = []
    for unit in units:
        counts = items.get(unit.pk, {})
        published = counts.get("items", 0)
        on_time = counts.get("on_time", 0)
        newest = latest.get(unit.pk)
        if newest is None:
            state = _("空白")
        elif (last_day - newest).days > stale_limit:
            state = _("不更新")
        else:
            state = _("正常")
        rows.append(
            {
                "unit": unit.name,
                "unit_id": unit.pk,
                "items": published,
                "on_time": on_time,
                "on_time_rate": round(100 * on_time / published, 1)
                if published
                else None,
                "column_state": state,
                "review_findings": findings.get(unit.pk, 0),
                **extra.get(unit.pk, {}),
                "rank": None,
            }
        )
    ranked = [row for row in rows if row["items"] >= minimum]
    ranked.sort(key=lambda row: (-(row["on_time_rate"] or 0), -row["items"]))
    for number, row in enumerate(ranked, 1):
        row["rank"] = number
    return {
        "year": year,
        "month": month,
        "min_sample": minimum,
        "columns": [(key, str(label)) for key, label in BASE_COLUMNS]
        + [(key, str(label)) for key, label in extra_columns],
        "rows": ranked + [row for row in rows if row["rank"] is None],
    }


def review_findings_by_unit(start, end):
    """Review runs with findings in the month, per unit of the item reviewed."""
    tz = timezone.get_current_timezone()
    runs = ReviewRun.objects.filter(
        created_at__gte=datetime.datetime.combine(start, datetime.time.min, tz),
        created_at__lt=datetime.datetime.combine(end, datetime.time.min, tz),
    ).exclude(findings=[])
    page_ids = [
        int(pk) for pk in runs.values_list("task_state__revision__object_id", flat=True)
    ]
    units = dict(
        DisclosureItemPage.objects.filter(pk__in=page_ids).values_list("pk", "unit")
    )
    counts = {}
    for pk in page_ids:
        if pk in units:
            counts[units[pk]] = counts.get(units[pk], 0) + 1
    return counts


def generate(today=None):
    """The 通报 of the month before ``today``, stored (again)."""
    today = today or timezone.localdate()
    first = today.replace(day=1) - datetime.timedelta(days=1)
    data = compute(first.year, first.month)
    data["columns"] = [[key, str(label)] for key, label in data["columns"]]
    bulletin, _created = MonthlyBulletin.objects.update_or_create(
        year=first.year, month=first.month, defaults={"data": data}
    )
    return bulletin


def as_html(data):
    """The 通报 as rich text the editor keeps (paragraphs and a list, which
    Draftail edits without loss), for its published version."""
    columns = data["columns"]
    items = []
    for row in data["rows"]:
        figures = "，".join(
            f"{label}{'—' if row.get(key) is None else row.get(key)}"
            for key, label in columns
        )
        rank = _("第%(n)s名") % {"n": row["rank"]} if row["rank"] else _("未参加排名")
        items.append(
            f"<li>{escape(row['unit'])}（{escape(rank)}）：{escape(figures)}</li>"
        )
    intro = _(
        "现将%(year)s年%(month)s月各单位政府信息公开推进情况通报如下"
        "（当月发布信息少于%(n)s条的单位不参加排名）。"
    ) % {"year": data["year"], "month": data["month"], "n": data["min_sample"]}
    return f"<p>{escape(intro)}</p><ol>{''.join(items)}</ol>"


def draft_for_site(bulletin, category, user=None):
    """The 通报 as a draft item in the county office's column, for the office
    to submit to the review like any other item."""
    from ..models import UnitColumnPage

    office = Unit.county_office()
    column = UnitColumnPage.objects.get(
        unit=office, locale__language_code=settings.LANGUAGE_CODE
    )
    page = DisclosureItemPage(
        title=str(bulletin),
        formed_on=timezone.localdate(),
        category=category,
        summary=str(bulletin),
        body=as_html(bulletin.data),
        live=False,
        owner=user,
    )
    page.slug = f"bulletin-{bulletin.year}-{bulletin.month:02d}-{bulletin.pk}"
    column.add_child(instance=page)
    page.save_revision(user=user)
    return page


def chart(data, width=640, bar_height=16, label_width=160):
    """An SVG bar chart of items published per unit: ``{"width", "height",
    "bars": [{"y", "width", "label", "value"}]}`` for the template."""
    rows = data["rows"]
    peak = max((row["items"] for row in rows), default=0) or 1
    span = width - label_width - 60
    bars = [
        {
            "y": index * (bar_height + 6),
            "text_y": index * (bar_height + 6) + bar_height - 3,
            "width": round(span * row["items"] / peak, 1),
            "label": row["unit"],
            "value": row["items"],
            "value_x": label_width + round(span * row["items"] / peak, 1) + 4,
        }
        for index, row in enumerate(rows)
    ]
    return {
        "width": width,
        "height": len(rows) * (bar_height + 6),
        "bar_height": bar_height,
        "label_width": label_width,
        "label_x": label_width - 6,
        "bars": bars,
    }
