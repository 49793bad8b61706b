"""The admin's reports: the 政务公开基础台帐 and 公开时效 reports (URLs and
menu items), and the 年度报告, 月度通报 and 网站健康 screens with their
dashboard panel."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from .models import Unit
from .views import ReviewLedgerView, TimelinessReportView

REPORTS = [
    ("reports/review-ledger/", ReviewLedgerView, "disclosure_review_ledger"),
    ("reports/timeliness/", TimelinessReportView, "disclosure_timeliness"),
]


@hooks.register("register_admin_urls")
def register_report_urls():
    urls = []
    for route, view, name in REPORTS:
        urls.append(path(route, view.as_view(), name=name))
        urls.append(
            path(
                f"{route}results/",
                view.as_view(results_only=True),
                name=f"{name}_results",
            )
        )
    return urls


class UnitMemberMenuItem(AdminOnlyMenuItem):
    def is_shown(self, request):
        return Unit.for_user(request.user).exists()


class CountyOfficeMenuItem(AdminOnlyMenuItem):
    def is_shown(self, request):
        from .reports.views import is_county_office

        return is_county_office(request.user)


# (who sees it, label, URL name, menu name, icon, order) of each report's
# entry in the reports menu.
REPORT_MENU_ITEMS = [
    (
        UnitMemberMenuItem,
        _("政务公开基础台帐"),
        "disclosure_review_ledger",
        "disclosure-review-ledger",
        "list-ul",
        110,
    ),
    (
        UnitMemberMenuItem,
        _("公开时效"),
        "disclosure_timeliness",
        "disclosure-timeliness",
        "time",
        100,
    ),
    (
        CountyOfficeMenuItem,
        _("网站健康"),
        "site_health:index",
        "site-health",
        "warning",
        120,
    ),
    (
        CountyOfficeMenuItem,
        _("政务公开月度通报"),
        "site_health:bulletins",
        "monthly-bulletin",
        "doc-full",
        121,
    ),
]


def _register_menu_item(item_class, label, url_name, name, icon_name, order):
    def menu_item():
        return item_class(
            label, reverse(url_name), name=name, icon_name=icon_name, order=order
        )

    hooks.register("register_reports_menu_item", menu_item)


for _entry in REPORT_MENU_ITEMS:
    _register_menu_item(*_entry)


@hooks.register("register_admin_viewset")
def register_reports_viewset():
    from .reports.views import ReportsViewSet

    return ReportsViewSet()


@hooks.register("construct_homepage_panels")
def add_annual_report_panel(request, panels):
    from .reports.panels import MissingReportsPanel

    panels.append(MissingReportsPanel())
