"""What the notices of the letters and the applications share: a text message
to the citizen who wrote (with the site's signature), the admin address of a
record for e-mails to staff, and the active members of a group."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from . import conf, outbox
from .models import Notification


def sms(record, key, text, topic):
    """Queue ``text`` as a text message to ``record.phone``."""
    return outbox.enqueue(
        channel=Notification.Channel.SMS,
        recipient=record.phone,
        body=conf.get("SMS_SIGNATURE") + text,
        key=key,
        topic=topic,
    )


def admin_url(url_name, record):
    """The absolute admin address of ``record`` (for e-mails to staff)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        url_name, args=[record.pk]
    )


def group_members(name):
    return get_user_model().objects.filter(groups__name=name, is_active=True).distinct()


def group_users(group_id):
    """The active members of the group ``group_id`` (none when it is None)."""
    if group_id is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(groups=group_id, is_active=True).distinct()
