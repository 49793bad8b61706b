"""Settings of the interaction app, with their defaults.

Every value can be overridden in the Django settings under the same name;
read them through :func:`get` so that ``override_settings`` in tests works."""

from django.conf import settings

DEFAULTS = {
    # Groups (created by migration 0002 and by the demo loader).
    "MAILBOX_OFFICE_GROUP": "信箱管理（县政府办）",
    "MAILBOX_SUPERVISION_GROUP": "督办组",
    "MAILBOX_LEADERSHIP_GROUP": "县领导",
    # Reply deadline (working days) when a mailbox has no row for a category.
    "MAILBOX_DEFAULT_WORKDAYS": 10,
    # A reminder goes to the unit this many working days before the deadline.
    "MAILBOX_REMINDER_WORKDAYS": 2,
    # A letter unanswered for this many months is a red alert (inspection rule).
    "MAILBOX_ALERT_MONTHS": 3,
    # An answered letter nobody rated is closed after this many working days.
    "MAILBOX_AUTO_CLOSE_WORKDAYS": 10,
    # One extension per letter, at most this many working days.
    "MAILBOX_MAX_EXTENSION_WORKDAYS": 10,
    # A unit with fewer letters than this is shown but not ranked.
    "MAILBOX_MIN_SAMPLE": 5,
    # Attachments: at most this many, each at most this size.
    "MAILBOX_MAX_ATTACHMENTS": 3,
    "MAILBOX_MAX_ATTACHMENT_BYTES": 5 * 1024 * 1024,
    # Images of more pixels are refused unread (decompression bombs); 64
    # million is more than a 50-megapixel phone camera takes.
    "MAILBOX_MAX_IMAGE_PIXELS": 64_000_000,
    # Rate limits: (count, seconds). Submissions per client IP (every attempt
    # counts; the address comes from the trusted proxies, see
    # interaction.mailbox.clientip), letters per phone number, failed look-ups
    # per letter number (not per IP: behind a proxy or a county-wide NAT many
    # citizens share one address).
    "MAILBOX_RATE_IP": (10, 3600),
    "MAILBOX_RATE_PHONE": (3, 86400),
    "MAILBOX_RATE_LOOKUP": (20, 3600),
    # Captcha answers expire after this many seconds.
    "MAILBOX_CAPTCHA_TTL": 1800,
    # Private files (attachments) live here, never under MEDIA_ROOT; default:
    # a sibling of MEDIA_ROOT named "<media>-private".
    "MAILBOX_PRIVATE_ROOT": "",
    # The outbox: attempts before a notification is given up, backoff cap.
    "OUTBOX_MAX_ATTEMPTS": 8,
    "OUTBOX_MAX_BACKOFF_SECONDS": 3600,
    "OUTBOX_SWEEP_BATCH": 200,
    # FileSMSBackend writes here (JSON lines).
    "SMS_FILE_PATH": "",
    "SMS_SIGNATURE": "【随县人民政府】",
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
