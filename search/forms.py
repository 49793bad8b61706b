from django import forms
from django.utils.translation import gettext_lazy as _

from .engine import Filters
from .normalize import MAX_QUERY_LENGTH, clean
from .service import Sort

MAX_YEAR = 2100
MIN_YEAR = 1949


class SearchForm(forms.Form):
    """What the search page reads from the URL. Filters that name nothing
    (an unknown unit, a year out of range) are the citizen's mistake: 400
    with the reason in Chinese, never a 500."""

    q = forms.CharField(
        label=_("关键词"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages={
            "max_length": _("关键词不能超过 %(limit_value)d 个字。"),
            "null_characters_not_allowed": _("关键词含有无效字符。"),
        },
    )
    type = forms.CharField(label=_("类型"), max_length=40, required=False)
    unit = forms.IntegerField(label=_("发布机构"), required=False, min_value=1)
    category = forms.IntegerField(label=_("信息类别"), required=False, min_value=1)
    year = forms.IntegerField(
        label=_("年份"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    sort = forms.ChoiceField(label=_("排序"), choices=Sort.CHOICES, required=False)
    exact = forms.BooleanField(required=False)

    def __init__(self, *args, type_keys=(), units=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.type_keys, self.units, self.categories = type_keys, units, categories
        for name in ("unit", "category", "year"):
            self.fields[name].error_messages.update(
                invalid=_("筛选条件“%(field)s”的值无效。")
                % {"field": self.fields[name].label},
                min_value=_("筛选条件“%(field)s”的值无效。")
                % {"field": self.fields[name].label},
                max_value=_("筛选条件“%(field)s”的值无效。")
                % {"field": self.fields[name].label},
            )
        self.fields["sort"].error_messages["invalid_choice"] = _("排序方式无效。")

    def clean_q(self):
        return clean(self.cleaned_data["q"])

    def clean_type(self):
        value = self.cleaned_data["type"]
        if value and value not in self.type_keys:
            raise forms.ValidationError(_("没有这种类型的内容。"))
        return value

    def clean_unit(self):
        value = self.cleaned_data["unit"]
        if value is not None and value not in self.units:
            raise forms.ValidationError(_("没有这个发布机构。"))
        return value

    def clean_category(self):
        value = self.cleaned_data["category"]
        if value is not None and value not in self.categories:
            raise forms.ValidationError(_("没有这个信息类别。"))
        return value

    def filters(self):
        data = self.cleaned_data
        return Filters(
            types=frozenset([data["type"]] if data.get("type") else []),
            units=frozenset([data["unit"]] if data.get("unit") else []),
            categories=frozenset([data["category"]] if data.get("category") else []),
            years=frozenset([data["year"]] if data.get("year") else []),
        )
