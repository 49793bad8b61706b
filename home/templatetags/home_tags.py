from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, []) if mapping else []


@register.simple_tag(takes_context=True)
def language_links(context):
    """The language switcher's links for the page (or view) being shown."""
    from home.languages import language_links as links

    request = context.get("request")
    if request is None:
        return []
    return links(request, context.get("page"))


@register.simple_tag(takes_context=True)
def page_translations(context):
    """[(language code, absolute URL)] of the page's live translations, for
    ``<link rel="alternate" hreflang>``; empty when it has none."""
    from home.languages import translations_of

    translations = translations_of(context.get("page"))
    if len(translations) < 2:
        return []
    request = context.get("request")
    return [(code, page.get_full_url(request)) for code, page in translations.items()]


@register.simple_tag(takes_context=True)
def shell_version(context, page=None):
    """The version token the site shell's fragments of ``page`` are cached
    under (disclosure/cache.py): the shell's, and the page's own (its
    translations); None when nothing may be cached (a preview, the cache
    down)."""
    from disclosure.cache import page_tag, request_fragment_version

    request = context.get("request")
    if page is None or not getattr(page, "translation_key", None):
        return request_fragment_version(request)
    return request_fragment_version(request, page_tag(page))
