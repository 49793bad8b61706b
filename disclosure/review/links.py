"""Finding links in text or HTML, and checking whether they are alive.

Internal links (site-relative, or on one of the site's own hosts) are checked
at review time by a callable the caller supplies; external links are handed to
a background task, which calls :func:`check_external_link` for each.
"""

import html
import re
from urllib.parse import urlsplit

# Absolute http(s) URLs: RFC 3986 characters only, so a URL ends at the first
# Chinese character or full-width punctuation mark.
_URL_RE = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+", re.IGNORECASE)
# href/src attributes; their value may be site-relative.
_ATTR_RE = re.compile(
    r"""\b(?:href|src)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""", re.IGNORECASE
)
_TRAILING = ".,;:!?'"


def _trim(url):
    """Drop sentence punctuation and an unbalanced closing bracket."""
    while url:
        last = url[-1]
        if last in _TRAILING:
            url = url[:-1]
        elif last == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        elif last == "]" and url.count("[") < url.count("]"):
            url = url[:-1]
        else:
            break
    return url


def find_links(text):
    """Return ``[(start, end, url)]`` for the http(s) and site-relative links.

    Site-relative links are only taken from ``href``/``src`` attributes (a bare
    "/" in prose is not a link). Protocol-relative ``//host/path`` becomes
    ``https://host/path``. HTML entities in attribute values are unescaped in
    ``url``; ``start``/``end`` always delimit the text as written.
    """
    found = {}
    for match in _ATTR_RE.finditer(text):
        group = "dq" if match["dq"] is not None else "sq"
        raw = match[group]
        start = match.start(group)
        stripped = raw.strip()
        if not stripped:
            continue
        start += len(raw) - len(raw.lstrip())
        end = start + len(stripped)
        url = html.unescape(stripped)
        if url.startswith("//"):
            url = "https:" + url
        elif url.startswith("/"):
            pass
        elif not url.lower().startswith(("http://", "https://")):
            continue
        found[start] = (start, end, url)
    for match in _URL_RE.finditer(text):
        if match.start() in found or any(
            s <= match.start() < e for s, e, _u in found.values()
        ):
            continue
        url = _trim(match.group())
        if len(url) <= len("https://"):
            continue
        found[match.start()] = (
            match.start(),
            match.start() + len(url),
            html.unescape(url),
        )
    return sorted(found.values())


def is_internal(url, internal_hosts=()):
    """True for site-relative links and links to one of ``internal_hosts``."""
    if url.startswith("/") and not url.startswith("//"):
        return True
    host = (urlsplit(url).hostname or "").lower()
    return host in {h.lower() for h in internal_hosts}


def split_links(text, internal_hosts=()):
    """``(internal, external)`` lists of ``(start, end, url)`` found in text."""
    internal, external = [], []
    for link in find_links(text):
        (internal if is_internal(link[2], internal_hosts) else external).append(link)
    return internal, external


def external_links(text, internal_hosts=()):
    """The links a background task should check with check_external_link."""
    return split_links(text, internal_hosts)[1]


def check_external_link(url, timeout=5):
    """True if ``url`` answers with a status below 400.

    Tries HEAD first (following redirects) and falls back to a streamed GET
    when HEAD fails or is refused, since many servers mishandle HEAD. Network
    errors count as dead. Only http and https are checked.
    """
    import requests

    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return False
    headers = {"User-Agent": "govsite-link-check/1.0"}
    try:
        response = requests.head(
            url, allow_redirects=True, timeout=timeout, headers=headers
        )
        if response.status_code < 400:
            return True
    except (requests.RequestException, ValueError):
        pass
    try:
        with requests.get(
            url, allow_redirects=True, timeout=timeout, headers=headers, stream=True
        ) as response:
            return response.status_code < 400
    except (requests.RequestException, ValueError):
        return False
