"""Two-factor login screens in the admin: enrol a TOTP device, enter its code
after the password, switch it off (where not required)."""

import base64

import django_otp
import segno
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View

from . import otp
from .forms import TokenForm


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _grouped_secret(device):
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class VerifyView(View):
    """The code asked after the password from users with a device."""

    template_name = "wagtailadmin/otp/verify.html"

    def dispatch(self, request, *args, **kwargs):
        self.device = otp.confirmed_device(request.user)
        if self.device is None or request.user.is_verified():
            return redirect(_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(TokenForm(device=self.device))

    def post(self, request):
        form = TokenForm(request.POST, device=self.device)
        if not form.is_valid():
            return self.render(form, status=400)
        django_otp.login(request, self.device)
        return redirect(_next_url(request))

    def render(self, form, status=200):
        context = {"form": form, "next": _next_url(self.request)}
        return TemplateResponse(
            self.request, self.template_name, context, status=status
        )


class SetupView(View):
    """Enrol a device (scan the QR code, confirm with a code), or see that
    two-factor login is on and switch it off where it is not required."""

    template_name = "wagtailadmin/otp/setup.html"

    def dispatch(self, request, *args, **kwargs):
        self.confirmed = otp.confirmed_device(request.user)
        if self.confirmed is not None and not request.user.is_verified():
            return redirect(reverse("otp:verify") + "?" + request.GET.urlencode())
        self.required = otp.required_for(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        device = self.confirmed or otp.pending_device(request.user)
        return self.render(TokenForm(device=device))

    def post(self, request):
        if self.confirmed is not None:
            return self.disable(request)
        device = otp.pending_device(request.user)
        form = TokenForm(request.POST, device=device)
        if not form.is_valid():
            return self.render(form, status=400)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        django_otp.login(request, device)
        messages.success(request, _("已启用两步验证，今后登录时需输入动态验证码。"))
        return redirect(_next_url(request))

    def disable(self, request):
        form = TokenForm(request.POST, device=self.confirmed)
        if self.required:
            form.add_error(None, _("您的岗位必须使用两步验证，不能停用。"))
            return self.render(form, status=403)
        if not form.is_valid():
            return self.render(form, status=400)
        otp.TOTPDevice.objects.filter(user=request.user).delete()
        messages.success(request, _("已停用两步验证。"))
        return redirect(reverse("wagtailadmin_account"))

    def render(self, form, status=200):
        context = {
            "form": form,
            "next": _next_url(self.request),
            "enabled": self.confirmed is not None,
            "required": self.required,
        }
        if self.confirmed is None:
            device = form.device
            qr = segno.make(device.config_url, error="m")
            context["qr_svg"] = mark_safe(qr.svg_inline(scale=5, light="#fff"))
            context["secret"] = _grouped_secret(device)
        return TemplateResponse(
            self.request, self.template_name, context, status=status
        )
