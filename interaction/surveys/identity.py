"""Who answered, known only by keyed hashes.

A phone number is kept as an HMAC-SHA256 of the survey and the number, keyed
with ``SURVEY_HASH_KEY`` (or, when that is unset, SECRET_KEY under a salt of
its own): the same person gets a different hash in every survey, and nobody
with the database alone can recover or test a number. SMS codes are six
digits, valid ten minutes, kept the same way, and die after a few wrong tries.
Open polls key the answer to a random token in a signed cookie."""

import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .. import conf
from ..models import SurveyPhoneCode

SALT = "interaction.surveys.identity"
COOKIE_SALT = "interaction.surveys.browser"
CODE_DIGITS = 6


def keyed_hash(purpose, *parts):
    secret = conf.get("SURVEY_HASH_KEY") or settings.SECRET_KEY
    value = "\x1f".join(str(part) for part in parts)
    return salted_hmac(
        f"{SALT}.{purpose}", value, secret=secret, algorithm="sha256"
    ).hexdigest()


def phone_hash(survey_id, phone):
    return keyed_hash("phone", survey_id, phone)


def browser_hash(survey_id, token):
    return keyed_hash("browser", survey_id, token)


def _code_hash(survey_id, phone_digest, code):
    return keyed_hash("code", survey_id, phone_digest, code)


def new_code():
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def issue_code(survey, phone, now=None):
    """Store a new code for ``phone`` in ``survey``; returns the code (to be
    sent, never stored in the clear). Older codes of the number die."""
    now = now or timezone.now()
    digest = phone_hash(survey.pk, phone)
    code = new_code()
    SurveyPhoneCode.objects.filter(survey=survey, phone_hash=digest).delete()
    SurveyPhoneCode.objects.create(
        survey=survey,
        phone_hash=digest,
        code_hash=_code_hash(survey.pk, digest, code),
        created_at=now,
        expires_at=now + timedelta(minutes=conf.get("SURVEY_CODE_TTL_MINUTES")),
    )
    return code


def check_code(survey, phone, code, now=None):
    """Whether ``code`` is the live code of ``phone``. A wrong code counts
    against the code (committed at once, whatever the caller does next)."""
    now = now or timezone.now()
    digest = phone_hash(survey.pk, phone)
    stored = (
        SurveyPhoneCode.objects.filter(
            survey=survey,
            phone_hash=digest,
            expires_at__gt=now,
            failures__lt=conf.get("SURVEY_CODE_MAX_FAILURES"),
        )
        .order_by("-created_at")
        .first()
    )
    if stored is None:
        return False
    if hmac.compare_digest(stored.code_hash, _code_hash(survey.pk, digest, code)):
        return True
    SurveyPhoneCode.objects.filter(pk=stored.pk).update(failures=F("failures") + 1)
    return False


def purge_codes(now=None):
    return SurveyPhoneCode.objects.filter(
        expires_at__lte=now or timezone.now()
    ).delete()[0]


# Open polls: a random token in a signed cookie -----------------------------
def cookie_name(survey):
    return f"survey{survey.pk}"


def browser_token(request, survey):
    """The token of this browser for ``survey``, or None without a valid
    signed cookie."""
    return request.get_signed_cookie(
        cookie_name(survey), default=None, salt=COOKIE_SALT
    )


def ensure_browser_token(request, response, survey):
    """Give the browser a token for ``survey`` unless it holds one."""
    if browser_token(request, survey):
        return
    response.set_signed_cookie(
        cookie_name(survey),
        secrets.token_urlsafe(18),
        salt=COOKIE_SALT,
        max_age=400 * 86400,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
