"""The forms of the review tasks' approve and reject actions (the modal in
the page editor); the tasks (disclosure.models.review) name them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models.review import CONFIRMATION


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("审核意见"), required=False, widget=forms.Textarea
    )
    override_reason = forms.CharField(
        label=_("放行理由"),
        required=False,
        widget=forms.Textarea,
        help_text=_(
            "仅当自动检查发现阻断性问题而您确认可以发布时填写；理由将记入台帐。"
            "个人信息和密级标志问题不能以放行理由放行。"
        ),
    )


class NormativityApproveForm(ApproveForm):
    false_positive_reason = forms.CharField(
        label=_("误报说明"),
        required=False,
        widget=forms.Textarea,
        help_text=_(
            "自动检查发现的个人信息或密级标志问题，须退回修改；仅当您核实确属误报"
            "（如公开的单位地址、示例号码）时，在此写明理由。说明连同您的姓名和时间"
            "记入台帐，并由保密审查员确认。"
        ),
    )


class ConfidentialityApproveForm(ApproveForm):
    confirmed = forms.BooleanField(
        label=CONFIRMATION,
        required=True,
        error_messages={"required": _("请确认：%s。") % CONFIRMATION},
    )


class RejectForm(forms.Form):
    comment = forms.CharField(
        label=_("退回意见"),
        widget=forms.Textarea,
        error_messages={"required": _("请填写退回修改的意见。")},
    )
