"""Who works on a unit's interviews and consultations: the unit's editors,
reviewers and mailbox handlers (``Unit.for_user``); the county government's
mailbox office (``interaction.mailbox.roles.is_office``) sees every unit's.
Anyone else is shown nothing (a 404 for a unit's record)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from wagtail.models import GroupPagePermission

from disclosure.models import Unit
from disclosure.provisioning import EDITOR_PAGE_PERMISSIONS

from . import conf
from .mailbox import roles


def unit_ids(user):
    ids = getattr(user, "_talk_unit_ids", None)
    if ids is None:
        ids = (
            frozenset(Unit.for_user(user).values_list("pk", flat=True))
            if user.is_authenticated
            else frozenset()
        )
        user._talk_unit_ids = ids
    return ids


def sees_all(user):
    return roles.is_office(user)


def can_use(user):
    return bool(user.is_authenticated and (sees_all(user) or unit_ids(user)))


def acts_for(user, unit_id):
    return bool(user.is_authenticated and (sees_all(user) or unit_id in unit_ids(user)))


def visible(queryset, user, unit_field):
    """``queryset`` narrowed to what ``user`` may see; ``unit_field`` is the
    lookup of the owning unit (``"host_unit"``, ``"interview__host_unit"``)."""
    if not user.is_authenticated:
        return queryset.none()
    if sees_all(user):
        return queryset
    return queryset.filter(**{f"{unit_field}__in": unit_ids(user)})


def members(unit):
    """Active users of the unit's editors and handlers groups (notices)."""
    groups = [g for g in (unit.editors_group_id, unit.handlers_group_id) if g]
    return (
        get_user_model()
        .objects.filter(groups__in=groups, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def office_members():
    return (
        get_user_model()
        .objects.filter(
            Q(groups__name=conf.get("MAILBOX_OFFICE_GROUP")), is_active=True
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def grant_page_rights(page, unit):
    """The unit's editors may edit ``page`` and add below it (the feedback
    page of a consultation, the summary and photos of an interview); the page
    still goes online only through the review workflow."""
    if unit is None or unit.editors_group_id is None:
        return
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=EDITOR_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(
            group_id=unit.editors_group_id, page=page, permission=permission
        )
