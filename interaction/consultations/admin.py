"""Admin registration of the consultations (imported by interaction's
wagtail_hooks): the 意见征集 menu with the units' consoles and the comments
listing (XLSX export of comments and decisions), the dashboard panel that
shows consultations overdue for feedback in red, and the page hooks."""

import django_filters
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .. import staff
from ..admin_base import StaffIndexView, StaffMenuItem, StaffPolicy
from ..mailbox import privacy
from ..models import (
    Comment,
    CommentStatus,
    ConsultationPage,
    ConsultationState,
    Decision,
)
from . import admin_views

register_permission_policy(Comment, StaffPolicy(Comment, "consultation__unit"))


class ConsultationViewSet(ViewSet):
    name = "talk_consultations"
    url_prefix = "talk/consultations"
    icon = "comment"
    menu_label = _("征集办理")
    menu_item_class = StaffMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.ConsultationListView.as_view(), name="index"),
            path(
                "<int:pk>/",
                admin_views.ConsultationConsoleView.as_view(),
                name="console",
            ),
        ]


class CommentFilterSet(WagtailFilterSet):
    consultation = django_filters.ModelChoiceFilter(
        label=_("意见征集"),
        queryset=lambda request: admin_views.visible_consultations(request.user),
    )
    status = django_filters.ChoiceFilter(
        label=_("公开状态"), choices=CommentStatus.choices, empty_label=_("全部")
    )
    decision = django_filters.ChoiceFilter(
        label=_("采纳情况"),
        choices=[("none", _("未决定"))] + list(Decision.choices),
        empty_label=_("全部"),
        method="filter_decision",
    )

    class Meta:
        model = Comment
        fields = ["consultation", "status"]

    def filter_decision(self, queryset, name, value):
        return queryset.filter(decision="" if value == "none" else value)


class CommentIndexView(StaffIndexView):
    unit_field = "consultation__unit"
    default_ordering = "-submitted_at"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("consultation")

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        if "phone" in row:
            row["phone"] = privacy.mask_phone(item.phone)
        return row


class CommentViewSet(ModelViewSet):
    model = Comment
    name = "talk_comments"
    url_prefix = "talk/comments"
    icon = "list-ul"
    menu_label = _("征集意见")
    index_view_class = CommentIndexView
    filterset_class = CommentFilterSet
    add_to_reference_index = False
    inspect_view_enabled = False
    copy_view_enabled = False
    search_fields = ["content", "name", "organisation"]
    search_backend_name = None
    list_display = [
        "__str__",
        "consultation",
        "article_label",
        "status",
        "decision",
        DateColumn("submitted_at", label=_("提交时间")),
    ]
    list_export = [
        "consultation",
        "target_label",
        "submitted_at",
        "name",
        "phone",
        "organisation",
        "content",
        "get_status_display",
        "public_content",
        "get_decision_display",
        "decision_reason",
        "decided_at",
    ]
    export_headings = {
        "consultation": _("意见征集"),
        "target_label": _("针对条款"),
        "submitted_at": _("提交时间"),
        "name": _("姓名"),
        "phone": _("手机号码（脱敏）"),
        "organisation": _("单位"),
        "content": _("意见内容"),
        "get_status_display": _("公开状态"),
        "public_content": _("公开内容"),
        "get_decision_display": _("采纳情况"),
        "decision_reason": _("理由"),
        "decided_at": _("处理时间"),
    }
    export_filename = "consultation-comments"

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", admin_views.CommentDetailView.as_view(), name="edit"),
        ]


class ConsultationGroup(ViewSetGroup):
    menu_label = _("意见征集")
    menu_icon = "comment"
    menu_order = 221
    items = (ConsultationViewSet, CommentViewSet)


@hooks.register("register_admin_viewset")
def register_consultation_viewsets():
    return ConsultationGroup()


class ConsultationPanel(Component):
    """Dashboard: consultations overdue for their 意见采纳情况反馈 in red (the
    county office sees every unit's), and those waiting for feedback."""

    name = "talk_consultations"
    order = 31

    def render_html(self, parent_context=None):
        request = (parent_context or {}).get("request")
        user = getattr(request, "user", None)
        if user is None or not staff.can_use(user):
            return ""
        closed = (
            admin_views.visible_consultations(user)
            .filter(state=ConsultationState.CLOSED)
            .annotate(undecided=Count("comments", filter=Q(comments__decision="")))
            .order_by("feedback_due_on", "pk")
        )
        overdue = list(closed.filter(flagged_at__isnull=False)[:20])
        waiting = list(closed.filter(flagged_at__isnull=True)[:20])
        if not overdue and not waiting:
            return ""
        return render_to_string(
            "interaction/admin/talk/consultation_panel.html",
            {"overdue": overdue, "waiting": waiting, "today": timezone.localdate()},
            request,
        )


@hooks.register("construct_homepage_panels")
def add_consultation_panel(request, panels):
    panels.append(ConsultationPanel())


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def give_unit_its_page(request, page):
    specific = page.specific_deferred
    if isinstance(specific, ConsultationPage):
        staff.grant_page_rights(page, specific.unit)


@hooks.register("before_delete_page")
def keep_citizens_comments(request, page):
    if (
        isinstance(page.specific_deferred, ConsultationPage)
        and Comment.objects.filter(consultation_id=page.pk).exists()
    ):
        messages.error(request, _("该征集已收到意见，不能删除；可取消发布。"))
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None
