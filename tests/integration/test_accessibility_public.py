"""What a citizen who reads large type, uses a screen reader or only a
keyboard notices without a browser: the 长者模式 switch and its cookie, the
home page's entries, categories without items left out, the captcha's text
alternative and "换一题" keeping what was typed, forms whose error summary
leads to fields that exist."""

import re

import pytest

from disclosure.models import Category, UnitColumnPage

from ..public_pages import FORMS

pytestmark = pytest.mark.usefixtures("demo_db")

MAILBOX = "/hudong/xianzhang/"


def html_class(client, path="/"):
    return re.search(r"<html[^>]* class=\"([^\"]+)\"", client.get(path).text).group(1)


def test_elder_mode_is_set_by_a_link_and_remembered_by_the_browser(citizen):
    page = citizen.get("/zfxxgk/").text
    assert 'href="/display-mode/?mode=elder&amp;next=%2Fzfxxgk%2F"' in page
    assert html_class(citizen) == "mode-normal"

    response = citizen.get("/display-mode/", {"mode": "elder", "next": "/zfxxgk/"})
    assert response.status_code == 303
    assert response["Location"] == "/zfxxgk/"
    cookie = response.cookies["display_mode"]
    assert cookie.value == "elder" and cookie["max-age"] >= 30 * 24 * 3600
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert html_class(citizen, "/hudong/") == "mode-elder"
    assert "退出长者模式" in citizen.get("/hudong/").text

    response = citizen.post("/display-mode/", {"mode": "normal", "next": "/hudong/"})
    assert response["Location"] == "/hudong/"
    assert response.cookies["display_mode"]["max-age"] == 0
    assert html_class(citizen) == "mode-normal"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://testserver/",
        "",
    ],
)
def test_the_switch_never_sends_anyone_to_another_site(citizen, target):
    response = citizen.get("/display-mode/", {"mode": "elder", "next": target})
    assert response.status_code == 303
    assert response["Location"] == "/"


def test_only_elder_is_a_mode(citizen):
    citizen.cookies["display_mode"] = "<script>"
    assert html_class(citizen) == "mode-normal"


def test_home_page_has_a_heading_and_direct_entries(citizen):
    page = citizen.get("/").text
    assert re.search(r"<h1[^>]*>随县人民政府</h1>", page)
    entries = re.search(r'<nav class="quick-entries".*?</nav>', page, re.S).group(0)
    for url, label in [
        ("/zfxxgk/", "政府信息公开"),
        ("/hudong/shuji/", "书记信箱"),
        ("/hudong/xianzhang/", "县长信箱"),
        ("/hudong/diaocha/", "在线调查"),
        ("/hudong/yisqgk/", "依申请公开"),
        ("/search/", "站内搜索"),
    ]:
        assert f'<a href="{url}">{label}</a>' in entries


def test_a_column_lists_only_categories_that_hold_items(citizen):
    column = UnitColumnPage.objects.get(slug="lishan")
    held = set(column.items().values_list("category__slug", flat=True))
    empty = Category.for_unit(column.unit).exclude(slug__in=held).first()
    assert empty is not None and held
    nav = re.search(
        r'<nav class="panel side-nav".*?</nav>', citizen.get(column.url).text, re.S
    ).group(0)
    assert "(0)" not in nav
    assert f"?category={empty.slug}" not in nav
    for slug in held:
        assert f"?category={slug}" in nav


def spoken_answer(page):
    alt = re.search(r'<img class="captcha-image"[^>]* alt="([^"]+)"', page).group(1)
    a, sign, b = re.search(r"(\d+) ([加减]) (\d+) 等于几", alt).groups()
    return str(int(a) + int(b) if sign == "加" else int(a) - int(b))


def test_the_captcha_reads_as_text_and_a_new_question_keeps_the_letter(citizen):
    page = citizen.get(MAILBOX).text
    assert spoken_answer(page) == citizen.session["mailbox_captcha"]["answer"]

    typed = {
        "name": "李秀英",
        "phone": "13907225566",
        "category": "consult",
        "subject": "老年人乘坐公交车优惠咨询",
        "content": "请问七十岁以上老人乘坐城区公交车是否免费？",
        "captcha": "999",
        "new_captcha": "1",
    }
    response = citizen.post(MAILBOX, typed)
    assert response.status_code == 200
    page = response.text
    assert 'value="老年人乘坐公交车优惠咨询"' in page
    assert "请问七十岁以上老人乘坐城区公交车是否免费？</textarea>" in page
    assert "error-summary" not in page and 'aria-invalid="true"' not in page
    assert 'value="999"' not in page
    assert spoken_answer(page) == citizen.session["mailbox_captcha"]["answer"]


@pytest.mark.parametrize("form", FORMS)
def test_a_failed_submit_leads_from_the_summary_to_each_field(citizen, form):
    path, _button = FORMS[form]
    citizen.get(path)
    page = citizen.post(path, {"captcha": "999"}).text
    summary = re.search(
        r'<div class="error-summary[^"]*" id="error-summary"([^>]*)>(.*?)</div>',
        page,
        re.S,
    )
    assert summary, form
    assert 'tabindex="-1"' in summary.group(1) and "autofocus" in summary.group(1)
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    links = re.findall(r'href="#([^"]+)"', summary.group(2))
    assert links, form
    assert set(links) <= ids, form
    described = re.findall(r'aria-describedby="([^"]+)"', page)
    assert {i for value in described for i in value.split()} <= ids, form
    assert 'aria-invalid="true"' in page, form
