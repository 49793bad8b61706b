"""Routing from the site root in two queries, whatever the depth.

Wagtail's ``Page.route`` walks the URL one segment at a time: a query for the
child with the segment's slug and one for its specific instance, at every
level (six queries for an item at /zfxxgk/lishan/<item>/). The pages' own
``url_path`` holds the same slugs, so the deepest page at a prefix of the
path is one query away; from it the route goes on as Wagtail's would, with
the segments left (a routable page's sub-routes, or a 404).

The result is the same as the walk's: children come before a routable
page's sub-routes in both (RoutablePageMixin tries its children first), a
page that is not live is routed through but not served, and nothing outside
the root's subtree is reached.
"""

from wagtail.models import Page


def route(root, request, path_components):
    """``root.route(request, path_components)`` for a site root page."""
    if not path_components:
        return None
    prefixes = [
        root.url_path + "/".join(path_components[:n]) + "/"
        for n in range(1, len(path_components) + 1)
    ]
    deepest = (
        # By slug first: Wagtail indexes slugs, not url paths.
        Page.objects.filter(
            slug__in=set(path_components),
            url_path__in=prefixes,
            path__startswith=root.path,
        )
        .order_by("-depth")
        .first()
    )
    if deepest is None:
        return None
    rest = path_components[deepest.depth - root.depth :]
    return deepest.specific.route(request, rest)
