"""Who may do what with letters.

The mailbox office (a group, ``MAILBOX_OFFICE_GROUP``) sees and routes every
letter; a unit's handlers (``Unit.handlers_group``) see the letters assigned to
their unit; supervisors and the leadership see figures, not letters. The
writer (:data:`CITIZEN`) and the scheduler (:data:`SYSTEM`) act without an
account."""

from django.utils.translation import gettext_lazy as _

from .. import conf

OFFICE = "office"
HANDLER = "handler"


class _Actor:
    def __init__(self, role, label):
        self.role = role
        self.label = label
        self.pk = None
        self.is_authenticated = False

    def __repr__(self):
        return f"<{self.role}>"


#: Public name for other channels' own actors (e.g. the applicant).
Actor = _Actor

CITIZEN = _Actor("citizen", _("来信人"))
SYSTEM = _Actor("system", _("系统"))


def group_names(user):
    names = getattr(user, "_mailbox_group_names", None)
    if names is None:
        names = (
            frozenset(user.groups.values_list("name", flat=True))
            if user.is_authenticated
            else frozenset()
        )
        user._mailbox_group_names = names
    return names


def is_office(user):
    return bool(
        user.is_authenticated
        and (user.is_superuser or conf.get("MAILBOX_OFFICE_GROUP") in group_names(user))
    )


def is_supervisor(user):
    return user.is_authenticated and conf.get(
        "MAILBOX_SUPERVISION_GROUP"
    ) in group_names(user)


def is_leader(user):
    return user.is_authenticated and conf.get(
        "MAILBOX_LEADERSHIP_GROUP"
    ) in group_names(user)


def handled_unit_ids(user):
    ids = getattr(user, "_mailbox_unit_ids", None)
    if ids is None:
        from disclosure.models import Unit

        ids = (
            frozenset(
                Unit.objects.filter(handlers_group__user=user).values_list(
                    "pk", flat=True
                )
            )
            if user.is_authenticated
            else frozenset()
        )
        user._mailbox_unit_ids = ids
    return ids


def roles_for(by, letter):
    """The roles ``by`` holds on ``letter``."""
    if isinstance(by, _Actor):
        return {by.role}
    roles = set()
    if is_office(by):
        roles.add(OFFICE)
    if letter.unit_id and (by.is_superuser or letter.unit_id in handled_unit_ids(by)):
        roles.add(HANDLER)
    return roles


def actor_label(by):
    if isinstance(by, _Actor):
        return str(by.label)
    return by.get_full_name() or by.get_username()


def can_handle_letters(user):
    return is_office(user) or bool(handled_unit_ids(user))


def can_see_figures(user):
    return can_handle_letters(user) or is_supervisor(user) or is_leader(user)
