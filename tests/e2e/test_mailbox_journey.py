"""A citizen writes to the 县长信箱; the office assigns the letter to 财政局;
the handler replies; the office approves and publishes the reply; the citizen
looks it up by number and query code and rates it."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import act, captcha_answer, staff_page

pytestmark = pytest.mark.e2e

PHONE = "13607221234"
SUBJECT = "咨询2026年耕地地力保护补贴发放时间"
REPLY = "您好，2026年耕地地力保护补贴已于11月通过“一卡通”发放到户，请注意查收。"


def open_letter(page, number):
    page.goto(f"/admin/mailbox/letters/?q={number}")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)


def test_a_letter_from_writing_to_rating(page, browser, live_site, tmp_path_factory):
    # The citizen writes.
    page.goto("/")
    page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="互动交流"
    ).click()
    page.get_by_role("link", name="县长信箱").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("县长信箱")
    page.fill("#id_name", "王建国")
    page.fill("#id_phone", PHONE)
    page.select_option("#id_category", label="咨询")
    page.fill("#id_subject", SUBJECT)
    page.fill(
        "#id_content", f"请问今年的耕地地力保护补贴什么时候发放？我的电话{PHONE}。"
    )
    page.check("#id_consent_publish")
    page.fill("#id_captcha", "0")  # a wrong answer first
    page.get_by_role("button", name="提交来信").click()
    expect(page.locator(".field-captcha .errorlist")).to_contain_text("验证码不正确")
    page.fill("#id_captcha", captcha_answer(page, tmp_path_factory))
    page.get_by_role("button", name="提交来信").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("来信已提交")
    number = page.locator("[data-letter-number]").inner_text()
    code = page.locator("[data-query-code]").inner_text()
    assert re.fullmatch(r"\d{4}-\d{5}", number) and len(code) == 8

    # The office accepts it and assigns it to 财政局.
    office = staff_page(browser, live_site, "mailbox_office")
    open_letter(office, number)
    act(office, "受理")
    office.select_option("#id_assign-unit", label="随县财政局")
    office.fill("#id_assign-note", "请财政局答复补贴发放时间。")
    act(office, "转办")
    expect(office.locator("[data-status]")).to_contain_text("待签收")

    # 财政局's handler signs for it and replies.
    handler = staff_page(browser, live_site, "handler_czj")
    open_letter(handler, number)
    act(handler, "签收")
    handler.fill("#id_submit_reply-reply", REPLY)
    act(handler, "提交答复")
    expect(handler.locator("[data-status]")).to_contain_text("答复待审核")

    # The office approves the reply and answers, published.
    office.reload()
    expect(office.locator("[data-reply]")).to_contain_text("耕地地力保护补贴已于11月")
    act(office, "审核通过")
    expect(office.locator("#id_answer-publish")).to_be_checked()
    act(office, "答复")
    expect(office.locator("[data-status]")).to_contain_text("已答复")

    # The citizen looks it up and rates it.
    page.goto("/hudong/query/")
    page.fill("#id_number", number)
    page.fill("#id_code", code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("[data-status]")).to_have_text("已答复")
    expect(page.locator("[data-reply]")).to_contain_text("请注意查收")
    expect(page.locator("ol.history")).to_contain_text("转随县财政局办理")
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_role("status")).to_have_text("感谢您的评价！")
    expect(page.locator("[data-status]")).to_have_text("已办结")

    # The published letter: masked name, no phone.
    page.goto("/hudong/letters/")
    row = page.get_by_role("row").filter(has_text=number)
    expect(row).to_contain_text(SUBJECT)
    expect(row).to_contain_text("王**")
    page.get_by_role("link", name=SUBJECT).click()
    expect(page.locator("article")).to_contain_text("耕地地力保护补贴已于11月")
    assert PHONE not in page.content() and "王建国" not in page.content()
    office.context.close()
    handler.context.close()
