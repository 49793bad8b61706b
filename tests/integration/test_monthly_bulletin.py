"""The monthly 通报 and the annual report's deadlines: the figures equal
direct counts, units below the minimum sample are not ranked, the XLSX
opens, and units without a published report are reminded and listed."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from disclosure.models import DisclosureItemPage, MonthlyBulletin, Unit
from disclosure.reports import monthly
from disclosure.tasks import monthly_bulletin
from interaction import reports as interaction_reports
from interaction.mailbox import figures as letter_figures
from interaction.models import Notification

pytestmark = pytest.mark.services


def test_figures_equal_direct_counts_and_ranking_needs_a_sample(demo_db):
    data = monthly.compute(2014, 10)
    rows = {row["unit"]: row for row in data["rows"]}
    letters = letter_figures.letters_in(2014, 10)
    for unit in Unit.objects.all():
        row = rows[unit.name]
        items = DisclosureItemPage.objects.live().filter(
            unit=unit, published_on__year=2014, published_on__month=10
        )
        assert row["items"] == items.count()
        assert row["letters"] == letters.filter(unit=unit).count()
        if row["items"] < data["min_sample"]:
            assert row["rank"] is None
    ranks = [row["rank"] for row in data["rows"] if row["rank"]]
    assert ranks == list(range(1, len(ranks) + 1))
    assert (
        sum(row["letters"] for row in data["rows"])
        == letters.exclude(unit=None).count()
    )


def test_generated_on_the_first_with_chart_and_xlsx(demo_db, client):
    monthly_bulletin.delay()
    bulletin = MonthlyBulletin.objects.get()
    client.force_login(get_user_model().objects.get(username="webmaster"))
    page = client.get(reverse("site_health:bulletins")).content.decode()
    assert "<svg" in page and str(bulletin) in page
    response = client.get(reverse("site_health:bulletin_xlsx", args=[bulletin.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == "机构"
    assert sheet.max_row == Unit.objects.count() + 2


def test_units_without_a_report_are_reminded_and_listed(demo_db, client):
    units = Unit.objects.exclude(kind=Unit.Kind.COUNTY).exclude(email="")
    january = datetime.date(2015, 1, 20)
    assert interaction_reports.send_annual_report_reminders(january) == units.count()
    assert interaction_reports.send_annual_report_reminders(january) == 0  # once a day
    # The county published its 2014 report in the demo: no reminder in March.
    assert (
        interaction_reports.send_annual_report_reminders(datetime.date(2015, 3, 2)) == 0
    )
    assert Notification.objects.filter(topic="annual_report").count() == units.count()
    client.force_login(get_user_model().objects.get(username="webmaster"))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "年度政府信息公开工作年度报告未发布的单位" in home


def test_the_office_publishes_a_bulletin_through_the_review(demo_db, client):
    from disclosure.models import Category
    from tests.factories import pass_review

    bulletin = monthly.generate(datetime.date(2014, 11, 1))
    client.force_login(get_user_model().objects.get(username="webmaster"))
    category = Category.objects.get(slug="zhongdian")
    response = client.post(
        reverse("site_health:publish_bulletin", args=[bulletin.pk]),
        {"category": category.pk},
    )
    page = DisclosureItemPage.objects.get(title=str(bulletin))
    assert response.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live and "厉山镇人民政府" in page.body
    pass_review(page, by="editor_xzfb", reviewers=("reviewer", "secrecy"))
    page.refresh_from_db()
    assert page.live


def test_only_the_county_office_reaches_bulletins(demo_db, client):
    bulletin = monthly.generate(datetime.date(2014, 11, 1))
    client.force_login(get_user_model().objects.get(username="editor_lishan"))
    # Wagtail's admin turns the refusal into a redirect to the dashboard.
    refused = {403, 302}
    assert client.get(reverse("site_health:bulletins")).status_code in refused
    xlsx = client.get(reverse("site_health:bulletin_xlsx", args=[bulletin.pk]))
    assert xlsx.status_code in refused and "sheet" not in xlsx.get("Content-Type")
    publish = reverse("site_health:publish_bulletin", args=[bulletin.pk])
    assert client.post(publish, {"category": "1"}).status_code in refused
    assert not DisclosureItemPage.objects.filter(title=str(bulletin)).exists()
    # The office's own malformed post is a message, not an error page.
    client.force_login(get_user_model().objects.get(username="webmaster"))
    for value in ("abc", "1" * 30, "-1"):
        response = client.post(publish, {"category": value})
        assert response.status_code == 302
    assert not DisclosureItemPage.objects.filter(title=str(bulletin)).exists()
