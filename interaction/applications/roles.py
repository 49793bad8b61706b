"""Who may do what with applications.

* The county office (group ``APPLICATION_OFFICE_GROUP``; superusers too) sees
  every application and the reports of every unit, with the applicants'
  ID numbers, phones and addresses masked; it takes no step for a unit.
* A unit's handlers (``ApplicationDesk.handlers_group``) see and handle the
  unit's applications, unmasked.
* A unit's heads (``ApplicationDesk.heads_group``) see them too and approve
  extensions and release notices the review checks stopped.
* The applicant (:data:`APPLICANT`, with the query code) and the scheduler
  (:data:`SYSTEM`) act without an account."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import conf
from ..mailbox.roles import SYSTEM, Actor, actor_label, group_names

OFFICE = "office"
HANDLER = "handler"
HEAD = "head"

APPLICANT = Actor("citizen", _("申请人"))

__all__ = [
    "APPLICANT",
    "HANDLER",
    "HEAD",
    "OFFICE",
    "SYSTEM",
    "actor_label",
    "can_use_admin",
    "desk_unit_ids",
    "is_office",
    "roles_for",
]


def is_office(user):
    return bool(
        user.is_authenticated
        and (
            user.is_superuser
            or conf.get("APPLICATION_OFFICE_GROUP") in group_names(user)
        )
    )


def _group_ids(user):
    ids = getattr(user, "_application_group_ids", None)
    if ids is None:
        ids = frozenset(user.groups.values_list("pk", flat=True))
        user._application_group_ids = ids
    return ids


def _desk_ids(user):
    """(units the user handles, units the user heads), cached on the user."""
    ids = getattr(user, "_application_desk_ids", None)
    if ids is None:
        from ..models import ApplicationDesk

        handled, headed = set(), set()
        groups = _group_ids(user) if user.is_authenticated else frozenset()
        if groups:
            desks = ApplicationDesk.objects.filter(
                Q(handlers_group_id__in=groups) | Q(heads_group_id__in=groups)
            ).values_list("unit_id", "handlers_group_id", "heads_group_id")
            for unit_id, handlers, heads in desks:
                if handlers in groups:
                    handled.add(unit_id)
                if heads in groups:
                    headed.add(unit_id)
        ids = (frozenset(handled), frozenset(headed))
        user._application_desk_ids = ids
    return ids


def handled_unit_ids(user):
    return _desk_ids(user)[0]


def headed_unit_ids(user):
    return _desk_ids(user)[1]


def desk_unit_ids(user):
    """Units whose applications the user handles or heads."""
    handled, headed = _desk_ids(user)
    return handled | headed


def roles_for(by, application):
    """The roles ``by`` holds on ``application``."""
    if isinstance(by, Actor):
        return {by.role}
    roles = set()
    if is_office(by):
        roles.add(OFFICE)
    if application.unit_id in handled_unit_ids(by):
        roles.add(HANDLER)
    if application.unit_id in headed_unit_ids(by):
        roles.add(HEAD)
    return roles


def sees_personal_data(user, application):
    """The handling unit sees ID number, phone and address in full."""
    return bool(roles_for(user, application) & {HANDLER, HEAD})


def can_use_admin(user):
    return is_office(user) or bool(desk_unit_ids(user))
