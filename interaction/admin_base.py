"""Admin pieces the interviews and consultations share: the permission
policy of their records (a unit's staff, or the office), the menu item shown
to those people, the listing of their items (phone masked in the export),
the list of a unit's records, and the view behaviour that offers a record's
available actions as forms and runs the one the user submitted through its
machine. Their registration (viewsets, panel, page hooks) is in
:mod:`.admin_registry`. Letters and applications use its transition detail
view and listing URLs too.

Over 400 lines on purpose: these are the bases of five channels' consoles
read together (permission, listing, detail, actions); split, each part
would import the others."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.base import BasePermissionPolicy

from . import staff
from .mailbox import privacy

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
    """A listing of the records the user's units own, exportable as XLSX with
    the phone masked."""

    unit_field = None
    #: Loaded with each row (``select_related``).
    related = ()
    any_permission_required = ["view", "change"]

    def get_base_queryset(self):
        queryset = staff.visible(
            super().get_base_queryset(), self.request.user, self.unit_field
        )
        return queryset.select_related(*self.related) if self.related else queryset

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        if "phone" in row:
            row["phone"] = privacy.mask_phone(item.phone)
        return row


def visible_records(model, user, unit_field):
    """The records (pages) of ``model`` whose unit, ``unit_field``, the user
    works for, with their unit."""
    return staff.visible(model.objects.all(), user, unit_field).select_related(
        unit_field
    )


class RecordListView(WagtailAdminTemplateMixin, View):
    """The list of the records the user's units own (:meth:`records`, with
    their items' counts), as ``context_name``."""

    context_name = ""
    listed = 200

    def records(self, user):
        raise NotImplementedError

    def get(self, request):
        require_staff(request)
        records = self.records(request.user)[: self.listed]
        return render(
            request,
            self.template_name,
            self.get_context_data(**{self.context_name: records}),
        )


def listing_paths(view_class):
    """The URL patterns of a listing view: the page (``index``) and the
    results-only part its filters reload (``index_results``)."""
    return [
        path("", view_class.as_view(), name="index"),
        path(
            "results/",
            view_class.as_view(results_only=True),
            name="index_results",
        ),
    ]


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


def as_pk(value):
    """A posted primary key, or 0 for anything that is not one."""
    value = str(value or "")
    return int(value) if value.isdigit() and len(value) < 12 else 0


class RecordConsoleView(WagtailAdminTemplateMixin, View):
    """The console of an interview or a consultation: its state actions and
    the actions on its citizens' items (questions, comments), each offered as
    a form and run through the record's machines.

    Subclasses name the machines and forms, say how to find the records the
    user may see (:meth:`visible`) and render the page
    (:meth:`render_console`); :meth:`initial_for` pre-fills an item's forms
    and :meth:`extra` gives an action's form extra arguments."""

    #: The attribute the record is also known by (``interview``, …).
    record_name = ""
    state_machine = None
    state_forms = {}
    #: ``(kind, related name, form prefix letter)`` of the items.
    item_kind, item_related, item_prefix = "", "", ""
    item_machine = None
    item_forms = {}
    index_label = ""
    index_url_name = ""
    console_url_name = ""
    #: The listing of the items (filtered to the record, and its export).
    items_index_url_name = ""

    def visible(self, user):
        raise NotImplementedError

    def console_url(self):
        return reverse(self.console_url_name, args=[self.record.pk])

    def render_console(self, bound=None, status=200):
        raise NotImplementedError

    def dispatch(self, request, pk):
        require_staff(request)
        self.record = get_object_or_404(self.visible(request.user), pk=pk)
        setattr(self, self.record_name, self.record)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return self.record.title

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("首页")},
            {"url": reverse(self.index_url_name), "label": self.index_label},
            {"url": "", "label": self.record.title},
        ]

    def extra(self, name):
        return {}

    def record_context(self):
        """What every console shows of its record: the record, its state
        actions, its history and the links to its items' listing
        (``<item_related>_url``) and export (``export_url``)."""
        items_url = (
            reverse(self.items_index_url_name) + f"?{self.record_name}={self.record.pk}"
        )
        return {
            self.record_name: self.record,
            "state_forms": self.state_action_forms(),
            "events": labelled(
                self.record.events.order_by("created_at", "pk"), self.state_machine
            ),
            f"{self.item_related}_url": items_url,
            "export_url": items_url + "&export=xlsx",
        }

    def initial_for(self, item, name, form):
        """Pre-fill the unbound form of action ``name`` on ``item``."""

    def state_action_forms(self):
        return [
            {
                "action": spec,
                "form": self.state_forms[spec.name](prefix=f"state-{spec.name}"),
            }
            for spec in self.state_machine.available(self.record, self.request.user)
        ]

    def item_action_forms(self, item, bound=None):
        result = []
        for spec in self.item_machine.available(item, self.request.user):
            if bound and bound[0] == (item.pk, spec.name):
                form = bound[1]
            else:
                form = self.item_forms[spec.name](
                    prefix=f"{self.item_prefix}{item.pk}-{spec.name}",
                    **self.extra(spec.name),
                )
                self.initial_for(item, spec.name, form)
            result.append({"action": spec, "form": form})
        return result

    def get(self, request, pk):
        return self.render_console()

    def post(self, request, pk):
        kind, _sep, name = request.POST.get("action", "").partition(":")
        url = self.console_url()
        if kind == "state":
            response, _form = run_action(
                request,
                self.state_machine,
                self.record,
                self.state_forms,
                name,
                f"state-{name}",
                url,
            )
            return response or self.render_console(status=400)
        if kind == self.item_kind:
            item = get_object_or_404(
                getattr(self.record, self.item_related).all(),
                pk=as_pk(request.POST.get(self.item_kind)),
            )
            response, form = run_action(
                request,
                self.item_machine,
                item,
                self.item_forms,
                name,
                f"{self.item_prefix}{item.pk}-{name}",
                url + f"#{self.item_kind}-{item.pk}",
                **self.extra(name),
            )
            bound = ((item.pk, name), form) if form is not None else None
            return response or self.render_console(bound=bound, status=400)
        return self.post_other(request, kind)

    def post_other(self, request, kind):
        messages.error(request, _("未知的操作。"))
        return self.render_console(status=400)


