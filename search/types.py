"""What kinds of content the search shows, and where their metadata lives.

Apps describe their page types through the ``register_search_types`` hook
(a function returning a list of dicts), so that a new kind of content (a
survey, an application guide, published letter replies) plugs into the
search and its filters without the search app importing it::

    @hooks.register("register_search_types")
    def search_types():
        return [{"model": NewsPage, "key": "news", "label": _("新闻"),
                 "date": "date", "by_section": True}]

Keys of the dict: ``model`` (a Page subclass), ``key`` and ``label`` (the
filter), ``date`` (a DateField of the model shown and sorted by; default
``first_published_at``), ``unit`` and ``category`` (ForeignKeys the unit and
category filters use), ``by_section`` (one filter entry per parent page:
news under 政务要闻 and under 通知公告 are two kinds), ``order`` (position).
Other page types are shown as 网页, except the site's root and home page.
"""

from dataclasses import dataclass, replace

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page, get_page_models

OTHER_KEY = "page"
OTHER_LABEL = _("网页")


@dataclass(frozen=True)
class SearchType:
    model: type
    key: str
    label: str
    date: str = ""
    unit: str = ""
    category: str = ""
    by_section: bool = False
    order: int = 100
    content_type_id: int = 0

    @property
    def table(self):
        return self.model._meta.db_table

    @property
    def ptr_column(self):
        return self.model._meta.pk.column

    def column(self, name):
        field = getattr(self, name)
        return self.model._meta.get_field(field).column if field else ""


def registered():
    """The registered types, in filter order, with their content type."""
    found = []
    for hook in hooks.get_hooks("register_search_types"):
        for entry in hook():
            found.append(SearchType(**entry))
    ids = ContentType.objects.get_for_models(*[t.model for t in found])
    return sorted(
        (replace(t, content_type_id=ids[t.model].pk) for t in found),
        key=lambda t: (t.order, t.key),
    )


def searchable_other_models(types=None):
    """Indexed page models no app registered (columns, guides, …)."""
    types = registered() if types is None else types
    known = {t.model for t in types}
    return [
        model
        for model in get_page_models()
        if model is not Page and model not in known and model.search_fields
    ]


def content_type_ids(models):
    return [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]
