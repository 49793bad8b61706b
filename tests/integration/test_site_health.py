"""Site health against the inspection rules: each rule fires on a planted
case and stays quiet on the clean demo; the command prints one JSON finding
per line; runs are stored and shown on the webmaster's dashboard."""

import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from disclosure.models import Category, DisclosureItemPage, HealthRun, Unit
from disclosure.reports import health
from disclosure.tasks import site_health
from home import health as home_health
from home.models import SiteIdentity
from interaction import reports as interaction_reports
from interaction.models import Application, Letter

pytestmark = pytest.mark.services

# The demo's catalogue is of 2014; its news is dated today.
DEMO_CATALOGUE_DAY = datetime.date(2015, 1, 10)
DISCLOSURE_RULES = [
    health.disclosure_columns,
    health.publication_dates,
    health.expression_errors,
    health.dead_links,
]


def today():
    return timezone.localdate()


def rules(found):
    return {f.rule for f in found}


def an_item(unit_slug="lishan"):
    return DisclosureItemPage.objects.live().filter(unit__slug=unit_slug).first()


def test_the_clean_demo_passes(demo_db):
    for rule in DISCLOSURE_RULES:
        assert rule(DEMO_CATALOGUE_DAY) == [], rule.__name__
    assert home_health.checks(today()) == []
    # The demo keeps, on purpose, letters and an application the mailbox's
    # and the applications' own alerts show: the rule reports exactly those.
    found = interaction_reports.health_checks(today())
    letters = {f.where for f in found if f.rule.startswith("letter")}
    assert "2014-00200" in letters  # the one of 200 not answered
    assert letters == set(
        Letter.objects.alert(today()).values_list("number", flat=True)
    ) | set(Letter.objects.overdue(today()).values_list("number", flat=True))
    assert interaction_reports.consultation_checks(today()) == []
    assert {f.where for f in found if f.rule.startswith("application")} == set(
        Application.objects.overdue(today()).values_list("number", flat=True)
    )


def test_homepage_and_columns_not_updated_fire(demo_db):
    later = today() + datetime.timedelta(days=30)
    assert "homepage_stale" in rules(home_health.homepage(later))
    stale = health.disclosure_columns(datetime.date(2015, 9, 1))
    assert len([f for f in stale if f.rule == "column_stale"]) >= 5
    assert not health.vetoes(stale)["stale"]
    DisclosureItemPage.objects.filter(unit__slug="lishan").update(live=False)
    empty = health.disclosure_columns(DEMO_CATALOGUE_DAY)
    assert [(f.rule, f.where) for f in empty] == [("column_empty", "厉山镇人民政府")]


def test_empty_category_fires(demo_db):
    Category.objects.create(name="测试空类别", slug="test-empty")
    assert "测试空类别" in {f.where for f in health.empty_categories(today())}


def test_forged_or_missing_publication_dates_fire(demo_db):
    first, second = DisclosureItemPage.objects.live()[:2]
    DisclosureItemPage.objects.filter(pk=first.pk).update(
        published_on=DEMO_CATALOGUE_DAY + datetime.timedelta(days=3)
    )
    DisclosureItemPage.objects.filter(pk=second.pk).update(published_on=None)
    found = health.publication_dates(DEMO_CATALOGUE_DAY)
    assert {f.where for f in found} == {first.title, second.title}
    assert not health.vetoes(found)["dates"]


def test_severe_expression_errors_on_live_pages_fire(demo_db):
    item = an_item()
    DisclosureItemPage.objects.filter(pk=item.pk).update(
        body="<p>秘密★5年 联系电话13812345678</p>"
    )
    found = health.expression_errors(DEMO_CATALOGUE_DAY)
    assert {f.where for f in found} == {item.title}
    assert all(f.severity == health.VETO for f in found)


def dead_external(url):
    return "dead.example" not in url


def test_dead_internal_and_external_links_fire(demo_db, settings):
    settings.SITE_HEALTH_LINK_CHECKER = (
        "tests.integration.test_site_health.dead_external"
    )
    item = an_item()
    DisclosureItemPage.objects.filter(pk=item.pk).update(
        body='<p><a linktype="page" id="999999">旧页面</a>'
        '<a href="/no-such-page/">站内</a>'
        '<a href="https://dead.example/x">外部</a>'
        '<a href="https://alive.example/">外部</a></p>'
    )
    messages = [f.message for f in health.dead_links(today())]
    assert len(messages) == 3
    assert any("999999" in m for m in messages)
    assert any("/no-such-page/" in m for m in messages)
    assert any("dead.example" in m for m in messages)


def test_missing_footer_identifiers_fire(demo_db):
    SiteIdentity.objects.update(site_code="", party_mark_url="")
    found = home_health.footer(today())
    assert {f.message for f in found} == {
        "页脚缺少网站标识码，请在“网站信息”中填写。",
        "页脚缺少党政机关网站标识，请在“网站信息”中填写。",
    }


def test_applications_unanswered_for_months_fire(demo_db):
    application = Application.objects.filter(decided_on__isnull=True).first()
    old = today() - datetime.timedelta(days=120)
    Application.objects.filter(pk=application.pk).update(
        status="received", received_on=old, due_on=old + datetime.timedelta(days=28)
    )
    found = interaction_reports.health_checks(today())
    assert ("application_unanswered", application.number) in {
        (f.rule, f.where) for f in found
    }


def test_consultation_without_feedback_fires(demo_db):
    from interaction.models import ConsultationPage
    from tests.factories import consultation

    start = timezone.now() - datetime.timedelta(days=40)
    page = consultation(opens_at=start, closes_at=start + datetime.timedelta(days=10))
    ConsultationPage.objects.filter(pk=page.pk).update(
        state="closed", feedback_due_on=today() - datetime.timedelta(days=1)
    )
    found = interaction_reports.consultation_checks(today())
    assert [(f.rule, f.where) for f in found] == [
        ("consultation_feedback_overdue", page.title)
    ]


def test_command_prints_one_json_finding_per_line(demo_db):
    out = io.StringIO()
    call_command("site_health", "--json", "--today", "2015-01-10", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines
    assert all(set(line) >= {"rule", "severity", "where", "message"} for line in lines)


def test_beat_task_stores_runs_for_the_dashboard(demo_db, client):
    site_health.delay()
    client.force_login(get_user_model().objects.get(username="webmaster"))
    client.post(reverse("site_health:run"))  # 立即检查
    assert HealthRun.objects.count() == 2
    run = HealthRun.objects.first()
    assert run.findings and not run.vetoes["stale"]
    client.force_login(get_user_model().objects.get(username="webmaster"))
    page = client.get(reverse("site_health:index")).content.decode()
    assert "栏目不更新（≥5个）" in page and "不通过" in page
    assert reverse("wagtailadmin_pages:edit", args=[an_item().get_parent().pk]) in page
    client.force_login(get_user_model().objects.get(username="editor_lishan"))
    assert client.get(reverse("site_health:index")).status_code != 200
    assert Unit.objects.exists()
