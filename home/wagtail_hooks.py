from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_search_types")
def search_types():
    """News in the site search: one kind per section (政务要闻, 通知公告 …)."""
    from .models import NewsPage

    return [
        {
            "model": NewsPage,
            "key": "news",
            "label": _("新闻"),
            "date": "date",
            "by_section": True,
            "order": 20,
        }
    ]


@hooks.register("register_site_health_checks")
def site_shell_health(today):
    from . import health

    return health.checks(today)


@hooks.register("before_serve_page")
def serve_in_text_language(page, request, serve_args, serve_kwargs):
    """A page is served in the language of its text (home/languages.py)."""
    from .languages import serve_in_text_language as switch

    switch(page, request)
