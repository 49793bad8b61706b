"""Two citizens on a 320 px phone, keyboard only: one asks a question before an
interview and reads the answer live, without reloading, while 财政局 hosts
it; the other comments on article 3 of a draft and later reads the
意见采纳情况反馈 saying it was adopted, after the feedback passed both reviews."""

import re

from playwright.sync_api import expect

from .test_catalogue_journeys import approve
from .test_mailbox_journey import captcha_answer, staff_page
from .test_review_journey import submit_menu

QUESTION = "耕地地力保护补贴今年每亩发多少？"
ANSWER = "今年耕地地力保护补贴标准为每亩105元，12月底前发放到“一卡通”。"
COMMENT = "第三条建议把首次免费时长延长到1小时，方便群众办事。"


def phone_page(browser, live_site):
    context = browser.new_context(
        base_url=live_site, locale="zh-CN", viewport={"width": 320, "height": 740}
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def fits(page):
    """No sideways scrolling at this width."""
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def entry(page, selector, text):
    """The question or comment in the console whose own text is ``text``."""
    return page.locator(selector).filter(has=page.locator("p.talk-text", has_text=text))


def type_into(page, label, text):
    field = page.get_by_label(label)
    field.focus()
    page.keyboard.type(text)


def test_a_citizen_asks_before_the_interview_and_reads_the_answer_live(
    browser, live_site, tmp_path_factory
):
    page = phone_page(browser, live_site)
    page.goto("/hudong/fangtan/")
    page.get_by_role("link", name="惠民惠农财政补贴“一卡通”政策解读").focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-interview-state]")).to_have_text("预告")
    assert fits(page)
    type_into(page, "姓名", "何春生")
    type_into(page, "手机号码", "13972210009")
    type_into(page, "您的问题", QUESTION)
    type_into(page, "验证码", captcha_answer(page, tmp_path_factory))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("您的问题已提交")
    page.evaluate("window.notReloaded = true")

    # 财政局 hosts: starts the interview, accepts the question, answers it.
    host = staff_page(browser, live_site, "handler_czj")
    host.goto("/admin/talk/interviews/")
    host.get_by_role("link", name="惠民惠农财政补贴“一卡通”政策解读").click()
    host.locator("form[data-action=start]").get_by_role("button").click()
    expect(host.locator("[data-state]")).to_have_text("正在直播")
    item = entry(host, "section[data-question]", QUESTION)
    item.locator("form[data-action=accept]").get_by_role("button").click()
    item = entry(host, "section[data-question]", QUESTION)
    answer = item.locator("form[data-action=answer]")
    answer.get_by_label("回答嘉宾").select_option(label="孙立新（随县财政局局长）")
    answer.get_by_label("回答内容").fill(ANSWER)
    answer.get_by_role("button", name="发布回答").click()
    expect(host.locator(".messages")).to_contain_text("已发布回答")
    host.context.close()

    # The citizen's page shows it without a reload. It polls every 10 s before
    # the start and every 5 s while live, so the answer can take up to 15 s.
    transcript = page.locator("#transcript-list")
    expect(transcript).to_contain_text(ANSWER, timeout=30_000)
    expect(transcript).to_contain_text("网友何**")
    expect(page.locator("[data-interview-state]")).to_have_text("正在直播")
    assert page.evaluate("window.notReloaded === true")
    assert "13972210009" not in page.content() and "何春生" not in page.content()
    assert fits(page)
    page.context.close()


def test_a_citizen_comments_on_article_three_and_reads_that_it_was_adopted(
    browser, live_site, tmp_path_factory
):
    page = phone_page(browser, live_site)
    page.goto("/hudong/zhengji/")
    page.get_by_role("link", name="随县城区公共停车场管理办法（征求意见稿）").focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="对第三条提意见").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("针对条款")).to_have_value(re.compile(r"\d+"))
    expect(page.get_by_label("针对条款").locator("option:checked")).to_contain_text(
        "第三条"
    )
    assert fits(page)
    type_into(page, "姓名", "黄志明")
    type_into(page, "手机号码", "13872210099")
    type_into(page, "意见内容", COMMENT)
    type_into(page, "验证码", "0")  # wrong: the summary names the field
    page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("验证码")
    expect(page.get_by_label("验证码")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("意见内容")).to_have_value(COMMENT)  # kept
    type_into(page, "验证码", captcha_answer(page, tmp_path_factory))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("您的意见已提交")

    # 县政府办 closes the period, decides every comment, drafts the feedback.
    staff = staff_page(browser, live_site, "editor_xzfb")
    staff.goto("/admin/talk/consultations/")
    staff.get_by_role("link", name="随县城区公共停车场管理办法（征求意见稿）").click()
    close = staff.locator("form[data-action=close]")
    close.get_by_label("说明").fill("已满法定最短征集期，提前结束。")
    close.get_by_role("button").click()
    expect(staff.locator("[data-state]")).to_have_text("征集结束")
    mine = entry(staff, "section[data-comment]", COMMENT)
    mine.locator("form[data-action=publish]").get_by_role("button").click()
    expect(staff.locator(".messages")).to_contain_text("已公开")
    sections = staff.locator("section[data-comment]")
    for remaining in range(sections.count(), 0, -1):
        expect(sections).to_have_count(remaining)  # the previous step is done
        item = sections.first
        decide = item.locator("form[data-action=decide]")
        if COMMENT in item.locator("p.talk-text").inner_text():
            decide.get_by_label("采纳", exact=True).check()
        else:
            decide.get_by_label("未采纳", exact=True).check()
            decide.get_by_label(re.compile("理由")).fill("已在第五条中统筹考虑。")
        decide.get_by_role("button").click()
    expect(sections).to_have_count(0)
    staff.locator("form[data-action=draft_feedback]").get_by_role("button").click()
    staff.get_by_role("link", name="编辑并提交审查").click()
    edit_url = staff.url
    submit_menu(staff, "提交给")
    expect(staff.locator(".messages")).to_contain_text("提交")
    approve(browser, staff, "reviewer", edit_url)
    approve(browser, staff, "secrecy", edit_url, confirm=True)
    staff.context.close()

    # The citizen comes back and reads the feedback.
    page.goto("/hudong/zhengji/chengqu-tingche-guanli/")
    page.get_by_role("link", name="查看意见采纳情况反馈").focus()
    page.keyboard.press("Enter")
    item = page.locator("[data-feedback-item]").filter(has_text=COMMENT)
    expect(item).to_contain_text("第三条")
    expect(item.locator(".decision")).to_have_text("采纳")
    assert "13872210099" not in page.content() and "黄志明" not in page.content()
    assert fits(page)
    page.context.close()
