"""索引号, 发布日期 and catalogue metadata of disclosure items."""

import datetime
import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from disclosure.models import DisclosureItemPage, IndexNumber
from tests.factories import (
    add_form,
    column_of,
    draft_item,
    publish_unreviewed,
    unit,
)

INDEX_RE = re.compile(r"^(?P<code>[0-9A-Z-]+)/(?P<year>\d{4})-(?P<serial>\d{5})$")


def test_index_number_is_allocated_at_first_publish_and_never_changes(demo_db):
    item = draft_item("lishan", formed_on=datetime.date(2026, 11, 2))
    assert item.index_number == "" and item.published_on is None
    publish_unreviewed(item)
    item.refresh_from_db()
    match = INDEX_RE.match(item.index_number)
    assert match and match["code"] == unit("lishan").code and match["year"] == "2026"
    assert item.published_on == timezone.localdate()
    first = (item.index_number, item.published_on)

    # Edit and republish, unpublish and publish again, move to another column.
    item.title = "测试公开信息（修订）"
    publish_unreviewed(item)
    item.unpublish()
    item.refresh_from_db()
    publish_unreviewed(item)
    item.refresh_from_db()
    assert (item.index_number, item.published_on) == first
    # A live page stays in its unit (the publishing gate); a draft may move.
    item.unpublish()
    item.move(column_of("gaocheng"), pos="last-child")
    item.refresh_from_db()
    publish_unreviewed(item)
    item.refresh_from_db()
    assert (item.index_number, item.published_on) == first
    assert IndexNumber.objects.filter(value=first[0]).count() == 1


def test_serials_count_up_per_unit_and_year(demo_db):
    a = draft_item("gaocheng", publish=True)
    b = draft_item("gaocheng", publish=True)
    c = draft_item("yindian", publish=True)
    sa, sb = (int(INDEX_RE.match(x.index_number)["serial"]) for x in (a, b))
    assert sb == sa + 1
    assert INDEX_RE.match(c.index_number)["code"] == unit("yindian").code


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_concurrent_publishing_in_one_unit_never_collides(demo_transactional):
    items = [draft_item("huaihe") for _ in range(8)]
    errors = []

    def publish(item_id):
        try:
            publish_unreviewed(DisclosureItemPage.objects.get(pk=item_id))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(i.pk,)) for i in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = list(
        DisclosureItemPage.objects.filter(pk__in=[i.pk for i in items]).values_list(
            "index_number", flat=True
        )
    )
    assert len(set(numbers)) == 8 and all(INDEX_RE.match(n) for n in numbers)


@pytest.fixture
def lishan_editor_client(demo_db, client):
    client.force_login(get_user_model().objects.get(username="editor_lishan"))
    return client


def post_new_item(client, **overrides):
    from disclosure.models import Category

    column = column_of("lishan")
    overrides.setdefault("category", str(Category.objects.get(slug="wenjian").pk))
    return client.post(
        f"/admin/pages/add/disclosure/disclosureitempage/{column.pk}/",
        add_form(**overrides),
    )


def test_a_slug_the_editor_did_not_choose_never_stops_a_save(lishan_editor_client):
    # The admin's script fills the slug from the title; a save clicked before
    # it ran sent none. A second item with the same title gets its own.
    title = "关于印发厉山镇防汛预案的通知"
    for slug in ("", title):
        response = post_new_item(lishan_editor_client, slug=slug, title=title)
        assert response.status_code == 302
    slugs = set(
        DisclosureItemPage.objects.filter(
            title="关于印发厉山镇防汛预案的通知"
        ).values_list("slug", flat=True)
    )
    assert slugs == {"关于印发厉山镇防汛预案的通知", "关于印发厉山镇防汛预案的通知-1"}


def test_editor_saves_a_draft_with_valid_metadata(lishan_editor_client):
    response = post_new_item(lishan_editor_client)
    assert response.status_code == 302
    item = DisclosureItemPage.objects.get(slug="test-form-item")
    assert item.unit.slug == "lishan" and not item.live
    assert item.index_number == "" and item.published_on is None
    assert item.due_on == datetime.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"document_number": "厉政发[2026]3号"},
            "document_number",
            "建议改为：厉政发〔2026〕3号",
        ),
        (
            {"document_number": "厉政发〔2026〕第03号"},
            "document_number",
            "建议改为：厉政发〔2026〕3号",
        ),
        ({"formed_on": "2099-01-01"}, "formed_on", "成文日期不能晚于今天"),
        ({"category": ""}, "category", ""),
        ({"title": ""}, "title", ""),
    ],
)
def test_bad_metadata_is_refused_with_a_chinese_error_and_nothing_saved(
    lishan_editor_client, overrides, field, message
):
    before = DisclosureItemPage.objects.count()
    response = post_new_item(lishan_editor_client, **overrides)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert message in " ".join(errors[field])
    assert DisclosureItemPage.objects.count() == before


def test_township_only_categories_are_refused_for_departments(demo_db, client):
    from disclosure.models import Category

    client.force_login(get_user_model().objects.get(username="editor_xzfb"))
    column = column_of("xzfb")
    form = client.get(f"/admin/pages/add/disclosure/disclosureitempage/{column.pk}/")
    assert "农业农村政策" not in form.content.decode()
    response = client.post(
        f"/admin/pages/add/disclosure/disclosureitempage/{column.pk}/",
        add_form(category=str(Category.objects.get(slug="nongcun").pk)),
    )
    assert response.status_code == 200
    assert "仅适用于镇、场" in " ".join(response.context["form"].errors["category"])


def test_publication_date_cannot_be_forged_through_the_form(lishan_editor_client):
    response = post_new_item(
        lishan_editor_client, published_on="2001-01-01", index_number="X/2001-00001"
    )
    assert response.status_code == 302
    item = DisclosureItemPage.objects.get(slug="test-form-item")
    assert item.published_on is None and item.index_number == ""


def test_repealed_item_links_the_replacing_item(demo_db, client):
    new = draft_item("county", title="关于提高城乡低保标准的新通知", publish=True)
    old = draft_item("county", title="关于提高低保标准的旧通知", publish=True)
    old.validity = DisclosureItemPage.Validity.REPEALED
    old.replaced_by = new
    publish_unreviewed(old)
    html = client.get(old.url).content.decode()
    assert (
        "已废止" in html and new.url in html and "关于提高城乡低保标准的新通知" in html
    )


def test_valid_item_cannot_name_a_replacement(demo_db):
    from django.core.exceptions import ValidationError

    new = draft_item("county", publish=True)
    old = draft_item("county")
    old.replaced_by = new
    with pytest.raises(ValidationError) as raised:
        old.full_clean()
    assert "replaced_by" in raised.value.message_dict


def test_item_page_shows_the_metadata_table_then_body_and_attachments(demo_db, client):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    item = draft_item(
        "lishan", document_number="厉政发〔2026〕5号", body="<p>正文内容</p>"
    )
    document = Document(title="补贴名单", collection=unit("lishan").collection)
    document.file.save("list.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    item.attachments.create(document=document, title="附件：补贴名单")
    publish_unreviewed(item)
    item.refresh_from_db()
    html = client.get(item.url).content.decode()
    table = html.index('class="metadata"')
    assert table < html.index("正文内容") < html.index("附件：补贴名单")
    for text in (
        item.index_number,
        "厉政发〔2026〕5号",
        "厉山镇人民政府",
        "政府文件",
        "2026-11-02",
        "有效",
    ):
        assert text in html
