import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

# Importing the translation module puts wagtail-localize under the review.
from . import wagtail_hooks_translation  # noqa: F401
from .models import IMPORT_ACTION, Category, FixedName, Topic, TypoEntry, Unit
from .models.review import ReviewTask
from .provisioning import provision_unit
from .review import gate
from .review.workflow import refusal, restart_review_if_stale
from .views import ReviewLedgerView, TimelinessReportView

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


@hooks.register("insert_global_admin_css")
def review_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("disclosure/review.css")
    )


REVIEW_FIRST = _("页面须经规范性审查和保密审查后由系统发布，请点击“提交审核”。")


@hooks.register("before_publish_page")
def publish_only_through_review(request, page):
    """The editor's publish button, refused before anything else happens (the
    draft just saved stays, and an edit in review restarts it). Every other
    door is refused by the publishing gate (review/gate.py) and explained by
    disclosure.middleware.RefusalMiddleware."""
    messages.error(request, gate.NOT_REVIEWED)
    return redirect("wagtailadmin_pages:edit", page.pk)


REVIEW_ACTION_DATA = (
    "comment",
    "override_reason",
    "false_positive_reason",
    "confirmed",
)
NO_AUTOSAVE_IN_REVIEW = _(
    "审查期间不自动保存。如需修改内容，请点击“保存草稿”，审查将从规范性审查重新开始。"
)


@hooks.register("before_edit_page")
def review_actions_decide_on_the_reviewed_revision(request, page):
    """A reviewer's approval or rejection acts on the revision under review and
    never saves the editor form: Wagtail would otherwise save whatever the
    reviewer's browser holds as a new revision first (a widget that
    re-serialises its value is enough), making the reviewer its author. The
    refusal reasons are shown before anything happens; the task's on_action
    refuses again for any other way in."""
    if request.method != "POST":
        return None
    task_state = page.current_workflow_task_state
    task = task_state.task.specific if task_state else None
    if not isinstance(task, ReviewTask):
        return None
    if not request.POST.get("action-workflow-action"):
        if not request.accepts("text/html"):
            # Autosave: a revision saved in review restarts it and notifies
            # every reviewer, so only a deliberate save may do that.
            return JsonResponse(
                {
                    "success": False,
                    "error_code": "in_review",
                    "error_message": str(NO_AUTOSAVE_IN_REVIEW),
                },
                status=400,
            )
        return None
    try:
        data = json.loads(request.POST.get("workflow-action-extra-data") or "{}")
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    data = {key: data[key] for key in REVIEW_ACTION_DATA if key in data}
    action_name = request.POST.get("workflow-action-name")
    edit = redirect("wagtailadmin_pages:edit", page.pk)
    actions = [name for name, _label, _modal in task.get_actions(page, request.user)]
    if action_name not in actions:
        messages.error(request, _("该审查操作无效或已由他人完成，请刷新后重试。"))
        return edit
    problem = refusal(task, task_state, request.user, action_name, data)
    if problem:
        messages.error(request, problem)
        return edit
    try:
        task.on_action(task_state, request.user, action_name, **data)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("您无权执行该审查操作。"))
        return edit
    workflow_state = task_state.workflow_state
    workflow_state.refresh_from_db()
    if action_name == "approve":
        if workflow_state.status == workflow_state.STATUS_APPROVED:
            message = _("已审核通过“%(title)s”，审查全部完成，页面已发布。")
        else:
            message = _("已审核通过“%(title)s”，已转入下一审查环节。")
    else:
        message = _("已退回修改“%(title)s”，编辑将收到退回意见。")
    messages.success(request, message % {"title": page.get_admin_display_title()})
    # Back to the reviewer's dashboard, where the remaining tasks wait.
    return redirect("wagtailadmin_home")


@hooks.register("after_edit_page")
def restart_review_after_edit(request, page):
    if request.POST.get("action-workflow-action"):
        return None  # the reviewer's own action; on_action judges it
    if restart_review_if_stale(page, request.user):
        messages.warning(request, _("内容已修改，审查将从规范性审查重新开始。"))
    return None


@hooks.register("construct_page_action_menu")
def hide_direct_publishing(menu_items, request, context):
    menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


REPORTS = [
    ("reports/review-ledger/", ReviewLedgerView, "disclosure_review_ledger"),
    ("reports/timeliness/", TimelinessReportView, "disclosure_timeliness"),
]


@hooks.register("register_admin_urls")
def register_report_urls():
    urls = []
    for route, view, name in REPORTS:
        urls.append(path(route, view.as_view(), name=name))
        urls.append(
            path(
                f"{route}results/",
                view.as_view(results_only=True),
                name=f"{name}_results",
            )
        )
    return urls


class UnitMemberMenuItem(AdminOnlyMenuItem):
    def is_shown(self, request):
        return Unit.for_user(request.user).exists()


@hooks.register("register_reports_menu_item")
def register_ledger_menu_item():
    return UnitMemberMenuItem(
        _("政务公开基础台帐"),
        reverse("disclosure_review_ledger"),
        name="disclosure-review-ledger",
        icon_name="list-ul",
        order=110,
    )


@hooks.register("register_reports_menu_item")
def register_timeliness_menu_item():
    return UnitMemberMenuItem(
        _("公开时效"),
        reverse("disclosure_timeliness"),
        name="disclosure-timeliness",
        icon_name="time",
        order=100,
    )


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


@hooks.register("construct_homepage_panels")
def review_dashboard_panel(request, panels):
    """The "awaiting your review" panel in a constant number of queries."""
    from .review.dashboard import bounded_panels

    bounded_panels(request, panels)


# 年度报告, 月度通报, 网站健康


@hooks.register("register_admin_viewset")
def register_reports_viewset():
    from .reports.views import ReportsViewSet

    return ReportsViewSet()


class CountyOfficeMenuItem(AdminOnlyMenuItem):
    def is_shown(self, request):
        from .reports.views import is_county_office

        return is_county_office(request.user)


@hooks.register("register_reports_menu_item")
def register_site_health_menu_item():
    return CountyOfficeMenuItem(
        _("网站健康"),
        reverse("site_health:index"),
        name="site-health",
        icon_name="warning",
        order=120,
    )


@hooks.register("register_reports_menu_item")
def register_bulletin_menu_item():
    return CountyOfficeMenuItem(
        _("政务公开月度通报"),
        reverse("site_health:bulletins"),
        name="monthly-bulletin",
        icon_name="doc-full",
        order=121,
    )


@hooks.register("construct_homepage_panels")
def add_annual_report_panel(request, panels):
    from .reports.panels import MissingReportsPanel

    panels.append(MissingReportsPanel())
