"""The site works under its Content-Security-Policy: Chromium reports no
violation on the public pages or on the admin's main screens (dashboard,
image upload, page editor with the image chooser and the preview,
wagtail-localize's translation editor)."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from .conftest import login

PUBLIC_PAGES = [
    "/",
    "/zfxxgk/catalogue/",
    "/hudong/xianzhang/",
    "/hudong/figures/",
    "/hudong/letters/",
    "/search/?q=通知",
]
ADMIN_PAGES = [
    "/admin/pages/",
    "/admin/users/",
    "/admin/mailbox/letters/",
    "/admin/otp/setup/",
]


def png(path):
    from PIL import Image

    Image.new("RGB", (64, 48), (200, 30, 30)).save(path, format="PNG")
    return path


def test_public_site_and_admin_work_under_the_policy(page, tmp_path):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    item = page.request.get("/api/v2/items/?unit=sanligang&limit=1").json()["items"][0]
    for url in [*PUBLIC_PAGES, urlsplit(item["meta"]["html_url"]).path]:
        response = page.goto(url)
        assert response.status == 200, url
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]

    login(page, "webmaster")
    for url in ADMIN_PAGES:
        page.goto(url)
        page.wait_for_load_state("networkidle")

    page.goto("/admin/images/multiple/add/")
    page.set_input_files("#fileupload", str(png(tmp_path / "现场照片.png")))
    expect(page.locator("#upload-list li.upload-success")).to_have_count(1)

    page.goto(f"/admin/pages/{item['id']}/edit/")
    body = page.locator("[data-contentpath=body] .public-DraftEditor-content")
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("/")
    page.get_by_role("option", name="图片").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("现场照片")).to_be_visible()
    dialog.get_by_role("button", name="关闭").click()
    expect(dialog).to_be_hidden()
    page.locator("[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_contain_text(item["title"])

    page.goto(f"/admin/localize/submit/page/{item['id']}/")
    page.get_by_label("English").check()
    page.get_by_role("button", name=re.compile("提交|Submit")).click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    editor = page.locator(".js-translation-editor")
    expect(editor).to_contain_text(item["title"])

    assert violations == []
