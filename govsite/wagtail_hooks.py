from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet

from .security.views import SetupView, VerifyView


class TwoFactorViewSet(ViewSet):
    """Two-factor login (TOTP): /admin/otp/setup/ and /admin/otp/verify/."""

    name = "otp"
    icon = "key"

    def get_urlpatterns(self):
        return [
            path("setup/", SetupView.as_view(), name="setup"),
            path("verify/", VerifyView.as_view(), name="verify"),
        ]


@hooks.register("register_admin_viewset")
def register_two_factor_viewset():
    return TwoFactorViewSet()


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("otp:setup"),
        "label": _("两步验证"),
        "help_text": _("登录时除密码外再输入手机身份验证器的动态验证码。"),
    }
