"""A citizen applies to 厉山镇 from its guide; the handler confirms receipt
and asks for 补正; the citizen corrects online; the handler answers 部分公开;
the citizen reads the notice online (which delivers it) — on a 320 px phone
without sideways scrolling."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import act, captcha_answer, staff_page

pytestmark = pytest.mark.e2e

PHONE = "13607225678"
ID_NUMBER = "420321198001011231"


def fits(page, width=320):
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_apply_correct_answer_in_part_and_read_the_notice(
    page, browser, live_site, tmp_path_factory
):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/zfxxgk/lishan/guide/")
    page.get_by_role("link", name="申请政府信息公开").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "向厉山镇人民政府申请政府信息公开"
    )
    assert fits(page)
    page.get_by_label("自然人").check()
    page.get_by_label("姓名或名称").fill("孙立新")
    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill(ID_NUMBER)
    page.get_by_label("手机号码").fill(PHONE)
    page.get_by_label("通信地址").fill("湖北省随州市随县厉山镇神农大道8号")
    page.get_by_label("所需信息的内容描述").fill("申请公开村里修路的资料。")
    page.get_by_label("网上查看").check()
    page.get_by_label("验证码").fill("0")  # wrong first: errors, nothing lost
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".error-summary")).to_contain_text("验证码不正确")
    expect(page.get_by_label("姓名或名称")).to_have_value("孙立新")
    page.get_by_label("验证码").fill(captcha_answer(page, tmp_path_factory))
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申请已提交")
    number = page.locator("[data-application-number]").inner_text()
    assert re.fullmatch(r"SQ\d{4}-\d{5}", number)

    handler = staff_page(browser, live_site, "ysq_lishan")
    handler.goto(f"/admin/applications/?q={number}")
    handler.get_by_role("link", name=number).click()
    expect(handler.locator("[data-phone]")).to_have_text(PHONE)
    act(handler, "确认收到")
    expect(handler.locator("[data-status]")).to_contain_text("办理中")
    handler.fill("#id_request_correction-items", "请写明村名\n请写明道路名称和年度")
    act(handler, "要求补正")
    expect(handler.locator("[data-status]")).to_contain_text("待补正")

    page.get_by_role("link", name="查看办理进度").click()
    expect(page.locator("[data-status]")).to_have_text("待补正")
    expect(page.locator(".correction-items")).to_contain_text("请写明道路名称和年度")
    page.get_by_label("补正内容").fill(
        "双河村至凤凰村道路，2026年硬化工程的招标和验收资料。"
    )
    page.get_by_role("button", name="提交补正").click()
    expect(page.get_by_role("status")).to_contain_text("补正已提交")
    expect(page.locator("[data-status]")).to_have_text("办理中")
    assert PHONE not in page.content() and ID_NUMBER not in page.content()

    handler.reload()
    handler.select_option("#id_answer-outcome", value="partial")
    handler.fill(
        "#id_answer-decision",
        "道路硬化工程招标文件和验收结论予以公开；投标人报价明细涉及商业秘密，不予公开。",
    )
    handler.fill("#id_answer-links", "/zfxxgk/lishan/")
    act(handler, "答复")
    expect(handler.locator("[data-outcome]")).to_have_text("部分公开")

    page.reload()
    expect(page.locator("[data-outcome]")).to_have_text("部分公开")
    page.get_by_role("link", name=re.compile("政府信息公开申请答复告知书")).click()
    notice = page.locator(".notice-document")
    expect(notice).to_contain_text("孙立新：")
    expect(notice).to_contain_text("办理结果：部分公开")
    expect(notice).to_contain_text("60日内向随县人民政府申请行政复议")
    expect(notice).to_contain_text("厉山镇人民政府（印章）")
    assert fits(page)
    expect(page.get_by_role("link", name="下载PDF")).to_be_visible()
    page.get_by_role("link", name="返回办理情况").click()
    expect(page.locator("[data-status]")).to_have_text("已送达")
    handler.context.close()
