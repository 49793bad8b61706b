"""The catalogue: county-wide and per column, filters with stable URLs, look-up
by 文号 and 索引号, the guide, open data API and RSS."""

import xml.etree.ElementTree as ET

import pytest

from disclosure.models import DisclosureItemPage
from tests.factories import draft_item, publish_unreviewed

CATALOGUE = "/zfxxgk/catalogue/"


def titles(response):
    return [item.title for item in response.context["page_obj"]]


def test_county_catalogue_filters_by_unit_category_and_year(demo_db, client):
    response = client.get(
        CATALOGUE, {"unit": "lishan", "category": "wenjian", "year": "2014"}
    )
    assert response.status_code == 200
    found = titles(response)
    assert "关于印发厉山镇2014年集镇环境综合整治方案的通知" in found
    assert "关于调整厉山镇政务公开工作领导小组成员的通知" not in found  # formed 2013
    items = DisclosureItemPage.objects.filter(title__in=found)
    assert {(i.unit.slug, i.category.slug, i.formed_on.year) for i in items} == {
        ("lishan", "wenjian", 2014)
    }
    html = response.content.decode()
    assert (
        '<link rel="canonical" href="/zfxxgk/catalogue/?unit=lishan&amp;category=wenjian&amp;year=2014">'
        in html
    )


def test_filter_urls_are_canonical_whatever_the_parameter_order(demo_db, client):
    canonical = CATALOGUE + "?unit=lishan&category=wenjian&year=2014"
    response = client.get(
        CATALOGUE + "?year=2014&category=wenjian&unit=lishan&q=&topic="
    )
    assert response.status_code == 302 and response["Location"] == canonical
    assert client.get(canonical).context["query_string"] == canonical.split("?")[1]
    paged = client.get(CATALOGUE + "?page=2&category=lingdao")
    assert paged["Location"] == CATALOGUE + "?category=lingdao&page=2"
    assert client.get(CATALOGUE + "?").status_code == 200


def test_topic_filter_includes_subtopics_and_validity_filter(demo_db, client):
    from disclosure.models import Topic

    parent = Topic.objects.get(name="综合政务", parent=None)
    found = titles(client.get(CATALOGUE, {"topic": parent.pk}))
    assert "关于做好全县政府信息公开工作的通知" in found  # topic 政务公开
    repealed = draft_item("county", title="已废止的测试文件", publish=True)
    repealed.validity = DisclosureItemPage.Validity.REPEALED
    publish_unreviewed(repealed)
    assert titles(client.get(CATALOGUE, {"validity": "repealed"})) == [
        "已废止的测试文件"
    ]


@pytest.mark.parametrize(
    "query",
    ["随政办发〔2014〕8号", "随政办发[2014]8号", "随政办发【2014】8号"],
)
def test_look_up_by_document_number_in_any_bracket_style(demo_db, client, query):
    assert titles(client.get(CATALOGUE, {"q": query})) == [
        "关于做好全县政府信息公开工作的通知"
    ]


def test_look_up_by_index_number(demo_db, client):
    item = DisclosureItemPage.objects.get(
        title="关于印发随县低温雨雪冰冻灾害应急预案的通知"
    )
    assert titles(client.get(CATALOGUE, {"q": item.index_number})) == [item.title]


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"unit": "nowhere"},
        {"category": "x"},
        {"topic": "999999"},
        {"validity": "old"},
    ],
)
def test_invalid_filters_answer_400_in_chinese(demo_db, client, params):
    response = client.get(CATALOGUE, params)
    assert response.status_code == 400
    assert "筛选条件无效" in response.content.decode()


def test_catalogue_is_paginated_and_keeps_filters(demo_db, client):
    first = client.get(CATALOGUE, {"category": "lingdao"})
    page_obj = first.context["page_obj"]
    assert page_obj.paginator.count > 20 and len(page_obj) == 20
    html = first.content.decode()
    assert "?category=lingdao&amp;page=2" in html
    second = client.get(CATALOGUE, {"category": "lingdao", "page": 2})
    assert set(titles(first)).isdisjoint(titles(second))


def test_column_filters_within_its_unit(demo_db, client):
    response = client.get("/zfxxgk/lishan/", {"category": "wenjian", "year": "2014"})
    assert response.status_code == 200
    assert all(i.unit.slug == "lishan" for i in response.context["page_obj"])
    assert response.context["current_category"].slug == "wenjian"
    assert "unit" not in response.context["filter_form"].fields
    # Township-only categories are not offered to departments.
    czj = client.get("/zfxxgk/czj/")
    assert "农业农村政策" not in [c.name for c in czj.context["categories"]]
    assert client.get("/zfxxgk/czj/", {"category": "nongcun"}).status_code == 400


def test_drafts_never_appear_in_public_lists(demo_db, client):
    draft = draft_item("lishan", title="尚未发布的草稿")
    for url in (
        CATALOGUE,
        "/zfxxgk/lishan/",
        "/api/v2/items/?unit=lishan",
        "/zfxxgk/lishan/feed/",
    ):
        assert "尚未发布的草稿" not in client.get(url).content.decode()
    assert client.get(draft.url or f"/zfxxgk/lishan/{draft.slug}/").status_code == 404


def test_guide_carries_what_article_12_requires(demo_db, client):
    from disclosure.models import Unit

    unit = Unit.objects.get(slug="lishan")
    html = client.get("/zfxxgk/lishan/guide/").content.decode()
    for text in (
        unit.office_name,
        unit.address,
        unit.opening_hours,
        unit.phone,
        unit.fax,
        unit.email,
        "政府信息分类与编排体系",
        "获取政府信息的方式",
        "农业农村政策",
        unit.code,
    ):
        assert text in html


def test_open_data_api_lists_published_items_with_catalogue_fields(demo_db, client):
    draft_item("lishan", title="API草稿")
    data = client.get(
        "/api/v2/items/", {"unit": "lishan", "category": "wenjian"}
    ).json()
    assert data["meta"]["total_count"] == 6
    item = data["items"][0]
    # The catalogue's fields written out, not disclosure.api.CATALOGUE_FIELDS:
    # the test checks that list rather than repeat it.
    for field in (
        "index_number",
        "document_number",
        "unit",
        "formed_on",
        "published_on",
        "category",
        "topic",
        "validity",
        "summary",
        "keywords",
    ):
        assert field in item
    assert item["unit"] == "厉山镇人民政府" and item["category"] == "政府文件"
    assert all(i["title"] != "API草稿" for i in data["items"])
    by_code = client.get(
        "/api/v2/items/", {"unit": item["index_number"].split("/")[0]}
    ).json()
    assert (
        by_code["meta"]["total_count"]
        == DisclosureItemPage.objects.filter(unit__slug="lishan", live=True).count()
    )


def test_open_data_api_rejects_unknown_filters_with_400(demo_db, client):
    response = client.get("/api/v2/items/", {"unit": "火星镇"})
    assert response.status_code == 400
    assert "火星镇" in response.json()["message"]


def test_rss_feed_per_column(demo_db, client):
    response = client.get("/zfxxgk/lishan/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert "厉山镇人民政府" in channel.findtext("title")
    items = channel.findall("item")
    assert items and all("/zfxxgk/lishan/" in i.findtext("link") for i in items)
    assert all(
        i.findtext("guid").startswith(items[0].findtext("guid")[:10]) for i in items
    )
