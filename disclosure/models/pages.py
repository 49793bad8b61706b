from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .. import docnumber, unit_links, workdays
from ..cache import (
    LISTS,
    CachedCountPaginator,
    cached_count,
    children_tag,
    fragment_version,
)
from ..forms import DisclosureItemForm
from ..panels import CatalogueStatusPanel, ReviewFindingsPanel
from .catalogue import Category, Topic
from .reports import AnnualReportPage
from .units import IndexNumber, Unit

ITEMS_PER_PAGE = 20
# 条例 Art. 26: online within 20 working days of being formed or changed.
DISCLOSURE_WORKDAYS = 20


class DisclosureIndexPage(RoutablePageMixin, Page):
    """The 政府信息公开 platform: the county's catalogue and every unit's column."""

    intro = RichTextField(_("简介"), blank=True, features=["bold", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["disclosure.UnitColumnPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("政府信息公开平台")

    def items(self):
        return live_items().descendant_of(self)

    @path("")
    def index(self, request):
        columns = (
            UnitColumnPage.objects.child_of(self)
            .live()
            .select_related("unit")
            .order_by("unit__kind_order", "unit__sort_order", "title")
        )
        groups = {kind: [] for kind, _label in Unit.Kind.choices}
        for column in columns:
            groups[column.unit.kind].append(column)
        return self.render(
            request,
            context_overrides={
                "column_groups": [
                    (label, groups[kind])
                    for kind, label in Unit.Kind.choices
                    if groups[kind]
                ],
                "latest_items": self.items()[:10],
            },
        )

    @path("catalogue/", name="catalogue")
    def catalogue(self, request):
        """The county-wide catalogue with every filter."""
        return with_filter_status(
            request,
            self.render(
                request,
                template="disclosure/catalogue.html",
                context_overrides=catalogue_context(request, self.items()),
            ),
        )


def live_items():
    return (
        DisclosureItemPage.objects.live()
        .select_related("unit", "category")
        .order_by("-published_on", "-pk")
    )


def with_filter_status(request, response):
    """Invalid filter values are the citizen's mistake: answer 400, not 200.
    A valid but non-canonical query (empty fields, another order) redirects to
    the one stable URL of that filter combination."""
    form = response.context_data["filter_form"]
    if form.is_bound and not form.is_valid():
        response.status_code = 400
        return response
    canonical = response.context_data["query_string"]
    page_number = request.GET.get("page")
    if page_number:
        canonical = (
            f"{canonical}&page={page_number}" if canonical else f"page={page_number}"
        )
    if form.is_bound and request.META.get("QUERY_STRING", "") != canonical:
        return redirect(f"{request.path}?{canonical}" if canonical else request.path)
    return response


def catalogue_context(request, items, unit=None, tags=(LISTS,)):
    """The filter form and a page of items. ``tags``: what the list depends
    on (disclosure/cache.py); the table and the filters are cached as
    fragments under their versions, so the items are read only when they
    changed (the queryset is lazy)."""
    from ..catalogue import CatalogueFilterForm

    form = CatalogueFilterForm(request.GET or None, unit=unit)
    if form.is_bound:
        items = form.filter(items)
    paginator = CachedCountPaginator(items, ITEMS_PER_PAGE)
    return {
        "filter_form": form,
        "query_string": form.query_string(),
        "page_obj": paginator.get_page(request.GET.get("page")),
        # Invalid filters (a 400) are not worth a cache entry.
        "fragment_version": (
            None if form.is_bound and not form.is_valid() else fragment_version(*tags)
        ),
    }


class UnitColumnPage(RoutablePageMixin, Page):
    """One unit's 政府信息公开 column; its editors get permissions on this subtree."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="columns"
    )
    intro = RichTextField(_("简介"), blank=True, features=["bold", "link"])

    content_panels = Page.content_panels + [FieldPanel("unit"), FieldPanel("intro")]
    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types = [
        "disclosure.DisclosureItemPage",
        "disclosure.GuidePage",
        "disclosure.AnnualReportPage",
    ]
    override_translatable_fields = [SynchronizedField("unit")]

    class Meta:
        verbose_name = _("机构信息公开栏目")

    @classmethod
    def clean_subpage_models(cls):
        """The page types above, plus those other apps offer for a unit's
        column through the ``register_unit_column_page_types`` hook (each
        function returns a list of page models), so that disclosure imports
        none of them."""
        models_ = list(super().clean_subpage_models())
        for hook in hooks.get_hooks("register_unit_column_page_types"):
            models_ += [model for model in hook() if model not in models_]
        return models_

    def items(self):
        return live_items().child_of(self)

    @path("")
    def index(self, request):
        from ..pagecache import self_contained

        # The page cache: this column changes with its own items only.
        self_contained(request, children_tag(self))
        from ..catalogue import categories_for_unit

        categories = categories_for_unit(self.unit)
        counts = cached_count(
            f"column-categories:{self.pk}",
            lambda: dict(
                self.items()
                .order_by()
                .values_list("category_id")
                .annotate(n=models.Count("pk"))
            ),
        )
        for category in categories:
            category.item_count = counts.get(category.pk, 0)
        context = catalogue_context(
            request, self.items(), unit=self.unit, tags=(children_tag(self),)
        )
        form = context["filter_form"]
        slug = form.cleaned_data.get("category", "") if form.is_bound else ""
        current = next((c for c in categories if c.slug == slug), None)
        context.update(
            # The public sees only categories that hold something.
            categories=[c for c in categories if c.item_count or c is current],
            current_category=current,
            guide=GuidePage.objects.live().child_of(self).first(),
            annual_reports=list(
                AnnualReportPage.objects.live()
                .child_of(self)
                .only("pk", "year", "url_path", "path", "depth", "title")
                .order_by("-year")
            ),
            service_links=unit_links.for_unit(self.unit, request),
        )
        return with_filter_status(
            request, self.render(request, context_overrides=context)
        )

    @path("feed/", name="feed")
    def feed(self, request):
        from ..feeds import ColumnFeed

        return ColumnFeed(self)(request)


class GuidePage(Page):
    """The unit's 政府信息公开指南 (条例 Art. 12), built from the unit's data."""

    extra = RichTextField(_("补充说明"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("extra")]
    parent_page_types = ["disclosure.UnitColumnPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("政府信息公开指南")

    @cached_property
    def unit(self):
        return (
            UnitColumnPage.objects.select_related("unit")
            .get(pk=self.get_parent().pk)
            .unit
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["unit"] = self.unit
        context["categories"] = Category.for_unit(self.unit)
        context["service_links"] = unit_links.for_unit(self.unit, request)
        return context


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
    base_form_class = DisclosureItemForm

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
                    message += f"建议改为：{problem.suggestion}"
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
