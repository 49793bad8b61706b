"""Each unit's editors see and edit their own column, and nothing else."""

import pytest
from django.contrib.auth import get_user_model

from disclosure.models import DisclosureItemPage, UnitColumnPage


@pytest.fixture
def lishan_editor(demo_db, client):
    user = get_user_model().objects.get(username="editor_lishan")
    client.force_login(user)
    return user


def item_of(slug):
    return DisclosureItemPage.objects.filter(unit__slug=slug).order_by("pk").first()


def test_editor_can_open_and_save_an_item_of_their_own_column(lishan_editor, client):
    item = item_of("lishan")
    response = client.get(f"/admin/pages/{item.pk}/edit/")
    assert response.status_code == 200
    assert item.title in response.content.decode()
    column = UnitColumnPage.objects.get(unit__slug="lishan")
    assert client.get(f"/admin/pages/{column.pk}/").status_code == 200


def test_editor_is_refused_another_units_edit_page(lishan_editor, client):
    for slug in ("gaocheng", "czj", "county"):
        other = item_of(slug)
        response = client.get(f"/admin/pages/{other.pk}/edit/")
        assert response.status_code in (302, 403)
        assert other.title not in response.content.decode()
        if response.status_code == 302:
            assert f"/admin/pages/{other.pk}/edit/" not in response["Location"]


def test_editor_cannot_add_pages_in_another_column(lishan_editor, client):
    column = UnitColumnPage.objects.get(unit__slug="gaocheng")
    response = client.get(
        f"/admin/pages/add/disclosure/disclosureitempage/{column.pk}/"
    )
    assert response.status_code in (302, 403)


def test_editor_cannot_publish(lishan_editor):
    item = item_of("lishan")
    perms = item.permissions_for_user(lishan_editor)
    assert perms.can_edit()
    assert not perms.can_publish()
    other = item_of("gaocheng")
    assert not other.permissions_for_user(lishan_editor).can_edit()
