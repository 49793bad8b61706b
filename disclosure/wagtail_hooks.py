"""disclosure in the admin: the snippets (units, categories, topics, word
lists, the calendar), search types, a new unit's provisioning, the import log
action and the page cache's hooks. The review's hooks are in
wagtail_hooks_review.py, the reports' in wagtail_hooks_reports.py, the
translation's in wagtail_hooks_translation.py and the calendar's in
wagtail_hooks_calendar.py, all registered from here."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

# Importing the translation module puts wagtail-localize under the review.
from . import wagtail_hooks_translation  # noqa: F401
from .models import IMPORT_ACTION, Category, FixedName, Topic, TypoEntry, Unit
from .provisioning import provision_unit

# Importing the calendar module registers its dashboard warning.
from .wagtail_hooks_calendar import WorkdayOverrideViewSet


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = _("机构")
    menu_name = "units"
    list_display = ["name", "short_name", "kind", "code", "editors_group"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code", "former_codes"]
    ordering = ["kind_order", "sort_order", "name"]
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldPanel("kind"),
                FieldPanel("code"),
                FieldPanel("former_codes"),
                FieldPanel("slug"),
                FieldPanel("sort_order"),
            ],
            heading=_("基本信息"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("office_name"),
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldPanel("opening_hours"),
                FieldPanel("phone"),
                FieldPanel("fax"),
                FieldPanel("email"),
            ],
            heading=_("政府信息公开指南联系信息"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("editors_group", read_only=True),
                FieldPanel("reviewers_group", read_only=True),
                FieldPanel("handlers_group", read_only=True),
            ],
            heading=_("用户组（新建机构时自动创建）"),
        ),
    ]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "list-ul"
    menu_label = _("信息类别")
    menu_name = "categories"
    list_display = ["name", "slug", "scope", "sort_order"]
    ordering = ["sort_order", "name"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("主题分类")
    menu_name = "topics"
    list_display = ["name", "parent", "sort_order"]
    ordering = ["parent__sort_order", "sort_order", "name"]


class FixedNameViewSet(SnippetViewSet):
    model = FixedName
    icon = "pick"
    menu_label = _("规范名称")
    menu_name = "fixed-names"
    list_display = ["correct", "variants"]
    search_fields = ["correct", "variants"]


class TypoViewSet(SnippetViewSet):
    model = TypoEntry
    icon = "spinner"
    menu_label = _("易错词")
    menu_name = "typos"
    list_display = ["wrong", "right"]
    search_fields = ["wrong", "right"]
    list_per_page = 100


class DisclosureAdminGroup(SnippetViewSetGroup):
    """政务公开设置. Other apps add their word lists and settings through the
    ``register_disclosure_settings`` hook (a function returning viewset
    classes), e.g. the search's synonym list, without disclosure importing
    them."""

    menu_label = _("政务公开设置")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (
        UnitViewSet,
        CategoryViewSet,
        TopicViewSet,
        WorkdayOverrideViewSet,
        FixedNameViewSet,
        TypoViewSet,
    )

    def __init__(self):
        extra = tuple(
            viewset
            for hook in hooks.get_hooks("register_disclosure_settings")
            for viewset in hook()
        )
        self.items = type(self).items + extra
        super().__init__()


register_snippet(DisclosureAdminGroup)


@hooks.register("register_search_types")
def search_types():
    """The catalogue's items in the site search, with their filters."""
    from .models import DisclosureItemPage

    return [
        {
            "model": DisclosureItemPage,
            "key": "xxgk",
            "label": _("信息公开"),
            "date": "published_on",
            "unit": "unit",
            "category": "category",
            "order": 10,
        }
    ]


@hooks.register("after_create_snippet")
def provision_new_unit(request, instance):
    """A new unit gets its groups, document collection and column at once."""
    if isinstance(instance, Unit):
        provision_unit(instance, submitted_by=request.user)


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    actions.register_action(IMPORT_ACTION, _("迁移导入"), _("迁移导入上线"))


@hooks.register("page_cache_models")
def page_cache_models():
    """Snippets every page shows (units, categories, topics) and the search's
    typo list (search results are lists)."""
    from .cache import LISTS, SHELL

    return [
        (Unit, [SHELL]),
        (Category, [SHELL]),
        (Topic, [SHELL]),
        (TypoEntry, [LISTS]),
    ]


@hooks.register("before_serve_page")
def page_cache_tags(page, request, serve_args, serve_kwargs):
    """A self-contained page (an item) stays cached while other pages are
    published; it goes stale with itself and the shell only."""
    from .cache import page_tag
    from .pagecache import self_contained

    if getattr(page, "page_cache_self_contained", False):
        self_contained(request, page_tag(page))


@hooks.register("page_cache_dependent_tags")
def item_dependents(page):
    """An item shows in its column and in the items it replaced (title and
    link)."""
    from .cache import page_tag, parent_children_tag
    from .models import DisclosureItemPage

    if not isinstance(page, DisclosureItemPage):
        return []
    return [parent_children_tag(page)] + [
        page_tag(item)
        for item in DisclosureItemPage.objects.filter(replaced_by_id=page.pk).only(
            "translation_key"
        )
    ]


# The review's hooks, then the reports', registered after the ones above and
# in this order (the dashboard shows the review panel before the annual
# reports' one): their code stood here.
# isort: split
from . import wagtail_hooks_review  # noqa: E402, F401

# isort: split
from . import wagtail_hooks_reports  # noqa: E402, F401
