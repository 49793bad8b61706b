"""The forms of the admin steps, one per action (see :mod:`.actions`)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..mailbox.forms import (
    MultipleFileField,
    NoteField,
    NoteForm,
    RequiredNoteForm,
    check_uploads,
)
from ..models import DeliveryForm, MailboxPage
from .forms import ChineseMessages
from .outcomes import GROUPS, SINGLE_ROW_GROUPS, Outcome


def outcome_choices():
    choices = [("", _("请选择"))]
    for group, outcomes in GROUPS:
        if group in SINGLE_ROW_GROUPS:
            choices.extend((o.value, o.label) for o in outcomes)
        else:
            choices.append(
                (
                    group,
                    [
                        (o.value, f"{group}—{o.label}")
                        for o in outcomes
                        if o != Outcome.NO_CORRECTION
                    ],
                )
            )
    return choices


class CorrectionRequestForm(forms.Form):
    items = forms.CharField(
        label=_("需补正的全部事项（每行一项）"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    days = forms.IntegerField(
        label=_("补正期限（工作日）"), min_value=5, max_value=30, initial=10
    )
    note = NoteField()


class RecordCorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("补正内容（申请人以书面方式补正时登记）"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    note = NoteField()


class ConsultationForm(forms.Form):
    party = forms.CharField(label=_("征求意见的第三方"), max_length=100)
    note = NoteField()


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("延长工作日"), min_value=1, max_value=20)
    note = NoteField(label=_("延期理由"), required=True)


class FeeForm(forms.Form):
    count = forms.IntegerField(
        label=_("提供信息的页数（按量计收时填写）"),
        min_value=1,
        max_value=100_000,
        required=False,
    )
    note = NoteField()


class WaiverForm(forms.Form):
    count = forms.IntegerField(
        label=_("提供信息的页数（按量计收时填写）"),
        min_value=1,
        max_value=100_000,
        required=False,
    )
    note = NoteField(label=_("减免理由"), required=True)


class AnswerForm(ChineseMessages, forms.Form):
    outcome = forms.ChoiceField(label=_("办理结果"), choices=outcome_choices)
    legal_basis = forms.CharField(
        label=_("法律依据"),
        max_length=500,
        required=False,
        help_text=_("留空则使用该办理结果的法定依据。"),
    )
    decision = forms.CharField(
        label=_("答复内容"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    links = forms.CharField(
        label=_("信息链接（每行一个，予以公开或部分公开时）"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    uploads = MultipleFileField(
        label=_("提供的信息（JPG、PNG或PDF）"),
        required=False,
    )
    override_reason = forms.CharField(
        label=_("放行理由（审查有阻断性问题时，由负责人填写）"),
        max_length=500,
        required=False,
    )
    note = NoteField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_messages()

    def clean_links(self):
        links = [
            line.strip()
            for line in self.cleaned_data["links"].splitlines()
            if line.strip()
        ]
        for link in links:
            if not (link.startswith(("http://", "https://")) or link.startswith("/")):
                raise ValidationError(
                    _("链接“%(link)s”应以 http://、https:// 或 / 开头。"),
                    params={"link": link[:80]},
                )
        return "\n".join(links)

    def clean_uploads(self):
        return check_uploads(self.cleaned_data.get("uploads") or [])


class RedirectForm(forms.Form):
    mailbox = forms.ModelChoiceField(
        label=_("转入信箱"), queryset=MailboxPage.objects.none(), required=False
    )
    note = NoteField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mailbox"].queryset = MailboxPage.objects.live().order_by("path")


class DeliverForm(forms.Form):
    method = forms.ChoiceField(label=_("送达方式"), choices=DeliveryForm.choices)
    note = NoteField()


ACTION_FORMS = {
    "confirm_receipt": NoteForm,
    "discard": RequiredNoteForm,
    "request_correction": CorrectionRequestForm,
    "correct": RecordCorrectionForm,
    "correction_lapsed": NoteForm,
    "start_consultation": ConsultationForm,
    "end_consultation": NoteForm,
    "request_extension": ExtensionForm,
    "approve_extension": NoteForm,
    "reject_extension": RequiredNoteForm,
    "notify_fee": FeeForm,
    "waive_fee": WaiverForm,
    "record_payment": NoteForm,
    "answer": AnswerForm,
    "redirect": RedirectForm,
    "deliver": DeliverForm,
    "close": NoteForm,
}
