from django.conf import settings
from django.core.cache import cache
from wagtail.models import Site

from disclosure.cache import content_version

from . import display_mode

NAV_TIMEOUT = 600


def site_shell(request):
    """The header navigation: the live children of the site root shown in
    menus, cached until the content changes (the query walks the tree), and
    the display mode (normal or 长者模式) this browser chose."""
    mode = display_mode.current(request) if request else display_mode.NORMAL
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"nav_pages": [], "site_root": None, "display_mode": mode}
    root = site.root_page.localized
    key = f"nav:{site.pk}:{root.pk}:{content_version()}"
    root_locale_id = site.root_page.locale_id
    nav = cache.get(key)
    if nav is None:
        nav = [
            {
                "title": page.title,
                "url": page.get_url(request),
                "path": page.path,
                # A mirror in another language shows the zh-hans title.
                "lang": settings.LANGUAGE_CODE
                if page.alias_of_id and page.locale_id != root_locale_id
                else "",
            }
            for page in root.get_children().live().in_menu().order_by("path")
        ]
        cache.set(key, nav, NAV_TIMEOUT)
    return {"site_root": root, "nav_pages": nav, "display_mode": mode}
