"""The full-page cache: anonymous GET/HEAD requests of public pages answered
from the shared cache before sessions, authentication and Wagtail's routing.

A page is stored only when nothing in it belongs to one visitor: a 200 HTML
or JSON answer, no Set-Cookie, no CSRF token used while rendering, not
``Cache-Control: private/no-store/no-cache``, and the request carried no
cookie but the ones listed in PAGE_CACHE_COOKIES (a session cookie, i.e. a
signed-in editor, bypasses the cache entirely, neither reading nor filling it).

Entries are keyed by host, path (with the language prefix), the raw query
string, the language and the 长者模式 cookie (``display_mode``). Each entry
records the versions of the tags it depends on (disclosure/cache.py) and is
served only while they are current, so a publication is visible at once on
every worker and host. Responses carry ETag and Last-Modified and answer
conditional requests with 304. With the cache unreachable, pages are rendered
as if there were no cache.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from .cache import (
    LISTS,
    SHELL,
    WRITES,
    _fresh_version,
    page_cache,
    tag_versions,
)

logger = logging.getLogger(__name__)

KEY_PREFIX = "pagecache:page:"
DOWN_SECONDS = 5
CACHEABLE_TYPES = ("text/html", "application/json")
UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache", "max-age=0")
# Headers the outer middleware sets again on every response (security, CSP).
SKIPPED_HEADERS = {"set-cookie", "vary", "etag", "last-modified", "x-page-cache"}


def _setting(name, default):
    return getattr(settings, name, default)


def add_page_cache_tags(request, *tags):
    """Views and pages name what their answer depends on besides SHELL."""
    found = getattr(request, "page_cache_tags", None)
    if found is not None:
        found.update(tags)


def self_contained(request, *tags):
    """The answer depends on ``tags`` (and SHELL) only, not on LISTS."""
    found = getattr(request, "page_cache_tags", None)
    if found is not None:
        found.discard(LISTS)
        found.update(tags)


def skip_page_cache(request):
    """This answer is never stored (a form, per-visitor content)."""
    request.page_cache_skip = True


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    # -- deciding ----------------------------------------------------------

    def eligible(self, request):
        if not _setting("PAGE_CACHE_ENABLED", True):
            return False
        if request.method not in ("GET", "HEAD"):
            return False
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        path = request.path_info
        if any(path.startswith(prefix) for prefix in _setting("PAGE_CACHE_SKIP", ())):
            return False
        allowed = set(_setting("PAGE_CACHE_COOKIES", ()))
        return all(name in allowed for name in request.COOKIES)

    def key(self, request):
        host = request.get_host().lower()
        path = request.path_info
        language = get_language_from_path(path) or settings.LANGUAGE_CODE
        mode = request.COOKIES.get("display_mode", "")
        raw = "\n".join(
            [host, path, request.META.get("QUERY_STRING", ""), language, mode]
        )
        return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()

    def storable(self, request, response):
        if getattr(request, "page_cache_skip", False):
            return False
        if request.method != "GET" or response.status_code != 200:
            return False
        if response.streaming or response.cookies or response.has_header("Set-Cookie"):
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get(
            "CSRF_COOKIE_USED"
        ):
            return False
        session = getattr(request, "session", None)
        if session is not None and (session.modified or not session.is_empty()):
            return False
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        if content_type not in CACHEABLE_TYPES:
            return False
        control = response.get("Cache-Control", "").lower()
        if any(directive in control for directive in UNCACHEABLE_DIRECTIVES):
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
        vary.discard("")
        # Cookie: the only cookies a cached request may carry are keyed or
        # change nothing; the language comes from the path.
        return vary <= {"cookie", "accept-language", "accept-encoding"}

    # -- serving -----------------------------------------------------------

    # Set when the cache did not answer: for a few seconds pages are rendered
    # without asking it (a hanging Redis would cost its timeout per request).
    down_until = 0.0

    def __call__(self, request):
        if not self.eligible(request) or time.monotonic() < self.down_until:
            return self.get_response(request)
        key = self.key(request)
        store = page_cache()
        try:
            found = store.get_many([key, WRITES])
            entry = found.get(key)
            if entry is not None:
                current = store.get_many(list(entry["tags"]))
                if all(current.get(k) == v for k, v in entry["tags"].items()):
                    return self.respond(request, entry, "hit")
            writes = found.get(WRITES)
            if writes is None:
                store.add(WRITES, _fresh_version(), None)
                writes = store.get(WRITES)
            if writes is None:
                raise ConnectionError("the page cache keeps nothing")
        except Exception:
            logger.warning("Page cache unavailable", exc_info=True)
            self.down_until = time.monotonic() + DOWN_SECONDS
            return self.get_response(request)

        request.page_cache_tags = {SHELL, LISTS}
        response = self.get_response(request)
        if not self.storable(request, response):
            return response
        entry = {
            "status": response.status_code,
            "content": response.content,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in SKIPPED_HEADERS
            ],
            "etag": f'"{hashlib.md5(response.content).hexdigest()}"',
            "modified": time.time(),
        }
        try:
            versions = tag_versions(sorted(request.page_cache_tags), create=True)
            if versions.pop(WRITES) == writes:
                entry["tags"] = versions
                store.set(key, entry, _setting("PAGE_CACHE_TIMEOUT", 600))
        except Exception:
            logger.warning("Page cache unavailable", exc_info=True)
        self.validators(response, entry, "miss")
        return get_conditional_response(
            request,
            etag=entry["etag"],
            last_modified=int(entry["modified"]),
            response=response,
        )

    def validators(self, response, entry, state):
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["modified"])
        response["X-Page-Cache"] = state
        patch_vary_headers(response, ("Cookie",))

    def respond(self, request, entry, state):
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        self.validators(response, entry, state)
        return get_conditional_response(
            request,
            etag=entry["etag"],
            last_modified=int(entry["modified"]),
            response=response,
        )
