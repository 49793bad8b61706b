"""The catalogue listing (filters and table) is cached as a fragment, also
for visitors the page cache does not serve; every change of what it lists
shows at once."""

import pytest

from disclosure.models import Category
from tests.factories import draft_item, publish_unreviewed


@pytest.fixture
def editor_cookie(client):
    # Any other cookie bypasses the page cache (an editor's session).
    client.cookies["sessionid"] = "not-a-session"
    return client


@pytest.mark.parametrize("url", ["/zfxxgk/lishan/", "/zfxxgk/catalogue/"])
def test_a_publication_shows_in_the_cached_listing_at_once(demo_db, editor_cookie, url):
    client = editor_cookie
    assert "关于板栗收购价格的通知" not in client.get(url).content.decode()
    item = draft_item(title="关于板栗收购价格的通知")
    assert "关于板栗收购价格的通知" not in client.get(url).content.decode()
    publish_unreviewed(item)
    assert "关于板栗收购价格的通知" in client.get(url).content.decode()
    item.unpublish()
    assert "关于板栗收购价格的通知" not in client.get(url).content.decode()


def test_a_renamed_category_shows_in_the_cached_filters_at_once(demo_db, client):
    url = "/zfxxgk/catalogue/"
    client.get(url)
    category = Category.objects.get(slug="wenjian")
    original = category.name
    category.name = "规范性文件汇编"
    category.save()
    try:
        assert "规范性文件汇编" in client.get(url).content.decode()
    finally:
        # The rollback sends no signal: name it back, so that no cache keeps
        # the new name for the tests after this one.
        category.name = original
        category.save()


def test_invalid_filters_answer_400_and_leave_no_fragment(demo_db, client):
    from unittest import mock

    from django.core.cache import caches

    store = caches["default"]

    def listing_writes(params):
        with mock.patch.object(store, "set", wraps=store.set) as spy:
            response = client.get("/zfxxgk/catalogue/", params)
        keys = [str(c.args[0]) for c in spy.call_args_list]
        return response.status_code, [k for k in keys if "catalogue-listing" in k]

    status, written = listing_writes({"year": "abc"})
    assert status == 400 and written == []
    status, written = listing_writes({"year": "2014"})
    assert status == 200 and len(written) == 1


def test_the_column_navigation_counts_follow_publications(demo_db, editor_cookie):
    import re

    def count(html):
        found = re.search(r"政府文件\s*<span class=\"count\">\((\d+)\)", html)
        return int(found.group(1)) if found else 0

    before = count(editor_cookie.get("/zfxxgk/lishan/").content.decode())
    draft_item(title="关于规范村级财务管理的意见", category="wenjian", publish=True)
    after = count(editor_cookie.get("/zfxxgk/lishan/").content.decode())
    assert after == before + 1


def test_the_home_sections_show_a_publication_at_once(demo_db, editor_cookie):
    editor_cookie.get("/")
    draft_item(title="关于春季森林防火的紧急通知", publish=True)
    assert "关于春季森林防火的紧急通知" in editor_cookie.get("/").content.decode()


def test_a_retitled_item_shows_its_new_title_in_every_fragment(demo_db, editor_cookie):
    item = draft_item(title="关于秋季征兵工作的通知", publish=True)
    editor_cookie.get(item.url)  # breadcrumbs and language links cached
    item.title = "关于2026年秋季征兵工作的通知"
    publish_unreviewed(item)
    html = editor_cookie.get(item.url).content.decode()
    assert '<li aria-current="page">关于2026年秋季征兵工作的通知</li>' in html
    assert "关于秋季征兵工作的通知" not in html


def test_a_preview_of_a_draft_leaves_nothing_in_the_public_fragments(
    demo_db, editor_cookie
):
    """An editor's preview renders the draft: none of it may be cached where
    the public's pages pick it up (breadcrumbs, language links, home)."""
    from home.models import HomePage

    item = draft_item(title="关于秋收农机补贴的通知", publish=True)
    item.title = "未经审查的草稿标题"
    item.make_preview_request()
    home = HomePage.objects.get(depth=2).specific
    home.banner = "未经审查的首页横幅"
    home.title = "未经审查的首页标题"
    home.make_preview_request()
    for url in (item.url, "/", "/zfxxgk/lishan/"):
        html = editor_cookie.get(url).content.decode()
        assert "未经审查" not in html, url
