from django.db.models import Q
from wagtail.api.v2.filters import OrderingFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from .models import Category, DisclosureItemPage, Unit

CATALOGUE_FIELDS = [
    "index_number",
    "document_number",
    "unit",
    "formed_on",
    "published_on",
    "category",
    "topic",
    "validity",
    "summary",
    "keywords",
]


class DisclosureItemsAPIViewSet(PagesAPIViewSet):
    """Open data: the published catalogue, filterable by unit and category."""

    name = "items"
    model = DisclosureItemPage
    filter_backends = [OrderingFilter, SearchFilter]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        ["unit", "category"]
    )
    listing_default_fields = PagesAPIViewSet.listing_default_fields + CATALOGUE_FIELDS

    def get_queryset(self):
        items = (
            DisclosureItemPage.objects.live()
            .public()
            .select_related("unit", "category", "topic__parent", "locale")
            .order_by("-published_on", "-pk")
        )
        unit = self.request.GET.get("unit")
        if unit:
            found = Unit.objects.filter(Q(code=unit) | Q(slug=unit) | Q(name=unit))
            if not found.exists():
                raise BadRequestError(f"机构“{unit}”不存在")
            items = items.filter(unit__in=found)
        category = self.request.GET.get("category")
        if category:
            found = Category.objects.filter(Q(slug=category) | Q(name=category))
            if not found.exists():
                raise BadRequestError(f"信息类别“{category}”不存在")
            items = items.filter(category__in=found)
        return items
