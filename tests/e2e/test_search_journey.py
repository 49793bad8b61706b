from playwright.sync_api import expect

TITLE = "关于做好2014年厉山镇农村土地确权登记工作的通知"


def test_citizen_asks_in_traditional_with_a_typo_on_a_phone(browser, live_site):
    """A question typed in 繁体 with a homophone typo (登紀 for 登记), on a
    390 px phone: the corrected search finds the item on the first page."""
    context = browser.new_context(
        base_url=live_site,
        locale="zh-TW",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto("/")
        box = page.get_by_role("searchbox", name="站内搜索")
        box.fill("請問厲山鎮土地確權登紀怎麼辦")
        box.press("Enter")
        expect(page.get_by_role("status")).to_contain_text("您是不是要找")
        results = page.locator("ol.search-hits")
        expect(results).to_contain_text(TITLE)
        # Nothing sticks out sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        results.get_by_role("link", name=TITLE).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(page.locator("table.metadata")).to_contain_text("厉政发〔2014〕15号")
    finally:
        context.close()
