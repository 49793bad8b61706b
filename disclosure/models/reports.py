"""The annual 政府信息公开 report page, the stored site-health runs and the
monthly 通报."""

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from ..panels import ReviewFindingsPanel
from ..reports import tables as t
from ..reports.table_panel import TablePanel
from .units import Unit

SECTION_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class AnnualReportPage(Page):
    """A unit's 政府信息公开工作年度报告 (国办公开办函〔2021〕30号 format), in
    the unit's column. Table 3 is computed from the applications; Tables 2
    and 4 are entered by hand; the text starts from the system's draft."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("机构"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
        null=True,
        editable=False,
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    aggregate_units = models.BooleanField(
        _("汇总全县"),
        default=False,
        help_text=_("县人民政府的报告：统计全县各机构的数据。"),
    )
    overview = RichTextField(_("一、总体情况"), blank=True, features=SECTION_FEATURES)
    proactive = RichTextField(
        _("二、主动公开政府信息情况"), blank=True, features=SECTION_FEATURES
    )
    applications = RichTextField(
        _("三、收到和处理政府信息公开申请情况"), blank=True, features=SECTION_FEATURES
    )
    appeals = RichTextField(
        _("四、政府信息公开行政复议、行政诉讼情况"),
        blank=True,
        features=SECTION_FEATURES,
    )
    problems = RichTextField(
        _("五、存在的主要问题及改进情况"), blank=True, features=SECTION_FEATURES
    )
    other = RichTextField(
        _("六、其他需要报告的事项"), blank=True, features=SECTION_FEATURES
    )
    table2 = models.JSONField(_("表二"), default=dict, blank=True, editable=False)
    table3_computed = models.JSONField(
        _("表三（系统统计）"), default=dict, blank=True, editable=False
    )
    table3_corrections = models.JSONField(
        _("表三更正"), default=dict, blank=True, editable=False
    )
    correction_note = models.TextField(
        _("表三更正说明"),
        blank=True,
        help_text=_("更正系统统计数时必填：更正的原因和依据。"),
    )
    table4 = models.JSONField(_("表四"), default=dict, blank=True, editable=False)

    content_panels = Page.content_panels + [
        ReviewFindingsPanel(heading=_("审查")),
        FieldRowPanel([FieldPanel("year"), FieldPanel("aggregate_units")]),
        MultiFieldPanel(
            [
                FieldPanel("overview"),
                FieldPanel("proactive"),
                FieldPanel("applications"),
                FieldPanel("appeals"),
                FieldPanel("problems"),
                FieldPanel("other"),
            ],
            heading=_("报告正文"),
        ),
        TablePanel("table2"),
        TablePanel("table3"),
        FieldPanel("correction_note"),
        TablePanel("table4"),
    ]
    parent_page_types = ["disclosure.UnitColumnPage"]
    subpage_types = []
    # base_form_class: AnnualReportForm, set by DisclosureConfig.ready()
    override_translatable_fields = [
        SynchronizedField("year"),
        SynchronizedField("aggregate_units"),
    ]

    class Meta:
        verbose_name = _("政府信息公开年度报告")
        verbose_name_plural = _("政府信息公开年度报告")

    SECTION_FIELDS = [
        "overview",
        "proactive",
        "applications",
        "appeals",
        "problems",
        "other",
    ]

    def save(self, *args, **kwargs):
        if not self.unit_id and self.path:
            from .pages import UnitColumnPage

            self.unit_id = UnitColumnPage.objects.values_list("unit_id", flat=True).get(
                pk=self.get_parent().pk
            )
        return super().save(*args, **kwargs)

    def refresh_figures(self):
        """Recompute the year's figures (Table 3 and the text's counts)."""
        from ..reports import annual

        self.figures = annual.figures(self.unit, self.year, self.aggregate_units)
        self.table3_computed = self.figures["table3"]

    def effective_table3(self):
        return t.with_corrections(self.table3_computed, self.table3_corrections)

    def review_texts(self):
        """The six sections, for the review checks."""
        return [
            (str(self._meta.get_field(name).verbose_name), strip_tags(str(value)))
            for name in self.SECTION_FIELDS
            if (value := getattr(self, name))
        ]

    def review_refusal(self):
        """Why this revision may not be approved: failed cross-checks."""
        from ..reports import annual

        failed = annual.report_checks(self)
        if not failed:
            return None
        return _("勾稽校验未通过，不能审核通过：%(checks)s") % {
            "checks": "；".join(f"{f['table']}：{f['message']}" for f in failed)
        }

    def sections(self):
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.SECTION_FIELDS
        ]

    def table2_rows(self):
        table = t.table2(self.table2)
        return [(row, table[row]) for row, _columns in t.TABLE2]

    def table3_rows(self):
        table = self.effective_table3()
        return [
            (
                number,
                label,
                level,
                [table[key][c] for c in t.TABLE3_COLUMNS] if key else None,
            )
            for number, label, level, key in t.table3_lines()
        ]

    def table4_rows(self):
        table = t.table4(self.table4)
        return [
            (group, [table[group][c] for c in t.TABLE4_COLUMNS])
            for group in t.TABLE4_GROUPS
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            table3_columns=t.TABLE3_COLUMNS,
            organisation_columns=t.ORGANISATIONS,
            table4_columns=t.TABLE4_COLUMNS,
        )
        return context


class HealthRun(models.Model):
    """One run of the site-health rules, kept for the trend."""

    ran_at = models.DateTimeField(_("检查时间"), auto_now_add=True, db_index=True)
    findings = models.JSONField(_("问题"), default=list)
    vetoes = models.JSONField(_("单项否决"), default=dict)

    class Meta:
        verbose_name = _("网站健康检查")
        verbose_name_plural = _("网站健康检查")
        ordering = ["-ran_at"]

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d %H:%M}"

    @property
    def failed_vetoes(self):
        return sum(1 for ok in self.vetoes.values() if not ok)


class MonthlyBulletin(models.Model):
    """The county office's 通报 of one month: every unit's figures, ranked."""

    year = models.PositiveSmallIntegerField(_("年"))
    month = models.PositiveSmallIntegerField(_("月"))
    generated_at = models.DateTimeField(_("生成时间"), auto_now=True)
    data = models.JSONField(_("数据"), default=dict)

    class Meta:
        verbose_name = _("政务公开月度通报")
        verbose_name_plural = _("政务公开月度通报")
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="unique_bulletin")
        ]

    def __str__(self):
        return _("%(year)s年%(month)s月政务公开通报") % {
            "year": self.year,
            "month": self.month,
        }
