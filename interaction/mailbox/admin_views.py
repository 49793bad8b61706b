"""Admin views of the letter life cycle: the office routes letters, units
answer them. Every view starts from ``Letter.objects.visible_to(user)``: a
letter is visible only to the mailbox office and to the handlers of the unit
it is assigned to; anyone else gets a 404."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin

from disclosure.models import Unit

from ..files import private_file_response
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


class LetterDetailView(WagtailAdminTemplateMixin, View):
    template_name = "interaction/admin/letter_detail.html"
    header_icon = "mail"

    def dispatch(self, request, pk):
        require_letter_access(request)
        self.letter = get_object_or_404(
            Letter.objects.visible_to(request.user).select_related(
                "unit", "mailbox", "reply_unit"
            ),
            pk=pk,
        )
        return super().dispatch(request, pk)

    def get_page_title(self):
        return f"{self.letter.number} {self.letter.subject}"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("首页")},
            {"url": reverse("mailbox_letters:index"), "label": _("来信办理")},
            {"url": "", "label": self.letter.number},
        ]

    def action_forms(self, bound_action=None, bound_form=None):
        result = []
        for action in workflow.available_actions(self.letter, self.request.user):
            if action.name == bound_action:
                form = bound_form
            else:
                form = ACTION_FORMS[action.name](
                    prefix=action.name, initial=self.initial(action.name)
                )
            self.adjust(action.name, form)
            result.append({"action": action, "form": form})
        return result

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

    def get(self, request, pk):
        return self.render(self.action_forms())

    def post(self, request, pk):
        action = request.POST.get("action", "")
        form_class = ACTION_FORMS.get(action)
        if form_class is None:
            messages.error(request, _("未知的操作。"))
            return self.render(self.action_forms(), status=400)
        form = form_class(request.POST, prefix=action)
        self.adjust(action, form)
        if form.is_valid():
            data = dict(form.cleaned_data)
            note = data.pop("note", "")
            try:
                workflow.transition(
                    self.letter, action, by=request.user, note=note, **data
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
                # Shown at the top too: the action's form may not be on the
                # page (a step the user may not take).
                messages.error(request, "；".join(error.messages))
                return self.render(self.action_forms(action, form), status=400)
            else:
                messages.success(
                    request,
                    _("已%(action)s：%(number)s")
                    % {
                        "action": workflow.action_label(action),
                        "number": self.letter.number,
                    },
                )
                if (
                    Letter.objects.visible_to(request.user)
                    .filter(pk=self.letter.pk)
                    .exists()
                ):
                    return redirect("mailbox_letters:detail", self.letter.pk)
                return redirect("mailbox_letters:index")
        messages.error(request, _("操作未完成，请查看下方的提示。"))
        return self.render(self.action_forms(action, form), status=400)

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
            events=letter.events.select_related("actor").order_by("created_at", "pk"),
            action_forms=action_forms,
            reply_findings=reply_findings,
            today=timezone.localdate(),
            public_actions=workflow.PUBLIC_ACTIONS,
        )
        for event in context["events"]:
            event.label = workflow.action_label(event.action)
        return TemplateResponse(
            self.request, self.template_name, context, status=status
        )


def attachment(request, pk, attachment_pk):
    require_letter_access(request)
    letter = get_object_or_404(Letter.objects.visible_to(request.user), pk=pk)
    item = letter.attachments.filter(pk=attachment_pk).first()
    if item is None:
        raise Http404
    return private_file_response(
        item.file,
        content_type=item.content_type,
        filename=item.original_name,
        as_attachment=item.content_type == "application/pdf",
    )


# --------------------------------------------------------------------------
# Figures
