import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# 组织机构代码 (8 characters, optional hyphen, check character) or the
# 18-character 统一社会信用代码.
UNIT_CODE_RE = re.compile(r"^(?:[0-9A-Z]{8}-?[0-9X]|[0-9A-HJ-NPQRTUWXY]{18})$")


def validate_unit_code(value):
    if not UNIT_CODE_RE.match(value):
        raise ValidationError(
            _("机构代码应为组织机构代码（如 01103584-7）或18位统一社会信用代码。")
        )


class UnitQuerySet(models.QuerySet):
    def ordered(self):
        return self.order_by("kind_order", "sort_order", "name")


class Unit(models.Model):
    """An organisation that publishes: the county government, a township or a
    department. Everything that belongs to someone belongs to a Unit."""

    class Kind(models.TextChoices):
        COUNTY = "county", _("县人民政府")
        TOWNSHIP = "township", _("镇（场）")
        DEPARTMENT = "department", _("县直部门")

    KIND_ORDER = {Kind.COUNTY: 0, Kind.TOWNSHIP: 1, Kind.DEPARTMENT: 2}

    name = models.CharField(_("机构名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    kind_order = models.PositiveSmallIntegerField(editable=False, default=0)
    code = models.CharField(
        _("机构代码"),
        max_length=20,
        unique=True,
        validators=[validate_unit_code],
        help_text=_("用于索引号，组织机构代码或统一社会信用代码。"),
    )
    former_codes = models.TextField(
        _("原机构代码"),
        blank=True,
        help_text=_(
            "本机构此前使用的代码（如改用统一社会信用代码前的组织机构代码），每行一个。"
            "索引号不因代码变更而改变：带原代码的索引号照旧有效，迁移导入时保留。"
            "修改机构代码时，原代码自动记入此处。"
        ),
    )
    slug = models.SlugField(_("栏目地址"), max_length=60, unique=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    handles_county_pages = models.BooleanField(
        _("审核县本级页面"),
        default=False,
        help_text=_(
            "县政府办：其审核组审查不属于任何机构栏目的页面（首页、新闻、通知公告）。"
        ),
    )

    # The guide's contact data (条例 Art. 12).
    office_name = models.CharField(
        _("政府信息公开工作机构"), max_length=100, blank=True
    )
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    opening_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    fax = models.CharField(_("传真"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)

    editors_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("编辑组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="edited_unit",
    )
    reviewers_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("审核组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_unit",
    )
    handlers_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("信箱办理组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_unit",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("文档库"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unit",
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["kind_order", "sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.kind_order = self.KIND_ORDER.get(self.kind, 9)
        if self.pk:
            # A change of code keeps the old one: its 索引号 stay as they are.
            old = Unit.objects.filter(pk=self.pk).values_list("code", flat=True).first()
            if old and old != self.code and old not in self.former_code_list():
                self.former_codes = "\n".join([*self.former_code_list(), old])
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        codes = self.former_code_list()
        for code in codes:
            try:
                validate_unit_code(code)
            except ValidationError:
                raise ValidationError(
                    {
                        "former_codes": _(
                            "原机构代码“%(code)s”格式不正确，应为组织机构代码"
                            "或18位统一社会信用代码。"
                        )
                        % {"code": code}
                    }
                ) from None
        if self.code and self.code in codes:
            raise ValidationError(
                {"former_codes": _("原机构代码不能与现用机构代码相同。")}
            )
        for other in Unit.objects.exclude(pk=self.pk):
            taken = {other.code, *other.former_code_list()}
            clash = taken & {self.code, *codes}
            if clash:
                raise ValidationError(
                    {
                        "former_codes" if clash - {self.code} else "code": _(
                            "代码“%(code)s”已由%(unit)s使用（现用或原代码）。"
                        )
                        % {"code": "、".join(sorted(clash)), "unit": other.name}
                    }
                )

    def former_code_list(self):
        return [
            code.strip()
            for code in re.split(r"[\s,，;；、]+", self.former_codes or "")
            if code.strip()
        ]

    def codes(self):
        """The current code and the former ones: every code of its 索引号."""
        return [self.code, *self.former_code_list()]

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def is_township(self):
        return self.kind == self.Kind.TOWNSHIP

    @classmethod
    def county_office(cls):
        """The unit whose reviewers review pages outside any unit's column."""
        return (
            cls.objects.filter(handles_county_pages=True).order_by("pk").first()
            or cls.objects.filter(kind=cls.Kind.COUNTY).order_by("pk").first()
        )

    @classmethod
    def for_user(cls, user):
        """The units whose editors, reviewers or handlers include the user."""
        if user.is_superuser:
            return cls.objects.all()
        groups = user.groups.all()
        return cls.objects.filter(
            models.Q(editors_group__in=groups)
            | models.Q(reviewers_group__in=groups)
            | models.Q(handlers_group__in=groups)
        ).distinct()


class IndexNumber(models.Model):
    """The allocated 索引号 of one disclosure item, shared by its translations.

    Kept apart from the page so that it is allocated once, is unique by a
    database constraint, and never changes when the page is edited or moved."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    value = models.CharField(max_length=64, unique=True)
    translation_key = models.UUIDField(unique=True, null=True)
    migrated = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("索引号")
        verbose_name_plural = _("索引号")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "serial"], name="unique_index_serial"
            )
        ]

    def __str__(self):
        return self.value
