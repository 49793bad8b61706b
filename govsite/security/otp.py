"""Who needs a second factor, and their TOTP device (django-otp)."""

from django.conf import settings
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "default"


def required_for(user):
    """Whether ``user`` must sign in with a TOTP code: with
    ``ADMIN_OTP_REQUIRED`` on, webmasters (superusers) and reviewers (a unit's
    reviewers group, the 保密审查员 group, any ``ADMIN_OTP_REQUIRED_GROUPS``)."""
    if not getattr(settings, "ADMIN_OTP_REQUIRED", False):
        return False
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    from disclosure.review.setup import CONFIDENTIALITY_GROUP

    names = [CONFIDENTIALITY_GROUP, *getattr(settings, "ADMIN_OTP_REQUIRED_GROUPS", [])]
    return user.groups.filter(
        Q(name__in=names) | Q(reviewed_unit__isnull=False)
    ).exists()


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user):
    """The unconfirmed device ``user`` is enrolling (created on first use)."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device
