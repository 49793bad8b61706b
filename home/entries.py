"""The home page's direct entries (政府信息公开, the mailboxes, 在线调查,
依申请公开, search). Channels living in other apps offer theirs through the
``register_home_entries`` hook: each function takes the request and returns a
list of ``{"label": …, "url": …}``; home imports none of those apps."""

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Locale

from disclosure.cache import content_version
from disclosure.models import DisclosureIndexPage

HOOK = "register_home_entries"
TIMEOUT = 600


def quick_entries(request, site):
    """Cached until the content changes: the look-ups walk page types."""
    key = f"home-entries:{site.pk}:{translation.get_language()}:{content_version()}"
    entries = cache.get(key)
    if entries is None:
        entries = []
        index = (
            DisclosureIndexPage.objects.live()
            .filter(locale=Locale.get_active())
            .first()
        )
        if index is not None:
            entries.append({"label": index.title, "url": index.get_url(request)})
        for hook in hooks.get_hooks(HOOK):
            entries += hook(request)
        entries.append({"label": _("站内搜索"), "url": reverse("search")})
        cache.set(key, entries, TIMEOUT)
    return entries
