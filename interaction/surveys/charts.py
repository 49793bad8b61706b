"""Geometry of the server-side SVG charts of survey results.

Widths are percentages of the chart's width and text is set in CSS pixels,
so a chart fills a 320 px phone or a desktop column without scaling its text
down or scrolling sideways. Each chart is drawn next to a table with the same
figures (templates/interaction/surveys/includes/), the table being what
screen readers use."""

from . import blocks as kinds

ROW = 52  # px per bar: a line of text and the bar under it
BAR_TOP = 26
BAR_HEIGHT = 18
LABEL_CHARS = 18
PALETTE = ["#b40f0f", "#1f5fa8", "#2e7d32", "#b26a00", "#6a3d9a", "#00796b"]
TIMELINE_HEIGHT = 140


def short(label, limit=LABEL_CHARS):
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bars(options, scale_max=None):
    """Horizontal bars, one per option, scaled to the largest count."""
    top = scale_max or max((o["count"] for o in options), default=0) or 1
    rows = []
    for index, option in enumerate(options):
        y = index * ROW
        rows.append(
            {
                "label": short(option["label"]),
                "value": f"{option['count']}（{option['percent']}%）",
                "text_y": y + 18,
                "bar_y": y + BAR_TOP,
                "width": f"{100 * option['count'] / top:.2f}%",
            }
        )
    return {
        "rows": rows,
        "height": max(len(options), 1) * ROW,
        "bar_height": BAR_HEIGHT,
    }


def stacked(rows, scale):
    """One 100 % bar per matrix row, a segment per scale point."""
    legend = [
        {"label": point["label"], "colour": PALETTE[i % len(PALETTE)]}
        for i, point in enumerate(scale)
    ]
    drawn = []
    for index, row in enumerate(rows):
        y = index * ROW
        x = 0.0
        segments = []
        for i, cell in enumerate(row["cells"]):
            share = cell["percent"] if row["answered"] else 0
            segments.append(
                {
                    "x": f"{x:.2f}%",
                    "width": f"{share:.2f}%",
                    "colour": PALETTE[i % len(PALETTE)],
                }
            )
            x += share
        drawn.append(
            {
                "label": short(row["label"]),
                "text_y": y + 18,
                "bar_y": y + BAR_TOP,
                "segments": segments,
            }
        )
    return {
        "rows": drawn,
        "legend": legend,
        "height": max(len(rows), 1) * ROW,
        "bar_height": BAR_HEIGHT,
    }


def timeline(days):
    """Columns of answers per day."""
    top = max((d["count"] for d in days), default=0) or 1
    n = max(len(days), 1)
    width = 100 / n
    columns = []
    for index, day in enumerate(days):
        height = TIMELINE_HEIGHT * day["count"] / top
        columns.append(
            {
                "x": f"{index * width + width * 0.1:.3f}%",
                "width": f"{width * 0.8:.3f}%",
                "y": f"{TIMELINE_HEIGHT - height:.1f}",
                "height": f"{height:.1f}",
            }
        )
    return {
        "columns": columns,
        "height": TIMELINE_HEIGHT,
        "first": days[0]["date"] if days else "",
        "last": days[-1]["date"] if days else "",
        "axis_y": TIMELINE_HEIGHT + 20,
    }


def decorate(report):
    """Add the chart geometry to a results report (in place)."""
    for question in report["questions"]:
        if question["kind"] in (kinds.SINGLE, kinds.MULTIPLE, kinds.RATING):
            question["chart"] = bars(question["options"])
        elif question["kind"] == kinds.MATRIX:
            question["chart"] = stacked(question["rows"], question["scale"])
    report["timeline_chart"] = timeline(report["timeline"])
    return report
