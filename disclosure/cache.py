"""A version number for what the public pages show. Publishing, unpublishing,
moving or deleting a page, or an import, bumps it, so cached navigation and
catalogue counts never outlive the content they describe."""

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property

VERSION_KEY = "content:version"
COUNT_TIMEOUT = 300


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    return version


def bump_content_version(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


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
