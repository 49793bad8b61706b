"""An editor's spreadsheet leaks a full ID number; the review catches it; the
editor masks it; the item passes both reviews and goes online."""

import re
from urllib.parse import urlsplit

import openpyxl
from playwright.sync_api import expect

from .conftest import approve, login, open_new_item_form, submit_menu

FULL_ID = "420321198001011231"
MASKED_ID = "420321********1231"


def spreadsheet(path, id_number):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "补贴名单"
    sheet.append(["姓名", "身份证号", "补贴金额（元）"])
    sheet.append(["王某某", id_number, "1200.00"])
    sheet.append(["李某某", "4203211975********", "980.00"])
    workbook.save(path)
    return path


def choose_uploaded_document(page, path, title):
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("tab", name="上传").click()
    dialog.locator("input[type=file]").set_input_files(str(path))
    dialog.get_by_label("标题").fill(title)
    dialog.get_by_role("button", name="上传").click()
    expect(page.get_by_role("dialog")).to_be_hidden()


def test_leaked_id_number_is_caught_then_masked_and_published(page, browser, tmp_path):
    leaky = spreadsheet(tmp_path / "butie.xlsx", FULL_ID)
    masked = spreadsheet(tmp_path / "butie-masked.xlsx", MASKED_ID)
    login(page, "editor_lishan")
    open_new_item_form(page)
    page.locator("#id_title").fill("厉山镇2026年耕地地力保护补贴发放名单")
    page.locator("#id_formed_on").fill("2026-11-20")
    page.locator("#id_category").select_option(label="农业农村政策")
    page.get_by_role("button", name=re.compile("增加 附件")).click()
    page.get_by_role("button", name=re.compile("选择一个文档")).click()
    choose_uploaded_document(page, leaky, "耕地地力保护补贴名单")
    page.get_by_role("button", name=re.compile("保存草稿")).click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    edit_url = page.url
    submit_menu(page, "提交给")
    expect(page.locator(".messages")).to_contain_text("提交")

    # The reviewer sees the finding, named by attachment and cell, and cannot approve.
    context = browser.new_context(base_url=edit_url.split("/admin")[0])
    reviewer = context.new_page()
    login(reviewer, "reviewer_lishan")
    reviewer.goto(edit_url)
    finding = reviewer.locator('[data-review-findings] [data-rule="id-number"]')
    expect(finding).to_contain_text("耕地地力保护补贴名单.xlsx 补贴名单!B2")
    submit_menu(reviewer, "审核通过")
    dialog = reviewer.get_by_role("dialog")
    dialog.get_by_role("button", name="审核通过").click()
    expect(reviewer.locator(".messages")).to_contain_text("阻断性问题")
    submit_menu(reviewer, "退回修改")
    dialog = reviewer.get_by_role("dialog")
    dialog.get_by_label("退回意见").fill("附件名单含完整身份证号，请脱敏后重新提交。")
    dialog.get_by_role("button", name="退回修改").click()
    expect(reviewer).not_to_have_url(edit_url)
    context.close()

    # The editor replaces the spreadsheet with the masked one and resubmits.
    page.goto(edit_url)
    page.locator("#id_attachments-0-document-chooser .w-dropdown__toggle").click()
    page.get_by_role("button", name=re.compile("选择另一个文档")).click()
    choose_uploaded_document(page, masked, "耕地地力保护补贴名单（脱敏）")
    submit_menu(page, "重新提交")
    expect(page).not_to_have_url(edit_url)

    approve(browser, page, "reviewer_lishan", edit_url)
    approve(browser, page, "secrecy", edit_url, confirm=True)
    page.goto(edit_url)
    expect(page.locator("[data-index-number]")).to_contain_text(
        re.compile(r"\d{8}-[0-9X]/2026-\d{5}")
    )
    public = page.request.get("/zfxxgk/catalogue/?q=" + "耕地地力保护补贴发放名单")
    assert "厉山镇2026年耕地地力保护补贴发放名单" in public.text()


def test_the_webmaster_cannot_publish_an_unreviewed_change_any_way(page):
    errors = []
    page.on(
        "response",
        lambda response: (
            errors.append(response.url) if response.status >= 500 else None
        ),
    )
    login(page, "webmaster")
    column = page.request.get(
        "/api/v2/pages/?type=disclosure.UnitColumnPage&slug=lishan"
    ).json()["items"][0]
    item = page.request.get(
        f"/api/v2/pages/?child_of={column['id']}&type=disclosure.DisclosureItemPage"
        "&limit=1"
    ).json()["items"][0]
    item_id, public_url = item["id"], item["meta"]["html_url"]
    edit_url = f"/admin/pages/{item_id}/edit/"
    messages = page.locator(".messages")

    # Two unreviewed changes, saved as drafts.
    page.goto(edit_url)
    for text in ("未经审查的修改一", "未经审查的修改二"):
        page.locator("#id_summary").fill(text)
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("保存草稿")).click()
        expect(messages).to_contain_text("已被更新")
    # The editor offers no way to publish, only to submit for review.
    page.get_by_role("button", name=re.compile("更多动作|More actions")).click()
    expect(page.get_by_role("button", name=re.compile("提交"))).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^发布"))).to_have_count(0)

    # Bulk publishing from the page listing.
    page.goto(f"/admin/bulk/wagtailcore/page/publish/?id={item_id}")
    page.get_by_role("button", name="是，发布").click()
    expect(messages).to_contain_text("规范性审查和保密审查")

    # The admin API's publish action.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    api = f"/admin/api/main/pages/{item_id}/action/publish/"
    response = page.request.post(api, headers={"X-CSRFToken": csrf}, data={})
    assert (
        response.status == 403 and "规范性审查和保密审查" in response.json()["detail"]
    )

    # Reverting to the older draft: no "publish this version", and publishing
    # the reverted draft is refused like any other.
    history = page.request.get(f"/admin/pages/{item_id}/history/").text()
    # The listing's "审阅此版本" link (in a menu) of the first draft.
    [older] = re.findall(rf"/admin/pages/{item_id}/revisions/\d+/revert/", history)
    page.goto(older)
    expect(page.get_by_role("button", name="发布此版本")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("替换当前的草稿")).click()
    response = page.request.post(api, headers={"X-CSRFToken": csrf}, data={})
    assert response.status == 403

    # Copying with "publish the copy".
    page.goto(f"/admin/pages/{item_id}/copy/")
    page.get_by_label("新缩略名").fill("copy-attempt")
    page.get_by_label(re.compile("发布复制的页面")).check()
    page.get_by_role("button", name="复制此页").click()
    expect(messages).to_contain_text("不能直接上线")

    # Translating, then publishing the translation from its editor.
    page.goto(f"/admin/localize/submit/page/{item_id}/")
    page.get_by_label("English").check()
    page.get_by_role("button", name="提交").click()
    page.get_by_role("button", name=re.compile("发布在")).click()
    expect(messages).to_contain_text("译文已保存并提交政务公开审查")

    # The public site shows the reviewed text only, in Chinese only.
    path = urlsplit(public_url).path
    public = page.request.get(path)
    assert public.ok and "未经审查的修改" not in public.text()
    # The English translation waits in review: /en/ serves the reviewed
    # original under its own language, with a notice.
    english = page.request.get("/en" + path)
    assert english.ok and "未经审查的修改" not in english.text()
    assert '<html lang="zh-hans"' in english.text()
    assert errors == []
