from django import forms
from django.utils.translation import gettext_lazy as _

from ..citizen_forms import CitizenForm, public_wording_form
from ..mailbox.forms import NoteField
from ..models import EntryKind, RejectReason


class QuestionForm(CitizenForm):
    content = forms.CharField(
        label=_("您的问题"),
        min_length=5,
        max_length=500,
        help_text=_("问题经主持人审核后在访谈中回答，公开时隐去姓名和电话。"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


# --------------------------------------------------------------------------
# The host's console


AcceptForm = public_wording_form(_("公开的问题内容"), 1000)


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("不采用原因"), choices=RejectReason.choices)
    note = NoteField()


class MergeForm(forms.Form):
    into = forms.TypedChoiceField(label=_("合并到"), coerce=int)
    note = NoteField()

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [(q.pk, q.content[:40]) for q in targets]


class GuestChoiceMixin:
    def set_guests(self, guests):
        self.fields["guest"].choices = [("", _("请选择"))] + [
            (g.pk, str(g)) for g in guests
        ]


class AnswerForm(GuestChoiceMixin, forms.Form):
    guest = forms.TypedChoiceField(label=_("回答嘉宾"), coerce=int)
    answer = forms.CharField(
        label=_("回答内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    override_reason = forms.CharField(
        label=_("放行理由（自动检查有阻断性问题时填写）"),
        required=False,
        max_length=500,
    )
    note = NoteField()

    def __init__(self, *args, guests=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_guests(guests)


class EntryForm(GuestChoiceMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("发言人"),
        choices=[(EntryKind.HOST, _("主持人")), (EntryKind.GUEST, _("嘉宾"))],
    )
    guest = forms.TypedChoiceField(
        label=_("嘉宾（发言人为嘉宾时选择）"), coerce=int, required=False
    )
    text = forms.CharField(
        label=_("内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    override_reason = forms.CharField(
        label=_("放行理由（自动检查有阻断性问题时填写）"),
        required=False,
        max_length=500,
    )

    def __init__(self, *args, guests=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_guests(guests)
