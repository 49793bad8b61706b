"""The public site in 简体, 繁體 and English: every page has the language
switcher; a page is served under the ``lang`` of its text, falling back to
zh-hans with a notice in the language asked for; translations are linked
with hreflang; the interface strings exist in zh-hant and en."""

import re

from bs4 import BeautifulSoup
from django.utils import translation
from wagtail.models import Locale

from disclosure.models import DisclosureItemPage
from tests.factories import draft_item, publish_unreviewed

NOTICE_EN = "This page is not available in English yet"
NOTICE_HANT = "本頁暫無您所選語言的版本"


def html_lang(html):
    return re.search(r'<html lang="([^"]+)"', html).group(1)


CJK = re.compile(r"[\u4e00-\u9fff]")


def chinese_under_english(html, selector):
    """Text with Chinese characters whose nearest ``lang`` is "en", inside
    the elements ``selector`` picks."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for element in soup.select(selector):
        for text in element.find_all(string=CJK):
            holder = text.find_parent(attrs={"lang": True})
            if holder is not None and holder["lang"] == "en":
                found.append(text.strip())
    return found


def switcher(html):
    nav = re.search(r'<nav class="languages".*?</nav>', html, re.S).group(0)
    return dict(re.findall(r'href="([^"]+)" lang="([^"]+)"', nav))


def test_language_roots_without_translations_serve_chinese_as_chinese(
    demo_db, client, django_assert_max_num_queries
):
    for prefix, notice, lang in (
        ("/en/", NOTICE_EN, "en"),
        ("/zh-hant/", NOTICE_HANT, "zh-hant"),
    ):
        with django_assert_max_num_queries(40):
            response = client.get(prefix)
        html = response.content.decode()
        assert response.status_code == 200
        # The text is the zh-hans home page: so is the lang, and the notice
        # says so in the language asked for.
        assert html_lang(html) == "zh-hans"
        assert response["Content-Language"] == "zh-hans"
        assert f'<p class="language-notice" lang="{lang}" role="note">{notice}' in html
        links = switcher(html)
        assert set(links.values()) == {"zh-hans", "zh-hant", "en"}
    assert NOTICE_EN not in client.get("/").content.decode()


def test_item_in_english_and_fallback_for_untranslated_pages(demo_db, client):
    english = Locale.objects.get(language_code="en")
    item = draft_item("lishan", title="厉山镇英文测试信息", publish=True)
    other = draft_item("lishan", title="厉山镇未翻译信息", publish=True)
    # As wagtail-localize does: the parents become mirrors (aliases).
    translation_page = item.copy_for_translation(english, copy_parents=True)
    translation_page.title = "Lishan test item in English"
    publish_unreviewed(translation_page)

    html = client.get(translation_page.url).content.decode()
    assert html_lang(html) == "en"
    assert "Lishan test item in English" in html
    # The interface around it is English too.
    assert "Skip to main content" in html and ">Search</button>" in html
    assert NOTICE_EN not in html
    # Mirrors in the navigation and breadcrumbs say their text is zh-hans.
    assert chinese_under_english(html, "main, .site-nav, .languages") == []
    # Both versions name each other with hreflang, the zh-hans one as default.
    for page in (item, translation_page):
        page_html = client.get(page.url).content.decode()
        assert re.search(
            r'<link rel="alternate" hreflang="en" href="http[^"]+/en/', page_html
        )
        assert re.search(
            r'<link rel="alternate" hreflang="zh-hans" href="http[^"]+', page_html
        )
        assert 'hreflang="x-default"' in page_html
        assert switcher(page_html)[translation_page.url] == "en"
        assert switcher(page_html)[item.url] == "zh-hans"

    # The English tree now exists, but "other" has no translation: its
    # address under /en/ serves the zh-hans page with the notice.
    response = client.get(f"/en{other.url}")
    html = response.content.decode()
    assert response.status_code == 200
    assert html_lang(html) == "zh-hans" and "厉山镇未翻译信息" in html
    assert NOTICE_EN in html
    assert '<link rel="alternate"' not in html
    # The column is a mirror of the zh-hans column: Chinese text, zh-hans lang.
    column_html = client.get(translation_page.get_parent().url).content.decode()
    assert translation_page.get_parent().url.startswith("/en/")
    assert html_lang(column_html) == "zh-hans" and NOTICE_EN in column_html
    # Nothing there: still a 404, in the language asked for.
    assert client.get("/en/no-such-page/").status_code == 404


def test_search_and_other_views_have_the_switcher(demo_db, client):
    html = client.get("/en/search/?q=%E5%8E%89%E5%B1%B1").content.decode()
    links = switcher(html)
    assert links["/search/?q=%E5%8E%89%E5%B1%B1"] == "zh-hans"
    assert links["/zh-hant/search/?q=%E5%8E%89%E5%B1%B1"] == "zh-hant"


def test_interface_strings_exist_in_traditional_and_english():
    for language, expected in (("zh-hant", "站內搜尋"), ("en", "Site search")):
        with translation.override(language):
            assert translation.gettext("站内搜索") in {expected, "站內搜索"}
    with translation.override("zh-hant"):
        assert translation.gettext("跳到正文") == "跳到正文"
        assert translation.gettext("政府信息公开目录") == "政府信息公開目錄"
    with translation.override("en"):
        assert translation.gettext("政府信息公开目录") == (
            "Catalogue of government information"
        )
    assert DisclosureItemPage  # the catalogue's labels are in the same files
