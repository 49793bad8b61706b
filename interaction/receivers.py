"""Notifications for the review workflow of disclosure: reviewers hear of a
new task, editors of the decision. disclosure sends the signals and depends on
nothing; the e-mails go through the outbox like every other notice."""

from django.conf import settings
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from wagtail.signals import page_published

from disclosure.review.signals import review_decided, review_task_started

from . import outbox
from .models import Notification


def _page_url(page):
    if page is None or getattr(page, "pk", None) is None:
        return ""
    try:
        path = reverse("wagtailadmin_pages:edit", args=[page.pk])
    except NoReverseMatch:
        return ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _title(page):
    return getattr(page, "title", "") or _("（无标题）")


@receiver(review_task_started, dispatch_uid="interaction-review-task-started")
def notify_reviewers(sender, task_state, page, reviewers, findings=(), **kwargs):
    blocking = sum(1 for f in findings or () if f.get("severity") == "block")
    subject = _("【待审核】%(title)s") % {"title": _title(page)}
    body = _("您有一项待审核的内容：%(title)s\n") % {"title": _title(page)}
    if findings:
        body += _(
            "自动检查发现 %(total)s 个问题，其中阻断性问题 %(blocking)s 个。\n"
        ) % {
            "total": len(findings),
            "blocking": blocking,
        }
    url = _page_url(page)
    if url:
        body += _("审核地址：%(url)s\n") % {"url": url}
    _mail(reviewers, subject, body, f"review-task-{task_state.pk}", "review-task")


@receiver(review_decided, dispatch_uid="interaction-review-decided")
def notify_editors(
    sender, task_state, page, decision, reviewer, recipients, comment="", **kwargs
):
    approved = decision == "approved"
    subject = (
        _("【审核通过】%(title)s") if approved else _("【退回修改】%(title)s")
    ) % {"title": _title(page)}
    reviewer_name = (
        (reviewer.get_full_name() or reviewer.get_username()) if reviewer else ""
    )
    body = (
        _("%(reviewer)s已审核通过：%(title)s\n")
        if approved
        else _("%(reviewer)s退回了：%(title)s，请修改后重新提交。\n")
    ) % {"reviewer": reviewer_name, "title": _title(page)}
    if comment:
        body += _("审核意见：%(comment)s\n") % {"comment": comment}
    url = _page_url(page)
    if url:
        body += _("地址：%(url)s\n") % {"url": url}
    _mail(
        recipients,
        subject,
        body,
        f"review-decision-{task_state.pk}",
        "review-decision",
    )


def _mail(users, subject, body, key_prefix, topic):
    """One e-mail per user with an address, once per ``key_prefix``."""
    for user in users or ():
        if getattr(user, "email", ""):
            outbox.enqueue(
                channel=Notification.Channel.EMAIL,
                recipient=user.email,
                subject=subject,
                body=body,
                key=f"{key_prefix}-{user.pk}",
                topic=topic,
            )


@receiver(page_published, dispatch_uid="interaction-survey-published")
def survey_published(sender, instance, revision=None, **kwargs):
    """A survey page that goes live becomes (or updates) its survey."""
    from .models import SurveyPage
    from .surveys import lifecycle

    if isinstance(instance, SurveyPage):
        user = getattr(revision, "user", None) if revision else None
        lifecycle.sync_from_page(instance, user=user)
