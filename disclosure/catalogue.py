"""Filtering the 政府信息公开目录: one form serves the county-wide catalogue and
each unit's column, and every filter combination is a stable GET URL."""

import copy
import datetime
import re
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import docnumber
from .models import Category, DisclosureItemPage, Topic, Unit

FILTER_FIELDS = ("unit", "category", "topic", "year", "validity", "q")
INDEX_NUMBER_RE = re.compile(r"^[0-9A-Z-]{9,20}/\d{4}-\d{5}$")
FIRST_YEAR = 2000


def year_choices():
    this_year = timezone.localdate().year
    return [("", _("全部年份"))] + [
        (str(year), str(year)) for year in range(this_year, FIRST_YEAR - 1, -1)
    ]


TAXONOMY_KEY = "catalogue:taxonomy"


def taxonomy():
    """Units, categories and topics as the filters offer them: read on every
    catalogue and column page, changed by the webmaster now and then; cached
    until a unit, category or topic is saved (disclosure/signals.py)."""
    found = cache.get(TAXONOMY_KEY)
    if found is None:
        topics = Topic.objects.select_related("parent").order_by(
            "parent__sort_order", "parent_id", "sort_order"
        )
        found = {
            "units": [(u.slug, u.display_name) for u in Unit.objects.ordered()],
            "categories": list(Category.objects.all()),
            "topics": [(str(t.pk), t.path) for t in topics],
        }
        cache.set(TAXONOMY_KEY, found, 3600)
    return found


def categories_for_unit(unit):
    """Category.for_unit, from the cached taxonomy (fresh instances)."""
    return [
        copy.copy(category)
        for category in taxonomy()["categories"]
        if unit.is_township or category.scope == Category.Scope.ALL
    ]


class CatalogueFilterForm(forms.Form):
    unit = forms.ChoiceField(label=_("发布机构"), required=False)
    category = forms.ChoiceField(label=_("信息类别"), required=False)
    topic = forms.ChoiceField(label=_("主题分类"), required=False)
    year = forms.ChoiceField(label=_("成文年份"), required=False)
    validity = forms.ChoiceField(
        label=_("有效性"),
        required=False,
        choices=[("", _("全部"))] + list(DisclosureItemPage.Validity.choices),
    )
    q = forms.CharField(
        label=_("文号、索引号或标题"),
        required=False,
        max_length=100,
        strip=True,
    )

    def __init__(self, data=None, *, unit=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fixed_unit = unit
        found = taxonomy()
        if unit is not None:
            del self.fields["unit"]
            categories = categories_for_unit(unit)
        else:
            self.fields["unit"].choices = [("", _("全部机构"))] + found["units"]
            categories = found["categories"]
        self.fields["category"].choices = [("", _("全部类别"))] + [
            (c.slug, c.name) for c in categories
        ]
        self.fields["topic"].choices = [("", _("全部主题"))] + found["topics"]
        self.fields["year"].choices = year_choices()

    def filter(self, items):
        """``items`` narrowed by the valid filters; invalid values match nothing."""
        if not self.is_valid():
            return items.none()
        data = self.cleaned_data
        if self.fixed_unit is None and data.get("unit"):
            items = items.filter(unit__slug=data["unit"])
        if data.get("category"):
            items = items.filter(category__slug=data["category"])
        if data.get("topic"):
            topic_id = int(data["topic"])
            items = items.filter(Q(topic_id=topic_id) | Q(topic__parent_id=topic_id))
        if data.get("year"):
            year = int(data["year"])
            items = items.filter(
                formed_on__gte=datetime.date(year, 1, 1),
                formed_on__lte=datetime.date(year, 12, 31),
            )
        if data.get("validity"):
            items = items.filter(validity=data["validity"])
        if data.get("q"):
            items = items.filter(lookup_q(data["q"]))
        return items

    def query_string(self):
        """The canonical query string of the current filters (no page number)."""
        if not self.is_bound or not self.is_valid():
            return ""
        pairs = [
            (name, self.cleaned_data[name])
            for name in FILTER_FIELDS
            if name in self.fields and self.cleaned_data.get(name)
        ]
        return urlencode(pairs)

    def is_filtered(self):
        return bool(self.query_string())


def lookup_q(text):
    """A 索引号 or 文号 is looked up exactly (a 文号 written with [] or 【】 is
    normalised first); anything else searches titles."""
    text = text.strip()
    if INDEX_NUMBER_RE.match(text):
        return Q(index_number=text)
    normal = docnumber.normalise(text)
    if normal:
        return Q(document_number=normal)
    return Q(title__icontains=text) | Q(document_number__icontains=text)
