"""The public answer form, built from a survey's questions, and the admin
forms of the survey report. Every limit is checked here, on the server; the
browser's own checks are a convenience only (the form is ``novalidate``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import conf
from ..mailbox import captcha
from ..mailbox.forms import MOBILE_RE
from . import blocks as kinds
from .questions import RATING_POINTS

REQUIRED = _("请回答此题。")
INVALID_CHOICE = _("所选选项无效，请重新选择。")


def clean_mobile(value):
    phone = "".join((value or "").split())
    if phone.startswith("+86"):
        phone = phone[3:]
    if not MOBILE_RE.match(phone):
        raise forms.ValidationError(_("请填写正确的11位手机号码。"))
    return phone


def field_name(question, row_id=None):
    return f"q-{question.id}" + (f"-{row_id}" if row_id else "")


def _choice_messages():
    return {"required": REQUIRED, "invalid_choice": INVALID_CHOICE}


def _text_field(question, limit, widget):
    return forms.CharField(
        required=question.required,
        max_length=limit,
        strip=True,
        widget=widget,
        error_messages={
            "required": REQUIRED,
            "max_length": _("最多%(limit_value)d字（现有%(show_value)d字）。"),
            "null_characters_not_allowed": _("内容含有无效字符。"),
        },
    )


def question_fields(question):
    """``[(name, field, row label)]`` for one question."""
    kind = question.kind
    name = field_name(question)
    if kind == kinds.SINGLE:
        field = forms.ChoiceField(
            choices=question.options,
            required=question.required,
            widget=forms.RadioSelect,
            error_messages=_choice_messages(),
        )
    elif kind == kinds.MULTIPLE:
        field = forms.MultipleChoiceField(
            choices=question.options,
            required=question.required or question.min_picks > 0,
            widget=forms.CheckboxSelectMultiple,
            error_messages=_choice_messages() | {"invalid_list": INVALID_CHOICE},
        )
    elif kind == kinds.RATING:
        field = forms.TypedChoiceField(
            choices=[(str(p), f"{p}分") for p in RATING_POINTS],
            coerce=int,
            required=question.required,
            widget=forms.RadioSelect,
            error_messages=_choice_messages(),
        )
    elif kind == kinds.SHORT_TEXT:
        field = _text_field(
            question,
            conf.get("SURVEY_SHORT_TEXT_MAX"),
            forms.TextInput(attrs={"autocomplete": "off"}),
        )
    elif kind == kinds.LONG_TEXT:
        field = _text_field(
            question,
            conf.get("SURVEY_LONG_TEXT_MAX"),
            forms.Textarea(attrs={"rows": 5}),
        )
    elif kind == kinds.MATRIX:
        return [
            (
                field_name(question, row_id),
                forms.ChoiceField(
                    choices=question.options,
                    required=question.required,
                    widget=forms.RadioSelect,
                    error_messages=_choice_messages(),
                    label=row_label,
                ),
                row_label,
            )
            for row_id, row_label in question.rows
        ]
    else:
        return []
    field.label = question.label
    field.help_text = question.help_text
    return [(name, field, "")]


class AnswerForm(forms.Form):
    """The questions of ``page``, then how the person proves who they are:
    a phone number and its SMS code, or (open polls) a captcha."""

    def __init__(self, *args, page, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.request = request
        self.groups = []
        for question in page.question_list:
            names = []
            for name, field, _row in question_fields(question):
                self.fields[name] = field
                names.append(name)
            self.groups.append((question, names))
        if page.verification == page.Verification.SMS:
            self.fields["phone"] = forms.CharField(
                label=_("手机号码"),
                max_length=20,
                help_text=_("用于接收验证码，确保一人一票；号码不会保存或公开。"),
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "autocomplete": "tel"}
                ),
                error_messages={"required": _("请填写手机号码。")},
            )
            self.fields["code"] = forms.CharField(
                label=_("短信验证码"),
                max_length=6,
                required=False,
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}
                ),
            )
        else:
            self.fields["captcha"] = forms.CharField(
                label=_("验证码"),
                max_length=6,
                help_text=_("请填写图片中算式的结果。"),
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "autocomplete": "off"}
                ),
                error_messages={"required": _("请填写验证码。")},
            )

    @property
    def question_groups(self):
        return [
            {"question": question, "fields": [self[name] for name in names]}
            for question, names in self.groups
        ]

    def clean_phone(self):
        return clean_mobile(self.cleaned_data.get("phone"))

    def clean_captcha(self):
        if not captcha.check(self.request, self.cleaned_data.get("captcha")):
            raise forms.ValidationError(_("验证码不正确，请重新计算图中的算式。"))
        return ""

    def clean(self):
        cleaned = super().clean()
        for question, names in self.groups:
            if question.kind != kinds.MULTIPLE:
                continue
            picked = cleaned.get(names[0])
            if not picked:
                continue
            if len(picked) < question.min_picks:
                self.add_error(
                    names[0],
                    _("请至少选择%(n)s项。") % {"n": question.min_picks},
                )
            elif question.max_picks and len(picked) > question.max_picks:
                self.add_error(
                    names[0],
                    _("最多只能选择%(n)s项。") % {"n": question.max_picks},
                )
        return cleaned

    def answers(self):
        """The cleaned answers as stored: ``{question id: value}``."""
        data = self.cleaned_data
        result = {}
        for question, names in self.groups:
            if question.kind == kinds.MATRIX:
                row_ids = [row_id for row_id, _label in question.rows]
                value = {
                    row_id: data[name]
                    for row_id, name in zip(row_ids, names, strict=True)
                    if data.get(name)
                }
            else:
                value = data.get(names[0])
            if value not in (None, "", [], {}):
                result[question.id] = value
        return result

    def texts(self):
        """The free-text answers (for the review checks)."""
        return [
            self.cleaned_data.get(names[0]) or ""
            for question, names in self.groups
            if question.is_text
        ]


class PhoneForm(forms.Form):
    """Only the phone number: what “获取验证码” checks."""

    phone = forms.CharField(
        max_length=20, error_messages={"required": _("请填写手机号码。")}
    )

    def clean_phone(self):
        return clean_mobile(self.cleaned_data.get("phone"))


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("作废原因"),
        max_length=200,
        error_messages={"required": _("请填写作废原因。")},
    )


class ExtendForm(forms.Form):
    until = forms.DateTimeField(
        label=_("延长至"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        error_messages={
            "required": _("请填写新的结束时间。"),
            "invalid": _("时间格式应为2026-11-30 18:00。"),
        },
    )
    note = forms.CharField(
        label=_("延期理由"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写延期理由。")},
    )


class ExportForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("raw", _("原始答卷")), ("summary", _("统计汇总"))]
    )
