"""Admin registration of the interviews (imported by interaction's
wagtail_hooks): the 在线访谈 menu with the hosts' consoles and the questions
listing (XLSX export), a dashboard panel, and the page hooks that give the
host unit's editors its interview pages."""

import django_filters
from django.contrib import messages
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path
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
    EntryKind,
    InterviewPage,
    InterviewState,
    Question,
    QuestionStatus,
    TranscriptEntry,
)
from . import admin_views

register_permission_policy(Question, StaffPolicy(Question, "interview__host_unit"))


class InterviewViewSet(ViewSet):
    name = "talk_interviews"
    url_prefix = "talk/interviews"
    icon = "openquote"
    menu_label = _("访谈主持")
    menu_item_class = StaffMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.InterviewListView.as_view(), name="index"),
            path(
                "<int:pk>/", admin_views.InterviewConsoleView.as_view(), name="console"
            ),
        ]


class QuestionFilterSet(WagtailFilterSet):
    interview = django_filters.ModelChoiceFilter(
        label=_("访谈"),
        queryset=lambda request: admin_views.visible_interviews(request.user),
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=QuestionStatus.choices, empty_label=_("全部")
    )

    class Meta:
        model = Question
        fields = ["interview", "status"]


class QuestionIndexView(StaffIndexView):
    unit_field = "interview__host_unit"
    default_ordering = "-submitted_at"

    def get_base_queryset(self):
        answers = TranscriptEntry.objects.filter(
            question=OuterRef("pk"), kind=EntryKind.GUEST
        ).order_by("pk")
        return (
            super()
            .get_base_queryset()
            .select_related("interview")
            .annotate(
                answer_text=Subquery(answers.values("text")[:1]),
                answered_by=Subquery(answers.values("speaker")[:1]),
                letter_number=F("letter__number"),
            )
        )

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        if "phone" in row:
            row["phone"] = privacy.mask_phone(item.phone)
        return row


class QuestionViewSet(ModelViewSet):
    model = Question
    name = "talk_questions"
    url_prefix = "talk/questions"
    icon = "help"
    menu_label = _("网友提问")
    index_view_class = QuestionIndexView
    filterset_class = QuestionFilterSet
    add_to_reference_index = False
    inspect_view_enabled = False
    copy_view_enabled = False
    search_fields = ["content", "name"]
    search_backend_name = None
    list_display = [
        "__str__",
        "interview",
        "status",
        DateColumn("submitted_at", label=_("提问时间")),
    ]
    list_export = [
        "interview",
        "submitted_at",
        "name",
        "phone",
        "content",
        "get_status_display",
        "public_content",
        "get_reject_reason_display",
        "merged_into_id",
        "answered_by",
        "answer_text",
        "answered_at",
        "answered_after_end",
        "letter_number",
    ]
    export_headings = {
        "interview": _("访谈"),
        "submitted_at": _("提问时间"),
        "name": _("姓名"),
        "phone": _("手机号码（脱敏）"),
        "content": _("问题"),
        "get_status_display": _("状态"),
        "public_content": _("公开内容"),
        "get_reject_reason_display": _("未采用原因"),
        "merged_into_id": _("合并到"),
        "answered_by": _("回答嘉宾"),
        "answer_text": _("回答"),
        "answered_at": _("回答时间"),
        "answered_after_end": _("会后答复"),
        "letter_number": _("转入信件编号"),
    }
    export_filename = "interview-questions"

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", admin_views.QuestionDetailView.as_view(), name="edit"),
        ]


class InterviewGroup(ViewSetGroup):
    menu_label = _("在线访谈")
    menu_icon = "openquote"
    menu_order = 220
    items = (InterviewViewSet, QuestionViewSet)


@hooks.register("register_admin_viewset")
def register_interview_viewsets():
    return InterviewGroup()


class InterviewPanel(Component):
    """Dashboard: interviews live or coming, with questions waiting."""

    name = "talk_interviews"
    order = 30

    def render_html(self, parent_context=None):
        request = (parent_context or {}).get("request")
        user = getattr(request, "user", None)
        if user is None or not staff.can_use(user):
            return ""
        interviews = list(
            admin_views.visible_interviews(user)
            .filter(state__in=[InterviewState.UPCOMING, InterviewState.LIVE])
            .annotate(
                pending=Count(
                    "questions", filter=Q(questions__status=QuestionStatus.PENDING)
                )
            )
            .order_by("starts_at")[:10]
        )
        if not interviews:
            return ""
        return render_to_string(
            "interaction/admin/talk/interview_panel.html",
            {"interviews": interviews},
            request,
        )


@hooks.register("construct_homepage_panels")
def add_interview_panel(request, panels):
    panels.append(InterviewPanel())


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def give_host_unit_its_page(request, page):
    specific = page.specific_deferred
    if isinstance(specific, InterviewPage):
        staff.grant_page_rights(page, specific.host_unit)


@hooks.register("before_delete_page")
def keep_citizens_questions(request, page):
    if (
        isinstance(page.specific_deferred, InterviewPage)
        and Question.objects.filter(interview_id=page.pk).exists()
    ):
        messages.error(request, _("该访谈已收到网友提问，不能删除；可取消发布。"))
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None
