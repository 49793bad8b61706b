from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..citizen_forms import CitizenForm, public_wording_form
from ..mailbox.forms import NoteField
from ..models import Decision


class CommentForm(CitizenForm):
    organisation = forms.CharField(
        label=_("单位（选填）"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    article = forms.ChoiceField(label=_("针对条款"), required=False)
    content = forms.CharField(
        label=_("意见内容"),
        min_length=5,
        max_length=3000,
        help_text=_("意见经审核后公开，公开时隐去姓名和电话。"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, articles, **kwargs):
        super().__init__(*args, **kwargs)
        self.articles = {str(a.pk): a for a in articles}
        self.fields["article"].choices = [("", _("草案全文"))] + [
            (str(a.pk), f"{a.label} {a.heading}".strip()) for a in articles
        ]

    def clean_article(self):
        value = self.cleaned_data.get("article") or ""
        if value and value not in self.articles:
            raise ValidationError(_("请从列表中选择针对条款。"))
        return self.articles.get(value)

    def clean_organisation(self):
        return self.cleaned_data["organisation"].strip()


# --------------------------------------------------------------------------
# The unit's admin


PublishForm = public_wording_form(_("公开的意见内容"), 3000)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("采纳情况"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("理由（部分采纳、未采纳的必填）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = NoteField()
