"""Every door the admin offers to put a page online, tried by the webmaster (a
superuser) on an unreviewed page: each is refused with a reason in Chinese,
and the page stays offline. Behind them is one gate (disclosure/review/gate.py)."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision

from disclosure.models import Category, DisclosureItemPage
from disclosure.review.gate import PublishingRefused
from tests.factories import add_form, column_of, draft_item, pass_review

CLEAN_BODY = "<p>厉山镇2026年冬春农田水利建设方案已经镇政府常务会议研究通过。</p>"
REVIEW_FIRST = "规范性审查和保密审查"


def api_action(client, page, action, **data):
    return client.post(
        f"/admin/api/main/pages/{page.pk}/action/{action}/",
        data,
        content_type="application/json",
    )


def live_copies_of(page):
    return Page.objects.filter(title=page.title, live=True).exclude(pk=page.pk)


def test_admin_api_publish_of_an_unreviewed_draft_is_refused(webmaster_client):
    item = draft_item("lishan", body=CLEAN_BODY)
    response = api_action(webmaster_client, item, "publish")
    assert response.status_code == 403
    assert REVIEW_FIRST in response.json()["detail"]
    item.refresh_from_db()
    assert not item.live and item.index_number == ""


def test_admin_api_copy_keeps_copies_offline_and_aliases_are_refused(webmaster_client):
    item = pass_review(draft_item("lishan", body=CLEAN_BODY))
    assert item.live
    response = api_action(
        webmaster_client, item, "copy", keep_live=True, slug="live-copy"
    )
    assert response.status_code == 403 and "不能直接上线" in response.json()["detail"]
    response = api_action(
        webmaster_client,
        item,
        "create_alias",
        destination_page_id=column_of("czj").pk,
        update_slug="alias-copy",
    )
    assert response.status_code == 403 and "别名" in response.json()["detail"]
    assert not live_copies_of(item).exists()
    assert not Page.objects.filter(alias_of=item).exists()
    # A copy as a draft is fine: it goes through the review like any page.
    response = api_action(
        webmaster_client, item, "copy", keep_live=False, slug="draft-copy"
    )
    assert response.status_code == 201
    assert not Page.objects.get(pk=response.json()["id"]).live


def test_a_live_page_cannot_move_into_another_units_column(webmaster_client):
    item = pass_review(draft_item("lishan", body=CLEAN_BODY))
    response = api_action(
        webmaster_client,
        item,
        "move",
        destination_page_id=column_of("czj").pk,
        position="last-child",
    )
    assert response.status_code == 403 and "其他机构" in response.json()["detail"]
    assert item.get_parent().pk == column_of("lishan").pk
    # Bulk move answers the same, in the admin's own way.
    response = webmaster_client.post(
        f"/admin/bulk/wagtailcore/page/move/?id={item.pk}",
        {"chooser": column_of("czj").pk},
        HTTP_REFERER="/admin/pages/",
        follow=True,
    )
    assert "其他机构" in response.content.decode()
    assert item.get_parent().pk == column_of("lishan").pk
    # Reordering within the column, and moving drafts, stay possible.
    sibling = column_of("lishan").get_children().live().exclude(pk=item.pk).first()
    response = api_action(
        webmaster_client, item, "move", destination_page_id=sibling.pk, position="left"
    )
    assert response.status_code == 200
    draft = draft_item("lishan")
    response = api_action(
        webmaster_client,
        draft,
        "move",
        destination_page_id=column_of("czj").pk,
        position="last-child",
    )
    assert response.status_code == 200


def test_bulk_publish_is_refused_with_the_reason(webmaster_client):
    item = draft_item("lishan", body=CLEAN_BODY)
    item.save_revision()
    response = webmaster_client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={item.pk}",
        {"include_descendants": ""},
        HTTP_REFERER="/admin/pages/",
        follow=True,
    )
    assert response.status_code == 200
    assert REVIEW_FIRST in response.content.decode()
    item.refresh_from_db()
    assert not item.live


def test_copy_view_with_publish_copies_and_alias_is_refused(webmaster_client):
    item = pass_review(draft_item("lishan", body=CLEAN_BODY))
    form = {
        "new_title": item.title,
        "new_slug": "copied-item",
        "new_parent_page": str(column_of("lishan").pk),
        "publish_copies": "on",
    }
    url = f"/admin/pages/{item.pk}/copy/"
    response = webmaster_client.post(url, form, HTTP_REFERER=url, follow=True)
    assert "不能直接上线" in response.content.decode()
    response = webmaster_client.post(
        url,
        dict(form, publish_copies="", alias="on", new_slug="alias-item"),
        HTTP_REFERER=url,
        follow=True,
    )
    assert "别名" in response.content.decode()
    assert not live_copies_of(item).exists()


def test_creating_a_page_with_publish_is_refused(webmaster_client):
    column = column_of("lishan")
    data = add_form(
        slug="created-live",
        category=str(Category.objects.get(slug="wenjian").pk),
        **{"action-publish": "action-publish"},
    )
    url = f"/admin/pages/add/disclosure/disclosureitempage/{column.pk}/"
    response = webmaster_client.post(url, data, HTTP_REFERER=url, follow=True)
    assert "不能直接上线" in response.content.decode()
    assert not DisclosureItemPage.objects.filter(
        slug="created-live", live=True
    ).exists()


def test_revert_to_an_older_revision_goes_through_review_again(webmaster_client):
    item = pass_review(draft_item("lishan", body=CLEAN_BODY))
    reviewed = item.live_revision
    item.title = "未经审查的修改"
    item.save_revision()
    # Reverting makes a new revision: it is a draft until reviewed.
    response = api_action(
        webmaster_client, item, "revert_to_page_revision", revision_id=reviewed.pk
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.latest_revision_id != reviewed.pk
    response = api_action(webmaster_client, item, "publish")
    assert response.status_code == 403 and REVIEW_FIRST in response.json()["detail"]
    item.refresh_from_db()
    assert item.live_revision_id == reviewed.pk


def test_scheduled_publishing_needs_the_reviews(webmaster_client):
    later = timezone.now() + datetime.timedelta(days=1)
    # An unreviewed revision cannot be scheduled.
    item = draft_item("lishan", body=CLEAN_BODY, go_live_at=later)
    item.save_revision()
    response = api_action(webmaster_client, item, "publish")
    assert response.status_code == 403 and "定时发布" in response.json()["detail"]
    assert not Revision.objects.filter(
        object_id=str(item.pk), approved_go_live_at__isnull=False
    ).exists()
    # One slipped into the database by other means is refused at its time,
    # loudly, and stays offline.
    Revision.objects.filter(pk=item.latest_revision_id).update(
        approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(PublishingRefused):
        call_command("publish_scheduled")
    item.refresh_from_db()
    assert not item.live
    Revision.objects.filter(pk=item.latest_revision_id).update(approved_go_live_at=None)

    # A reviewed revision with a go-live date waits for it, then goes online.
    reviewed = pass_review(draft_item("lishan", body=CLEAN_BODY, go_live_at=later))
    assert not reviewed.live
    scheduled = Revision.objects.get(
        object_id=str(reviewed.pk), approved_go_live_at__isnull=False
    )
    tomorrow = later + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        call_command("publish_scheduled")
    reviewed.refresh_from_db()
    assert reviewed.live and reviewed.live_revision_id == scheduled.pk


def test_unpublishing_and_deleting_stay_possible(webmaster_client):
    item = pass_review(draft_item("lishan", body=CLEAN_BODY))
    response = webmaster_client.post(f"/admin/pages/{item.pk}/unpublish/")
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.live
    response = webmaster_client.post(f"/admin/pages/{item.pk}/delete/")
    assert response.status_code == 302
    assert not Page.objects.filter(pk=item.pk).exists()
