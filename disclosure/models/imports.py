"""The record of a migration: who answers for the items ``import_items``
brought in (政务公开基础台帐 lists each item with it)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: The page log action of an imported item (registered in wagtail_hooks.py).
IMPORT_ACTION = "disclosure.import"


class ItemImport(models.Model):
    """One run of ``import_items``. The items it wrote went online without the
    review workflow: the person named here (``--reviewed-by``) reviewed the
    migrated data and answers for it; the automated checks refused every row
    with a blocking finding."""

    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查负责人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("来源文件"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    imported = models.PositiveIntegerField(_("导入条数"), default=0)
    rejected = models.PositiveIntegerField(_("拒绝条数"), default=0)

    class Meta:
        verbose_name = _("迁移导入")
        verbose_name_plural = _("迁移导入")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"#{self.pk} {self.source}"
