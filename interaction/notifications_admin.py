"""The outbox in the admin (Settings › 通知发送记录): the webmaster sees what
was sent, what failed and why, and can send a failed notice again."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import outbox
from .models import Notification


class WebmasterReadOnlyPolicy(ModelPermissionPolicy):
    """Only the webmaster (a superuser) looks, and nobody edits the log."""

    def user_has_permission(self, user, action):
        return bool(user.is_active and user.is_superuser and action == "view")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Notification, WebmasterReadOnlyPolicy(Notification))


class NotificationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=Notification.Status.choices, empty_label=_("全部")
    )
    channel = django_filters.ChoiceFilter(
        label=_("渠道"), choices=Notification.Channel.choices, empty_label=_("全部")
    )

    class Meta:
        model = Notification
        fields = ["status", "channel", "topic"]


def resend(request, pk):
    """Queue a failed or abandoned notice again, now."""
    if not (request.user.is_superuser and request.method == "POST"):
        raise PermissionDenied
    notification = get_object_or_404(
        Notification.objects.filter(
            status__in=[Notification.Status.FAILED, Notification.Status.ABANDONED]
        ),
        pk=pk,
    )
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.FAILED,
        attempts=0,
        next_attempt_at=timezone.now(),
    )
    outbox.dispatch(notification.pk)
    messages.success(request, _("已重新安排发送。"))
    return redirect("notifications:inspect", notification.pk)


class NotificationViewSet(ModelViewSet):
    model = Notification
    icon = "mail"
    menu_label = _("通知发送记录")
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = NotificationFilterSet
    list_display = [
        "__str__",
        "topic",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    search_fields = ["recipient", "subject", "topic"]
    ordering = ["-created_at", "-pk"]
    inspect_view_fields = [
        "channel",
        "recipient",
        "subject",
        "topic",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "provider_id",
        "last_error",
        "created_at",
        "body",
    ]
    inspect_template_name = "interaction/admin/notification_inspect.html"
    # The add/edit views exist in ModelViewSet but the policy refuses them.
    form_fields = ["status"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/resend/", resend, name="resend")
        ]
