"""The admin of 依申请公开 as Wagtail ViewSets (registered in
``interaction/wagtail_hooks.py``):

* 申请办理 (:class:`ApplicationViewSet`): the listing and each application
  with its steps, notices and attachments;
* 统计报表 (:class:`ReportViewSet`): Table 3, overdue lists, XLSX;
* 机构设置 (:class:`DeskViewSet`): each unit's fee method, for the webmaster.

Applications are neither created nor deleted in the admin (citizens submit
them, the record is kept), so the permission policy allows "view" and
"change" (taking steps) only, to the county office and the units' desks;
which applications a user sees is ``Application.objects.visible_to``."""

from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.base import BasePermissionPolicy

from ..models import Application, ApplicationDesk
from . import admin_views, roles
from .report_views import ReportView

STEP_ACTIONS = {"view", "change"}


class ApplicationPermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        return action in STEP_ACTIONS and roles.can_use_admin(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model
        from django.db.models import Q

        from .. import conf

        if not set(actions) & STEP_ACTIONS:
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(groups__name=conf.get("APPLICATION_OFFICE_GROUP"))
                | Q(groups__application_desk__isnull=False)
                | Q(groups__headed_application_desk__isnull=False)
            )
            .distinct()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            action in STEP_ACTIONS
            and Application.objects.visible_to(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not set(actions) & STEP_ACTIONS:
            return Application.objects.none()
        return Application.objects.visible_to(user)


class DeskPermissionPolicy(ModelPermissionPolicy):
    """Desks are provisioned with their unit; the webmaster edits them."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)


class ApplicationViewSet(ModelViewSet):
    model = Application
    name = "applications"
    icon = "doc-full"
    menu_label = _("申请办理")
    index_view_class = admin_views.ApplicationIndexView
    copy_view_enabled = False
    list_per_page = 50
    exclude_form_fields = []

    def get_permissions_to_register(self):
        return Permission.objects.none()

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(
                "<int:pk>/",
                admin_views.ApplicationDetailView.as_view(),
                name="detail",
            ),
            path(
                "<int:pk>/notices/<int:notice_pk>/",
                admin_views.NoticeView.as_view(),
                name="notice",
            ),
            path(
                "<int:pk>/notices/<int:notice_pk>/pdf/",
                admin_views.NoticeView.as_view(as_pdf=True),
                name="notice_pdf",
            ),
            path(
                "<int:pk>/files/<int:file_pk>/",
                admin_views.AttachmentView.as_view(),
                name="file",
            ),
        ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.can_use_admin(request.user)


class ReportViewSet(ViewSet):
    name = "application_reports"
    icon = "table"
    menu_label = _("统计报表")
    menu_item_class = ReportMenuItem

    def get_urlpatterns(self):
        return [path("", ReportView.as_view(), name="index")]


class DeskViewSet(ModelViewSet):
    model = ApplicationDesk
    name = "application_desks"
    icon = "cog"
    menu_label = _("机构设置")
    form_fields = ["fee_method"]
    list_display = ["unit", "fee_method", "handlers_group", "heads_group"]
    copy_view_enabled = False

    def get_permissions_to_register(self):
        return Permission.objects.none()


class ApplicationAdminGroup(ViewSetGroup):
    menu_label = _("依申请公开")
    menu_icon = "doc-full"
    menu_order = 215
    items = (ApplicationViewSet, ReportViewSet, DeskViewSet)
