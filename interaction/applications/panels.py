"""Dashboard panel for the people who handle applications: what waits for
confirmation, what is due within the reminder window, what is overdue."""

from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.admin.ui.components import Component

from disclosure import workdays

from .. import conf
from ..models import Application, ApplicationStatus, ExtensionStatus
from . import roles


class ApplicationPanel(Component):
    name = "application_deadlines"
    order = 20

    def render_html(self, parent_context=None):
        request = (parent_context or {}).get("request")
        user = getattr(request, "user", None)
        if user is None or not roles.can_use_admin(user):
            return ""
        today = timezone.localdate()
        horizon = workdays.add(today, conf.get("APPLICATION_REMINDER_WORKDAYS"))
        visible = Application.objects.visible_to(user)
        context = {
            "to_confirm": visible.filter(status=ApplicationStatus.SUBMITTED).count(),
            "due_soon": visible.filter(
                status=ApplicationStatus.RECEIVED,
                due_on__gte=today,
                due_on__lte=horizon,
            ).count(),
            "overdue": visible.overdue(today).count(),
            "extensions": visible.filter(extension=ExtensionStatus.PENDING).count(),
        }
        return render_to_string(
            "interaction/applications/admin/panel.html", context, request
        )
