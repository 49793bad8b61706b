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
    # 依申请公开: the county office group (sees every unit's applications).
    "APPLICATION_OFFICE_GROUP": "依申请公开管理（县政府办）",
    # The period (working days) an applicant has to correct an application,
    # unless the handler sets another one (5–30) in the 补正 request.
    "APPLICATION_CORRECTION_WORKDAYS": 10,
    # Reminder to the unit and the office this many working days before due.
    "APPLICATION_REMINDER_WORKDAYS": 3,
    # A delivered application is closed by the system after this many days.
    "APPLICATION_AUTO_CLOSE_WORKDAYS": 10,
    # Rate limits (count, seconds): submissions per IP (every attempt),
    # applications per phone number, failed look-ups per IP.
    "APPLICATION_RATE_IP": (10, 3600),
    "APPLICATION_RATE_PHONE": (5, 86400),
    "APPLICATION_RATE_LOOKUP": (20, 3600),
    # Where a notice's 行政复议 goes: the county government for townships and
    # departments, the city government for the county government itself.
    "APPLICATION_REVIEW_BODY": "随县人民政府",
    "APPLICATION_COUNTY_REVIEW_BODY": "随州市人民政府",
    # The outbox: attempts before a notification is given up, backoff cap.
    "OUTBOX_MAX_ATTEMPTS": 8,
    "OUTBOX_MAX_BACKOFF_SECONDS": 3600,
    "OUTBOX_SWEEP_BATCH": 200,
    # FileSMSBackend writes here (JSON lines).
    "SMS_FILE_PATH": "",
    "SMS_SIGNATURE": "【随县人民政府】",
    # 在线调查. The key of the HMAC that keeps phone numbers (and browser
    # tokens) only as keyed hashes; empty: derived from SECRET_KEY with a salt
    # of its own. Set it in production so that rotating SECRET_KEY does not
    # let people answer a running survey twice.
    "SURVEY_HASH_KEY": "",
    # SMS codes: digits, minutes valid, wrong tries before a code is dead.
    "SURVEY_CODE_TTL_MINUTES": 10,
    "SURVEY_CODE_MAX_FAILURES": 5,
    # Rate limits (count, seconds): codes per phone (a minute apart, a few a
    # day), codes per IP, answers per IP and survey.
    "SURVEY_RATE_CODE_PHONE_MINUTE": (1, 60),
    "SURVEY_RATE_CODE_PHONE": (5, 86400),
    "SURVEY_RATE_CODE_IP": (20, 3600),
    "SURVEY_RATE_ANSWER_IP": (30, 3600),
    # Text answers: characters allowed.
    "SURVEY_SHORT_TEXT_MAX": 200,
    "SURVEY_LONG_TEXT_MAX": 2000,
    # Exports of more answers than this are built by a Celery task; finished
    # files are deleted after this many days.
    "SURVEY_EXPORT_SYNC_LIMIT": 2000,
    "SURVEY_EXPORT_KEEP_DAYS": 7,
    # 在线访谈: questions per IP (every attempt counts) and per phone number;
    # an ended interview is archived this many working days after its end
    # (questions still open are then routed into the mailbox with this slug);
    # the live page polls its transcript every so many seconds.
    "INTERVIEW_RATE_IP": (10, 3600),
    "INTERVIEW_RATE_PHONE": (5, 86400),
    "INTERVIEW_ARCHIVE_WORKDAYS": 3,
    "INTERVIEW_MAILBOX_SLUG": "xianzhang",
    "INTERVIEW_POLL_SECONDS": 5,
    # 意见征集: comments per IP and per phone number; the 意见采纳情况反馈 is
    # due this many working days after closing (then flagged to the office),
    # with a reminder to the unit this many working days before.
    "CONSULTATION_RATE_IP": (20, 3600),
    "CONSULTATION_RATE_PHONE": (10, 86400),
    "CONSULTATION_FEEDBACK_WORKDAYS": 20,
    "CONSULTATION_REMINDER_WORKDAYS": 5,
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
