"""The public site in three languages (zh-hans, zh-hant, en).

A page is served in the language its text is written in: a page that has no
translation in the language asked for (a URL under /en/ or /zh-hant/ that
only exists in 简体中文, or one of the mirrors wagtail-localize makes of a
translated page's parents) is served in zh-hans, with ``lang="zh-hans"`` and
the interface in zh-hans, and a notice in the language asked for."""

from django.conf import settings
from django.http import Http404
from django.utils import translation
from wagtail.models import Page
from wagtail.views import serve as wagtail_serve

DEFAULT = settings.LANGUAGE_CODE


def text_language(page):
    """The language the page's text is written in: a mirror (an alias in
    another locale) shows its original's text."""
    if page.alias_of_id:
        original = (
            Page.objects.filter(pk=page.alias_of_id)
            .values_list("locale__language_code", flat=True)
            .first()
        )
        if original:
            return original
    return page.locale.language_code


def _serve_in(request, language, requested):
    request.requested_language = requested
    translation.activate(language)
    request.LANGUAGE_CODE = language


def serve_in_text_language(page, request):
    """``before_serve_page``: switch to the page's text language when it is
    not the one asked for, remembering what was asked for (the notice)."""
    requested = translation.get_language()
    served = text_language(page)
    if served != requested:
        _serve_in(request, served, getattr(request, "requested_language", requested))


def serve(request, path=""):
    """Wagtail's serve; a page missing in the language asked for falls back
    to the zh-hans page at the same path."""
    try:
        return wagtail_serve(request, path)
    except Http404:
        requested = translation.get_language()
        if requested == DEFAULT:
            raise
        _serve_in(request, DEFAULT, requested)
        # Wagtail caches the failed route on the request.
        request.__dict__.pop("_wagtail_route_for_request", None)
        try:
            return wagtail_serve(request, path)
        except Http404:
            _serve_in(request, requested, requested)
            raise


def translations_of(page):
    """{language code: live page} of the page's real translations (mirrors
    are not translations), the page included."""
    if page is None or not getattr(page, "pk", None):
        return {}
    # Asked twice a request (the switcher and hreflang): kept on the page.
    known = page.__dict__.get("_live_translations")
    if known is None:
        pages = Page.objects.filter(
            translation_key=page.translation_key, live=True, alias_of__isnull=True
        ).select_related("locale")
        known = page.__dict__["_live_translations"] = {
            p.locale.language_code: p for p in pages
        }
    return dict(known)


def neutral_path(request):
    """The request's path and query without its language prefix."""
    path = request.get_full_path()
    for code, _name in settings.LANGUAGES:
        if code != DEFAULT and (path == f"/{code}" or path.startswith(f"/{code}/")):
            return path[len(code) + 1 :] or "/"
    return path


def language_links(request, page):
    """The language switcher: every language with the URL of the page in it
    (its translation, or the same address under that language's prefix,
    which falls back to zh-hans with a notice)."""
    translations = translations_of(page)
    current = getattr(request, "requested_language", None) or translation.get_language()
    path = neutral_path(request)
    links = []
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = translations[code].get_url(request)
        else:
            url = path if code == DEFAULT else f"/{code}{path}"
        links.append(
            {"code": code, "name": name, "url": url, "current": code == current}
        )
    return links
