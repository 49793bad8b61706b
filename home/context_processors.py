from wagtail.models import Site


def site_shell(request):
    """The header navigation: the live children of the site root shown in menus."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"nav_pages": [], "site_root": None}
    root = site.root_page.localized
    return {
        "site_root": root,
        "nav_pages": root.get_children().live().in_menu().order_by("path"),
    }
