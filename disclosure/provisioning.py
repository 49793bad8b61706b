"""Give a Unit what it needs to publish: its groups, its document collection,
its column under the platform with the guide, and page permissions on that
column's subtree only."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
)

from .models import DisclosureIndexPage, GuidePage, UnitColumnPage

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
# Nobody publishes by themselves: pages go online when the review workflow
# approves them, so no unit group holds publish_page.
REVIEWER_PAGE_PERMISSIONS = ["add_page", "change_page"]
DOCUMENT_PERMISSIONS = ["add_document", "change_document", "choose_document"]
IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def admin_access_permission():
    return _permission("wagtailadmin", "access_admin")


def ensure_group(name):
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(admin_access_permission())
    return group


@transaction.atomic
def provision_unit(unit, platform=None):
    """Idempotently create the unit's groups, collection, column and guide."""
    platform = platform or DisclosureIndexPage.objects.first()
    if platform is None:
        raise ValueError("the disclosure platform page does not exist yet")

    if unit.editors_group is None:
        unit.editors_group = ensure_group(f"{unit.display_name}·编辑")
    if unit.reviewers_group is None:
        unit.reviewers_group = ensure_group(f"{unit.display_name}·审核")
    if unit.handlers_group is None:
        unit.handlers_group = ensure_group(f"{unit.display_name}·信箱办理")
    if unit.collection is None:
        root = Collection.get_first_root_node()
        unit.collection = root.add_child(name=unit.name)
    unit.save()

    column = (
        UnitColumnPage.objects.filter(unit=unit, locale=platform.locale)
        .order_by("pk")
        .first()
    )
    if column is None:
        column = platform.add_child(
            instance=UnitColumnPage(
                title=unit.name, slug=unit.slug, unit=unit, locale=platform.locale
            )
        )
    if not GuidePage.objects.child_of(column).exists():
        column.add_child(
            instance=GuidePage(
                title=f"{unit.name}政府信息公开指南",
                slug="guide",
                locale=column.locale,
            )
        )

    grants = [
        (unit.editors_group, EDITOR_PAGE_PERMISSIONS),
        (unit.reviewers_group, REVIEWER_PAGE_PERMISSIONS),
    ]
    for group, codenames in grants:
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=column,
                permission=_permission("wagtailcore", codename),
            )
        for app_label, codenames_ in (
            ("wagtaildocs", DOCUMENT_PERMISSIONS),
            ("wagtailimages", IMAGE_PERMISSIONS),
        ):
            for codename in codenames_:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=unit.collection,
                    permission=_permission(app_label, codename),
                )
    GroupPagePermission.objects.filter(
        group__in=[unit.editors_group, unit.reviewers_group],
        permission__codename="publish_page",
    ).delete()
    return column
