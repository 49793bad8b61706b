from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("搜索同义词")
    menu_name = "search-synonyms"
    list_display = ["__str__", "note", "enabled"]
    list_filter = ["enabled"]
    search_fields = ["terms", "note"]
    list_per_page = 100
    copy_view_enabled = False


@hooks.register("register_disclosure_settings")
def synonyms_under_disclosure_settings():
    """The synonym list sits with the other word lists under 政务公开设置."""
    return [SynonymGroupViewSet]


@hooks.register("page_cache_models")
def page_cache_models():
    """Synonyms change search results, a list in the page cache's terms."""
    from disclosure.cache import LISTS

    return [(SynonymGroup, [LISTS])]
