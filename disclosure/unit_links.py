"""Links that other channels add to a unit's column and guide (e.g. the
online application form of 依申请公开), through the Wagtail hook
``register_unit_service_links``: disclosure imports none of those apps.

A hook function takes ``(unit, request)`` and returns a list of dicts with
``label``, ``url`` and optionally ``description``; it must run a bounded
number of queries (the pages that show the links are counted)."""

from wagtail import hooks

HOOK = "register_unit_service_links"


def for_unit(unit, request=None):
    links = []
    for hook in hooks.get_hooks(HOOK):
        links.extend(hook(unit, request) or [])
    return links
