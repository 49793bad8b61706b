"""Admin pieces the interviews and consultations share: the permission
policy of their records (a unit's staff, or the office), the menu item shown
to those people, and the view behaviour that offers a record's available
actions as forms and runs the one the user submitted through its machine."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.permission_policies.base import BasePermissionPolicy

from . import staff

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class StaffPolicy(BasePermissionPolicy):
    """Staff see and act on their units' records (view, change); nobody
    adds or deletes them in the admin: citizens send them, and nothing a
    citizen sent is thrown away."""

    def __init__(self, model, unit_field):
        super().__init__(model)
        self.unit_field = unit_field

    def user_has_permission(self, user, action):
        return action in ("view", "change") and staff.can_use(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()

    def instances_user_has_any_permission_for(self, user, actions):
        if not set(actions) & {"view", "change"}:
            return self.model.objects.none()
        return staff.visible(self.model.objects.all(), user, self.unit_field)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            action in ("view", "change")
            and self.instances_user_has_any_permission_for(user, [action])
            .filter(pk=instance.pk)
            .exists()
        )


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return staff.can_use(request.user)


def require_staff(request):
    if not staff.can_use(request.user):
        raise PermissionDenied


class StaffIndexView(IndexView):
    """A listing of the records the user's units own, exportable as XLSX."""

    unit_field = None
    any_permission_required = ["view", "change"]

    def get_base_queryset(self):
        return staff.visible(
            super().get_base_queryset(), self.request.user, self.unit_field
        )


def run_action(request, machine, obj, forms_map, name, prefix, success_url, **extra):
    """Validate the posted form of action ``name`` and run it on ``obj``.
    Returns ``(response, bound_form)``: a redirect when it succeeded, else
    None and the form carrying the errors."""
    spec = machine.actions.get(name)
    form_class = forms_map.get(name)
    if spec is None or form_class is None:
        messages.error(request, _("未知的操作。"))
        return None, None
    form = form_class(request.POST, prefix=prefix, **extra)
    if not form.is_valid():
        messages.error(request, _("操作未完成，请查看下方的提示。"))
        return None, form
    data = dict(form.cleaned_data)
    note = data.pop("note", "")
    try:
        machine.transition(obj, name, by=request.user, note=note, **data)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        messages.error(request, "；".join(error.messages))
        return None, form
    messages.success(request, _("已%(action)s。") % {"action": spec.label})
    return redirect(success_url), form


def labelled(events, machine):
    """The events with the label of their action, for the history table."""
    events = list(events)
    for event in events:
        event.label = (
            _("提交") if event.action == "submit" else machine.label(event.action)
        )
    return events


def render(request, template, context, status=200):
    return TemplateResponse(request, template, context, status=status)
