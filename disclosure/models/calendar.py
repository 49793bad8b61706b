"""Working-day calendar overrides entered by the webmaster.

The ``chinesecalendar`` package ships the State Council's holiday schedule for
the years it knows. Each row here overrides one day, in either direction, and
always wins over the package: it is how the webmaster enters next year's
schedule once it is announced, or a local exception.

Saving or deleting a row invalidates the cache of :mod:`disclosure.workdays`
(see the signal receivers at the bottom of this module). Bulk operations
(``QuerySet.update()``, ``bulk_create()``, ``QuerySet.delete()`` on raw
querysets without signals) bypass the signals: call
``disclosure.workdays.invalidate_cache()`` after them.
"""

from django.contrib import admin
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

WEEKDAYS = (
    _("周一"),
    _("周二"),
    _("周三"),
    _("周四"),
    _("周五"),
    _("周六"),
    _("周日"),
)


class WorkdayOverride(models.Model):
    """One day whose working status differs from (or is missing in) the
    package calendar: a holiday (``is_workday=False``) or a 调休 make-up
    workday (``is_workday=True``)."""

    day = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(
        _("是否上班"),
        default=False,
        help_text=_("勾选表示当天上班（如周末调休上班），不勾选表示当天放假。"),
    )
    note = models.CharField(
        _("说明"),
        max_length=50,
        blank=True,
        help_text=_("如“元旦”“春节”“调休上班”。"),
    )

    panels = [
        FieldPanel("day"),
        FieldPanel("is_workday"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")
        ordering = ["day"]

    def __str__(self):
        status = _("上班") if self.is_workday else _("放假")
        text = f"{self.day.isoformat()} {status}"
        if self.note:
            text = f"{text}（{self.note}）"
        return text

    @admin.display(description=_("星期"))
    def weekday(self):
        return WEEKDAYS[self.day.weekday()] if self.day else ""


@receiver(post_save, sender=WorkdayOverride, dispatch_uid="workday_override_saved")
@receiver(post_delete, sender=WorkdayOverride, dispatch_uid="workday_override_deleted")
def _invalidate_workday_cache(sender, using=None, **kwargs):
    # Imported here: disclosure.workdays imports this module lazily.
    from disclosure import workdays

    # Now, so that this process (and this transaction) sees the change at once,
    # and again after commit, so that no process keeps a calendar it loaded
    # between the save and the commit.
    workdays.invalidate_cache()
    transaction.on_commit(workdays.invalidate_cache, using=using)
