"""Admin views of surveys, registered by :class:`SurveyViewSet` in
wagtail_hooks.py. Every view starts from ``Survey.objects.visible_to(user)``:
a unit's editors and reviewers see their unit's surveys and nobody else's
(404); voiding answers and extending need the organising unit's editors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin

from disclosure.models import Unit

from ..files import private_file_response
from ..mailbox import privacy
from ..models import Survey, SurveyExport, SurveyResponse, SurveyResults
from . import charts, exports, lifecycle
from . import results as survey_results
from .forms import ExportForm, ExtendForm, VoidForm

TEXT_ANSWERS_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def can_use(user):
    """Whether the survey menu is for this user."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    groups = user.groups.all()
    return Unit.objects.filter(
        Q(editors_group__in=groups) | Q(reviewers_group__in=groups)
    ).exists()


def survey_for(request, pk):
    if not can_use(request.user):
        raise PermissionDenied
    return get_object_or_404(
        Survey.objects.visible_to(request.user).select_related("page", "unit"), pk=pk
    )


def may_manage(user, survey):
    return Survey.objects.manageable_by(user).filter(pk=survey.pk).exists()


class SurveyIndexView(BaseListingView):
    page_title = _("在线调查")
    header_icon = "clipboard-list"
    paginate_by = 50
    model = Survey
    index_url_name = "surveys:index"
    index_results_url_name = "surveys:index_results"
    columns = [
        TitleColumn(
            "title",
            label=_("调查"),
            accessor="page.title",
            get_url=lambda survey: reverse("surveys:report", args=[survey.pk]),
        ),
        Column("unit", label=_("发起单位"), accessor="unit.display_name"),
        Column("status", label=_("状态"), accessor="get_status_display"),
        DateColumn("opens_at", label=_("开始时间")),
        DateColumn("closes_at", label=_("结束时间")),
        Column("responses", label=_("有效答卷"), accessor="response_count"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_use(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Survey.objects.visible_to(self.request.user)
            .select_related("page", "unit", "results")
            .order_by("-opens_at", "-pk")
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        for survey in context["object_list"]:
            results = getattr(survey, "results", None)
            survey.response_count = results.responses if results else 0
        return context


class SurveyReportView(WagtailAdminTemplateMixin, View):
    """The survey report: charts, text answers (masked), actions, exports."""

    template_name = "interaction/surveys/admin/report.html"
    header_icon = "clipboard-list"

    def dispatch(self, request, pk):
        self.survey = survey_for(request, pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return self.survey.page.title

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("首页")},
            {"url": reverse("surveys:index"), "label": _("在线调查")},
            {"url": "", "label": self.survey.page.title},
        ]

    def get(self, request, pk, extend_form=None):
        return self.render_to_response(self.get_context_data(extend_form=extend_form))

    def text_answers(self):
        questions = [q for q in self.survey.page.question_list if q.is_text]
        responses = SurveyResponse.objects.filter(survey=self.survey).order_by("-pk")
        if questions:
            has_text = Q()
            for question in questions:
                has_text |= Q(answers__has_key=question.id)
            responses = responses.filter(has_text)
        else:
            responses = responses.none()
        page = Paginator(responses, TEXT_ANSWERS_PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        for response in page.object_list:
            response.texts = [
                (q, privacy.redact(str(response.answers.get(q.id, ""))))
                for q in questions
                if response.answers.get(q.id)
            ]
        return page

    def get_context_data(self, extend_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        row = SurveyResults.objects.filter(survey=self.survey).first()
        report = survey_results.report(self.survey.page, row)
        if report is not None:
            charts.decorate(report)
        manage = may_manage(self.request.user, self.survey)
        context.update(
            survey=self.survey,
            page=self.survey.page,
            report=report,
            can_manage=manage,
            extend_form=extend_form or ExtendForm(),
            text_page=self.text_answers(),
            events=self.survey.events.select_related("actor").order_by(
                "-created_at", "-pk"
            )[:50],
            exports=self.survey.exports.all()[:10],
            export_limit=exports.conf.get("SURVEY_EXPORT_SYNC_LIMIT"),
        )
        return context


class ExtendView(SurveyReportView):
    def post(self, request, pk):
        if not may_manage(request.user, self.survey):
            raise PermissionDenied
        form = ExtendForm(request.POST)
        if form.is_valid():
            try:
                lifecycle.transition(
                    self.survey,
                    "extend",
                    by=request.user,
                    note=form.cleaned_data["note"],
                    until=form.cleaned_data["until"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已延长调查结束时间。"))
                return redirect("surveys:report", pk)
        response = self.get(request, pk, extend_form=form)
        response.status_code = 400
        return response


class VoidView(WagtailAdminTemplateMixin, View):
    template_name = "interaction/surveys/admin/void.html"
    header_icon = "clipboard-list"
    page_title = _("作废答卷")

    def dispatch(self, request, pk, response_pk):
        self.survey = survey_for(request, pk)
        if not may_manage(request.user, self.survey):
            raise PermissionDenied
        self.response = get_object_or_404(
            SurveyResponse.objects.filter(survey=self.survey), pk=response_pk
        )
        return super().dispatch(request, pk, response_pk)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        questions = self.survey.page.question_list
        context.update(
            survey=self.survey,
            answer=self.response,
            rows=list(
                zip(
                    exports.raw_columns(questions)[4:],
                    exports.raw_row(questions, self.response)[4:],
                    strict=True,
                )
            ),
            form=form or VoidForm(),
        )
        return context

    def get(self, request, pk, response_pk):
        return self.render_to_response(self.get_context_data())

    def post(self, request, pk, response_pk):
        form = VoidForm(request.POST)
        if form.is_valid():
            try:
                lifecycle.void(
                    self.response, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("答卷已作废，统计结果将随后更新。"))
                return redirect("surveys:report", pk)
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 400
        return response


def _xlsx(content, name):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response


def export(request, pk):
    survey = survey_for(request, pk)
    if request.method != "POST":
        return redirect("surveys:report", pk)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择导出内容。"))
        return redirect("surveys:report", pk)
    kind = form.cleaned_data["kind"]
    if exports.is_large(survey, kind):
        exports.request(survey, kind, request.user)
        messages.success(
            request, _("答卷较多，导出文件正在后台生成，完成后可在本页下载。")
        )
        return redirect("surveys:report", pk)
    content, _rows = exports.BUILDERS[kind](survey)
    return _xlsx(content, exports.file_name(survey, kind))


def download(request, pk, export_pk):
    survey = survey_for(request, pk)
    item = get_object_or_404(
        SurveyExport.objects.filter(survey=survey, status=SurveyExport.Status.READY),
        pk=export_pk,
    )
    return private_file_response(
        item.file,
        content_type=XLSX,
        filename=exports.file_name(survey, item.kind),
        as_attachment=True,
    )
