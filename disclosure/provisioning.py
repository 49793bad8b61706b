"""Give a Unit what it needs to publish: its groups, its document collection,
its column under the platform with the guide, and page permissions on that
column's subtree only."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
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


def submit_translation_permission():
    """wagtail-localize's permission to translate, which its migration
    creates (again here, should the database have been flushed)."""
    content_type, _created = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    return permission


def admin_access_permission():
    return _permission("wagtailadmin", "access_admin")


def ensure_group(name):
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(admin_access_permission())
    return group


@transaction.atomic
def provision_unit(unit, platform=None, submitted_by=None):
    """Idempotently create the unit's groups, collection, column and guide.

    The column and the guide are created as drafts, like any page; with
    ``submitted_by`` they are submitted to the review workflow at once, so
    that they go online when the unit's reviewers approve them."""
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
    new_pages = []
    if column is None:
        column = platform.add_child(
            instance=UnitColumnPage(
                title=unit.name,
                slug=unit.slug,
                unit=unit,
                locale=platform.locale,
                live=False,
            )
        )
        new_pages.append(column)
    if not GuidePage.objects.child_of(column).exists():
        new_pages.append(
            column.add_child(
                instance=GuidePage(
                    title=f"{unit.name}政府信息公开指南",
                    slug="guide",
                    locale=column.locale,
                    live=False,
                )
            )
        )
    for page in new_pages:
        page.save_revision(user=submitted_by)
        if submitted_by is not None:
            page.get_workflow().start(page, submitted_by)

    # The column in every language: editors translate their own unit's pages.
    for translated in UnitColumnPage.objects.filter(unit=unit):
        grant_column_permissions(unit, translated)
    unit.editors_group.permissions.add(submit_translation_permission())
    for group in (unit.editors_group, unit.reviewers_group):
        for app_label, codenames in (
            ("wagtaildocs", DOCUMENT_PERMISSIONS),
            ("wagtailimages", IMAGE_PERMISSIONS),
        ):
            for codename in codenames:
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


def grant_column_permissions(unit, column):
    """Page permissions of the unit's groups on one of its columns (the
    original or a translation) and everything below it."""
    grants = [
        (unit.editors_group, EDITOR_PAGE_PERMISSIONS),
        (unit.reviewers_group, REVIEWER_PAGE_PERMISSIONS),
    ]
    for group, codenames in grants:
        if group is None:
            continue
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=column,
                permission=_permission("wagtailcore", codename),
            )
