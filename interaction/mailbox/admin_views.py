"""Admin views of the letter life cycle: the office routes letters, units
answer them. Every view starts from ``Letter.objects.visible_to(user)``: a
letter is visible only to the mailbox office and to the handlers of the unit
it is assigned to; anyone else gets a 404."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from disclosure.models import Unit

from ..models import Letter, MonthlyReport, Rating, Status
from . import figures, privacy, roles, workflow
from . import forms as mailbox_forms

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
    index_url_name = "interaction_letters"
    index_results_url_name = "interaction_letters_results"
    filterset_class = LetterFilterSet
    is_searchable = True
    search_fields = ["number", "subject", "name"]
    paginate_by = 50
    model = Letter
    columns = [
        TitleColumn(
            "number",
            label=_("编号"),
            get_url=lambda letter: reverse("interaction_letter", args=[letter.pk]),
        ),
        TitleColumn(
            "subject",
            label=_("标题"),
            get_url=lambda letter: reverse("interaction_letter", args=[letter.pk]),
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
            {"url": reverse("interaction_letters"), "label": _("来信办理")},
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
                    return redirect("interaction_letter", self.letter.pk)
                return redirect("interaction_letters")
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
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=item.content_type,
        as_attachment=item.content_type == "application/pdf",
        filename=item.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------
# Figures


class PeriodForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    month = forms.TypedChoiceField(
        label=_("月份"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("全年"))]
        + [(m, _("%(month)s月") % {"month": m}) for m in range(1, 13)],
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            (y, _("%(year)s年") % {"year": y}) for y in years
        ]


class FiguresReportView(ReportView):
    """信箱统计: per unit (ranked) and per month, with charts and XLSX export."""

    page_title = _("信箱统计")
    header_icon = "mail"
    template_name = "interaction/admin/figures_report.html"
    results_template_name = "interaction/admin/figures_report_results.html"
    index_url_name = "interaction_figures"
    index_results_url_name = "interaction_figures_results"
    paginate_by = None
    columns = [
        Column("label", label=_("承办单位")),
        Column("received", label=_("收到来信")),
        Column("answered", label=_("已答复")),
        Column("closed", label=_("已办结")),
        Column("closing_rate", label=_("办结率(%)")),
        Column("on_time_rate", label=_("按时办结率(%)")),
        Column("satisfaction_rate", label=_("满意率(%)")),
        Column("avg_workdays", label=_("平均答复用时")),
        Column("rank_label", label=_("排名")),
    ]
    list_export = [name for name, _label in figures.COLUMNS]
    export_headings = dict(figures.COLUMNS)

    def dispatch(self, request, *args, **kwargs):
        if not roles.can_see_figures(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_paginate_by(self, queryset):
        return None

    def period(self):
        this_year = timezone.localdate().year
        years = sorted(set(figures.years()) | {this_year}, reverse=True)
        form = PeriodForm(self.request.GET or None, years=years)
        if form.is_bound and form.is_valid():
            return form, form.cleaned_data["year"], form.cleaned_data["month"]
        return PeriodForm(years=years, initial={"year": this_year}), this_year, None

    def get_filename(self):
        _form, year, month = self.period()
        return _("信箱统计") + f"-{year}" + (f"-{month:02d}" if month else "")

    def get_queryset(self):
        _form, year, month = self.period()
        self.summary = figures.summary(year, month)
        rows = list(self.summary["units"])
        if self.is_export:
            rows += [self.summary["total"]] + list(self.summary["months"])
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, year, month = self.period()
        summary = self.summary
        ranked = [r for r in summary["units"] if r.ranked]
        for row in ranked:
            row.bar = row.on_time_rate or 0
        maximum = max((r.received for r in summary["months"]), default=0)
        for row in summary["months"]:
            row.bar = figures.chart_width(row.received, maximum)
            row.answered_bar = figures.chart_width(row.answered, maximum)
        context.update(
            period_form=form,
            year=year,
            month=month,
            summary=summary,
            ranked=ranked,
            reports=MonthlyReport.objects.all()[:24],
        )
        return context


class MonthlyReportView(WagtailAdminTemplateMixin, View):
    template_name = "interaction/admin/monthly_report.html"
    header_icon = "mail"

    def dispatch(self, request, pk):
        if not roles.can_see_figures(request.user):
            raise PermissionDenied
        self.report = get_object_or_404(MonthlyReport, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return str(self.report)

    def get(self, request, pk):
        data = self.report.figures
        month = figures.Row.from_dict(data["month"])
        ytd = figures.Row.from_dict(data["year_to_date"])
        units = [figures.Row.from_dict(row) for row in data["units"]]
        if request.GET.get("export") == "xlsx":
            content = figures.workbook(
                [(_("本月各单位"), units), (_("汇总"), [month, ytd])]
            )
            response = HttpResponse(
                content,
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = (
                f"attachment; filename*=UTF-8''{self.report.month:%Y-%m}.xlsx"
            )
            return response
        month.label = _("本月")
        for row in units:
            row.bar = row.on_time_rate or 0
        context = self.get_context_data(
            report=self.report,
            month=month,
            ytd=ytd,
            units=units,
            ranked=[r for r in units if r.ranked],
            summary_rows=[month, ytd],
            alerts=data.get("alerts", 0),
            overdue=data.get("overdue", 0),
            min_sample=data.get("min_sample"),
        )
        return TemplateResponse(request, self.template_name, context)
