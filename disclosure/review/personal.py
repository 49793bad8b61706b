"""Personal data in text: the one detector behind both the review checks
(which block on what it finds) and the mailbox's masking (which hides exactly
what it finds).

How a text is read:

1. :func:`fold` maps full-width digits and letters (``１３９``), full-width
   and typographic dashes, dots and spaces to their ASCII forms, one character
   for one, so a span in the folded text is the same span in the original.
2. :func:`protected_spans` (文号, 索引号, dates, amounts, landlines, URLs,
   labelled organisation codes) are blanked out: their digits are not
   personal data.
3. Runs of digit groups joined by single separators (spaces, ``-``, ``.``,
   an optional ``+86``/``86``/``(+86)`` prefix) are read group by group: a
   stretch of groups whose digits form an ID number, a mobile number or a bank
   card is a finding, unless it is only a stretch of a longer list of numbers
   written the same way (a statistics table).
4. House-level addresses (:mod:`.addresses`): ``…村3组12号``, ``5栋2单元301室``
   and streets with a number (``神农大道88号``, ``解放路12-3号``), except an
   organisation's (``办公地址：…``, ``…88号政务服务中心``).

ID numbers are findings when they are ID-shaped (a valid province code and a
plausible birth date), whatever their check digit: people mistype them, and a
mistyped ID is still someone's.
"""

import datetime
import itertools
import re
from dataclasses import dataclass

from django.utils.translation import gettext_noop
from stdnum import luhn

from . import data
from .addresses import find_addresses
from .links import find_links

ID_NUMBER = "id-number"
MOBILE_NUMBER = "mobile-number"
BANK_CARD = "bank-card"
HOME_ADDRESS = "home-address"
RULES = (ID_NUMBER, MOBILE_NUMBER, BANK_CARD, HOME_ADDRESS)

# Stored with the findings as written here (zh-hans); marked for the catalogues.
MESSAGES = {
    ID_NUMBER: gettext_noop(
        "发现未脱敏的居民身份证号码，公开前应删除或隐去部分数字"
        "（如“420321********1234”）。"
    ),
    MOBILE_NUMBER: gettext_noop(
        "发现未脱敏的手机号码，公开前应删除或隐去中间四位（如“138****1234”）。"
    ),
    BANK_CARD: gettext_noop(
        "发现疑似未脱敏的银行卡号，公开前应删除或隐去部分数字（如“6222********1234”）。"
    ),
    HOME_ADDRESS: gettext_noop(
        "发现疑似精确到门牌的个人住址，公开时应只保留到乡镇（村）一级。"
    ),
}


@dataclass(frozen=True)
class Span:
    """One piece of personal data: ``text[start:end]`` of the original text."""

    rule: str
    start: int
    end: int


# --------------------------------------------------------------------------
# Folding: one character for one.

_FOLD = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}  # ０-９
_FOLD.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FOLD.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FOLD.update({ord(c): "-" for c in "‐‑‒–—―−﹘﹣－"})
_FOLD.update({ord(c): "." for c in "．·・"})
_FOLD.update({ord(c): " " for c in "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007"})
_FOLD.update({ord(c): " " for c in "\u2008\u2009\u200a\u200b\u202f\u205f\u3000"})
_FOLD.update({ord("＋"): "+", ord("（"): "(", ord("）"): ")", ord("／"): "/"})


def fold(text):
    """``text`` with full-width and typographic digits, letters, dashes, dots
    and spaces in their ASCII form; same length, same positions."""
    return text.translate(_FOLD)


# --------------------------------------------------------------------------
# Spans whose digits are not personal data.

# Digits are "alone" when not touching other letters/digits or a decimal part.
_B = r"(?<![0-9A-Za-z])(?<!\d\.)"
_E = r"(?![0-9A-Za-z])(?!\.\d)"

