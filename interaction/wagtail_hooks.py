from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .mailbox import admin_views, roles
from .models import Letter, Status


@hooks.register("register_admin_urls")
def register_mailbox_urls():
    return [
        path(
            "mailbox/letters/",
            admin_views.LetterIndexView.as_view(),
            name="interaction_letters",
        ),
        path(
            "mailbox/letters/results/",
            admin_views.LetterIndexView.as_view(results_only=True),
            name="interaction_letters_results",
        ),
        path(
            "mailbox/letters/<int:pk>/",
            admin_views.LetterDetailView.as_view(),
            name="interaction_letter",
        ),
        path(
            "mailbox/letters/<int:pk>/attachments/<int:attachment_pk>/",
            admin_views.attachment,
            name="interaction_letter_attachment",
        ),
        path(
            "mailbox/figures/",
            admin_views.FiguresReportView.as_view(),
            name="interaction_figures",
        ),
        path(
            "mailbox/figures/results/",
            admin_views.FiguresReportView.as_view(results_only=True),
            name="interaction_figures_results",
        ),
        path(
            "mailbox/reports/<int:pk>/",
            admin_views.MonthlyReportView.as_view(),
            name="interaction_monthly_report",
        ),
    ]


class LetterMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.can_handle_letters(request.user)


class FiguresMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.can_see_figures(request.user)


@hooks.register("register_admin_menu_item")
def register_letters_menu_item():
    return LetterMenuItem(
        _("来信办理"),
        reverse("interaction_letters"),
        name="mailbox-letters",
        icon_name="mail",
        order=210,
    )


@hooks.register("register_reports_menu_item")
def register_figures_menu_item():
    return FiguresMenuItem(
        _("信箱统计"),
        reverse("interaction_figures"),
        name="mailbox-figures",
        icon_name="mail",
        order=110,
    )


class MailboxAlertPanel(Component):
    """Dashboard panel: letters unanswered for over three months in red (an
    inspection failure), with the counts of overdue and waiting letters."""

    name = "mailbox_alerts"
    order = 10
    max_listed = 10

    def render_html(self, parent_context=None):
        request = (parent_context or {}).get("request")
        user = getattr(request, "user", None)
        if user is None or not roles.can_handle_letters(user):
            return ""
        today = timezone.localdate()
        letters = Letter.objects.visible_to(user)
        alerts = letters.alert(today).select_related("unit").order_by("received_at")
        context = {
            "alerts": list(alerts[: self.max_listed]),
            "alert_count": alerts.count(),
            "overdue_count": letters.overdue(today).count(),
            "pending_count": letters.filter(status=Status.SUBMITTED).count()
            if roles.is_office(user)
            else None,
            "to_sign_count": letters.filter(status=Status.ASSIGNED).count(),
        }
        return render_to_string("interaction/admin/alert_panel.html", context, request)


@hooks.register("construct_homepage_panels")
def add_mailbox_alert_panel(request, panels):
    panels.append(MailboxAlertPanel())


@hooks.register("after_workday_calendar_change")
def reschedule_letters(day):
    from .mailbox import deadlines

    deadlines.recompute_after_calendar_change(day)
