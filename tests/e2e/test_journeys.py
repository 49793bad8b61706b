import re

from playwright.sync_api import expect

from .conftest import login


def test_citizen_goes_from_home_to_a_township_item(page):
    page.goto("/")
    expect(page.locator("footer")).to_contain_text("网站标识码")
    page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="政府信息公开"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开")
    page.get_by_role("link", name="厉山镇", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("厉山镇人民政府")
    page.get_by_role("link", name=re.compile("^政府文件")).click()
    link = page.get_by_role(
        "link", name="关于印发厉山镇2014年集镇环境综合整治方案的通知"
    )
    link.click()
    metadata = page.locator("table.metadata")
    expect(metadata).to_contain_text("厉政发〔2014〕12号")
    expect(metadata).to_contain_text("厉山镇人民政府")
    expect(metadata).to_contain_text(re.compile(r"\d{8}-[0-9X]/2014-\d{5}"))


def test_township_editor_edits_own_column_and_is_refused_another(page):
    login(page, "editor_lishan")
    page.goto("/admin/pages/search/?q=厉山镇2014年种粮农民直接补贴")
    page.get_by_role(
        "link", name=re.compile("厉山镇2014年种粮农民直接补贴")
    ).first.click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    title = page.locator("#id_title")
    title.fill("厉山镇2014年种粮农民直接补贴发放情况公示（更新）")
    page.get_by_role("button", name=re.compile("保存草稿")).click()
    expect(page.locator(".messages")).to_contain_text("已被更新")

    # Another unit's item: not in the editor's search, and its edit page refused.
    page.goto("/admin/pages/search/?q=高城镇2014年种粮农民直接补贴")
    expect(page.get_by_role("link", name=re.compile("高城镇2014年种粮"))).to_have_count(
        0
    )
    api = page.request.get(
        "/api/v2/pages/?type=disclosure.DisclosureItemPage"
        "&title=高城镇2014年种粮农民直接补贴发放情况公示"
    )
    other_id = api.json()["items"][0]["id"]
    page.goto(f"/admin/pages/{other_id}/edit/")
    expect(page).not_to_have_url(re.compile(rf"/admin/pages/{other_id}/edit/"))
    expect(page.locator("#id_title")).to_have_count(0)
