"""Public pages run the same number of SQL queries with 10 and with 1,000
items: nothing on them grows with the data."""

import pytest

from disclosure.importer import import_rows
from disclosure.models import Category, DisclosureItemPage, Topic, Unit
from tests.bench.rows import synthetic_rows
from tests.factories import count_queries

LISHAN_ITEM = "关于印发厉山镇2014年集镇环境综合整治方案的通知"


def pages():
    item = DisclosureItemPage.objects.get(title=LISHAN_ITEM)
    return {
        "home": "/",
        "platform": "/zfxxgk/",
        "catalogue": "/zfxxgk/catalogue/",
        "catalogue filtered": "/zfxxgk/catalogue/?unit=lishan&category=wenjian&year=2014",
        "catalogue look-up": "/zfxxgk/catalogue/?q=%E5%8E%89%E5%B1%B1",
        "column": "/zfxxgk/lishan/",
        "column filtered": "/zfxxgk/lishan/?category=wenjian",
        "column page 2": "/zfxxgk/lishan/?page=2",
        "item": item.url,
        "guide": "/zfxxgk/lishan/guide/",
        "feed": "/zfxxgk/lishan/feed/",
        "api": "/api/v2/items/?unit=lishan&category=wenjian",
        "news": "/news/",
    }


# Warm caches, 10 or 1,000 items alike.
CEILINGS = {
    "home": 9,
    "platform": 12,
    "catalogue": 10,
    "catalogue filtered": 10,
    "catalogue look-up": 10,
    "column": 11,
    "column filtered": 11,
    "column page 2": 11,
    "item": 13,
    "guide": 14,
    "feed": 10,
    "api": 11,
    "news": 12,
}


def synthetic(n):
    return list(
        synthetic_rows(
            n,
            Unit.objects.filter(slug__in=["lishan", "county", "czj"]),
            Category.objects.all(),
            Topic.objects.all(),
            seed=7,
        )
    )


def add_items(rows):
    result = import_rows(rows, index=False, reviewed_by="webmaster")
    assert result.imported == len(rows), result.summary()


@pytest.mark.django_db
def test_public_pages_query_count_does_not_grow_with_items(demo_db, client):
    rows = synthetic(1000)
    add_items(rows[:10])
    small = {name: count_queries(client, url) for name, url in pages().items()}
    before = DisclosureItemPage.objects.count()
    add_items(rows[10:])
    assert DisclosureItemPage.objects.count() - before == 990
    large = {name: count_queries(client, url) for name, url in pages().items()}
    assert large == small
    # And the counts stay small in absolute terms: routing from the site
    # root in two queries and the shell's cached fragments (README, Speed).
    over = {name: n for name, n in small.items() if n > CEILINGS[name]}
    assert over == {}, small
