from .calendar import WorkdayOverride
from .catalogue import Category, Topic
from .pages import (
    DisclosureIndexPage,
    DisclosureItemPage,
    GuidePage,
    ItemAttachment,
    UnitColumnPage,
)
from .units import IndexNumber, Unit

__all__ = [
    "Category",
    "DisclosureIndexPage",
    "DisclosureItemPage",
    "GuidePage",
    "IndexNumber",
    "ItemAttachment",
    "Topic",
    "Unit",
    "UnitColumnPage",
    "WorkdayOverride",
]