_PROTECTED_RES = [
    # 文号 from the bracket on, any style: 〔2014〕34号, [2014]第034号
    re.compile(
        r"[〔\[【（(［〖{﹝][ \t]*(?:19|20)\d{2}[ \t]*"
        r"[〕\]】）)］〗}﹞][ \t]*第?[ \t]*\d{1,6}[ \t]*号"
    ),
    # 索引号: unit code / year - serial (011035847/2014-00034, 18-char codes)
    re.compile(_B + r"[0-9A-Za-z][0-9A-Za-z-]{5,19}/(?:19|20)\d{2}-\d{1,6}(?!\d)"),
    # organisation codes with their label (not 纳税人识别号 or 编号, which may
    # be a person's ID number)
    re.compile(
        r"(?:统一社会信用代码|信用代码|组织机构代码|机构代码|注册号|索引号)"
        r"[:：\s]*[0-9A-Za-z/-]{6,30}"
    ),
    # dates: 2014年11月20日, 2014-11-20, 2014/11/20, 2014.11.20, 20141120
    re.compile(r"(?<!\d)(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?"),
    re.compile(
        r"(?<!\d)(?:19|20)\d{2}([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])"
        r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?(?!\d)"
    ),
    # (not the middle group of a grouped ID number: 420321 19800101 1231)
    re.compile(
        _B + r"(?<!\d[ .-])(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
        r"(?:\d{6})?(?!\d)(?![ .-]\d)"
    ),
    # amounts: 12,345,678元, 1234567.89元, ￥1,234, 3.5万元
    re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])"),
    # (a space only before currency: "13812345678 户主" in a table row is a
    # phone number next to a column value, not a quantity)
    re.compile(
        r"(?<![0-9A-Za-z.])\d+(?:\.\d+)?(?:[ \t]?(?:元|万元|亿元|美元)|"
        r"万|亿|平方米|亩|公顷|吨|千克|公斤|公里|千米|米|人次|户|人|个|件|份|次|条)"
    ),
    re.compile(r"[¥￥]\s*\d[\d,]*(?:\.\d+)?"),
    # landlines: 0722-4321234, (0722)4321234, 0722 4321234 转 801, 400-123-4567
    # (an area code never starts with 00: 0086 is the country code)
    re.compile(
        _B + r"(?:[(（]0[1-9]\d{1,2}[)）][ -]?|0[1-9]\d{1,2}[ -])\d{7,8}"
        r"(?:[-转]\d{1,6})?(?!\d)"
    ),
    re.compile(_B + r"[48]00[ -]?\d{3}[ -]?\d{4}" + _E),
]


def protected_spans(text):
    """Sorted, merged ``(start, end)`` spans of 文号, 索引号, dates, amounts,
    landlines, URLs and labelled codes, whose digits are not personal data."""
    return _protected(fold(text))


def mask_protected(text, fill="#"):
    """``text`` with the protected spans overwritten, same length."""
    return _masked(text, fold(text), fill)


def _masked(text, folded, fill="#"):
    pieces, last = [], 0
    for start, end in _protected(folded):
        pieces.append(text[last:start])
        pieces.append(fill * (end - start))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _protected(folded):
    spans = []
    for regex in _PROTECTED_RES:
        spans.extend(m.span() for m in regex.finditer(folded))
    spans.extend((start, end) for start, end, _url in find_links(folded))
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


# --------------------------------------------------------------------------
# Numbers.

# A run of digit groups joined by one separator each (1–3 spaces, or a dash
# or dot with at most a space either side), with an optional "+" or "(+86)"
# before it and an X closing an ID number.
_SEP = r"(?:[ \t]{1,3}|[ \t]?[-.][ \t]?)"
_RUN_RE = re.compile(
    r"(?<![0-9A-Za-z])(?<![0-9A-Za-z][.-])"
    r"(?P<lead>\([ \t]?\+?(?:00)?86[ \t]?\)[ \t]?|\+)?"
    r"\d++(?:" + _SEP + r"\d+)*+[Xx]?"
    r"(?![0-9A-Za-z])(?![.-][0-9A-Za-z])"
)
_GROUP_RE = re.compile(r"\d+[Xx]?")
_PREFIXES = ("86", "0086")
# The longest stretch worth reading: a 19-digit card, or 0086 + 11 digits.
_MAX_DIGITS = 19
_MOBILE_GROUPS = {(11,), (3, 4, 4), (3, 8), (7, 4)}
_MOBILE_RE = re.compile(r"1[3-9]\d{9}")


def _plausible_birth(year, month, day):
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        return False
    return datetime.date(1890, 1, 1) <= born <= datetime.date.today()


def _region(digits):
    return digits[:2] in data.PROVINCE_CODES and digits[2:6] != "0000"


