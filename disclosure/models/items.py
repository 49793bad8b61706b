"""A catalogue item (DisclosureItemPage) with its 政府信息公开目录 metadata,
its attachments, the allocation of its 索引号, and :func:`field_label`: the
one place the labels of its fields come from (the import report, the
metadata check and the admin exports all use it)."""

import functools

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .. import docnumber, workdays
from ..panels import CatalogueStatusPanel, ReviewFindingsPanel
from .catalogue import Category, Topic
from .units import IndexNumber, Unit

# 条例 Art. 26: online within 20 working days of being formed or changed.
DISCLOSURE_WORKDAYS = 20


def validate_not_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("成文日期不能晚于今天。"))


class DisclosureItemPage(Page):
    """One item of the catalogue with its 政府信息公开目录 metadata."""

    # Its page shows itself (and the shell) only: publishing another item
    # leaves it in the page cache (disclosure/cache.py).
    page_cache_self_contained = True

    class Validity(models.TextChoices):
        VALID = "valid", _("有效")
        AMENDED = "amended", _("已修改")
        REPEALED = "repealed", _("已废止")
        EXPIRED = "expired", _("已失效")

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("发布机构"),
        on_delete=models.PROTECT,
        related_name="items",
        null=True,
        editable=False,
    )
    index_number = models.CharField(
        _("索引号"), max_length=64, blank=True, editable=False, db_index=True
    )
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    formed_on = models.DateField(_("成文日期"), validators=[validate_not_future])
    published_on = models.DateField(_("发布日期"), null=True, editable=False)
    due_on = models.DateField(
        _("公开期限"),
        null=True,
        editable=False,
        help_text=_("成文日期后第20个工作日（条例第二十六条）。"),
    )
    category = models.ForeignKey(
        Category, verbose_name=_("信息类别"), on_delete=models.PROTECT
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("主题分类"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    validity = models.CharField(
        _("有效性"), max_length=20, choices=Validity.choices, default=Validity.VALID
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("替代文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    summary = models.TextField(_("内容概述"), blank=True)
    keywords = models.CharField(_("主题词"), max_length=200, blank=True)
    body = RichTextField(_("正文"), blank=True)
    is_migrated = models.BooleanField(_("迁移数据"), default=False, editable=False)

    content_panels = Page.content_panels + [
        CatalogueStatusPanel(heading=_("系统信息")),
        ReviewFindingsPanel(heading=_("审查")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("formed_on")]),
                FieldRowPanel(
                    [
                        FieldPanel("category", widget=forms.Select),
                        FieldPanel("topic", widget=forms.Select),
                    ]
                ),
                FieldRowPanel([FieldPanel("validity"), FieldPanel("replaced_by")]),
                FieldPanel("summary"),
                FieldPanel("keywords"),
            ],
            heading=_("目录信息"),
        ),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("附件")),
    ]
    parent_page_types = ["disclosure.UnitColumnPage"]
    subpage_types = []
    # base_form_class: DisclosureItemForm, set by DisclosureConfig.ready()

    search_fields = Page.search_fields + [
        index.SearchField("document_number"),
        index.SearchField("index_number"),
        index.SearchField("summary"),
        index.SearchField("keywords"),
        index.SearchField("body"),
        index.FilterField("unit"),
        index.FilterField("category"),
        index.FilterField("published_on"),
    ]
    api_fields = [
        APIField("index_number"),
        APIField("document_number"),
        APIField("unit", serializer=serializers.CharField(source="unit.name")),
        APIField("formed_on"),
        APIField("published_on"),
        APIField("category", serializer=serializers.CharField(source="category.name")),
        APIField(
            "topic", serializer=serializers.CharField(source="topic.path", default="")
        ),
        APIField(
            "validity", serializer=serializers.CharField(source="get_validity_display")
        ),
        APIField("summary"),
        APIField("keywords"),
    ]
    override_translatable_fields = [
        SynchronizedField("document_number"),
        SynchronizedField("formed_on"),
        SynchronizedField("category"),
        SynchronizedField("topic"),
        SynchronizedField("validity"),
        SynchronizedField("replaced_by"),
        TranslatableField("summary"),
        TranslatableField("keywords"),
    ]

    class Meta:
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")
        indexes = [
            models.Index(fields=["unit", "category", "published_on"]),
            # The catalogue's order: newest first.
            models.Index(fields=["-published_on", "-page_ptr"], name="item_newest_idx"),
            # A unit's column and the catalogue filtered by unit or category,
            # newest first, read from the index at any page number.
            models.Index(
                fields=["unit", "-published_on", "-page_ptr"],
                name="item_unit_newest_idx",
            ),
            models.Index(
                fields=["category", "-published_on", "-page_ptr"],
                name="item_category_newest_idx",
            ),
        ]

    def clean(self):
        super().clean()
        if self.document_number:
            problem = docnumber.check(self.document_number)
            if problem:
                message = problem.message
                if problem.suggestion:
                    message += gettext("建议改为：%(suggestion)s") % {
                        "suggestion": problem.suggestion
                    }
                raise ValidationError({"document_number": message})
        if self.validity in (self.Validity.VALID,) and self.replaced_by_id:
            raise ValidationError(
                {"replaced_by": _("有效的文件不应有替代文件；请先修改有效性。")}
            )
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": _("替代文件不能是本文件。")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The metadata table names the category and the topic with its parent:
        # from the cached taxonomy and one query instead of three.
        from ..catalogue import taxonomy

        category = next(
            (c for c in taxonomy()["categories"] if c.pk == self.category_id), None
        )
        if category is not None:
            self.category = category
        if self.topic_id:
            self.topic = Topic.objects.select_related("parent").get(pk=self.topic_id)
        return context

    def save(self, *args, **kwargs):
        if not self.unit_id and self.path:
            from .pages import UnitColumnPage

            parent = self.get_parent()
            self.unit_id = UnitColumnPage.objects.values_list("unit_id", flat=True).get(
                pk=parent.pk
            )
        if self.pk:
            # System fields are set once and never taken from a revision or form.
            stored = (
                DisclosureItemPage.objects.filter(pk=self.pk)
                .values(
                    "index_number", "published_on", "is_migrated", "formed_on", "due_on"
                )
                .first()
            )
            if stored:
                self.index_number = stored["index_number"] or self.index_number
                self.published_on = stored["published_on"] or self.published_on
                self.is_migrated = stored["is_migrated"] or self.is_migrated
        else:
            stored = None
        if self.formed_on:
            self.due_on = self.compute_due_on()
            # A calendar change never pulls a deadline earlier: with the same
            # 成文日期 the stored deadline stands if it is later.
            if (
                stored
                and stored["due_on"]
                and stored["formed_on"] == self.formed_on
                and stored["due_on"] > self.due_on
            ):
                self.due_on = stored["due_on"]
        if self.live and not self.published_on:
            self.published_on = timezone.localdate()
        if self.live and not self.index_number:
            self.index_number = allocate_index_number(self)
        return super().save(*args, **kwargs)

    @property
    def year(self):
        return self.formed_on.year if self.formed_on else None

    def compute_due_on(self):
        """The latest day this item should be online (条例 Art. 26)."""
        return workdays.add(self.formed_on, DISCLOSURE_WORKDAYS)

    @property
    def is_late(self):
        return bool(
            self.published_on and self.due_on and self.published_on > self.due_on
        )


