"""Admin views of the letter life cycle: the office routes letters, units
answer them. Every view starts from ``Letter.objects.visible_to(user)``: a
letter is visible only to the mailbox office and to the handlers of the unit
it is assigned to; anyone else gets a 404."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin

from disclosure.models import Unit

from ..admin_base import TransitionDetailMixin
from ..files import attachment_response
from ..models import Letter, Rating, Status
from . import forms as mailbox_forms
from . import privacy, roles, workflow

ACTION_FORMS = {
    "accept": mailbox_forms.NoteForm,
    "decline": mailbox_forms.DeclineForm,
    "assign": mailbox_forms.AssignForm,
    "sign": mailbox_forms.NoteForm,
    "return": mailbox_forms.RequiredNoteForm,
    "submit_reply": mailbox_forms.ReplyForm,
    "approve": mailbox_forms.ApproveForm,
    "send_back": mailbox_forms.RequiredNoteForm,
    "answer": mailbox_forms.AnswerForm,
    "publish": mailbox_forms.NoteForm,
    "unpublish": mailbox_forms.NoteForm,
    "reopen": mailbox_forms.NoteForm,
    "close": mailbox_forms.NoteForm,
    "request_extension": mailbox_forms.ExtensionForm,
    "approve_extension": mailbox_forms.NoteForm,
    "reject_extension": mailbox_forms.RequiredNoteForm,
    "supervise": mailbox_forms.NoteForm,
}


def require_letter_access(request):
    if not roles.can_handle_letters(request.user):
        raise PermissionDenied


class LetterFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=Status.choices, empty_label=_("全部")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("承办单位"),
        queryset=lambda request: Unit.objects.filter(
            handlers_group__isnull=False
        ).ordered(),
    )
    attention = django_filters.ChoiceFilter(
        label=_("关注"),
        choices=[
            ("overdue", _("已逾期")),
            ("supervised", _("督办")),
            ("alert", _("超过三个月未答复")),
            ("extension", _("延期待审批")),
            ("unsatisfied", _("不满意待处理")),
        ],
        method="filter_attention",
        empty_label=_("全部"),
    )

    class Meta:
        model = Letter
        fields = ["status", "unit", "category"]

    def filter_attention(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.overdue(today)
        if value == "supervised":
            return queryset.filter(supervised=True)
        if value == "alert":
            return queryset.alert(today)
        if value == "extension":
            return queryset.filter(extension="pending")
        if value == "unsatisfied":
            return queryset.filter(status=Status.ANSWERED, rating=Rating.UNSATISFIED)
        return queryset


class LetterIndexView(BaseListingView):
    page_title = _("来信办理")
    header_icon = "mail"
    index_url_name = "mailbox_letters:index"
    index_results_url_name = "mailbox_letters:index_results"
    filterset_class = LetterFilterSet
    is_searchable = True
    search_fields = ["number", "subject", "name"]
    paginate_by = 50
    model = Letter
    columns = [
        TitleColumn(
            "number",
            label=_("编号"),
            get_url=lambda letter: reverse("mailbox_letters:detail", args=[letter.pk]),
        ),
        TitleColumn(
            "subject",
            label=_("标题"),
            get_url=lambda letter: reverse("mailbox_letters:detail", args=[letter.pk]),
        ),
        Column("category", label=_("类别"), accessor="get_category_display"),
        Column("status", label=_("状态"), accessor="get_status_display"),
        Column("unit", label=_("承办单位"), accessor="unit_label"),
        DateColumn("received_at", label=_("收信时间")),
        DateColumn("due_on", label=_("答复期限")),
        BooleanColumn("supervised", label=_("督办")),
    ]

    def dispatch(self, request, *args, **kwargs):
        require_letter_access(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return (
            Letter.objects.visible_to(self.request.user)
            .select_related("unit")
            .order_by("-received_at", "-pk")
        )

    def get_queryset(self):
        queryset = self.get_base_queryset()
        queryset = self.filter_queryset(queryset)
        return self.search_queryset(queryset)

    def decorate(self, letters):
        for letter in letters:
            letter.unit_label = letter.unit.display_name if letter.unit else "—"
        return letters

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        self.decorate(context["object_list"])
        return context


class LetterDetailView(TransitionDetailMixin, WagtailAdminTemplateMixin, View):
    template_name = "interaction/admin/letter_detail.html"
    header_icon = "mail"
    workflow = workflow
    action_form_classes = ACTION_FORMS

    def dispatch(self, request, pk):
        require_letter_access(request)
        self.letter = get_object_or_404(
            Letter.objects.visible_to(request.user).select_related(
                "unit", "mailbox", "reply_unit"
            ),
            pk=pk,
        )
        self.record = self.letter
        return super().dispatch(request, pk)

    def get_page_title(self):
        return f"{self.letter.number} {self.letter.subject}"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("首页")},
            {"url": reverse("mailbox_letters:index"), "label": _("来信办理")},
            {"url": "", "label": self.letter.number},
        ]

    def initial(self, action):
        if action == "submit_reply":
            return {"reply": self.letter.reply}
        if action == "answer":
            return {"publish": self.letter.consent_publish}
        if action == "assign" and self.letter.mailbox.unit_id:
            return {"unit": self.letter.mailbox.unit_id}
        return {}

    def adjust(self, action, form):
        if action == "answer" and not self.letter.consent_publish:
            form.fields["publish"].disabled = True
            form.fields["publish"].initial = False
            form.fields["publish"].help_text = _("来信人未同意公开。")

    def get_success_url(self):
        if (
            Letter.objects.visible_to(self.request.user)
            .filter(pk=self.letter.pk)
            .exists()
        ):
            return reverse("mailbox_letters:detail", args=[self.letter.pk])
        return reverse("mailbox_letters:index")

    def render(self, action_forms, status=200):
        letter = self.letter
        reply_findings = (
            privacy.blocking_findings(letter.reply)
            if letter.reply and letter.status in (Status.REVIEWING, Status.APPROVED)
            else []
        )
        context = self.get_context_data(
            letter=letter,
            attachments=letter.attachments.all(),
            events=self.labelled_events(
                letter.events.select_related("actor").order_by("created_at", "pk")
            ),
            action_forms=action_forms,
            reply_findings=reply_findings,
            today=timezone.localdate(),
            public_actions=workflow.PUBLIC_ACTIONS,
        )
        return TemplateResponse(
            self.request, self.template_name, context, status=status
        )


def attachment(request, pk, attachment_pk):
    require_letter_access(request)
    letter = get_object_or_404(Letter.objects.visible_to(request.user), pk=pk)
    return attachment_response(
        letter.attachments,
        attachment_pk,
        as_attachment=lambda item: item.content_type == "application/pdf",
    )


# --------------------------------------------------------------------------
# Figures
