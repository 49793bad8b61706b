import re

from playwright.sync_api import expect

from .conftest import login


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
    columns = page.request.get(
        "/api/v2/pages/?type=disclosure.UnitColumnPage&slug=lishan"
    )
    column_id = columns.json()["items"][0]["id"]
    page.goto(f"/admin/pages/add/disclosure/disclosureitempage/{column_id}/")
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


def approve(browser, page, username, edit_url, confirm=False):
    context = browser.new_context(base_url=page.url.split("/admin")[0])
    reviewer = context.new_page()
    login(reviewer, username)
    reviewer.goto(edit_url)
    reviewer.get_by_role("button", name=re.compile("更多动作|More actions")).click()
    reviewer.get_by_role("button", name=re.compile("审核通过")).click()
    dialog = reviewer.get_by_role("dialog")
    dialog.get_by_label("审核意见").fill("同意")
    if confirm:
        dialog.get_by_label(re.compile("不涉及国家秘密")).check()
    dialog.get_by_role("button", name="审核通过").click()
    # The reviewer is back on the dashboard, told what became of the page.
    expect(reviewer.locator(".messages")).to_contain_text("已审核通过")
    context.close()
