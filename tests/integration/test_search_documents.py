"""The search's own table of live pages (search/documents.py) follows every
change a citizen's search must see at once: publish, unpublish, drafts,
deletes, moves and reorders, and a rebuild gives the same rows."""

import pytest
from django.db import connection
from wagtail.models import Page

from disclosure.review.gate import publishing_as_system
from search import documents
from tests.factories import column_of, draft_item, publish_unreviewed

pytestmark = pytest.mark.services


def rows(*pks):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT page_id, path, locale_id, unit_id, category_id, date "
            "FROM search_document WHERE page_id = ANY(%s) ORDER BY page_id",
            [list(pks)],
        )
        return cursor.fetchall()


def all_rows():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT page_id, content_type_id, locale_id, path, date, unit_id, "
            "category_id, title::text, body::text FROM search_document "
            "ORDER BY page_id"
        )
        return cursor.fetchall()


def found(client, query):
    response = client.get("/search/", {"q": query, "format": "json"})
    assert response.status_code == 200
    return [hit["title"] for hit in response.json()["results"]]


def test_publishing_adds_the_row_and_unpublishing_removes_it(demo_db, client):
    item = draft_item(title="关于蓝莓种植补贴发放的公告")
    assert rows(item.pk) == []
    assert "关于蓝莓种植补贴发放的公告" not in found(client, "蓝莓种植补贴")

    publish_unreviewed(item)
    (row,) = rows(item.pk)
    assert row[1] == item.path
    assert (row[3], row[4]) == (item.unit_id, item.category_id)
    assert row[5] == item.published_on
    assert found(client, "蓝莓种植补贴")[0] == "关于蓝莓种植补贴发放的公告"

    item.unpublish()
    assert rows(item.pk) == []
    assert "关于蓝莓种植补贴发放的公告" not in found(client, "蓝莓种植补贴")


def test_a_draft_of_a_live_page_is_not_searchable_until_published(demo_db, client):
    item = draft_item(title="关于樱桃种植补贴的公告", publish=True)
    item.title = "关于猕猴桃种植补贴的公告"
    item.save_revision()
    assert not any("猕猴桃" in title for title in found(client, "猕猴桃"))
    assert found(client, "樱桃种植补贴")[0] == "关于樱桃种植补贴的公告"


def test_deleting_a_page_deletes_its_row(demo_db, client):
    item = draft_item(title="关于茶叶种植补贴的公告", publish=True)
    pk = item.pk
    assert rows(pk)
    item.delete()
    assert rows(pk) == []
    assert "关于茶叶种植补贴的公告" not in found(client, "茶叶种植补贴")


def assert_rows_at_page_paths(pages):
    paths = dict(Page.objects.filter(pk__in=pages).values_list("pk", "path"))
    assert {pk: path for pk, path, *_ in rows(*pages)} == paths


def test_a_reorder_keeps_every_sibling_row_at_its_page_path(demo_db):
    first, second, third = (draft_item(title=t, publish=True) for t in "甲乙丙")
    # Putting the last before the first shifts the paths of the others,
    # which are not saved.
    third.move(first, pos="left")
    assert_rows_at_page_paths([first.pk, second.pk, third.pk])


def test_a_move_keeps_the_row_at_the_new_path(demo_db):
    item = draft_item(title="甲", publish=True)
    target = column_of("czj")
    with publishing_as_system("tests"):  # a move across units, as the system
        item.move(target, pos="last-child")
    assert_rows_at_page_paths([item.pk])
    assert rows(item.pk)[0][1].startswith(target.path)


def test_a_rebuild_gives_the_rows_the_changes_gave(demo_db):
    draft_item(title="关于核桃种植补贴的公告", publish=True)
    before = all_rows()
    # The demo's 2014 catalogue and the county's other pages.
    assert len(before) > 300
    assert documents.rebuild() == len(before)
    assert all_rows() == before
