"""Admin registration of the interviews (imported by interaction's
wagtail_hooks): the 在线访谈 menu with the hosts' consoles and the questions
listing (XLSX export), a dashboard panel, and the page hooks that give the
host unit's editors its interview pages."""

import django_filters
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from ..admin_base import StaffIndexView, StaffPolicy
from ..admin_registry import ConsoleViewSet, ItemViewSet, StaffPanel, register_channel
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


class InterviewViewSet(ConsoleViewSet):
    name = "talk_interviews"
    url_prefix = "talk/interviews"
    icon = "openquote"
    menu_label = _("访谈主持")
    list_view_class = admin_views.InterviewListView
    console_view_class = admin_views.InterviewConsoleView


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
    related = ("interview",)
    default_ordering = "-submitted_at"

    def get_base_queryset(self):
        answers = TranscriptEntry.objects.filter(
            question=OuterRef("pk"), kind=EntryKind.GUEST
        ).order_by("pk")
        return (
            super()
            .get_base_queryset()
            .annotate(
                answer_text=Subquery(answers.values("text")[:1]),
                answered_by=Subquery(answers.values("speaker")[:1]),
                letter_number=F("letter__number"),
            )
        )


class QuestionViewSet(ItemViewSet):
    model = Question
    name = "talk_questions"
    url_prefix = "talk/questions"
    icon = "help"
    menu_label = _("网友提问")
    index_view_class = QuestionIndexView
    detail_view_class = admin_views.QuestionDetailView
    filterset_class = QuestionFilterSet
    search_fields = ["content", "name"]
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


class InterviewGroup(ViewSetGroup):
    menu_label = _("在线访谈")
    menu_icon = "openquote"
    menu_order = 220
    items = (InterviewViewSet, QuestionViewSet)


class InterviewPanel(StaffPanel):
    """Dashboard: interviews live or coming, with questions waiting."""

    name = "talk_interviews"
    order = 30
    template_name = "interaction/admin/talk/interview_panel.html"

    def panel_context(self, user):
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
        return {"interviews": interviews} if interviews else None


register_channel(
    InterviewGroup,
    InterviewPanel,
    InterviewPage,
    unit_field="host_unit",
    item_model=Question,
    record_field="interview",
    keep_message=_("该访谈已收到网友提问，不能删除；可取消发布。"),
)
