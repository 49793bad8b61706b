"""A version number for what the public pages show. Publishing, unpublishing,
moving or deleting a page, or an import, bumps it, so cached navigation and
catalogue counts never outlive the content they describe."""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import transaction
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.models import Page

VERSION_KEY = "content:version"
COUNT_TIMEOUT = 300

logger = logging.getLogger(__name__)


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    return version


def bump_content_version(**kwargs):
    """Lists, counts and states changed: cached counts, navigation and the
    pages showing lists (the page cache's LISTS tag) go stale."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)
    bump_tags(LISTS)


def cached_count(name, compute):
    """A count (or any small value) over the live content, cached until the
    content changes."""
    key = f"count:{content_version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, COUNT_TIMEOUT)
    return value


class CachedCountPaginator(Paginator):
    """Counting every live item of a county takes longer than showing a page
    of them; the count is cached until the content changes."""

    @cached_property
    def count(self):
        try:
            sql, params = self.object_list.query.sql_with_params()
        except EmptyResultSet:
            return 0
        digest = hashlib.sha1(f"{sql}|{params}".encode()).hexdigest()
        key = f"count:{content_version()}:{digest}"
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, COUNT_TIMEOUT)
        return count


# -- the full-page cache's invalidation ---------------------------------------
#
# Every cached page (disclosure/pagecache.py) records the versions of the tags
# it depends on; a page is served from the cache only while all of them are
# unchanged. Tags:
#
# - SHELL: what every page shows (navigation, breadcrumbs, footer, site
#   settings, units, categories). Every page depends on it; bumping it is the
#   "everything" switch.
# - LISTS: lists, counts and states (home, columns, the catalogue, search,
#   the interaction pages). Every page but a self-contained one (an item)
#   depends on it; any publication bumps it.
# - "page:<translation key>": one page and its translations.
# - "children:<path>": a page listing its children (a unit's column), which
#   depends on it instead of LISTS: publishing an item in one column leaves
#   the other columns cached.
#
# Versions live in the shared cache (several workers and hosts see the same
# ones); a missing version is created afresh from the clock, never reused, so
# an evicted version cannot make an old page look current. WRITES changes
# with every bump: a page rendered while a bump happened is not stored.


SHELL = "shell"
LISTS = "lists"
TAG_PREFIX = "pagecache:tag:"
WRITES = TAG_PREFIX + "*writes"


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def page_tag(page):
    return f"page:{page.translation_key}"


def children_tag(parent):
    """A page listing its children (a unit's column: its items, counts)."""
    return f"children:{parent.path}"


def parent_children_tag(page):
    """children_tag of ``page``'s parent, without asking for the parent."""
    return f"children:{page.path[: -page.steplen]}"


def _fresh_version():
    return time.time_ns()


def tag_versions(tags, create=False):
    """{tag key: version} for ``tags`` (keys with the prefix), plus WRITES.
    Missing versions are None, or created when ``create``."""
    store = page_cache()
    keys = [TAG_PREFIX + tag for tag in tags] + [WRITES]
    found = store.get_many(keys)
    if create:
        for key in keys:
            if found.get(key) is None:
                store.add(key, _fresh_version(), None)
        missing = [key for key in keys if found.get(key) is None]
        if missing:
            found.update(store.get_many(missing))
    return {key: found.get(key) for key in keys}


def fragment_version(*tags):
    """A token of the current versions of SHELL and ``tags``, for template
    fragments cached with ``{% cache … fragment_version … %}`` (the catalogue
    table and its filters): such a fragment goes stale exactly when a page
    depending on the same tags does. None (render, do not cache) when the
    cache cannot say."""
    names = [SHELL, *tags]
    try:
        versions = tag_versions(names, create=True)
    except Exception:
        logger.warning("Fragment cache versions unknown", exc_info=True)
        return None
    if any(versions[TAG_PREFIX + name] is None for name in names):
        return None
    return "-".join(str(versions[TAG_PREFIX + name]) for name in names)


def request_fragment_version(request, *tags):
    """fragment_version for what ``request`` renders; None (render, store
    nothing) for an editor's preview, whose draft must never reach a
    fragment the public is served from."""
    if getattr(request, "is_preview", False):
        return None
    return fragment_version(*tags)


def bump_tags(*tags):
    """The pages depending on any of ``tags`` are stale from now on. Never
    raises: with the cache down there is nothing cached to go stale."""
    store = page_cache()
    for key in [TAG_PREFIX + tag for tag in tags] + [WRITES]:
        try:
            try:
                store.incr(key)
            except ValueError:
                store.set(key, _fresh_version(), None)
        except Exception:
            logger.warning("Could not bump page cache tag %s", key, exc_info=True)


def bump_tags_on_commit(*tags):
    """bump_tags now and again once the transaction commits: a page rendered
    from the data before the commit but stored after the first bump is
    stale again after the second."""
    bump_tags(*tags)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: bump_tags(*tags))


def invalidate_all_pages():
    bump_tags_on_commit(SHELL)


def tags_for_page(page):
    """What a change of ``page`` makes stale. A self-contained page
    (``page_cache_self_contained``) changes itself and the lists; any other
    page may show in menus, breadcrumbs and every list: everything."""
    specific = page.specific_class or type(page)
    if getattr(specific, "page_cache_self_contained", False) and not page.show_in_menus:
        tags = {page_tag(page), LISTS}
        for fn in hooks.get_hooks("page_cache_dependent_tags"):
            tags.update(fn(page) or ())
        return tags
    return {SHELL}


def page_changed(instance=None, page=None, **kwargs):
    """Receiver of page_published/unpublished/deleted."""
    page = page or instance
    if page is None:
        bump_tags_on_commit(SHELL)
        return
    try:
        tags = tags_for_page(page)
    except Exception:
        logger.warning("Page cache tags of %s unknown", page.pk, exc_info=True)
        tags = {SHELL}
    bump_tags_on_commit(*tags)


def page_moved(**kwargs):
    """Receiver of post_page_move (a move or a reorder): menus, breadcrumbs
    and lists change order or place."""
    bump_tags_on_commit(SHELL)


def model_changed(sender, **kwargs):
    """Receiver of saves/deletes of snippets and settings shown on pages
    (models listed by ``page_cache_models`` hooks and every Wagtail setting)."""
    tags = watched_models().get(sender)
    if tags and not (kwargs.get("created") and sender in _quiet_on_create):
        bump_tags_on_commit(*tags)
    elif kwargs.get("created") and not kwargs.get("raw"):
        # A page created live (provisioning, loaders) sends no page_published.
        instance = kwargs.get("instance")
        if getattr(instance, "live", False) and isinstance(instance, Page):
            page_changed(instance=instance)


_watched = None
# A new document or image shows nowhere until a page using it is published.
_quiet_on_create = set()


def watched_models():
    """{model: tags}: Wagtail settings, sites, locales, documents and what the
    ``page_cache_models`` hooks return ((model, tags) pairs)."""
    global _watched
    if _watched is None:
        from django.apps import apps
        from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Locale, Site

        files = {get_document_model(), get_image_model()}
        _quiet_on_create.update(files)
        watched = {Site: (SHELL,), Locale: (SHELL,)}
        watched.update({model: (SHELL,) for model in files})
        for model in apps.get_models():
            if issubclass(model, (BaseGenericSetting, BaseSiteSetting)):
                watched[model] = (SHELL,)
        for fn in hooks.get_hooks("page_cache_models"):
            for model, tags in fn():
                watched[model] = tuple(tags)
        _watched = watched
    return _watched