class ItemDetailView(WagtailAdminTemplateMixin, View):
    """One citizen's item (a question, a comment) with its history and the
    actions open to the user, offered by its record's console view."""

    console_class = None
    #: The attribute naming the item's record (``interview``, …).
    record_attr = ""
    item_name = ""
    page_title = ""
    index_url_name = ""
    edit_url_name = ""
    #: The items' model, what is loaded with one (``select_related``) and
    #: the path to the unit whose staff see it.
    item_model = None
    related = ()
    unit_field = ""

    def visible(self, user):
        return staff.visible(
            self.item_model.objects.select_related(*self.related), user, self.unit_field
        )

    def dispatch(self, request, pk):
        require_staff(request)
        self.item = get_object_or_404(self.visible(request.user), pk=pk)
        return super().dispatch(request, pk)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("首页")},
            {"url": reverse(self.index_url_name), "label": self.page_title},
            {"url": "", "label": str(self.item)},
        ]

    def console(self):
        view = self.console_class()
        view.request = self.request
        view.record = getattr(self.item, self.record_attr)
        setattr(view, view.record_name, view.record)
        return view

    def get(self, request, pk):
        return self.render_detail()

    def post(self, request, pk):
        name = request.POST.get("action", "")
        console = self.console()
        response, form = run_action(
            request,
            console.item_machine,
            self.item,
            console.item_forms,
            name,
            f"{console.item_prefix}{self.item.pk}-{name}",
            reverse(self.edit_url_name, args=[self.item.pk]),
            **console.extra(name),
        )
        bound = ((self.item.pk, name), form) if form is not None else None
        return response or self.render_detail(bound, status=400)

    def render_detail(self, bound=None, status=200):
        console = self.console()
        context = self.get_context_data(
            **{self.item_name: self.item},
            action_forms=console.item_action_forms(self.item, bound),
            events=labelled(
                self.item.events.order_by("created_at", "pk"), console.item_machine
            ),
            console_url=console.console_url(),
        )
        return render(self.request, self.template_name, context, status=status)


class TransitionDetailMixin:
    """The detail page of a letter or an application: the actions the user
    may take, each offered as a form, posted back and run through the
    record's ``workflow`` module (``available_actions``, ``transition``,
    ``action_label``). Subclasses set ``workflow``, ``action_form_classes``
    and ``record`` (in ``dispatch``) and render with ``render(action_forms)``.
    """

    workflow = None
    action_form_classes = {}
    record = None

    def initial(self, action):
        return {}

    def adjust(self, action, form):
        """Change the unbound or posted form of ``action`` before use."""

    def get_success_url(self):
        raise NotImplementedError

    def action_forms(self, bound_action=None, bound_form=None):
        result = []
        for action in self.workflow.available_actions(self.record, self.request.user):
            if action.name == bound_action:
                form = bound_form
            else:
                form = self.action_form_classes[action.name](
                    prefix=action.name, initial=self.initial(action.name)
                )
            self.adjust(action.name, form)
            result.append({"action": action, "form": form})
        return result

    def labelled_events(self, events):
        """The events with the label of their action, for the history."""
        events = list(events)
        for event in events:
            event.label = self.workflow.action_label(event.action)
        return events

    def get(self, request, pk):
        return self.render(self.action_forms())

    def post(self, request, pk):
        action = request.POST.get("action", "")
        form_class = self.action_form_classes.get(action)
        if form_class is None:
            messages.error(request, _("未知的操作。"))
            return self.render(self.action_forms(), status=400)
        form = form_class(request.POST, request.FILES, prefix=action)
        self.adjust(action, form)
        if form.is_valid():
            data = dict(form.cleaned_data)
            note = data.pop("note", "")
            try:
                self.workflow.transition(
                    self.record, action, by=request.user, note=note, **data
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
                # Shown at the top too: the action's form may not be on the
                # page (a step the user may not take).
                messages.error(request, "；".join(error.messages))
                return self.render(self.action_forms(action, form), status=400)
            messages.success(
                request,
                _("已%(action)s：%(number)s")
                % {
                    "action": self.workflow.action_label(action),
                    "number": self.record.number,
                },
            )
            return redirect(self.get_success_url())
        messages.error(request, _("操作未完成，请查看下方的提示。"))
        return self.render(self.action_forms(action, form), status=400)
