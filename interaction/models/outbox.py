from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message in the outbox. Rows are written in the same transaction as
    the business change that causes them, so a notice exists exactly when its
    change was committed; a Celery task sends it and a periodic sweep re-sends
    whatever is left behind (see :mod:`interaction.outbox`)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("邮件")
        SMS = "sms", _("短信")

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        FAILED = "failed", _("发送失败，待重试")
        SENT = "sent", _("已发送")
        ABANDONED = "abandoned", _("多次失败，已放弃")

    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("收件人"), max_length=254)
    subject = models.CharField(_("主题"), max_length=200, blank=True)
    body = models.TextField(_("内容"))
    topic = models.CharField(_("类别"), max_length=50, blank=True, db_index=True)
    idempotency_key = models.CharField(_("幂等键"), max_length=200, unique=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    provider_id = models.CharField(_("网关回执"), max_length=200, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject}"
