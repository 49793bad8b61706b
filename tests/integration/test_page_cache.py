"""The full-page cache (disclosure/pagecache.py) in the shared Redis: anonymous
readers get cached pages with ETag and 304, every change they could notice
shows at once, signed-in editors and forms never meet a stored page, and a
Redis outage only costs speed."""

import socket

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from disclosure.cache import SHELL, bump_tags
from disclosure.models import DisclosureItemPage, Unit
from disclosure.review.gate import publishing_as_system
from interaction.models import SurveyResponse
from interaction.surveys import results
from tests.factories import (
    answered_letter,
    column_of,
    draft_item,
    publish_unreviewed,
    survey_page,
    user,
)
from tests.integration.test_mailbox_public import MAILBOX

pytestmark = [pytest.mark.services, pytest.mark.usefixtures("demo_db")]

CATALOGUE = "/zfxxgk/catalogue/"
LISHAN_ITEM = "关于印发厉山镇2014年集镇环境综合整治方案的通知"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    # Database rollbacks between tests send no signals: start from nothing.
    bump_tags(SHELL)


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    return response


def state(response):
    return response.get("X-Page-Cache")


def cached(client, url):
    """Reads ``url`` until it comes from the cache; returns the HTML."""
    get(client, url)
    response = get(client, url)
    assert state(response) == "hit", url
    return response.content.decode()


def item(title=LISHAN_ITEM):
    return DisclosureItemPage.objects.get(title=title)


