"""Give a unit its 依申请公开 desk: the handlers' and the heads' groups (with
access to the admin) and the default fee method. Idempotent."""

from django.db import transaction

from disclosure.provisioning import ensure_group

from .. import conf
from ..models import ApplicationDesk


def ensure_office_group():
    return ensure_group(conf.get("APPLICATION_OFFICE_GROUP"))


@transaction.atomic
def ensure_desk(unit):
    desk, _created = ApplicationDesk.objects.get_or_create(unit=unit)
    changed = False
    if desk.handlers_group_id is None:
        desk.handlers_group = ensure_group(f"{unit.display_name}·依申请公开")
        changed = True
    if desk.heads_group_id is None:
        desk.heads_group = ensure_group(f"{unit.display_name}·政务公开负责人")
        changed = True
    if changed:
        desk.save()
    return desk
