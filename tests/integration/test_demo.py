import re

import pytest
from django.core.management import call_command
from wagtail.models import Page

from demo import data
from disclosure.models import (
    Category,
    DisclosureItemPage,
    GuidePage,
    Unit,
    UnitColumnPage,
)
from home.models import HomePage

TOWNS = [
    "厉山镇",
    "高城镇",
    "殷店镇",
    "草店镇",
    "小林镇",
    "淮河镇",
    "万和镇",
    "尚市镇",
    "唐县镇",
    "吴山镇",
    "新街镇",
    "安居镇",
    "环潭镇",
    "洪山镇",
    "三里岗镇",
    "柳林镇",
    "均川镇",
    "万福店农场",
]
SEED_COLUMNS = [
    "领导分工",
    "机构职能",
    "政府文件",
    "重点工作及重要会议",
    "计划公报",
    "人事任免",
    "应急管理",
]


def snapshot():
    return {
        "pages": Page.objects.count(),
        "units": Unit.objects.count(),
        "items": DisclosureItemPage.objects.count(),
        "titles": sorted(DisclosureItemPage.objects.values_list("unit_id", "title")),
        "index_numbers": sorted(
            DisclosureItemPage.objects.values_list("index_number", flat=True)
        ),
    }


def test_demo_loads_twice_without_duplicates(demo_db):
    before = snapshot()
    call_command("load_demo", verbosity=0, force=True)
    assert snapshot() == before
    titles = before["titles"]
    assert len(titles) == len(set(titles))
    assert len(set(before["index_numbers"])) == before["items"]
    assert HomePage.objects.count() == 1


def test_every_town_and_fifteen_departments_have_a_column(demo_db):
    shorts = set(Unit.objects.values_list("short_name", flat=True))
    assert set(TOWNS) <= shorts
    assert {
        "县政府",
        "县政府办",
        "监察局",
        "财政局",
        "审计局",
        "法制办",
        "档案局",
        "机要局",
    } <= shorts
    assert Unit.objects.filter(kind=Unit.Kind.DEPARTMENT).count() >= 15
    for unit in Unit.objects.all():
        column = UnitColumnPage.objects.get(unit=unit)
        assert column.live
        assert GuidePage.objects.child_of(column).live().count() == 1
        assert unit.editors_group and unit.reviewers_group


def test_columns_carry_the_seed_categories_and_seed_documents(demo_db):
    for name in SEED_COLUMNS:
        assert Category.objects.filter(name=name).exists()
    county = Unit.objects.get(slug="county")
    for _unit, _cat, _topic, title, number, formed in data.SEED_DOCUMENTS:
        item = DisclosureItemPage.objects.get(title=title)
        assert item.live and item.index_number.startswith(item.unit.code + "/")
        assert item.formed_on.isoformat() == formed
        assert item.document_number == number
    assert (
        DisclosureItemPage.objects.filter(
            unit=county, category__name="应急管理"
        ).count()
        == 3
    )
    # A township column has items in the seed's columns and the Art. 21 ones.
    lishan = Unit.objects.get(slug="lishan")
    names = set(
        DisclosureItemPage.objects.filter(unit=lishan).values_list(
            "category__name", flat=True
        )
    )
    assert {"领导分工", "政府文件", "应急管理", "农业农村政策", "社会救助"} <= names


@pytest.mark.django_db
def test_every_public_page_of_the_demo_answers_200(demo_db, client):
    pages = Page.objects.live().public().specific().filter(depth__gte=2)
    urls = [page.get_url() for page in pages]
    assert len(urls) > 300
    failures = [
        (url, status) for url in urls if (status := client.get(url).status_code) != 200
    ]
    assert failures == []
    for url in [
        "/search/?q=政府信息公开",
        "/api/v2/pages/",
        "/zfxxgk/lishan/?category=wenjian",
    ]:
        assert client.get(url).status_code == 200


def test_footer_shows_the_inspection_identifiers(demo_db, client):
    html = client.get("/").content.decode()
    for text in [
        "主办单位",
        "随县人民政府办公室",
        "网站标识码",
        "4213210001",
        "ICP备",
        "公网安备",
    ]:
        assert text in html
    # No asset is loaded from another host.
    assert (
        re.findall(r'<(?:link|script|img)[^>]+(?:src|href)="(?:https?:)?//', html) == []
    )