def looks_like_id(value):
    """True for an ID-shaped 18- or 15-digit number (separators ignored): a
    valid province code and a plausible birth date. The check digit is not
    asked for: a mistyped ID number is still a person's."""
    digits = re.sub(r"[^0-9Xx]", "", value).upper()
    if len(digits) == 18 and digits[:17].isdigit():
        return _region(digits) and _plausible_birth(
            int(digits[6:10]), int(digits[10:12]), int(digits[12:14])
        )
    if len(digits) == 15 and digits.isdigit():
        return _region(digits) and _plausible_birth(
            1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
        )
    return False


def _sep_kind(sep):
    return "-" if "-" in sep else "." if "." in sep else " "


def _id_grouping(sizes):
    if len(sizes) == 1:
        return True
    if sum(sizes) == 15:
        return sizes == (6, 6, 3)
    return len(sizes) <= 6 and all(2 <= size <= 8 for size in sizes)


def _card_grouping(sizes):
    if len(sizes) == 1:
        return True
    return all(size == 4 for size in sizes[:-1]) and 1 <= sizes[-1] <= 4


def _entity(groups, kinds, i, j, lead):
    """The rule matching groups i..j of a run, with their span, or None."""
    prefix = 0
    if j > i and groups[i][2] in _PREFIXES:
        prefix = 1
    inner = kinds[i + prefix : j]
    if len(set(inner)) > 1:
        return None
    kind = inner[0] if inner else None
    # A grouped number is not a stretch of a longer list written alike; a
    # lone number is not the integer or fraction part of a decimal (or the
    # end of a dashed code).
    for side in (i - 1, j):
        if 0 <= side < len(kinds):
            joined = kinds[side]
            if joined == kind or (kind is None and joined != " "):
                return None
    body = "".join(g[2] for g in groups[i + prefix : j + 1])
    sizes = tuple(len(g[2]) for g in groups[i + prefix : j + 1])
    start = groups[i][0] - (len(lead) if i == 0 and lead else 0)
    end = groups[j][1]
    if not prefix and (len(body) in (15, 18)) and _id_grouping(sizes):
        if looks_like_id(body):
            return Span(ID_NUMBER, start, end)
    if not body.isdigit():
        return None
    if (
        not prefix
        and 16 <= len(body) <= 19
        and body[0] in "34569"
        and _card_grouping(sizes)
        and luhn.is_valid(body)
    ):
        return Span(BANK_CARD, start, end)
    mobile = body
    if len(sizes) == 1 and (lead or len(body) == 13):
        # +8613812345678 or 8613812345678 as one group
        for code in _PREFIXES:
            if body.startswith(code) and len(body) == len(code) + 11:
                mobile, sizes = body[len(code) :], (11,)
    if len(mobile) == 11 and sizes in _MOBILE_GROUPS and _MOBILE_RE.fullmatch(mobile):
        return Span(MOBILE_NUMBER, start, end)
    return None


def _numbers(masked):
    for run in _RUN_RE.finditer(masked):
        lead = run["lead"] or ""
        groups = [
            (m.start(), m.end(), m.group().upper())
            for m in _GROUP_RE.finditer(masked, run.start() + len(lead), run.end())
        ]
        if sum(len(g[2]) for g in groups) < 11:
            continue
        kinds = [_sep_kind(masked[a[1] : b[0]]) for a, b in itertools.pairwise(groups)]
        i = 0
        while i < len(groups):
            ends, total = [], 0
            for j in range(i, len(groups)):
                total += len(groups[j][2])
                if total > _MAX_DIGITS + 4:
                    break
                ends.append(j)
            for j in reversed(ends):
                found = _entity(groups, kinds, i, j, lead if i == 0 else "")
                if found:
                    yield found
                    i = j
                    break
            i += 1


# --------------------------------------------------------------------------
# Putting it together.


def find(text):
    """The personal data in ``text``: :class:`Span` objects sorted by start,
    never overlapping. Spans are positions in ``text`` as given."""
    if not text:
        return []
    found = []
    has_digits = any(c.isdigit() for c in text)
    if has_digits or "号" in text or "室" in text:
        folded = fold(text)
        masked = _masked(folded, folded) if has_digits else folded
        if has_digits:
            found.extend(_numbers(masked))
        found.extend(
            Span(HOME_ADDRESS, start, end) for start, end in find_addresses(masked)
        )
    found.sort(key=lambda s: (s.start, -s.end))
    spans = []
    for span in found:
        if spans and span.start < spans[-1].end:
            continue  # inside (or across) an earlier finding: already covered
        spans.append(span)
    return spans
