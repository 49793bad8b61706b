"""What the admin registrations of the interviews and consultations share:
the menu entry of a channel's consoles, the listing of its citizens' items,
a dashboard panel for the staff, and the page hooks (see
:func:`register_channel`). The views they serve are in :mod:`.admin_base`."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from . import staff
from .admin_base import StaffMenuItem


class ConsoleViewSet(ViewSet):
    """The list of the records the user's units own and one record's
    console, shown to the staff."""

    menu_item_class = StaffMenuItem
    list_view_class = None
    console_view_class = None

    def get_urlpatterns(self):
        return [
            path("", self.list_view_class.as_view(), name="index"),
            path("<int:pk>/", self.console_view_class.as_view(), name="console"),
        ]


class ItemViewSet(ModelViewSet):
    """The listing of citizens' items (questions, comments) with its XLSX
    export; an item opens in :attr:`detail_view_class`. Nothing is added,
    copied or deleted here."""

    detail_view_class = None
    add_to_reference_index = False
    inspect_view_enabled = False
    copy_view_enabled = False
    search_backend_name = None

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.detail_view_class.as_view(), name="edit"),
        ]


class StaffPanel(Component):
    """A dashboard panel for the channels' staff: empty for anyone else, and
    when :meth:`panel_context` has nothing to show."""

    template_name = ""

    def panel_context(self, user):
        raise NotImplementedError

    def render_html(self, parent_context=None):
        request = (parent_context or {}).get("request")
        user = getattr(request, "user", None)
        if user is None or not staff.can_use(user):
            return ""
        context = self.panel_context(user)
        if not context:
            return ""
        return render_to_string(self.template_name, context, request)


def register_channel(
    group_class,
    panel_class,
    page_class,
    *,
    unit_field,
    item_model,
    record_field,
    keep_message,
):
    """Register a channel's menu group and dashboard panel, and its page
    hooks: creating or editing a ``page_class`` page gives the staff of its
    unit (``unit_field``) rights on it; a page that citizens sent items to
    (``item_model`` rows whose ``record_field`` is the page) is not deleted
    but left to be unpublished (``keep_message``)."""

    @hooks.register("register_admin_viewset")
    def register_viewsets():
        return group_class()

    @hooks.register("construct_homepage_panels")
    def add_panel(request, panels):
        panels.append(panel_class())

    @hooks.register("after_create_page")
    @hooks.register("after_edit_page")
    def give_unit_its_page(request, page):
        specific = page.specific_deferred
        if isinstance(specific, page_class):
            staff.grant_page_rights(page, getattr(specific, unit_field))

    @hooks.register("before_delete_page")
    def keep_citizens_items(request, page):
        if (
            isinstance(page.specific_deferred, page_class)
            and item_model.objects.filter(**{f"{record_field}_id": page.pk}).exists()
        ):
            messages.error(request, keep_message)
            return redirect("wagtailadmin_explore", page.get_parent().pk)
        return None
