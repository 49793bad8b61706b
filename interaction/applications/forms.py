"""Forms of the public application channel: the application form, the
look-up and the applicant's correction (the admin steps' forms are in
:mod:`.admin_forms`)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.iso7064 import mod_11_2

from disclosure.review.personal import looks_like_id

from ..citizen_forms import clean_captcha, clean_mobile, set_chinese_messages
from ..models import DeliveryForm, IdType
from .outcomes import (
    ApplicantKind,
    OrganisationKind,
)

PERSON_ID_TYPES = [t for t in IdType if t != IdType.CREDIT_CODE]
ORGANISATION_ID_TYPES = [IdType.CREDIT_CODE, IdType.OTHER]
OTHER_ID_RE = re.compile(r"^[A-Za-z0-9()（）-]{5,30}$")
POSTCODE_RE = re.compile(r"^\d{6}$")


class ChineseMessages:
    """Required/length messages in Chinese, naming the field."""

    def set_messages(self):
        for field in self.fields.values():
            choice = isinstance(field, forms.ChoiceField)
            set_chinese_messages(field, choice=choice)
            if choice:
                field.error_messages["invalid_choice"] = _(
                    "请选择有效的%(label)s。"
                ) % {"label": field.label}


class ApplicationForm(ChineseMessages, forms.Form):
    applicant_kind = forms.ChoiceField(
        label=_("申请人类型"),
        choices=ApplicantKind.choices,
        widget=forms.RadioSelect,
    )
    organisation_kind = forms.ChoiceField(
        label=_("法人或其他组织类型"),
        choices=[("", _("请选择（法人或其他组织填写）"))] + OrganisationKind.choices,
        required=False,
    )
    name = forms.CharField(
        label=_("姓名或名称"),
        min_length=2,
        max_length=100,
        help_text=_("自然人填写姓名，法人或其他组织填写名称。"),
    )
    legal_representative = forms.CharField(
        label=_("法定代表人（法人或其他组织填写）"), max_length=30, required=False
    )
    contact_name = forms.CharField(
        label=_("联系人（法人或其他组织填写）"), max_length=30, required=False
    )
    id_type = forms.ChoiceField(label=_("证件类型"), choices=IdType.choices)
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=40,
        help_text=_("仅用于核实申请人身份，不会公开。"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        help_text=_("用于接收办理短信，不会公开。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    address = forms.CharField(
        label=_("通信地址"),
        min_length=5,
        max_length=200,
        help_text=_("用于邮寄告知书和信息，不会公开。"),
        # One line of text: "street-address" is for a multi-line field only.
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    postcode = forms.CharField(
        label=_("邮政编码（选填）"), max_length=6, required=False
    )
    email = forms.EmailField(label=_("电子邮箱（选填）"), required=False)
    description = forms.CharField(
        label=_("所需信息的内容描述"),
        min_length=10,
        max_length=3000,
        help_text=_("请尽量写明信息的名称、文号或便于查询的其他特征性描述。"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    document_number = forms.CharField(
        label=_("文号（如知道，选填）"), max_length=60, required=False
    )
    index_number = forms.CharField(
        label=_("索引号（如知道，选填）"), max_length=64, required=False
    )
    purpose = forms.CharField(
        label=_("用途（选填）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    delivery_form = forms.ChoiceField(
        label=_("获取信息的方式"),
        choices=DeliveryForm.choices,
        widget=forms.RadioSelect,
    )
    fee_waiver_requested = forms.BooleanField(
        label=_("申请减免信息处理费"), required=False
    )
    fee_waiver_reason = forms.CharField(
        label=_("减免理由（申请减免时填写）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    captcha = forms.CharField(
        label=_("验证码"),
        max_length=6,
        help_text=_("请填写图片中算式的结果。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.set_messages()
        self.fields["email"].error_messages["invalid"] = _("请填写正确的电子邮箱地址。")

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_id_number(self):
        return "".join(self.cleaned_data["id_number"].split()).upper()

    def clean_phone(self):
        return clean_mobile(self.cleaned_data["phone"])

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if value and not POSTCODE_RE.match(value):
            raise ValidationError(_("邮政编码应为6位数字。"))
        return value

    def clean_captcha(self):
        return clean_captcha(self.request, self.cleaned_data["captcha"])

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_kind")
        id_type = data.get("id_type")
        if kind == ApplicantKind.ORGANISATION:
            if not data.get("organisation_kind"):
                self.add_error("organisation_kind", _("请选择法人或其他组织类型。"))
            for name in ("legal_representative", "contact_name"):
                if not (data.get(name) or "").strip():
                    self.add_error(
                        name,
                        _("法人或其他组织申请时请填写%(label)s。")
                        % {"label": self.fields[name].label.split("（")[0]},
                    )
            if id_type and id_type not in ORGANISATION_ID_TYPES:
                self.add_error(
                    "id_type", _("法人或其他组织请选择统一社会信用代码或其他证件。")
                )
        elif kind == ApplicantKind.PERSON:
            data["organisation_kind"] = ""
            data["legal_representative"] = data["contact_name"] = ""
            if id_type == IdType.CREDIT_CODE:
                self.add_error("id_type", _("自然人请选择身份证件类型。"))
        number = data.get("id_number")
        if number and id_type:
            if id_type == IdType.RESIDENT_ID:
                if len(number) != 18 or not (
                    looks_like_id(number) and mod_11_2.is_valid(number)
                ):
                    self.add_error("id_number", _("请填写正确的18位居民身份证号码。"))
            elif id_type == IdType.CREDIT_CODE:
                if not uscc.is_valid(number):
                    self.add_error("id_number", _("请填写正确的18位统一社会信用代码。"))
            elif not OTHER_ID_RE.match(number):
                self.add_error("id_number", _("证件号码应为5至30位字母或数字。"))
        if data.get("delivery_form") == DeliveryForm.EMAIL and not data.get("email"):
            self.add_error("email", _("选择电子邮件方式获取信息时，请填写电子邮箱。"))
        if (
            data.get("fee_waiver_requested")
            and not (data.get("fee_waiver_reason") or "").strip()
        ):
            self.add_error("fee_waiver_reason", _("申请减免时请填写减免理由。"))
        if not data.get("fee_waiver_requested"):
            data["fee_waiver_reason"] = ""
        return data

    def application_fields(self):
        data = dict(self.cleaned_data)
        data.pop("captcha", None)
        return data


class LookupForm(ChineseMessages, forms.Form):
    number = forms.CharField(label=_("申请编号"), max_length=20)
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_messages()


class CorrectionForm(ChineseMessages, forms.Form):
    text = forms.CharField(
        label=_("补正内容"),
        min_length=5,
        max_length=5000,
        help_text=_("请按补正告知书逐项补充说明。"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_messages()
