"""What the annual report is made of: the year's figures (through the hooks),
the draft text the system writes from them, and the tables of a report."""

from django.db.models import Count
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Category, DisclosureItemPage, Unit
from . import crosscheck, hooks
from . import tables as t

#: The six sections of the format: (field name, heading).
SECTIONS = [
    ("overview", gettext_lazy("一、总体情况")),
    ("proactive", gettext_lazy("二、主动公开政府信息情况")),
    ("applications", gettext_lazy("三、收到和处理政府信息公开申请情况")),
    ("appeals", gettext_lazy("四、政府信息公开行政复议、行政诉讼情况")),
    ("problems", gettext_lazy("五、存在的主要问题及改进情况")),
    ("other", gettext_lazy("六、其他需要报告的事项")),
]


def scope(unit, aggregate):
    """The units a report covers: the county's aggregate report covers all."""
    if aggregate:
        return Unit.objects.all()
    return Unit.objects.filter(pk=unit.pk)


def items_by_category(units, year):
    """``[(category name, n)]`` of items first published in ``year``."""
    counts = dict(
        DisclosureItemPage.objects.live()
        .filter(unit__in=units, published_on__year=year)
        .order_by()
        .values_list("category")
        .annotate(n=Count("pk"))
    )
    return [
        (category.name, counts[category.pk])
        for category in Category.objects.filter(pk__in=counts)
    ]


def figures(unit, year, aggregate=False):
    """The year's figures of the report of ``unit``."""
    supplied = hooks.report_figures(None if aggregate else unit, year)
    return {
        "items": items_by_category(scope(unit, aggregate), year),
        "table3": t.table3(supplied["table3"]),
        "channels": supplied["channels"],
    }


def units_tables(year, county):
    """Tables 2 and 4 of every other unit's published report of ``year``,
    summed: the county's aggregate report starts from them."""
    from ..models import AnnualReportPage

    reports = AnnualReportPage.objects.live().filter(year=year).exclude(unit=county)
    reports = [page.get_latest_revision_as_object() for page in reports]
    return (
        t.add([page.table2 for page in reports], t.table2),
        t.add([page.table4 for page in reports], t.table4),
    )


def _p(text):
    return f"<p>{escape(text)}</p>"


def draft_sections(unit, year, figures, table4=None):
    """The system's draft of the six sections, as rich text HTML."""
    table3 = t.table3(figures["table3"])
    table4 = t.table4(table4)
    items = figures["items"]
    total_items = sum(n for _name, n in items)
    name = unit.name
    overview = [
        _(
            "%(year)s年，%(unit)s依据《中华人民共和国政府信息公开条例》，坚持以公开为"
            "常态、不公开为例外，全面推进政府信息公开工作。"
        )
        % {"year": year, "unit": name},
        _("全年主动公开政府信息%(n)s条。") % {"n": total_items},
    ]
    overview += [channel["summary"] for channel in figures["channels"]]
    proactive = [
        _("%(year)s年主动公开政府信息%(n)s条，其中：%(parts)s。")
        % {
            "year": year,
            "n": total_items,
            "parts": "，".join(f"{category}{n}条" for category, n in items) or _("无"),
        }
        if items
        else _("%(year)s年未主动公开政府信息。") % {"year": year},
        _("行政规范性文件、行政许可等情况见下表。"),
    ]
    applications = [
        _(
            "本年新收政府信息公开申请%(new)s件，上年结转政府信息公开申请%(old)s件，"
            "办结申请%(done)s件，结转下年度继续办理%(left)s件。"
        )
        % {
            "new": table3[t.NEW][t.TOTAL],
            "old": table3[t.CARRIED_IN][t.TOTAL],
            "done": table3[t.TOTAL][t.TOTAL],
            "left": table3[t.CARRIED_OUT][t.TOTAL],
        },
        _("其中予以公开%(yes)s件，部分公开%(part)s件。")
        % {"yes": table3["予以公开"][t.TOTAL], "part": table3["部分公开"][t.TOTAL]},
    ]
    appeals = [
        _("本年度因政府信息公开引起行政复议%(review)s件，行政诉讼%(suits)s件。")
        % {
            "review": table4[t.RECONSIDERATION][t.TOTAL],
            "suits": table4[t.SUED_DIRECTLY][t.TOTAL] + table4[t.SUED_AFTER][t.TOTAL],
        }
    ]
    problems = [_("（请填写本年度存在的主要问题及改进情况。）")]
    other = [_("本年度未收取信息处理费。")]
    texts = dict(
        overview=overview,
        proactive=proactive,
        applications=applications,
        appeals=appeals,
        problems=problems,
        other=other,
    )
    return {key: "".join(_p(line) for line in lines) for key, lines in texts.items()}


def report_checks(report):
    return crosscheck.check_all(
        report.table2,
        report.effective_table3(),
        report.table4,
        [getattr(report, key) for key, _h in SECTIONS],
    )


def as_json(unit, year):
    """The tables and failed checks of ``unit``'s report for ``year``: the
    report page's latest revision if there is one, else computed afresh."""
    from ..models import AnnualReportPage

    page = AnnualReportPage.objects.filter(unit=unit, year=year).first()
    if page is not None:
        page = page.get_latest_revision_as_object()
        table2, table3, table4 = (
            t.table2(page.table2),
            page.effective_table3(),
            t.table4(page.table4),
        )
        checks = report_checks(page)
    else:
        aggregate = unit.kind == Unit.Kind.COUNTY
        table2, table4 = t.empty_table2(), t.empty_table4()
        table3 = figures(unit, year, aggregate)["table3"]
        checks = crosscheck.check_all(table2, table3, table4)
    return {
        "unit": unit.name,
        "year": year,
        "table3": table3,
        "table2": table2,
        "table4": table4,
        "checks": [check["message"] for check in checks],
    }
