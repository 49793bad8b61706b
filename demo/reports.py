"""The demo's annual reports: the county's 2014 report made from the portal's
own 2014 data (the mailbox's 200 letters, 199 answered; the year's items),
with the seed's own account of its problems, and a draft of the current
year's report whose Table 3 comes from the demo's applications."""

from django.utils import timezone
from django.utils.html import escape

from disclosure.models import AnnualReportPage, UnitColumnPage
from disclosure.reports import annual

from .loader import REPORT_2014

SEED_YEAR = 2014


def seed_problems():
    """The seed's section 三、存在困难和问题, as rich text."""
    lines = REPORT_2014.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("三、存在困难"))
    end = next(i for i, line in enumerate(lines) if line.startswith("四、"))
    return "".join(f"<p>{escape(line)}</p>" for line in lines[start + 1 : end])


def build(column, year, *, live, problems=""):
    unit = column.unit
    page = AnnualReportPage(
        title=f"{unit.name}{year}年政府信息公开工作年度报告",
        slug=f"annual-report-{year}",
        unit=unit,
        year=year,
        aggregate_units=True,
        live=live,
    )
    page.refresh_figures()
    for key, text in annual.draft_sections(unit, year, page.figures).items():
        setattr(page, key, text)
    if problems:
        page.problems = problems
    page = column.add_child(instance=page)
    if not live:
        page.save_revision()
    return page


def load(log):
    column = UnitColumnPage.objects.select_related("unit").get(unit__slug="county")
    existing = set(
        AnnualReportPage.objects.filter(unit=column.unit).values_list("year", flat=True)
    )
    created = 0
    if SEED_YEAR not in existing:
        build(column, SEED_YEAR, live=True, problems=seed_problems())
        created += 1
    this_year = timezone.localdate().year
    if this_year not in existing:
        build(column, this_year, live=False)
        created += 1
    log("政府信息公开年度报告：已就绪")
    return created
