from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Locale
from wagtail.permissions import register_permission_policy

from disclosure.models import Unit
from disclosure.unit_links import HOOK as UNIT_LINKS_HOOK

from .applications import desks
from .applications.panels import ApplicationPanel
from .applications.viewsets import (
    ApplicationAdminGroup,
    ApplicationPermissionPolicy,
    DeskPermissionPolicy,
)
from .consultations import admin as _consultations_admin  # noqa: F401
from .interviews import admin as _interviews_admin  # noqa: F401
from .mailbox import roles
from .mailbox.viewsets import FiguresViewSet, LetterViewSet
from .models import (
    Application,
    ApplicationDesk,
    ApplicationIndexPage,
    Letter,
    MailboxPage,
    Status,
    SurveyIndexPage,
)

# Before the viewsets register: they would otherwise create the default
# model-permission policies.
register_permission_policy(Application, ApplicationPermissionPolicy(Application))
register_permission_policy(ApplicationDesk, DeskPermissionPolicy(ApplicationDesk))


@hooks.register("register_admin_viewset")
def register_mailbox_viewsets():
    return [LetterViewSet(), FiguresViewSet()]


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


# --------------------------------------------------------------------------
# 在线调查 and the outbox


@hooks.register("register_admin_viewset")
def register_survey_viewset():
    from .surveys.viewsets import SurveyViewSet

    return SurveyViewSet("surveys")


@hooks.register("register_admin_viewset")
def register_notification_viewset():
    from .notifications_admin import NotificationViewSet

    return NotificationViewSet("notifications")


@hooks.register("register_unit_column_page_types")
def surveys_in_unit_columns():
    """Survey pages may live in a unit's column (when the webmaster allows it
    in 在线调查设置, see SurveyPage.can_create_at)."""
    from .models import SurveyPage

    return [SurveyPage]


# After disclosure provisions the new unit (its groups), whatever order the
# apps' hook modules were imported in.
@hooks.register("after_create_snippet", order=10)
def new_unit_may_draft_surveys(request, instance):
    """A new unit's editors may draft surveys under 在线调查 like the others."""
    from disclosure.models import Unit

    from .surveys.permissions import grant_unit_editors

    if isinstance(instance, Unit):
        instance.refresh_from_db()
        grant_unit_editors([instance])


@hooks.register("before_delete_page")
def keep_surveys_with_answers(request, page):
    """A survey that was published keeps its page: answers refer to it."""
    from .models import Survey

    pages = page.get_descendants(inclusive=True)
    if Survey.objects.filter(page__in=pages).exists():
        messages.error(
            request, _("已发布过的在线调查不能删除（答卷须保留），可取消发布。")
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


# 依申请公开


@hooks.register("register_admin_viewset")
def register_application_viewsets():
    return ApplicationAdminGroup()


@hooks.register("construct_homepage_panels")
def add_application_panel(request, panels):
    panels.append(ApplicationPanel())


# After disclosure provisions the new unit (its groups), whatever order the
# apps' hook modules were imported in.
@hooks.register("after_create_snippet", order=10)
def provision_application_desk(request, instance):
    """A new unit gets its 依申请公开 desk (groups, fee method)."""
    if isinstance(instance, Unit):
        desks.ensure_desk(instance)


@hooks.register(UNIT_LINKS_HOOK)
def application_links(unit, request):
    """The unit's application form, on its column and its guide."""
    # No ORDER BY path: PostgreSQL would walk every page in path order to
    # find the one 依申请公开 page (~100 ms at 100,000 items).
    page = next(iter(ApplicationIndexPage.objects.live().order_by()[:1]), None)
    if page is None:
        return []
    base = page.get_url(request)
    if base is None:
        return []
    return [
        {
            "label": _("申请政府信息公开"),
            "url": base + page.reverse_subpage("apply", args=[unit.slug]),
            "description": _("在线向%(unit)s提交政府信息公开申请")
            % {"unit": unit.name},
        },
        {
            "label": _("申请办理进度查询"),
            "url": base + page.reverse_subpage("query"),
            "description": _("凭申请编号和查询码查看办理进度和告知书"),
        },
    ]


@hooks.register("after_workday_calendar_change")
def reschedule_letters(day):
    from .mailbox import deadlines

    deadlines.recompute_after_calendar_change(day)


@hooks.register("register_search_types")
def search_types():
    """The citizen channels' pages in the site search, each a kind of its own
    (questions, comments and answers are records, never indexed)."""
    from .models import ConsultationPage, InterviewPage, SurveyPage

    return [
        {
            "model": SurveyPage,
            "key": "survey",
            "label": _("在线调查"),
            "date": "opens_at",
            "unit": "unit",
            "order": 40,
        },
        {
            "model": InterviewPage,
            "key": "interview",
            "label": _("在线访谈"),
            "date": "starts_at",
            "unit": "host_unit",
            "order": 41,
        },
        {
            "model": ConsultationPage,
            "key": "consultation",
            "label": _("意见征集"),
            "date": "opens_at",
            "unit": "unit",
            "order": 42,
        },
    ]


# 年度报告, 月度通报 and site health (disclosure's hooks)


@hooks.register("register_report_figures")
def report_figures(unit, year):
    from . import reports

    return reports.report_figures(unit, year)


@hooks.register("register_site_health_checks")
def unanswered_messages(today):
    from . import reports

    return reports.health_checks(today) + reports.consultation_checks(today)


@hooks.register("register_monthly_figures")
def monthly_figures(units, start, end):
    from . import reports

    return reports.monthly_figures(units, start, end)


@hooks.register("register_home_entries")
def home_entries(request):
    """The mailboxes, 在线调查 and 依申请公开 as direct entries on the home page."""
    locale = Locale.get_active()
    pages = list(MailboxPage.objects.live().filter(locale=locale).order_by("path"))
    for model in (SurveyIndexPage, ApplicationIndexPage):
        pages += list(model.objects.live().filter(locale=locale).order_by("path")[:1])
    return [{"label": page.title, "url": page.get_url(request)} for page in pages]
