"""The webmaster creates a unit in the admin; its column goes online once
reviewed and its editors can publish through the review at once."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import GroupPagePermission

from disclosure.models import GuidePage, Unit, UnitColumnPage
from tests.factories import user


def unit_form(**overrides):
    data = {
        "name": "随县文化和旅游局",
        "short_name": "文旅局",
        "kind": "department",
        "code": "01103699-7",
        "slug": "wlj",
        "sort_order": "500",
        "office_name": "随县文化和旅游局办公室",
        "address": "随县厉山镇神农大道1号",
        "postcode": "441309",
        "opening_hours": "工作日 8:30-17:30",
        "phone": "0722-4000001",
        "fax": "0722-4000002",
        "email": "wlj@suixian.gov.cn",
    }
    data.update(overrides)
    return data


def test_creating_a_unit_creates_its_column_groups_and_permissions(webmaster_client):
    response = webmaster_client.post(
        "/admin/snippets/disclosure/unit/add/", unit_form()
    )
    assert response.status_code == 302
    unit = Unit.objects.get(slug="wlj")
    column = UnitColumnPage.objects.get(unit=unit)
    guide = GuidePage.objects.child_of(column).get()
    # Like any page, the column and the guide go online through the review.
    assert not column.live and column.workflow_in_progress
    assert not guide.live and guide.workflow_in_progress
    User = get_user_model()
    reviewer = User.objects.create_user("wlj_reviewer", password="x")
    reviewer.groups.add(unit.reviewers_group)
    secrecy = User.objects.get(username="secrecy")
    for who, data in ((reviewer, {}), (secrecy, {"confirmed": True})):
        state = column.current_workflow_task_state
        state.task.specific.on_action(state, who, "approve", **data)
    column.refresh_from_db()
    assert column.live and column.url == "/zfxxgk/wlj/"
    assert unit.editors_group.name == "文旅局·编辑"
    assert unit.collection.name == "随县文化和旅游局"
    grants = GroupPagePermission.objects.filter(group=unit.editors_group)
    column_grants = grants.filter(page=column)
    assert {g.permission.codename for g in column_grants} == {"add_page", "change_page"}
    # Elsewhere only the right to draft surveys under 在线调查 (their own).
    other = grants.exclude(page=column)
    assert {(g.page.specific_class.__name__, g.permission.codename) for g in other} == {
        ("SurveyIndexPage", "add_page")
    }
    # Nobody publishes directly: pages go online through the review workflow.
    reviewer_grants = GroupPagePermission.objects.filter(group=unit.reviewers_group)
    assert {g.permission.codename for g in reviewer_grants} == {
        "add_page",
        "change_page",
    }

    # A member of the new editors group edits the new column and nothing else.
    user = get_user_model().objects.create_user("wlj_editor", password="x")
    user.groups.add(unit.editors_group)
    assert column.permissions_for_user(user).can_add_subpage()
    other = UnitColumnPage.objects.get(unit__slug="lishan")
    assert not other.permissions_for_user(user).can_add_subpage()
    assert webmaster_client.get(column.url).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"code": "12345"}, "code"),
        ({"name": "厉山镇人民政府"}, "name"),
        ({"kind": ""}, "kind"),
    ],
)
def test_bad_unit_data_is_refused(webmaster_client, overrides, field):
    response = webmaster_client.post(
        "/admin/snippets/disclosure/unit/add/", unit_form(**overrides)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Unit.objects.filter(slug="wlj").exists()


def test_editors_cannot_manage_units(demo_db, client):
    client.force_login(user("editor_lishan"))
    response = client.get("/admin/snippets/disclosure/unit/add/")
    assert response.status_code in (302, 403)
