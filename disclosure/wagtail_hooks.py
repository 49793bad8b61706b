import json

from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Category, FixedName, Topic, TypoEntry, Unit
from .models.review import ReviewTask
from .provisioning import provision_unit
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
    search_fields = ["name", "short_name", "code"]
    ordering = ["kind_order", "sort_order", "name"]
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldPanel("kind"),
                FieldPanel("code"),
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


register_snippet(DisclosureAdminGroup)


@hooks.register("after_create_snippet")
def provision_new_unit(request, instance):
    """A new unit gets its groups, document collection and column at once."""
    if isinstance(instance, Unit):
        provision_unit(instance)


REVIEW_FIRST = _("页面须经规范性审查和保密审查后由系统发布，请点击“提交审核”。")


@hooks.register("before_publish_page")
def publish_only_through_review(request, page):
    """Nothing goes online unreviewed: the workflow publishes on approval."""
    messages.error(request, REVIEW_FIRST)
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_edit_page")
def refuse_approval_that_cannot_stand(request, page):
    """Tell the reviewer why an approval is refused before anything is saved;
    the task's on_action refuses it again for any other way in."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    task_state = page.current_workflow_task_state
    task = task_state.task.specific if task_state else None
    if not isinstance(task, ReviewTask):
        return None
    try:
        data = json.loads(request.POST.get("workflow-action-extra-data") or "{}")
    except ValueError:
        data = {}
    problem = refusal(
        task, task_state, request.user, request.POST.get("workflow-action-name"), data
    )
    if problem:
        messages.error(request, problem)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


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


@hooks.register("before_bulk_action")
def no_bulk_publishing(request, action_type, objects, action_class_instance):
    if action_type == "publish":
        return HttpResponseForbidden(REVIEW_FIRST)
    return None


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
