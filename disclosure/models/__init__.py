from .calendar import WorkdayOverride
from .catalogue import Category, Topic
from .imports import IMPORT_ACTION, ItemImport
from .items import DisclosureItemPage, ItemAttachment, field_label, stored_field_label
from .pages import DisclosureIndexPage, GuidePage, UnitColumnPage
from .reports import AnnualReportPage, HealthRun, MonthlyBulletin
from .review import (
    CONFIRMATION,
    ConfidentialityReviewTask,
    FixedName,
    NormativityReviewTask,
    ReviewDecision,
    ReviewRun,
    TypoEntry,
)
from .units import IndexNumber, Unit

__all__ = [
    "AnnualReportPage",
    "HealthRun",
    "MonthlyBulletin",
    "CONFIRMATION",
    "IMPORT_ACTION",
    "Category",
    "ConfidentialityReviewTask",
    "DisclosureIndexPage",
    "DisclosureItemPage",
    "FixedName",
    "GuidePage",
    "IndexNumber",
    "ItemAttachment",
    "ItemImport",
    "NormativityReviewTask",
    "ReviewDecision",
    "ReviewRun",
    "Topic",
    "TypoEntry",
    "Unit",
    "UnitColumnPage",
    "WorkdayOverride",
    "field_label",
    "stored_field_label",
]