def allocate_index_number(item):
    """Allocate the 索引号 of ``item``: once, shared by its translations, unique
    by constraint. Concurrent allocations in one unit retry on collision."""
    existing = IndexNumber.objects.filter(translation_key=item.translation_key).first()
    if existing:
        return existing.value
    unit = Unit.objects.get(pk=item.unit_id)
    year = (item.formed_on or timezone.localdate()).year
    for _attempt in range(20):
        last = (
            IndexNumber.objects.filter(unit=unit, year=year)
            .order_by("-serial")
            .values_list("serial", flat=True)
            .first()
        )
        serial = (last or 0) + 1
        value = f"{unit.code}/{year}-{serial:05d}"
        try:
            with transaction.atomic():
                IndexNumber.objects.create(
                    unit=unit,
                    year=year,
                    serial=serial,
                    value=value,
                    translation_key=item.translation_key,
                )
            return value
        except IntegrityError:
            continue
    raise RuntimeError("could not allocate an index number")


class ItemAttachment(Orderable):
    page = ParentalKey(
        DisclosureItemPage, on_delete=models.CASCADE, related_name="attachments"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("文档"), on_delete=models.PROTECT
    )
    title = models.CharField(_("显示名称"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    @property
    def display_title(self):
        return self.title or self.document.title


#: Where the catalogue (政府信息公开目录) calls a field otherwise than its
#: verbose_name: Wagtail's own title field is the item's 名称.
CATALOGUE_LABELS = {"title": _("名称")}


def field_label(name):
    """The label of a DisclosureItemPage field as users see it (lazy, in the
    reader's language): the catalogue's word for it, else its verbose_name."""
    if name in CATALOGUE_LABELS:
        return CATALOGUE_LABELS[name]
    return DisclosureItemPage._meta.get_field(name).verbose_name


@functools.cache
def stored_field_label(name):
    """:func:`field_label` in the site's language (zh-hans), for text that is
    stored (import reports, review findings) and so must not depend on who
    ran the import or the check."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(field_label(name))
