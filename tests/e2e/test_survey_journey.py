"""A citizen answers 教育局's school-bus survey on a phone-sized window with
an SMS code; a second try with the same phone is refused; after the survey
closes its page shows the results as charts with tables."""

import pytest
from playwright.sync_api import expect

from .conftest import manage

pytestmark = pytest.mark.e2e

PHONE = "13872260390"
SURVEY = "/hudong/diaocha/xiaoche-2026/"


def latest_code(phone):
    """The code the site sent (the SMS gateway is the outbox here)."""
    return manage(
        "shell",
        "-v0",
        "-c",
        "import re; from interaction.models import Notification; "
        f"n = Notification.objects.filter(topic='survey-code', recipient='{phone}')"
        ".latest('pk'); print(re.search(r'验证码为(\\d{6})', n.body).group(1))",
    ).strip()


def fill_answers(page):
    page.get_by_label("随县实验小学").check()
    page.get_by_label("增加站点").check()
    page.get_by_label("调整发车时间").check()
    page.get_by_label("4分").check()
    page.get_by_label("4. 您建议增设的上车点").fill("神农大道与烈山大道交叉口")


def ask_for_code(page):
    page.get_by_label("手机号码").fill(PHONE)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("[data-code-notice]")).to_contain_text("138****0390")
    return latest_code(PHONE)


def no_sideways_scrolling(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_citizen_answers_on_a_phone_once_and_sees_the_results(browser, live_site):
    context = browser.new_context(
        base_url=live_site, locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/hudong/diaocha/")
    page.get_by_role("link", name="城区中小学校车线路调整意见调查").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "城区中小学校车线路调整意见调查"
    )
    no_sideways_scrolling(page)

    # Submitting without a code: errors next to the fields, answers kept.
    fill_answers(page)
    page.get_by_label("手机号码").fill(PHONE)
    page.get_by_role("button", name="提交答卷", exact=True).click()
    expect(page.locator(".error-summary")).to_contain_text("短信验证码")
    expect(page.get_by_label("随县实验小学")).to_be_checked()
    no_sideways_scrolling(page)

    code = ask_for_code(page)
    expect(page.get_by_label("增加站点")).to_be_checked()  # nothing lost
    page.get_by_label("短信验证码").fill(code)
    page.get_by_role("button", name="提交答卷", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("答卷已提交")

    # A second try with the same phone (its code still valid) is refused.
    page.goto(SURVEY)
    fill_answers(page)
    page.get_by_label("手机号码").fill(PHONE)
    page.get_by_label("短信验证码").fill(code)
    page.get_by_role("button", name="提交答卷", exact=True).click()
    expect(page.locator("[data-refusal]")).to_contain_text("您已参加过本次调查")

    # The survey closes (time passes; the beat's tick runs): results shown.
    manage(
        "shell",
        "-v0",
        "-c",
        "import datetime; from django.utils import timezone; "
        "from interaction.models import Survey; "
        "Survey.objects.filter(page__slug='xiaoche-2026')"
        ".update(closes_at=timezone.now() - datetime.timedelta(minutes=1))",
    )
    assert "closed 1" in manage("survey_tick")
    page.goto(SURVEY)
    expect(page.locator("[data-survey-phase]")).to_contain_text("已结束")
    expect(page.locator("[data-responses]")).to_contain_text("有效答卷 1 份")
    expect(page.locator("svg.chart").first).to_be_visible()
    row = page.locator("table.result-table tr").filter(has_text="随县实验小学")
    expect(row.locator("[data-count]")).to_have_text("1")
    no_sideways_scrolling(page)
    context.close()
