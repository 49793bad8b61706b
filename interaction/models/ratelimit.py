from django.db import models
from django.utils.translation import gettext_lazy as _


class RateLimitCounter(models.Model):
    """A rate-limit window counted in the database while the cache (Redis) is
    unavailable (see :mod:`interaction.mailbox.ratelimit`). Rows expire with
    their window; expired rows are deleted when their key is counted again and
    by the periodic ``interaction.purge_rate_limits`` task."""

    key = models.CharField(_("键"), max_length=100, unique=True)
    count = models.PositiveIntegerField(_("次数"), default=0)
    expires_at = models.DateTimeField(_("过期时间"), db_index=True)

    class Meta:
        verbose_name = _("频率限制计数")
        verbose_name_plural = _("频率限制计数")

    def __str__(self):
        return f"{self.key}: {self.count}"
