import pytest


@pytest.mark.parametrize(
    ("query", "message"), [("a\x00b", "无效字符"), ("长" * 101, "不能超过 100 个字")]
)
def test_bad_search_input_answers_400_in_chinese(demo_db, client, query, message):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 400
    assert message in response.content.decode()


def titles(client, query, **params):
    response = client.get("/search/", {"q": query, "format": "json", **params})
    assert response.status_code == 200, response.content.decode()
    return [hit["title"] for hit in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # A word in the middle of a title, with no spaces around it.
        ("土地确权", "关于做好2014年厉山镇农村土地确权登记工作的通知"),
        ("确权登记", "关于做好2014年厉山镇农村土地确权登记工作的通知"),
        # Two words run together, and words with a space between them.
        ("厉山镇土地确权", "关于做好2014年厉山镇农村土地确权登记工作的通知"),
        ("厉山镇 确权", "关于做好2014年厉山镇农村土地确权登记工作的通知"),
        # Part of a word: 县人民政府 inside 随县人民政府.
        ("县人民政府年度报告", "2014年随县人民政府信息公开工作年度报告"),
        ("地质灾害", "关于印发随县2014年度地质灾害防治方案的通知"),
    ],
)
def test_chinese_words_are_found_inside_titles(demo_db, client, query, expected):
    assert expected in titles(client, query)


def test_a_town_finds_its_own_items_first_and_not_unrelated_ones(demo_db, client):
    from wagtail.models import Page

    results = list(Page.objects.live().search("厉山镇"))
    assert len(results) >= 5
    assert all("厉山" in p.title for p in results[:5])
    # Every word must be there: 厉山镇 and 确权 together narrow the results.
    narrowed = {p.pk for p in Page.objects.live().search("厉山镇确权")}
    assert narrowed and narrowed < {p.pk for p in results}


def test_words_that_are_nowhere_find_nothing(demo_db, client):
    html = client.get("/search/", {"q": "量子纠缠"}).content.decode()
    assert "没有找到与“量子纠缠”相关的内容" in html


def test_search_page_query_count_is_bounded(
    demo_db, client, django_assert_max_num_queries
):
    client.get("/search/", {"q": "政府"})  # warm the navigation cache
    with django_assert_max_num_queries(12):
        response = client.get("/search/", {"q": "政府"})
    assert response.status_code == 200


@pytest.mark.services
def test_postgresql_answers_searches_from_an_index_not_a_full_scan(demo_db):
    """modelsearch matches ``title || body``; without the expression index
    every search reads the whole index table (seconds on a county's
    100,000 items, see make bench)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page

    results = Page.objects.live().search("厉山镇确权", operator="and")
    with CaptureQueriesContext(connection) as captured:
        results.count()
    expression = (
        '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body")'
    )
    # The expression modelsearch matches against ...
    assert f"{expression} @@" in captured.captured_queries[-1]["sql"]
    # ... is one PostgreSQL can answer from the expression index.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT id FROM wagtailsearch_indexentry "
            f"WHERE {expression} @@ to_tsquery('厉 & 山镇 & 确权')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "govsearch_indexentry_title_body_gin" in plan, plan


def test_a_repeated_search_is_answered_without_the_index_until_content_changes(
    demo_db, client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import draft_item

    # Logged-in editors and cookie holders pass the page cache: the result
    # page's data is kept per content version for them too.
    client.cookies["sessionid"] = "not-a-session"
    assert "土地确权" in " ".join(titles(client, "土地确权"))
    with CaptureQueriesContext(connection) as captured:
        client.get("/search/", {"q": "土地确权", "format": "json"})
    sql = " ".join(q["sql"] for q in captured)
    # Neither the candidates nor the pages of the hits are read again.
    assert "search_document" not in sql
    assert '"wagtailcore_page"."id" IN (' not in sql
    draft_item(title="关于开展2026年土地确权颁证工作的通知", publish=True)
    assert "关于开展2026年土地确权颁证工作的通知" in titles(client, "土地确权")


def test_a_page_made_private_leaves_the_search_at_once(demo_db, client):
    from wagtail.models import PageViewRestriction

    from tests.factories import draft_item

    item = draft_item(title="关于核查低保对象家庭财产的通知", publish=True)
    assert "关于核查低保对象家庭财产的通知" in titles(client, "核查低保对象")
    restriction = PageViewRestriction.objects.create(
        page=item, restriction_type=PageViewRestriction.LOGIN
    )
    assert "关于核查低保对象家庭财产的通知" not in titles(client, "核查低保对象")
    restriction.delete()
    assert "关于核查低保对象家庭财产的通知" in titles(client, "核查低保对象")
