"""Admin registration of the consultations (imported by interaction's
wagtail_hooks): the 意见征集 menu with the units' consoles and the comments
listing (XLSX export of comments and decisions), the dashboard panel that
shows consultations overdue for feedback in red, and the page hooks."""

import django_filters
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from ..admin_base import StaffIndexView, StaffPolicy
from ..admin_registry import ConsoleViewSet, ItemViewSet, StaffPanel, register_channel
from ..models import (
    Comment,
    CommentStatus,
    ConsultationPage,
    ConsultationState,
    Decision,
)
from . import admin_views

register_permission_policy(Comment, StaffPolicy(Comment, "consultation__unit"))


class ConsultationViewSet(ConsoleViewSet):
    name = "talk_consultations"
    url_prefix = "talk/consultations"
    icon = "comment"
    menu_label = _("征集办理")
    list_view_class = admin_views.ConsultationListView
    console_view_class = admin_views.ConsultationConsoleView


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
    related = ("consultation",)
    default_ordering = "-submitted_at"


class CommentViewSet(ItemViewSet):
    model = Comment
    name = "talk_comments"
    url_prefix = "talk/comments"
    icon = "list-ul"
    menu_label = _("征集意见")
    index_view_class = CommentIndexView
    detail_view_class = admin_views.CommentDetailView
    filterset_class = CommentFilterSet
    search_fields = ["content", "name", "organisation"]
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


class ConsultationGroup(ViewSetGroup):
    menu_label = _("意见征集")
    menu_icon = "comment"
    menu_order = 221
    items = (ConsultationViewSet, CommentViewSet)


class ConsultationPanel(StaffPanel):
    """Dashboard: consultations overdue for their 意见采纳情况反馈 in red (the
    county office sees every unit's), and those waiting for feedback."""

    name = "talk_consultations"
    order = 31
    template_name = "interaction/admin/talk/consultation_panel.html"

    def panel_context(self, user):
        closed = (
            admin_views.visible_consultations(user)
            .filter(state=ConsultationState.CLOSED)
            .annotate(undecided=Count("comments", filter=Q(comments__decision="")))
            .order_by("feedback_due_on", "pk")
        )
        overdue = list(closed.filter(flagged_at__isnull=False)[:20])
        waiting = list(closed.filter(flagged_at__isnull=True)[:20])
        if not overdue and not waiting:
            return None
        return {"overdue": overdue, "waiting": waiting, "today": timezone.localdate()}


register_channel(
    ConsultationGroup,
    ConsultationPanel,
    ConsultationPage,
    unit_field="unit",
    item_model=Comment,
    record_field="consultation",
    keep_message=_("该征集已收到意见，不能删除；可取消发布。"),
)
