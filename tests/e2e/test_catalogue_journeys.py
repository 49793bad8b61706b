import re

from playwright.sync_api import expect

from .conftest import approve, login, open_new_item_form


def test_citizen_filters_the_county_catalogue_and_opens_an_item(page):
    page.goto("/zfxxgk/")
    page.get_by_role("link", name=re.compile("政府信息公开目录")).click()
    page.get_by_label("发布机构").select_option(label="厉山镇")
    page.get_by_label("信息类别").select_option(label="政府文件")
    page.get_by_label("成文年份").select_option("2014")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"unit=lishan&category=wenjian&year=2014"))
    rows = page.locator("table.catalogue tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.first).to_contain_text("厉山镇")
    rows.get_by_role(
        "link", name="关于做好2014年厉山镇农村土地确权登记工作的通知"
    ).click()
    metadata = page.locator("table.metadata")
    expect(metadata).to_contain_text("厉政发〔2014〕15号")
    expect(metadata).to_contain_text("2014-06-03")


def test_editor_creates_an_item_and_sees_its_index_number_once_published(page, browser):
    login(page, "editor_lishan")
    open_new_item_form(page)
    page.locator("#id_title").fill("关于印发厉山镇2026年冬春农田水利建设方案的通知")
    page.locator("#id_document_number").fill("厉政发[2026]21号")
    page.locator("#id_formed_on").fill("2026-11-20")
    page.locator("#id_category").select_option(label="政府文件")
    page.get_by_role("button", name=re.compile("保存草稿")).click()
    # The malformed 文号 is refused with the fix suggested.
    expect(page.locator("body")).to_contain_text("建议改为：厉政发〔2026〕21号")
    page.locator("#id_document_number").fill("厉政发〔2026〕21号")
    page.get_by_role("button", name=re.compile("保存草稿")).click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    item_edit_url = page.url
    expect(page.locator("[data-index-number]")).to_contain_text("首次发布时由系统生成")

    page.get_by_role("button", name=re.compile("更多动作|More actions")).click()
    page.get_by_role("button", name=re.compile("提交")).click()
    expect(page).not_to_have_url(item_edit_url)
    expect(page.locator(".messages")).to_contain_text("提交")

    # Both reviews approve; the system publishes and allocates the 索引号.
    approve(browser, page, "reviewer_lishan", item_edit_url)
    approve(browser, page, "secrecy", item_edit_url, confirm=True)

    page.goto(item_edit_url)
    expect(page.locator("[data-index-number]")).to_contain_text(
        re.compile(r"\d{8}-[0-9X]/2026-\d{5}")
    )
