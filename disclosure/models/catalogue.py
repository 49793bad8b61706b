from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Category(models.Model):
    """A column category of the catalogue (领导分工, 政府文件, …)."""

    class Scope(models.TextChoices):
        ALL = "all", _("所有机构")
        TOWNSHIP = "township", _("仅镇（场）")

    name = models.CharField(_("名称"), max_length=50, unique=True)
    slug = models.SlugField(_("地址标识"), max_length=50, unique=True)
    scope = models.CharField(
        _("适用范围"), max_length=20, choices=Scope.choices, default=Scope.ALL
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("scope"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("信息类别")
        verbose_name_plural = _("信息类别")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @classmethod
    def for_unit(cls, unit):
        qs = cls.objects.all()
        if not unit.is_township:
            qs = qs.filter(scope=cls.Scope.ALL)
        return qs


class Topic(models.Model):
    """The 主题分类 taxonomy, e.g. 综合政务 › 政务公开; edited by the webmaster."""

    name = models.CharField(_("名称"), max_length=50)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级主题"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    panels = [FieldPanel("name"), FieldPanel("parent"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unique_topic")
        ]

    def __str__(self):
        return self.path

    @property
    def path(self):
        # The taxonomy is two levels deep in practice; parent is select_related.
        return f"{self.parent.name}\\{self.name}" if self.parent_id else self.name
