"""The 长者模式 (large type, high contrast) switch: a cookie the server reads
on every request, so the mode works without JavaScript and each browser
remembers its own choice. The full-page cache keys pages by this cookie."""

from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt

COOKIE = "display_mode"
ELDER = "elder"
NORMAL = "normal"
MAX_AGE = 365 * 24 * 3600


def current(request):
    """The mode this browser asked for: ``elder`` or ``normal``."""
    return ELDER if request.COOKIES.get(COOKIE) == ELDER else NORMAL


def safe_next(request, value):
    """``value`` when it is a path on this site, else the home page: the
    switch must never send a citizen to another host."""
    value = (value or "").strip()
    if (
        value.startswith("/")
        and not value.startswith("//")
        and "\\" not in value
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=False
        )
    ):
        return value
    return "/"


# Only a display preference changes, and cached pages carry no CSRF token.
@csrf_exempt
def switch(request):
    """``?mode=elder`` sets the cookie, any other mode removes it; then back
    to ``next`` (a same-site path)."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    data = request.POST if request.method == "POST" else request.GET
    response = HttpResponseRedirect(safe_next(request, data.get("next")))
    response.status_code = 303
    if data.get("mode") == ELDER:
        response.set_cookie(
            COOKIE,
            ELDER,
            max_age=MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    add_never_cache_headers(response)
    return response
