"""Small builders for tests that need their own disclosure items."""

import datetime
import itertools

from disclosure.models import Category, DisclosureItemPage, Unit, UnitColumnPage

_counter = itertools.count(1)


def column_of(slug):
    return UnitColumnPage.objects.get(unit__slug=slug)


def draft_item(unit_slug="lishan", *, category="wenjian", publish=False, **fields):
    """A DisclosureItemPage in the unit's column, a draft unless ``publish``."""
    n = next(_counter)
    column = column_of(unit_slug)
    fields.setdefault("title", f"测试公开信息{n}")
    fields.setdefault("formed_on", datetime.date(2026, 11, 2))
    item = column.add_child(
        instance=DisclosureItemPage(
            slug=f"test-item-{n}",
            live=False,
            category=Category.objects.get(slug=category),
            **fields,
        )
    )
    if publish:
        item.save_revision().publish()
        item.refresh_from_db()
    return item


def unit(slug):
    return Unit.objects.get(slug=slug)
