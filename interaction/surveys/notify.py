"""The notices of a survey, written to the outbox in the transaction of the
change that causes them.

SMS to citizens carry their number only as long as the gateway needs it:
:func:`scrub_sent` masks the number and the code in the outbox rows once they
are sent or given up, so that the survey's records hold no phone number."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import conf, outbox
from ..mailbox.privacy import mask_phone
from ..models import Notification

CODE_TOPIC = "survey-code"
RECEIPT_TOPIC = "survey-receipt"
SUMMARY_TOPIC = "survey-summary"
SCRUBBED = "（已清除）"


def code(survey, phone, value, *, key):
    return outbox.enqueue(
        channel=Notification.Channel.SMS,
        recipient=phone,
        body=conf.get("SMS_SIGNATURE")
        + _("您参加“%(title)s”的验证码为%(code)s，%(minutes)s分钟内有效。")
        % {
            "title": survey.page.title[:30],
            "code": value,
            "minutes": conf.get("SURVEY_CODE_TTL_MINUTES"),
        },
        key=key,
        topic=CODE_TOPIC,
    )


def receipt(survey, phone, response):
    return outbox.enqueue(
        channel=Notification.Channel.SMS,
        recipient=phone,
        body=conf.get("SMS_SIGNATURE")
        + _("您已完成“%(title)s”，感谢参与！") % {"title": survey.page.title[:30]},
        key=f"survey-{survey.pk}-response-{response.pk}-receipt",
        topic=RECEIPT_TOPIC,
    )


def report_url(survey):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "surveys:report", args=[survey.pk]
    )


def summary_recipients(survey):
    """The organiser and the organising unit's reviewers."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    condition = Q(pk=survey.organiser_id) if survey.organiser_id else Q(pk=None)
    if survey.unit.reviewers_group_id:
        condition |= Q(groups=survey.unit.reviewers_group_id)
    return users.filter(condition).distinct().order_by("pk")


def closing_summary(survey, report):
    """E-mail the figures of a survey that has just closed."""
    page = survey.page
    lines = [
        _("“%(title)s”已于%(at)s结束。")
        % {
            "title": page.title,
            "at": timezone.localtime(survey.closes_at).strftime("%Y-%m-%d %H:%M"),
        },
        _("有效答卷%(valid)s份，作废%(void)s份。")
        % {"valid": report["responses"], "void": report["voided"]},
        "",
    ]
    for question in report["questions"]:
        lines.append(f"{question['number']}. {question['label']}")
        lines.extend(f"   {line}" for line in question["summary_lines"])
    lines += ["", _("调查报告：%(url)s") % {"url": report_url(survey)}]
    body = "\n".join(lines)
    subject = _("【调查结束】%(title)s") % {"title": page.title}
    outbox.email_users(
        summary_recipients(survey),
        key=f"survey-{survey.pk}-closed",
        subject=subject,
        body=body,
        topic=SUMMARY_TOPIC,
    )


def scrub_sent(now=None):
    """Mask the phone numbers and codes of survey SMS that were sent, given
    up, or are older than a code lives; returns how many rows changed."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=conf.get("SURVEY_CODE_TTL_MINUTES"))
    rows = Notification.objects.filter(
        topic__in=[CODE_TOPIC, RECEIPT_TOPIC], channel=Notification.Channel.SMS
    ).exclude(body=SCRUBBED)
    done = rows.filter(
        Q(status__in=[Notification.Status.SENT, Notification.Status.ABANDONED])
        | Q(created_at__lte=cutoff, topic=CODE_TOPIC)
    )
    changed = 0
    for notification in done.only("pk", "recipient", "status", "topic"):
        update = {"recipient": mask_phone(notification.recipient), "body": SCRUBBED}
        if notification.status not in (
            Notification.Status.SENT,
            Notification.Status.ABANDONED,
        ):
            # A code nobody could use any more is not worth sending late.
            update.update(
                status=Notification.Status.ABANDONED, last_error=_("验证码已过期")
            )
        changed += Notification.objects.filter(
            pk=notification.pk, status=notification.status
        ).update(**update)
    return changed
