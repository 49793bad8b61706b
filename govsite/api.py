from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from disclosure.api import DisclosureItemsAPIViewSet

from .api_params import CheckedParametersMixin


class CheckedPagesAPIViewSet(CheckedParametersMixin, PagesAPIViewSet):
    pass


class CheckedItemsAPIViewSet(CheckedParametersMixin, DisclosureItemsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", CheckedPagesAPIViewSet)
api_router.register_endpoint("items", CheckedItemsAPIViewSet)
