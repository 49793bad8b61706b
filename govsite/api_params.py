"""Checks on the API's query parameters, with errors in Chinese.

Wagtail's API answers 500 for some values (an offset past PostgreSQL's
bigint) and English for others; :class:`CheckedParametersMixin` checks the
ranges first and turns Wagtail's own 400 messages into Chinese. NUL bytes
never get this far (govsite.security.middleware.HostileInputMiddleware)."""

import re

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.api.v2.utils import BadRequestError

#: Offsets beyond this are refused (no catalogue has that many items).
MAX_OFFSET = 1_000_000
#: Longest value accepted for any parameter but ``search`` (whose length the
#: search backend caps).
MAX_VALUE_LENGTH = 500
PAGE_ID_PARAMETERS = ("child_of", "ancestor_of", "descendant_of", "translation_of")
MAX_PAGE_ID = 2**31 - 1


def chinese_message(message):
    """A BadRequestError's message in Chinese: Wagtail's English messages
    translated, ours (already Chinese) kept."""
    for pattern, template in _translations():
        match = pattern.match(message)
        if match:
            return template % match.groupdict()
    if message.isascii():
        return _("请求参数有误（%(detail)s）。") % {"detail": message}
    return message


def _translations():
    return [
        (
            re.compile(
                r"query parameter is not an operation or a recognised field: (?P<names>.*)$"
            ),
            _("不支持的查询参数：%(names)s。"),
        ),
        (
            re.compile(
                r"field filter error\. '(?P<value>.*)' is not a valid value for (?P<name>\w+)"
            ),
            _("参数 %(name)s 的值“%(value)s”无效。"),
        ),
        (
            re.compile(r"random ordering cannot be combined with other fields$"),
            _("随机排序（random）不能与其他排序字段同时使用。"),
        ),
        (
            re.compile(r"random ordering with offset is not supported$"),
            _("随机排序（random）不能与 offset 同时使用。"),
        ),
        (
            re.compile(r"cannot order by '(?P<field>.*)' \("),
            _("不能按“%(field)s”排序。"),
        ),
        (
            re.compile(r"cannot (?:filter|order) by '(?P<field>.*)' while searching"),
            _("搜索时不能按“%(field)s”筛选或排序。"),
        ),
        (re.compile(r"search is disabled$"), _("搜索功能未开启。")),
        (
            re.compile(r"filtering by tag with a search query is not supported$"),
            _("不能同时按标签筛选和搜索。"),
        ),
        (
            re.compile(r"(?P<name>\w+) must be a positive integer$"),
            _("%(name)s 必须是正整数。"),
        ),
        (re.compile(r"\w+ page doesn't exist$"), _("指定的页面不存在。")),
        (
            re.compile(r"filtering by (?P<a>\w+) with (?P<b>\w+) is not supported$"),
            _("%(a)s 不能与 %(b)s 同时使用。"),
        ),
        (re.compile(r"unknown fields: (?P<names>.*)$"), _("未知字段：%(names)s。")),
        (
            re.compile(r"'(?P<name>.*)' does not support nested fields$"),
            _("字段“%(name)s”不支持嵌套字段。"),
        ),
        (re.compile(r"fields error"), _("fields 参数的格式有误。")),
        (re.compile(r"type doesn't exist$"), _("页面类型不存在。")),
    ]


def _integer(request, name, low, high):
    raw = request.GET.get(name)
    if raw is None:
        return
    if not (
        raw.isascii() and raw.isdigit() and len(raw) <= 12 and low <= int(raw) <= high
    ):
        raise BadRequestError(
            _("%(name)s 必须是%(low)s到%(high)s之间的整数。")
            % {"name": name, "low": low, "high": high}
        )


def check_parameters(request):
    """Raise BadRequestError (Chinese) for a parameter outside what the API
    answers."""
    for name, values in request.GET.lists():
        if name != "search" and any(len(v) > MAX_VALUE_LENGTH for v in values):
            raise BadRequestError(_("参数 %(name)s 过长。") % {"name": name[:50]})
    _integer(request, "offset", 0, MAX_OFFSET)
    _integer(request, "limit", 0, getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or 20)
    for name in PAGE_ID_PARAMETERS:
        value = request.GET.get(name)
        if value is not None and value != "root":
            _integer(request, name, 1, MAX_PAGE_ID)
    locale = request.GET.get("locale")
    if locale is not None:
        known = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
        if locale not in known:
            raise BadRequestError(
                _("语言“%(locale)s”不存在，可用的有：%(known)s。")
                % {"locale": locale[:20], "known": "、".join(known)}
            )


class CheckedParametersMixin:
    """For Wagtail API viewsets: parameters checked before any query runs,
    every 400 in Chinese."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_parameters(request)

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            exc = Http404(_("没有找到该页面。"))
        elif isinstance(exc, BadRequestError) and exc.args:
            exc = BadRequestError(chinese_message(str(exc.args[0])))
        return super().handle_exception(exc)