def test_a_cached_page_carries_validators_and_answers_304(client):
    first = get(client, CATALOGUE)
    second = get(client, CATALOGUE)
    assert (state(first), state(second)) == ("miss", "hit")
    assert first.content == second.content
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"]
    # The security headers are there on a hit too.
    assert "default-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Content-Type-Options"] == "nosniff"

    again = client.get(CATALOGUE, headers={"If-None-Match": second["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(
        CATALOGUE, headers={"If-Modified-Since": second["Last-Modified"]}
    )
    assert since.status_code == 304
    changed = client.get(CATALOGUE, headers={"If-None-Match": '"other"'})
    assert changed.status_code == 200


def test_a_published_item_shows_at_once_and_other_items_stay_cached(client):
    other = item()
    assert "测试公开信息即时" not in cached(client, CATALOGUE)
    cached(client, "/zfxxgk/lishan/")
    cached(client, "/zfxxgk/county/")
    cached(client, other.url)

    new = draft_item(title="测试公开信息即时", publish=True)
    assert "测试公开信息即时" in get(client, CATALOGUE).content.decode()
    assert "测试公开信息即时" in get(client, "/zfxxgk/lishan/").content.decode()
    assert "测试公开信息即时" in get(client, new.url).content.decode()
    # An item shows only itself, and in its own unit's column: another
    # item's page and another unit's column are still hits.
    assert state(get(client, other.url)) == "hit"
    assert state(get(client, "/zfxxgk/county/")) == "hit"


def test_an_edited_item_shows_its_new_title_at_once(client):
    page = item()
    assert "整治方案（修订）" not in cached(client, page.url)
    page.title = LISHAN_ITEM + "（修订）"
    publish_unreviewed(page)
    html = get(client, page.url).content.decode()
    assert "整治方案的通知（修订）" in html


def test_unpublished_and_deleted_items_vanish_at_once(client):
    page = item()
    cached(client, page.url)
    assert LISHAN_ITEM in cached(client, "/zfxxgk/lishan/")
    page.unpublish()
    assert client.get(page.url).status_code == 404
    assert LISHAN_ITEM not in get(client, "/zfxxgk/lishan/").content.decode()

    other = draft_item(title="测试待删除的信息", publish=True)
    assert "测试待删除的信息" in cached(client, CATALOGUE)
    other.delete()
    assert "测试待删除的信息" not in get(client, CATALOGUE).content.decode()


def test_a_moved_or_reordered_page_shows_at_once(client):
    page = draft_item(title="测试移动的信息", publish=True)
    assert "测试移动的信息" in cached(client, "/zfxxgk/lishan/")
    with publishing_as_system("tests"):
        page.move(column_of("county"), pos="last-child")
    assert "测试移动的信息" not in get(client, "/zfxxgk/lishan/").content.decode()
    assert "测试移动的信息" in get(client, "/zfxxgk/county/").content.decode()

    # Reordering the site's sections changes the navigation of every page.
    sections = list(page.get_site().root_page.get_children().live().in_menu())
    first, last = sections[0], sections[-1]
    html = cached(client, "/")
    assert html.index(f">{first.title}<") < html.index(f">{last.title}<")
    last.move(first, pos="left")
    html = get(client, "/").content.decode()
    assert html.index(f">{last.title}<") < html.index(f">{first.title}<")


def test_a_changed_unit_or_site_setting_shows_at_once(client):
    from home.models import SiteIdentity

    page = item()
    cached(client, page.url)
    unit = Unit.objects.get(slug="lishan")
    unit.name = "厉山镇人民政府（测试）"
    unit.save()
    assert "厉山镇人民政府（测试）" in get(client, page.url).content.decode()

    cached(client, "/")
    identity = SiteIdentity.for_site(page.get_site())
    identity.operator = "随县测试承办单位"
    identity.save()
    assert "随县测试承办单位" in get(client, "/").content.decode()


def test_a_published_letter_reply_shows_at_once(client):
    listing = "/hudong/letters/"
    assert "补贴已于本月发放" not in cached(client, listing)
    letter, _code = answered_letter(subject="缓存测试来信")
    html = get(client, listing).content.decode()
    assert "缓存测试来信" in html


def test_a_new_letter_counts_in_the_figures_at_once(client):
    import re

    def received(html):
        return int(re.search(r'data-figure="received">(\d+)<', html).group(1))

    before = received(cached(client, "/hudong/figures/"))
    answered_letter(subject="缓存测试统计", consent_publish=False)
    assert received(get(client, "/hudong/figures/").content.decode()) == before + 1


def test_a_transcript_entry_shows_at_once(client):
    from interaction.interviews import transcript, workflow
    from interaction.models.interviews import EntryKind
    from tests.factories import interview

    host = get_user_model().objects.get(username="handler_czj")
    page = interview(starts_at=timezone.now() - timezone.timedelta(minutes=5))
    workflow.INTERVIEW.transition(page, "start", by=host)
    page.refresh_from_db()
    # While live, the page carries the question form and says no-cache:
    # never stored, so the transcript is always current.
    assert state(get(client, page.url)) is None
    transcript.post_entry(page, by=host, kind=EntryKind.HOST, text="缓存测试直播实录")
    assert "缓存测试直播实录" in get(client, page.url).content.decode()

    # Ended, entries may still come (会后补充): still never stored.
    workflow.INTERVIEW.transition(page, "end", by=host)
    page.refresh_from_db()
    assert state(get(client, page.url)) is None
    transcript.post_entry(page, by=host, kind=EntryKind.HOST, text="缓存测试会后补充")
    assert "缓存测试会后补充" in get(client, page.url).content.decode()


def test_changed_survey_results_show_at_once(client):
    page = survey_page(visibility="live")
    url = page.url + "results/"
    before = cached(client, url)
    SurveyResponse.objects.create(
        survey_id=page.pk,
        phone_hash="cache-test",
        answers={q.id: q.options[0][0] for q in page.question_list if q.options},
        status="valid",
    )
    results.aggregate(page.survey, now=timezone.now())
    after = get(client, url)
    assert after.content.decode() != before


def test_a_signed_in_editor_neither_reads_nor_fills_the_cache():
    editor = Client()
    editor.force_login(user("webmaster"))
    anonymous = Client()
    cached(anonymous, "/")
    seen = editor.get("/")
    assert state(seen) is None
    assert "userbar" in seen.content.decode()

    # A page an editor saw first is never stored with their toolbar.
    page = item()
    editor.get(page.url)
    editor.get(page.url)
    first = anonymous.get(page.url)
    assert state(first) == "miss"
    assert "userbar" not in first.content.decode()


def test_forms_with_a_csrf_token_are_never_stored():
    one, two = Client(), Client()
    first = one.get(MAILBOX)
    second = two.get(MAILBOX)
    assert "csrfmiddlewaretoken" in second.content.decode()
    assert state(first) != "hit" and state(second) != "hit"
    assert first.content != second.content


def test_the_display_mode_cookie_has_its_own_variant(client):
    cached(client, "/")
    elder = Client()
    elder.cookies["display_mode"] = "elder"
    assert state(elder.get("/")) == "miss"
    assert state(elder.get("/")) == "hit"
    # Any other cookie (a session) bypasses the cache.
    other = Client()
    other.cookies["sessionid"] = "not-a-session"
    assert state(other.get("/")) is None


def test_pages_are_served_when_redis_is_down(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = dict(settings.CACHES["default"])
    down["LOCATION"] = f"redis://127.0.0.1:{port}/0"
    down["OPTIONS"] = {**down.get("OPTIONS", {}), "IGNORE_EXCEPTIONS": False}
    settings.CACHES = {**settings.CACHES, "pages_down": down}
    settings.PAGE_CACHE_ALIAS = "pages_down"
    try:
        client = Client()
        for url in ("/", CATALOGUE, item().url):
            assert client.get(url).status_code == 200
            assert client.get(url).status_code == 200
    finally:
        caches["pages_down"].close()


def test_a_page_made_private_is_no_longer_served_from_the_cache(client):
    from wagtail.models import PageViewRestriction

    page = item()
    assert LISHAN_ITEM in cached(client, page.url)
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(page.url)
    # Wagtail sends an anonymous reader to the login page.
    assert response.status_code == 302
