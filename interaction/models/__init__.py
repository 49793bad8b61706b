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
from .ratelimit import RateLimitCounter

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
    "RateLimitCounter",
    "Status",
]
