from .letters import (
    Category,
    DeclineReason,
    Extension,
    Letter,
    LetterAttachment,
    LetterEvent,
    LetterSequence,
    MonthlyReport,
    Rating,
    Status,
)
from .outbox import Notification
from .pages import InteractionIndexPage, MailboxCategory, MailboxPage
from .survey_records import (
    Survey,
    SurveyEvent,
    SurveyExport,
    SurveyPhoneCode,
    SurveyResponse,
    SurveyResults,
)
from .surveys import SurveyIndexPage, SurveyPage, SurveySettings

__all__ = [
    "Category",
    "DeclineReason",
    "Extension",
    "InteractionIndexPage",
    "Letter",
    "LetterAttachment",
    "LetterEvent",
    "LetterSequence",
    "MailboxCategory",
    "MailboxPage",
    "MonthlyReport",
    "Notification",
    "Rating",
    "Status",
    "Survey",
    "SurveyEvent",
    "SurveyExport",
    "SurveyIndexPage",
    "SurveyPage",
    "SurveyPhoneCode",
    "SurveyResponse",
    "SurveyResults",
    "SurveySettings",
]
