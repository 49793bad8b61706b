import time
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from . import otp

#: How often (seconds) the last-activity time is written to the session.
ACTIVITY_RESOLUTION = 60
ACTIVITY_KEY = "_last_activity"
# Requests the admin sends by itself, not the user: they do not keep a
# session alive (Wagtail's editor pings its editing session every few
# seconds while a page is open).
PASSIVE_VIEWS = {"wagtailadmin_editing_sessions:ping"}
OTP_EXEMPT_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "otp:setup",
    "otp:verify",
}


@lru_cache(maxsize=1)
def admin_prefix():
    return reverse("wagtailadmin_home")


def is_admin(request):
    return request.path_info.startswith(admin_prefix())


def wants_json(request):
    """Public views that answer JSON on ``?format=json`` (the search)."""
    return request.GET.get("format", "").replace("\x00", "") == "json"


class HostileInputMiddleware:
    """Refuses requests whose path or query parameters carry NUL bytes with a
    400 in Chinese: no database stores them, and PostgreSQL refuses queries
    that contain them (a 500 in every view that filters by a parameter)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.has_nul(request):
            message = _("请求中含有无效字符，请检查链接或输入的内容。")
            if request.path_info.startswith("/api/") or wants_json(request):
                return JsonResponse(
                    {"message": message, "errors": [message]},
                    status=400,
                    json_dumps_params={"ensure_ascii": False},
                )
            # Standalone page: no context processor sees the request.
            return HttpResponseBadRequest(
                render_to_string("400.html", {"message": message})
            )
        return self.get_response(request)

    @staticmethod
    def has_nul(request):
        if "\x00" in request.path_info:
            return True
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        )


class IdleTimeoutMiddleware:
    """Signs out a user who sent no request for ``SESSION_IDLE_TIMEOUT``
    seconds; the admin's login page then says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        timeout = getattr(settings, "SESSION_IDLE_TIMEOUT", 0)
        if session is not None and timeout and session.get(SESSION_KEY):
            now = int(time.time())
            last = session.get(ACTIVITY_KEY)
            if last is not None and now - last > timeout:
                logout(request)
                messages.warning(
                    request,
                    _(
                        "您已超过%(minutes)s分钟未操作，为保护账号安全已自动退出，请重新登录。"
                    )
                    % {"minutes": timeout // 60},
                )
            elif last is None or (
                now - last >= ACTIVITY_RESOLUTION and not self.is_passive(request)
            ):
                session[ACTIVITY_KEY] = now
        return self.get_response(request)

    @staticmethod
    def is_passive(request):
        try:
            return resolve(request.path_info).view_name in PASSIVE_VIEWS
        except Resolver404:
            return False


def mark_active(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: a fresh login starts the idle clock."""
    if request is not None and hasattr(request, "session"):
        request.session[ACTIVITY_KEY] = int(time.time())


class AdminOTPMiddleware:
    """In the admin, a user who has a TOTP device must enter its code after
    the password, and a user for whom two-factor login is required
    (:func:`otp.required_for`) must first enrol a device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_admin(request):
            return None
        match = request.resolver_match
        if match is None or match.view_name in OTP_EXEMPT_VIEWS:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if otp.confirmed_device(user) is not None:
            target = "otp:verify"
        elif otp.required_for(user):
            target = "otp:setup"
        else:
            return None
        next_url = request.get_full_path() if request.method == "GET" else ""
        url = reverse(target)
        if next_url:
            url += "?" + urlencode({"next": next_url})
        return HttpResponseRedirect(url)


class AdminNoStoreMiddleware:
    """Admin pages are never stored by a browser or a shared cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_admin(request):
            patch_cache_control(response, private=True, no_store=True)
        return response
