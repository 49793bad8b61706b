"""Every public page type on a phone (390×844) and a desktop (1366×768), in
the normal and the 长者模式 display: no sideways scrolling, and axe-core (the
vendored tests/e2e/vendor/axe.min.js, run in the real Chromium) finds no
violation, forms in their error state and search with results included.
Keyboard-only journeys through the mailbox form and an open survey; the
长者模式 switch is remembered across pages."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..public_pages import FORMS, PAGES
from .conftest import manage

pytestmark = pytest.mark.e2e

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
SIZES = {"phone": PHONE, "desktop": DESKTOP}

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .slice(0, 3)
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
  return {extra: document.documentElement.scrollWidth - width, wide};
}"""

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3)
    .map(n => n.target.join(' ')).join(' | '));
}"""


def new_page(browser, live_site, size, mode="normal"):
    context = browser.new_context(base_url=live_site, locale="zh-CN", viewport=size)
    if mode == "elder":
        context.add_cookies(
            [{"name": "display_mode", "value": "elder", "url": live_site}]
        )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def problems(page, label):
    """What is wrong with the page as shown: sideways scrolling, axe findings."""
    found = []
    overflow = page.evaluate(OVERFLOW)
    if overflow["extra"] > 0:
        found.append(f"{label}: {overflow['extra']} px sideways {overflow['wide']}")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE)
    found += [f"{label}: {v}" for v in page.evaluate(RUN_AXE)]
    return found


def first_link(page, path):
    page.goto(path)
    return page.locator(".card-title a").first.get_attribute("href")


@pytest.mark.parametrize("mode", ["normal", "elder"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_public_pages_fit_and_pass_axe(browser, live_site, size, mode):
    page = new_page(browser, live_site, SIZES[size], mode)
    pages = dict(PAGES)
    pages["disclosure item"] = first_link(page, "/zfxxgk/lishan/")
    pages["letter"] = first_link(page, "/hudong/letters/")
    found = []
    for label, path in pages.items():
        response = page.goto(path)
        assert response.status == 200, (label, path, response.status)
        expect(page.locator("html")).to_have_class(f"mode-{mode}")
        found += problems(page, label)
    for label, (path, button) in FORMS.items():
        page.goto(path)
        page.get_by_role("button", name=button, exact=True).click()
        summary = page.locator(".error-summary")
        expect(summary).to_be_visible()
        # The summary has the focus, and each of its links names a field there.
        expect(summary).to_be_focused()
        for href in summary.locator("a").evaluate_all("l => l.map(a => a.hash)"):
            assert page.locator(href).count() == 1, (label, href)
        found += problems(page, f"{label} (errors)")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_the_narrowest_phone_scrolls_no_page_sideways(browser, live_site, mode):
    page = new_page(browser, live_site, {"width": 320, "height": 640}, mode)
    wide = []
    for label, path in PAGES.items():
        page.goto(path)
        overflow = page.evaluate(OVERFLOW)
        if overflow["extra"] > 0:
            wide.append((label, overflow))
    assert not wide


def test_elder_mode_is_switched_without_javascript_and_remembered(browser, live_site):
    context = browser.new_context(
        base_url=live_site, locale="zh-CN", viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/zfxxgk/lishan/")
    body_size = "parseFloat(getComputedStyle(document.body).fontSize)"
    h1_size = "parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)"
    assert page.evaluate(body_size) >= 16
    normal_h1 = page.evaluate(h1_size)
    page.get_by_role("link", name=re.compile("^长者模式")).click()
    expect(page).to_have_url(re.compile(r"/zfxxgk/lishan/$"))
    expect(page.locator("html")).to_have_class("mode-elder")
    assert page.evaluate(body_size) >= 20
    assert page.evaluate(h1_size) >= 1.5 * normal_h1
    search_button = page.locator(".site-search button")
    assert search_button.bounding_box()["height"] >= 48  # larger targets

    # Remembered on the next pages, and switched back the same way.
    page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="互动交流"
    ).click()
    expect(page.locator("html")).to_have_class("mode-elder")
    page.goto("/search/?q=补贴")
    expect(page.locator("html")).to_have_class("mode-elder")
    page.get_by_role("link", name="退出长者模式").click()
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.locator("html")).to_have_class("mode-normal")
    page.goto("/")
    expect(page.locator("html")).to_have_class("mode-normal")

    # The switch only ever sends back to this site.
    page.goto("/display-mode/?mode=elder&next=https://example.com/")
    expect(page).to_have_url(f"{live_site}/")
    context.close()


def tab_to(page, selector, limit=60):
    """Press Tab until ``selector`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement === document.querySelector(s)", selector
        ):
            return
    raise AssertionError(f"Tab never reached {selector}")


def spoken_answer(page):
    """The captcha's text alternative, answered as a screen reader user would."""
    alt = page.locator(".field-captcha img").get_attribute("alt")
    a, sign, b = re.search(r"(\d+)\s*([加减])\s*(\d+)", alt).groups()
    return str(int(a) + int(b) if sign == "加" else int(a) - int(b))


def test_a_letter_written_with_the_keyboard_only(browser, live_site):
    page = new_page(browser, live_site, DESKTOP)
    page.goto("/hudong/xianzhang/")
    tab_to(page, "#id_name")
    # A focus ring one sees: 3 px, solid, near-black on white (≥ 3:1).
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"
    )
    assert ring == ["solid", 3, "rgb(11, 12, 12)"]
    page.keyboard.type("李秀英")
    page.keyboard.press("Tab")
    page.keyboard.type("13907225566")
    tab_to(page, "#id_category")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#id_subject")
    page.keyboard.type("老年人乘坐公交车优惠咨询")
    page.keyboard.press("Tab")
    page.keyboard.type("请问七十岁以上老人乘坐城区公交车是否免费？")
    tab_to(page, "#id_captcha")
    page.keyboard.type("999")
    page.keyboard.press("Enter")

    # The summary takes the focus and leads to the field; nothing typed is lost.
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("验证码")
    expect(page.locator("#id_subject")).to_have_value("老年人乘坐公交车优惠咨询")
    expect(page.locator("#id_captcha")).to_have_attribute("aria-invalid", "true")
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()

    # "换一题" keeps what was typed.
    tab_to(page, "button[name=new_captcha]")
    page.keyboard.press("Enter")
    expect(page.locator("#id_content")).to_have_value(
        "请问七十岁以上老人乘坐城区公交车是否免费？"
    )
    expect(page.locator(".error-summary")).to_have_count(0)
    tab_to(page, "#id_captcha")
    page.keyboard.type(spoken_answer(page))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("来信已提交")
    page.context.close()


def test_a_survey_answered_with_the_keyboard_only(browser, live_site):
    # An open poll (captcha, no SMS) of its own: the demo's surveys keep
    # their counts for the other journeys.
    path = manage(
        "shell",
        "-v0",
        "-c",
        "from tests.factories import survey_page; "
        "print(survey_page(verification='open', title='键盘答卷调查').url)",
    ).strip()
    page = new_page(browser, live_site, PHONE, "elder")
    page.goto(path)

    def field_id(label, nth=0):
        return "#" + page.get_by_label(label, exact=True).nth(nth).get_attribute("id")

    # A group of radio buttons is one Tab stop: Space picks the focused one.
    for label in ("青年", "教育"):
        tab_to(page, field_id(label))
        page.keyboard.press("Space")
    tab_to(page, "textarea")
    page.keyboard.type("希望窗口多安排懂方言的工作人员。")
    tab_to(page, field_id("1分"))
    page.keyboard.press("ArrowRight")  # moves to 2分 and picks it
    for row in (0, 1):  # the matrix: one group per row
        tab_to(page, field_id("满意", row))
        page.keyboard.press("Space")
    tab_to(page, "#id_captcha")
    page.keyboard.type("999")
    page.keyboard.press("Enter")

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("验证码")
    expect(page.get_by_label("2分")).to_be_checked()
    expect(page.get_by_label("青年", exact=True)).to_be_checked()
    tab_to(page, "#id_captcha")
    page.keyboard.type(spoken_answer(page))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("答卷已提交")
    page.context.close()
