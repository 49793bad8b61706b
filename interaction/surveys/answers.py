"""Storing an answer: one person, one answer, enforced by the database.

:func:`submit` writes the answer in one transaction with its receipt SMS (for
SMS surveys). Two answers with the same person hash cannot both commit: the
second insert waits on the unique index until the first commits and then
fails; that failure is :class:`AlreadyAnswered`, a refusal in Chinese."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..mailbox import privacy
from ..models import Survey, SurveyResponse
from . import identity, notify


class Refused(ValidationError):
    """The answer is not taken; the message says why."""

    status = 400


class NotOpen(Refused):
    status = 403


class AlreadyAnswered(Refused):
    status = 409

    def __init__(self):
        super().__init__(_("您已参加过本次调查，每人只能提交一次，感谢您的参与。"))


class BadCode(Refused):
    def __init__(self):
        super().__init__(_("短信验证码不正确或已过期，请重新获取。"))


def not_open_message(survey, now=None):
    phase = survey.phase(now)
    if phase == Survey.Status.SCHEDULED:
        return _("本次调查尚未开始，请在开始后再提交。")
    return _("本次调查已结束，不再接收答卷。")


def personal_data_in(texts):
    """Whether the review checks find personal data in any of ``texts``."""
    return any(privacy.personal_findings(text) for text in texts if text)


def submit(survey, *, answers, texts=(), phone=None, code=None, browser_token=None):
    """Store ``answers`` for the person proven by ``phone`` and ``code`` (SMS
    surveys) or ``browser_token`` (open polls); returns the response or
    raises :class:`Refused`."""
    now = timezone.now()
    if not survey.accepts_answers(now):
        raise NotOpen(not_open_message(survey, now))
    phone_digest = browser_digest = None
    if survey.page.verification == survey.page.Verification.SMS:
        if not phone or not code or not identity.check_code(survey, phone, code, now):
            raise BadCode()
        phone_digest = identity.phone_hash(survey.pk, phone)
    else:
        if not browser_token:
            raise Refused(_("请允许浏览器保存 Cookie 后重新提交。"))
        browser_digest = identity.browser_hash(survey.pk, browser_token)
    personal = personal_data_in(texts)
    with transaction.atomic():
        try:
            with transaction.atomic():
                response = SurveyResponse.objects.create(
                    survey=survey,
                    phone_hash=phone_digest,
                    browser_hash=browser_digest,
                    answers=answers,
                    submitted_at=now,
                    personal_data=personal,
                )
        except IntegrityError:
            raise AlreadyAnswered() from None
        # The insert waited for a closing in progress (it locks the survey
        # row); an answer must not land after the final count.
        if Survey.objects.filter(pk=survey.pk, status=Survey.Status.CLOSED).exists():
            raise NotOpen(not_open_message(survey))
        # The code stays valid until it expires: using it again is answered
        # "already answered" by the constraint, not "wrong code".
        if phone_digest:
            notify.receipt(survey, phone, response)
    return response


def request_code(survey, phone, *, now=None):
    """Send a new SMS code to ``phone`` for ``survey`` through the outbox."""
    now = now or timezone.now()
    if not survey.accepts_answers(now):
        raise NotOpen(not_open_message(survey, now))
    with transaction.atomic():
        value = identity.issue_code(survey, phone, now)
        notification = notify.code(
            survey,
            phone,
            value,
            key=f"survey-{survey.pk}-code-{identity.keyed_hash('key', phone, now)}",
        )
    return notification
