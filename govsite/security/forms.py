from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    """The six-digit code of a TOTP device, checked against ``device``."""

    token = forms.CharField(
        label=_("动态验证码"),
        max_length=8,
        help_text=_("打开身份验证器应用，输入当前显示的6位数字。"),
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
            }
        ),
        error_messages={"required": _("请输入动态验证码。")},
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise ValidationError(_("动态验证码是6位数字。"))
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise ValidationError(_("尝试次数过多，请稍候再试。"))
        if not self.device.verify_token(token):
            raise ValidationError(_("动态验证码不正确或已过期，请重新输入。"))
        return token
