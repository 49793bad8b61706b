"""The 政府信息公开 pages around the items: the platform (the county's
catalogue), a unit's column and its guide. The items themselves are in
:mod:`.items` (re-exported here, as migrations name
``disclosure.models.pages.validate_not_future``)."""

from django.db import models
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from .. import unit_links
from ..cache import (
    LISTS,
    CachedCountPaginator,
    cached_count,
    children_tag,
    request_fragment_version,
)
from .catalogue import Category
from .items import (  # noqa: F401 (the old import paths)
    DISCLOSURE_WORKDAYS,
    DisclosureItemPage,
    ItemAttachment,
    allocate_index_number,
    field_label,
    stored_field_label,
    validate_not_future,
)
from .reports import AnnualReportPage
from .units import Unit

ITEMS_PER_PAGE = 20


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
            None
            if form.is_bound and not form.is_valid()
            else request_fragment_version(request, *tags)
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
            # Read when the side navigation is rendered, not when it is
            # served from its fragment cache (unit_column_page.html).
            guide=SimpleLazyObject(
                lambda: GuidePage.objects.live().child_of(self).first()
            ),
            annual_reports=SimpleLazyObject(
                lambda: list(
                    AnnualReportPage.objects.live()
                    .child_of(self)
                    .only("pk", "year", "url_path", "path", "depth", "title")
                    .order_by("-year")
                )
            ),
            service_links=SimpleLazyObject(
                lambda: unit_links.for_unit(self.unit, request)
            ),
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
