from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Category, Topic, Unit
from .provisioning import provision_unit
from .views import TimelinessReportView

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


class DisclosureAdminGroup(SnippetViewSetGroup):
    menu_label = _("政务公开设置")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (UnitViewSet, CategoryViewSet, TopicViewSet, WorkdayOverrideViewSet)


register_snippet(DisclosureAdminGroup)


@hooks.register("after_create_snippet")
def provision_new_unit(request, instance):
    """A new unit gets its groups, document collection and column at once."""
    if isinstance(instance, Unit):
        provision_unit(instance)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/timeliness/",
            TimelinessReportView.as_view(),
            name="disclosure_timeliness",
        ),
        path(
            "reports/timeliness/results/",
            TimelinessReportView.as_view(results_only=True),
            name="disclosure_timeliness_results",
        ),
    ]


class UnitMemberMenuItem(AdminOnlyMenuItem):
    def is_shown(self, request):
        return Unit.for_user(request.user).exists()


@hooks.register("register_reports_menu_item")
def register_timeliness_menu_item():
    return UnitMemberMenuItem(
        _("公开时效"),
        reverse("disclosure_timeliness"),
        name="disclosure-timeliness",
        icon_name="time",
        order=100,
    )
