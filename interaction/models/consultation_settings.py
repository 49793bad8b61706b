from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="comment")
class ConsultationSettings(BaseGenericSetting):
    """The webmaster's minimum comment periods (local practice may be
    stricter than the law's general rule, never laxer by accident)."""

    normative_min_workdays = models.PositiveSmallIntegerField(
        _("行政规范性文件最短征集期（工作日）"),
        default=7,
        help_text=_("国办发〔2018〕37号：一般不少于7个工作日。"),
    )
    major_min_days = models.PositiveSmallIntegerField(
        _("重大行政决策最短征集期（日）"),
        default=30,
        help_text=_("《重大行政决策程序暂行条例》第十四条：一般不少于30日。"),
    )
    other_min_days = models.PositiveSmallIntegerField(
        _("其他草案最短征集期（日）"), default=7
    )
    default_days = models.PositiveSmallIntegerField(
        _("默认征集期（日）"),
        default=30,
        help_text=_("未填写结束时间时，自开始时间起算。"),
    )

    panels = [
        FieldPanel("normative_min_workdays"),
        FieldPanel("major_min_days"),
        FieldPanel("other_min_days"),
        FieldPanel("default_days"),
    ]

    class Meta:
        verbose_name = _("意见征集设置")

    def clean(self):
        for name in (
            "normative_min_workdays",
            "major_min_days",
            "other_min_days",
            "default_days",
        ):
            if not getattr(self, name):
                raise ValidationError({name: _("征集期至少为1天。")})
