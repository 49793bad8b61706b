"""Admin views of applications, served by the ViewSets in :mod:`.viewsets`.

Every view starts from ``Application.objects.visible_to(user)``: the county
office sees every unit's applications, a unit's handlers and heads their
unit's; anyone else gets a 404 for an application of another unit. The
applicant's ID number, phone and address are shown in full to the handling
unit only (:func:`.roles.sees_personal_data`)."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from disclosure import workdays
from disclosure.models import Unit

from .. import conf
from ..admin_base import TransitionDetailMixin
from ..files import attachment_response
from ..mailbox import privacy
from ..models import (
    Application,
    ApplicationNotice,
    ApplicationStatus,
    ExtensionStatus,
)
from . import pdf, roles, workflow
from .admin_forms import ACTION_FORMS
from .notices import lines

S = ApplicationStatus


def require_access(request):
    if not roles.can_use_admin(request.user):
        raise PermissionDenied


def visible_units(user):
    units = Unit.objects.ordered()
    if roles.is_office(user):
        return units
    return units.filter(pk__in=roles.desk_unit_ids(user))


class ApplicationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=S.choices, empty_label=_("全部")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("受理机关"), queryset=lambda request: visible_units(request.user)
    )
    attention = django_filters.ChoiceFilter(
        label=_("关注"),
        choices=[
            ("overdue", _("已逾期")),
            ("soon", _("即将到期（3个工作日内）")),
            ("extension", _("延期待审批")),
            ("paused", _("期限暂停（补正、征求意见）")),
        ],
        method="filter_attention",
        empty_label=_("全部"),
    )

    class Meta:
        model = Application
        fields = ["status", "unit", "applicant_kind"]

    def filter_attention(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.overdue(today)
        if value == "soon":
            horizon = workdays.add(today, conf.get("APPLICATION_REMINDER_WORKDAYS"))
            return queryset.filter(
                status=S.RECEIVED, due_on__gte=today, due_on__lte=horizon
            )
        if value == "extension":
            return queryset.filter(extension=ExtensionStatus.PENDING)
        if value == "paused":
            return queryset.filter(status__in=[S.CORRECTION, S.CONSULTING])
        return queryset


def detail_url(application):
    return reverse("applications:detail", args=[application.pk])


class ApplicationIndexView(IndexView):
    page_title = _("依申请公开办理")
    filterset_class = ApplicationFilterSet
    search_fields = ["number", "name", "description"]
    columns = [
        TitleColumn("number", label=_("申请编号"), get_url=detail_url),
        Column("unit", label=_("受理机关"), accessor="unit.display_name"),
        Column("summary", label=_("所需信息")),
        Column("status", label=_("状态"), accessor="get_status_display"),
        DateColumn("received_on", label=_("收到日期")),
        DateColumn("due_on", label=_("答复期限")),
        Column("outcome", label=_("办理结果"), accessor="get_outcome_display"),
    ]

    def get_base_queryset(self):
        return (
            Application.objects.visible_to(self.request.user)
            .select_related("unit")
            .order_by("-submitted_at", "-pk")
        )

    def get_edit_url(self, instance):
        return detail_url(instance)


class ApplicationMixin:
    def get_application(self, request, pk):
        require_access(request)
        return get_object_or_404(
            Application.objects.visible_to(request.user).select_related(
                "unit", "letter", "unit__application_desk"
            ),
            pk=pk,
        )


class ApplicationDetailView(
    ApplicationMixin, TransitionDetailMixin, WagtailAdminTemplateMixin, View
):
    template_name = "interaction/applications/admin/detail.html"
    header_icon = "doc-full"
    workflow = workflow
    action_form_classes = ACTION_FORMS

    def dispatch(self, request, pk):
        self.application = self.record = self.get_application(request, pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return f"{self.application.number} {self.application.summary}"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("首页")},
            {"url": reverse("applications:index"), "label": _("依申请公开办理")},
            {"url": "", "label": self.application.number},
        ]

    def get_success_url(self):
        return reverse("applications:detail", args=[self.application.pk])

    def personal(self):
        application = self.application
        if roles.sees_personal_data(self.request.user, application):
            return {
                "id_number": application.id_number,
                "phone": application.phone,
                "address": application.address,
                "masked": False,
            }
        return {
            "id_number": privacy.mask_id_number(application.id_number),
            "phone": privacy.mask_phone(application.phone),
            "address": privacy.mask_address(application.address),
            "masked": True,
        }

    def render(self, action_forms, status=200):
        application = self.application
        events = self.labelled_events(
            application.events.select_related("actor").order_by("created_at", "pk")
        )
        context = self.get_context_data(
            application=application,
            personal=self.personal(),
            events=events,
            notices=application.notices.order_by("created_at", "pk"),
            attachments=application.attachments.all(),
            action_forms=action_forms,
            today=timezone.localdate(),
        )
        return TemplateResponse(
            self.request, self.template_name, context, status=status
        )


class NoticeView(ApplicationMixin, WagtailAdminTemplateMixin, View):
    """The notice as the applicant reads it; ``pdf/`` for the PDF."""

    template_name = "interaction/applications/admin/notice.html"
    as_pdf = False

    def get(self, request, pk, notice_pk):
        application = self.get_application(request, pk)
        notice = get_object_or_404(
            ApplicationNotice, pk=notice_pk, application=application
        )
        if self.as_pdf:
            response = HttpResponse(pdf.render(notice), content_type="application/pdf")
            response["Content-Disposition"] = (
                f'inline; filename="{application.number}-{notice.kind}-{notice.pk}.pdf"'
            )
            return response
        self.page_title = notice.get_kind_display()
        context = self.get_context_data(
            application=application,
            notice=notice,
            lines=lines(dict(notice.content, reference=notice.reference)),
        )
        return TemplateResponse(request, self.template_name, context)


class AttachmentView(ApplicationMixin, View):
    def get(self, request, pk, file_pk):
        application = self.get_application(request, pk)
        return attachment_response(application.attachments, file_pk)
