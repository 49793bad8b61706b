from django import forms
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

RESULTS_PER_PAGE = 20


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("关键词"),
        max_length=100,
        required=False,
        error_messages={
            "max_length": _("关键词不能超过 %(limit_value)d 个字。"),
            "null_characters_not_allowed": _("关键词含有无效字符。"),
        },
    )


def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = Page.objects.none()
    if query:
        # Every word must match, whichever backend answers.
        results = Page.objects.live().public().specific().search(query, operator="and")
    page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "page_obj": page_obj, "form": form},
        status=200 if form.is_valid() else 400,
    )
