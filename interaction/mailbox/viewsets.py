"""Admin registration of the mailbox: the 来信办理 screens for the office and
the units' handlers, and the 信箱统计 figures in the reports menu."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from ..admin_base import listing_paths
from . import admin_views, figure_views, roles


class LetterMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.can_handle_letters(request.user)


class FiguresMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.can_see_figures(request.user)


class LetterViewSet(ViewSet):
    name = "mailbox_letters"
    url_prefix = "mailbox/letters"
    icon = "mail"
    menu_label = _("来信办理")
    menu_name = "mailbox-letters"
    menu_order = 210
    menu_item_class = LetterMenuItem
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [
            *listing_paths(admin_views.LetterIndexView),
            path("<int:pk>/", admin_views.LetterDetailView.as_view(), name="detail"),
            path(
                "<int:pk>/attachments/<int:attachment_pk>/",
                admin_views.attachment,
                name="attachment",
            ),
        ]


class FiguresViewSet(ViewSet):
    name = "mailbox_figures"
    url_prefix = "mailbox/figures"
    icon = "mail"
    menu_label = _("信箱统计")
    menu_name = "mailbox-figures"
    menu_order = 110
    menu_item_class = FiguresMenuItem
    menu_hook = "register_reports_menu_item"

    def get_urlpatterns(self):
        return [
            *listing_paths(figure_views.FiguresReportView),
            path(
                "reports/<int:pk>/",
                figure_views.MonthlyReportView.as_view(),
                name="monthly_report",
            ),
        ]
