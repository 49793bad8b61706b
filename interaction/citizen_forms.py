"""What the public forms of the interviews and consultations share: the
mailbox's captcha and phone rule, messages in Chinese, and fields that
describe themselves to assistive technology (help and error texts tied to
the input with ``aria-describedby``, ``aria-invalid`` on errors). The
template ``interaction/includes/form_field.html`` renders a field and
``interaction/includes/error_summary.html`` the summary at the top.

Also the staff's form that makes such an item public
(:func:`public_wording_form`)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .mailbox import captcha

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalize_phone(value):
    phone = re.sub(r"[\s-]", "", value or "")
    return phone[3:] if phone.startswith("+86") else phone


def clean_mobile(value):
    """``value`` as an 11-digit mobile number, else a ValidationError."""
    phone = normalize_phone(value)
    if not MOBILE_RE.match(phone):
        raise ValidationError(_("请填写11位手机号码。"))
    return phone


def clean_captcha(request, value):
    """Empty when ``value`` answers the captcha of ``request``'s session."""
    if not captcha.check(request, value):
        raise ValidationError(_("验证码不正确或已过期，请重新计算新的算式。"))
    return ""


def set_chinese_messages(field, *, choice):
    """The required and length messages of ``field`` in Chinese, naming it;
    ``choice`` asks to choose rather than to fill in."""
    messages = field.error_messages
    messages["required"] = (
        _("请选择%(label)s。") if choice else _("请填写%(label)s。")
    ) % {"label": field.label}
    if getattr(field, "min_length", None):
        messages["min_length"] = _("%(label)s至少%(n)s个字。") % {
            "label": field.label,
            "n": field.min_length,
        }
    if getattr(field, "max_length", None):
        messages["max_length"] = _("%(label)s不能超过%(n)s个字。") % {
            "label": field.label,
            "n": field.max_length,
        }


class FreshInput(forms.TextInput):
    """The captcha's answer is never shown back: each question is new."""

    def format_value(self, value):
        return None


class CitizenForm(forms.Form):
    name = forms.CharField(
        label=_("姓名"),
        min_length=2,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        help_text=_("仅用于工作人员联系您，不会公开。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    captcha = forms.CharField(
        label=_("验证码"),
        max_length=6,
        help_text=_("请填写图片中算式的结果。"),
        widget=FreshInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    #: Field order: the subclass's own fields between phone and captcha.
    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        order = ["name", "phone"]
        order += [n for n in self.fields if n not in ("name", "phone", "captcha")]
        self.order_fields(order + ["captcha"])
        for name, field in self.fields.items():
            set_chinese_messages(field, choice=isinstance(field, forms.ChoiceField))
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = _(
                    "请从列表中选择%(label)s。"
                ) % {"label": field.label}
            self._describe(name)

    def _describe(self, name, error=False):
        bound = self[name]
        ids = []
        if self.fields[name].help_text:
            ids.append(f"{bound.auto_id}_helptext")
        if error:
            ids.append(f"{bound.auto_id}_error")
            self.fields[name].widget.attrs["aria-invalid"] = "true"
        if ids:
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self._describe(name, error=True)

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_phone(self):
        return clean_mobile(self.cleaned_data["phone"])

    def clean_captcha(self):
        return clean_captcha(self.request, self.cleaned_data["captcha"])


def public_wording_form(label, max_length):
    """The staff's form that makes a citizen's item public: the wording to
    publish (``label``; left empty, the original with personal data masked)
    and a note."""

    from .mailbox.forms import NoteField  # mailbox.forms imports this module

    class PublicWordingForm(forms.Form):
        public_content = forms.CharField(
            label=label,
            required=False,
            max_length=max_length,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("留空则公开原文（自动隐去姓名、电话、证件号等）。"),
        )
        note = NoteField()

    return PublicWordingForm
