"""Who may draft surveys under 互动交流 › 在线调查: every unit's editors may
add survey pages there (and edit the ones they own); the page form lets them
organise only in their own unit's name. In their own column they draft by
the column's permissions."""

from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission

from disclosure.models import Unit

from ..models import SurveyIndexPage


def grant_unit_editors(units=None):
    """Give the editors of ``units`` (default: all) the right to add survey
    pages under the survey index; idempotent."""
    index = SurveyIndexPage.objects.first()
    if index is None:
        return 0
    add = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="add_page"
    )
    granted = 0
    units = Unit.objects.all() if units is None else units
    for unit in units:
        if unit.editors_group_id:
            _row, created = GroupPagePermission.objects.get_or_create(
                group_id=unit.editors_group_id, page=index, permission=add
            )
            granted += created
    return granted
