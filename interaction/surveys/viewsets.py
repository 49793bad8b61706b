"""The admin's 在线调查 section, registered in wagtail_hooks.py."""

from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from . import admin_views


class SurveyMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_use(request.user)


class SurveyViewSet(ViewSet):
    icon = "clipboard-list"
    menu_label = _("在线调查")
    menu_name = "surveys"
    menu_order = 215
    add_to_admin_menu = True

    @cached_property
    def menu_item_class(self):
        return SurveyMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.SurveyIndexView.as_view(), name="index"),
            path(
                "results/",
                admin_views.SurveyIndexView.as_view(results_only=True),
                name="index_results",
            ),
            path("<int:pk>/", admin_views.SurveyReportView.as_view(), name="report"),
            path("<int:pk>/extend/", admin_views.ExtendView.as_view(), name="extend"),
            path("<int:pk>/export/", admin_views.export, name="export"),
            path(
                "<int:pk>/exports/<int:export_pk>/",
                admin_views.download,
                name="download",
            ),
            path(
                "<int:pk>/answers/<int:response_pk>/void/",
                admin_views.VoidView.as_view(),
                name="void",
            ),
        ]
