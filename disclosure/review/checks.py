"""Automated review of text before it is published (保密审查, 规范性审查).

Rules and their severities (``Finding.rule``):

=====================  ========  ==============================================
rule                   severity  what it finds
=====================  ========  ==============================================
``secret-mark``        block     密级 + ★ + period (秘密★1年, 机密★长期,
                                 绝密★启用前) and "密级：机密"
``id-number``          block     18-digit 居民身份证号 with a valid ISO 7064
                                 MOD 11-2 check digit, and the 15-digit old form
``mobile-number``      block     mobile numbers 1[3-9] + 9 digits
``bank-card``          block     16–19 digits passing Luhn (UnionPay and
                                 international prefixes 3–6, 9)
``home-address``       block     house-level addresses (…村3组12号, 5栋2单元301室)
``doc-number-format``  warn      a 文号 in the text not in GB/T 9704 form; the
                                 same problem in the 文号 metadata field blocks
                                 (see :func:`check_metadata`), since the field
                                 is what the catalogue publishes
``fixed-name``         block     a wrong form of a fixed name (country,
                                 institution, leader titles)
``typo``               warn      a known typo
``dead-link``          warn      an internal link the link checker says is dead
``metadata-missing``   block     a required catalogue field is missing or
                                 invalid (warn: 已废止/已失效 without the
                                 replacing item)
=====================  ========  ==============================================

Personal-data rules run over a copy of the text in which 文号, 索引号, dates,
amounts, landline numbers, URLs and labelled organisation codes are blanked
out (:func:`protected_spans`), so their digits never look like an ID or a
phone number. De-identified forms (``138****1234``) never match, since the
rules need the full run of digits.

For many small texts (the cells of a spreadsheet), build one :class:`Reviewer`
and call :meth:`Reviewer.check_parts`; :func:`run_checks` is the one-off form.
"""

import bisect
import datetime
import functools
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import ahocorasick
from stdnum import luhn
from stdnum.iso7064 import mod_11_2

from .. import docnumber
from . import data
from .links import find_links, is_internal

BLOCK = "block"
WARN = "warn"

EXCERPT_CONTEXT = 10


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    start: int
    end: int
    excerpt: str
    message: str
    suggestion: str = ""
    source: str = "正文"

    @property
    def blocks(self):
        return self.severity == BLOCK

    def as_dict(self):
        return asdict(self)


def excerpt(text, start, end, context=EXCERPT_CONTEXT):
    """The matched text with up to ``context`` characters either side."""
    left = max(0, start - context)
    right = min(len(text), end + context)
    snippet = text[left:right]
    snippet = re.sub(r"\s+", " ", snippet.replace("\x00", " "))
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")


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
    # (not the middle group of a spaced ID number: 420321 19800101 1231)
    re.compile(
        _B + r"(?<!\d )(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
        r"(?:\d{6})?(?!\d)(?! \d)"
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
    re.compile(
        _B + r"(?:[(（]0\d{2,3}[)）][ -]?|0\d{2,3}[ -])\d{7,8}(?:[-转]\d{1,6})?(?!\d)"
    ),
    re.compile(_B + r"[48]00[ -]?\d{3}[ -]?\d{4}" + _E),
]


def protected_spans(text):
    """Sorted, merged ``(start, end)`` spans of 文号, 索引号, dates, amounts,
    landlines, URLs and labelled codes, whose digits are not personal data."""
    spans = []
    for regex in _PROTECTED_RES:
        spans.extend(m.span() for m in regex.finditer(text))
    spans.extend((start, end) for start, end, _url in find_links(text))
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def mask_protected(text, fill="#"):
    """``text`` with the protected spans overwritten, same length."""
    pieces, last = [], 0
    for start, end in protected_spans(text):
        pieces.append(text[last:start])
        pieces.append(fill * (end - start))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


# --------------------------------------------------------------------------
# Personal data.

_SECRET_RE = re.compile(
    r"(?:绝[ \t]*密|机[ \t]*密|秘[ \t]*密)[ \t]*[★☆][ \t]*"
    r"(?:长期|启用前|[0-9一二三四五六七八九十两〇零]{1,4}[ \t]*(?:年|个月|月))?"
    r"|密[ \t]*级[ \t]*[:：][ \t]*(?:绝密|机密|秘密)"
)
_DATE = r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_ID18_RE = re.compile(_B + r"[1-9]\d{5} ?" + _DATE + r" ?\d{3}[0-9Xx]" + _E)
_ID15_RE = re.compile(
    _B + r"[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}" + _E
)
_MOBILE_RE = re.compile(
    _B + r"(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?P<sep>[ -]?)\d{4}(?P=sep)\d{4}" + _E
)
_CARD_RE = re.compile(
    _B + r"(?:[3-69]\d{15,18}"
    r"|[3-69]\d{3}(?P<sep>[ -])\d{4}(?P=sep)\d{4}(?P=sep)\d{4}(?:(?P=sep)\d{1,3})?)"
    + _E
)
_NUMERAL = r"(?:\d{1,4}|[一二三四五六七八九十]{1,3})"
# Matched from the village keyword on (cheap); the village name before it is
# added afterwards, see _address_start.
_ADDRESS_RE = re.compile(
    r"(?P<village>村|社区)[\u4e00-\u9fff]{0,4}?"
    + _NUMERAL
    + r"组"
    + _NUMERAL
    + r"号"
    + r"|(?<!\d)\d{1,3}(?:栋|幢|号楼)\d{1,2}单元\d{1,4}(?:室|号)?"
    + r"|(?<!\d)\d{1,3}(?:栋|幢|号楼)\d{3,4}室"
    + r"|(?<!\d)\d{1,2}单元\d{3,4}室"
)
# The village name starts after the township or a word like 住址.
_ADDRESS_LEAD_IN_RE = re.compile(r".*(?:镇|乡|街道|场|址|住|在|于|是|为|的)(?=.)")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def _address_start(text, match):
    """Start of the address: up to 6 characters of village name before 村."""
    start = match.start()
    if match["village"] is None:
        return start
    floor = max(0, start - 6)
    while start > floor and _CJK_RE.match(text[start - 1]):
        start -= 1
    lead_in = _ADDRESS_LEAD_IN_RE.match(text, start, match.start())
    return lead_in.end() if lead_in else start


def _plausible_birth(year, month, day):
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        return False
    return datetime.date(1890, 1, 1) <= born <= datetime.date.today()


def is_id_number(value):
    """True for a plausible 18- or 15-digit 居民身份证号 (spaces ignored)."""
    value = value.replace(" ", "").upper()
    if value[:2] not in data.PROVINCE_CODES:
        return False
    if len(value) == 18:
        if not _plausible_birth(int(value[6:10]), int(value[10:12]), int(value[12:14])):
            return False
        return mod_11_2.is_valid(value)
    if len(value) == 15 and value.isdigit():
        year = 1900 + int(value[6:8])
        return _plausible_birth(year, int(value[8:10]), int(value[10:12]))
    return False


def _looks_like_id(digits):
    """An 18-digit run shaped like an ID (region and birth date), any check
    digit: a mistyped ID is not taken for a bank card."""
    return (
        len(digits) == 18
        and digits[:2] in data.PROVINCE_CODES
        and _plausible_birth(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
    )


_NUMBER_BEFORE_RE = re.compile(r"\d[ -]")
_NUMBER_AFTER_RE = re.compile(r"[ -]\d")


def _in_number_list(text, match):
    """True when a grouped match ("138 1234 5678") is only a stretch of a
    longer list of numbers, as in a statistics table ("12 138 1234 5678")."""
    if not match["sep"]:
        return False
    start, end = match.span()
    return bool(
        _NUMBER_BEFORE_RE.match(text, max(0, start - 2), start)
        or _NUMBER_AFTER_RE.match(text, end, end + 2)
    )


def _personal_data(text, masked):
    found = []
    taken = []

    def overlaps(start, end):
        return any(s < end and start < e for s, e in taken)

    for regex in (_ID18_RE, _ID15_RE):
        for m in regex.finditer(masked):
            if is_id_number(m.group()):
                found.append(
                    (
                        "id-number",
                        BLOCK,
                        m.start(),
                        m.end(),
                        "发现未脱敏的居民身份证号码，公开前应删除或隐去部分数字"
                        "（如“420321********1234”）。",
                        "",
                    )
                )
                taken.append(m.span())
    for m in _CARD_RE.finditer(masked):
        digits = re.sub(r"[ -]", "", m.group())
        if (
            overlaps(*m.span())
            or _in_number_list(masked, m)
            or _looks_like_id(digits)
            or not luhn.is_valid(digits)
        ):
            continue
        found.append(
            (
                "bank-card",
                BLOCK,
                m.start(),
                m.end(),
                "发现疑似未脱敏的银行卡号，公开前应删除或隐去部分数字"
                "（如“6222********1234”）。",
                "",
            )
        )
        taken.append(m.span())
    for m in _MOBILE_RE.finditer(masked):
        if overlaps(*m.span()) or _in_number_list(masked, m):
            continue
        found.append(
            (
                "mobile-number",
                BLOCK,
                m.start(),
                m.end(),
                "发现未脱敏的手机号码，公开前应删除或隐去中间四位（如“138****1234”）。",
                "",
            )
        )
    for m in _ADDRESS_RE.finditer(masked):
        found.append(
            (
                "home-address",
                BLOCK,
                _address_start(masked, m),
                m.end(),
                "发现疑似精确到门牌的个人住址，公开时应只保留到乡镇（村）一级。",
                "",
            )
        )
    return found


def _secret_marks(text):
    for m in _SECRET_RE.finditer(text):
        yield (
            "secret-mark",
            BLOCK,
            m.start(),
            m.end(),
            f"发现密级标志“{m.group()}”，涉密信息不得公开，请核实并按保密规定处理。",
            "",
        )


def _doc_numbers(text):
    for mention in docnumber.find_mentions(text):
        if mention.problem is None:
            continue
        yield (
            "doc-number-format",
            WARN,
            mention.start,
            mention.end,
            mention.problem.message,
            mention.problem.suggestion,
        )


# --------------------------------------------------------------------------
# Word lists (typos and fixed names), matched in one Aho–Corasick pass.


def _pairs(mapping_or_pairs):
    if mapping_or_pairs is None:
        return ()
    if isinstance(mapping_or_pairs, Mapping):
        return tuple(mapping_or_pairs.items())
    return tuple(tuple(pair) for pair in mapping_or_pairs)


class WordList:
    """Typos (wrong → right) and fixed names (right, [wrongs]) as one automaton.

    Matching is leftmost-longest and linear in the length of the text whatever
    the number of entries. A typo whose right form is None or equal to itself
    is a known-good phrase: it wins over shorter wrong entries inside it.
    """

    def __init__(self, typos=(), fixed_names=()):
        self.automaton = ahocorasick.Automaton()
        entries = {}
        for wrong, right in _pairs(typos):
            if wrong:
                good = right is None or right == wrong
                entries[wrong] = None if good else ("typo", right)
        for right, wrongs in _pairs(fixed_names):
            if isinstance(wrongs, str):
                wrongs = [wrongs]
            for wrong in wrongs:
                if wrong and wrong != right:
                    entries[wrong] = ("fixed-name", right)
            # The correct form shields itself from shorter wrong entries.
            entries.setdefault(right, None)
        for word, value in entries.items():
            self.automaton.add_word(word, (word, value))
        self.empty = not entries
        if not self.empty:
            self.automaton.make_automaton()

    def matches(self, text):
        if self.empty:
            return
        for end, (word, value) in self.automaton.iter_long(text):
            if value is None:
                continue
            rule, right = value
            start = end - len(word) + 1
            if rule == "typo":
                yield (
                    "typo",
                    WARN,
                    start,
                    end + 1,
                    f"疑似错别字“{word}”，应为“{right}”。",
                    right,
                )
            else:
                yield (
                    "fixed-name",
                    BLOCK,
                    start,
                    end + 1,
                    f"固定名称“{word}”有误，应为“{right}”。",
                    right,
                )


@functools.lru_cache(maxsize=16)
def _word_list(typos, fixed_names):
    return WordList(typos, fixed_names)


def word_list(typos=None, fixed_names=None):
    """A (cached) WordList; None means the shipped defaults in data.py."""
    typos = _pairs(data.DEFAULT_TYPOS if typos is None else typos)
    fixed = data.DEFAULT_FIXED_NAMES if fixed_names is None else fixed_names
    fixed = tuple(
        (right, (wrongs,) if isinstance(wrongs, str) else tuple(wrongs))
        for right, wrongs in _pairs(fixed)
    )
    return _word_list(typos, fixed)


# --------------------------------------------------------------------------
# Metadata.

_FIELDS = {
    "title": ("名称", ("title", "名称")),
    "unit": ("发布机构", ("unit", "unit_id", "发布机构")),
    "formed_on": ("成文日期", ("formed_on", "成文日期")),
    "category": ("信息类别", ("category", "category_id", "信息类别")),
}
_DOC_NUMBER_KEYS = ("document_number", "doc_number", "文号")
_VALIDITY_KEYS = ("validity", "有效性")
_REPLACED_KEYS = (
    "replaced_by",
    "replaced_by_id",
    "替代文件",
    "validity_note",
    "有效性说明",
)
_VALIDITY = {
    "valid": "有效",
    "amended": "已修改",
    "repealed": "已废止",
    "expired": "已失效",
}


def _get(metadata, keys):
    """The first non-blank value under one of ``keys``."""
    for key in keys:
        if not _blank(metadata.get(key)):
            return metadata[key]
    return None


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def check_metadata(metadata, *, source="目录信息"):
    """Findings for the catalogue fields of one item.

    ``metadata`` uses the DisclosureItemPage field names (title, unit,
    formed_on, category, document_number, validity, replaced_by) or the
    Chinese labels (名称, 发布机构, …). Missing required fields block as
    ``metadata-missing``; a malformed 文号 blocks as ``doc-number-format``
    with the GB/T 9704 form as suggestion; 已废止/已失效 without a replacing
    item (or a ``validity_note``) warns as ``metadata-missing``. Spans are
    within the field's value.
    """
    findings = []
    for label, keys in _FIELDS.values():
        value = _get(metadata, keys)
        if _blank(value):
            findings.append(
                Finding(
                    "metadata-missing",
                    BLOCK,
                    0,
                    0,
                    "",
                    f"缺少必填的目录信息“{label}”。",
                    "",
                    f"{source}·{label}",
                )
            )
        elif label == "成文日期":
            formed = _as_date(value)
            if formed is None:
                findings.append(
                    Finding(
                        "metadata-missing",
                        BLOCK,
                        0,
                        len(str(value)),
                        str(value),
                        f"成文日期“{value}”无法识别，应为“2014-11-20”格式的日期。",
                        "",
                        f"{source}·{label}",
                    )
                )
            elif formed > datetime.date.today():
                findings.append(
                    Finding(
                        "metadata-missing",
                        BLOCK,
                        0,
                        len(str(value)),
                        str(value),
                        f"成文日期“{formed.isoformat()}”晚于今天。",
                        "",
                        f"{source}·{label}",
                    )
                )
    number = _get(metadata, _DOC_NUMBER_KEYS)
    if not _blank(number):
        number = str(number)
        problem = docnumber.check(number)
        if problem:
            findings.append(
                Finding(
                    "doc-number-format",
                    BLOCK,
                    0,
                    len(number),
                    number,
                    problem.message,
                    problem.suggestion,
                    f"{source}·文号",
                )
            )
    validity = _get(metadata, _VALIDITY_KEYS)
    if not _blank(validity):
        label = _VALIDITY.get(str(validity), str(validity))
        if label in ("已废止", "已失效") and _blank(_get(metadata, _REPLACED_KEYS)):
            findings.append(
                Finding(
                    "metadata-missing",
                    WARN,
                    0,
                    len(label),
                    label,
                    f"有效性为“{label}”，应注明替代文件或失效说明。",
                    "",
                    f"{source}·有效性",
                )
            )
    return findings


# --------------------------------------------------------------------------
# Putting it together.


def _digits(value):
    """The digits (and X) of a number as written: "138-1234-5678" → "13812345678"."""
    value = re.sub(r"[^0-9Xx]", "", str(value)).upper()
    return value[2:] if len(value) == 13 and value.startswith("86") else value


def _internal_hosts_from_settings():
    try:
        from django.conf import settings

        return tuple(getattr(settings, "REVIEW_INTERNAL_HOSTS", ()))
    except Exception:  # settings not configured: plain-Python use
        return ()


class Reviewer:
    """The review rules with their word lists compiled once.

    ``typos`` maps wrong → right; ``fixed_names`` is a list of
    ``(right, [wrong, …])`` pairs (or a dict); None means the defaults in
    data.py, an empty list turns the rule off. ``link_checker(url) -> bool``
    is called for each internal link, as written in the text (site-relative
    path or absolute URL on one of ``internal_hosts``, which defaults to
    settings.REVIEW_INTERNAL_HOSTS); without it links are not checked.
    ``allowed_numbers`` lists numbers published on purpose (a unit's public
    service mobile, say): personal-data findings on them are dropped.
    """

    def __init__(
        self,
        *,
        fixed_names=None,
        typos=None,
        link_checker=None,
        internal_hosts=None,
        allowed_numbers=(),
    ):
        self.words = word_list(typos, fixed_names)
        self.allowed_numbers = frozenset(_digits(n) for n in allowed_numbers)
        self.link_checker = link_checker
        if internal_hosts is None:
            internal_hosts = _internal_hosts_from_settings()
        self.internal_hosts = tuple(internal_hosts)

    def _raw(self, text):
        """Unsorted ``(rule, severity, start, end, message, suggestion)``."""
        found = []
        if not text:
            return found
        has_digits = any(c.isdigit() for c in text)
        if "密" in text:
            found.extend(_secret_marks(text))
        if has_digits:
            personal = _personal_data(text, mask_protected(text))
            if self.allowed_numbers:
                personal = [
                    item
                    for item in personal
                    if _digits(text[item[2] : item[3]]) not in self.allowed_numbers
                ]
            found.extend(personal)
            found.extend(_doc_numbers(text))
        found.extend(self.words.matches(text))
        if self.link_checker is not None:
            for start, end, url in find_links(text):
                if is_internal(url, self.internal_hosts) and not self.link_checker(url):
                    found.append(
                        (
                            "dead-link",
                            WARN,
                            start,
                            end,
                            f"链接“{url}”无法访问，请修改或删除。",
                            "",
                        )
                    )
        return found

    def check(self, text, *, source="正文", metadata=None):
        """Findings in ``text`` (plus ``metadata`` if given), sorted by start."""
        findings = [
            Finding(rule, sev, s, e, excerpt(text, s, e), msg, sugg, source)
            for rule, sev, s, e, msg, sugg in self._raw(text)
        ]
        if metadata is not None:
            findings.extend(check_metadata(metadata))
        return sorted(findings, key=_order)

    def check_parts(self, parts):
        """Check many small texts at once.

        ``parts`` is a sequence of ``(source, text)``; they are joined with a
        separator no rule matches across, checked in one pass, and each
        finding is mapped back to its part: ``source`` is the part's, spans
        are within the part's text. Returns findings in part order.
        """
        parts = [(source, text) for source, text in parts if text]
        if not parts:
            return []
        offsets = []
        position = 0
        for _source, text in parts:
            offsets.append(position)
            position += len(text) + 1
        joined = "\x00".join(text for _source, text in parts)
        keyed = []
        for rule, sev, s, e, msg, sugg in self._raw(joined):
            index = bisect.bisect_right(offsets, s) - 1
            source, text = parts[index]
            start, end = s - offsets[index], min(e - offsets[index], len(text))
            finding = Finding(
                rule, sev, start, end, excerpt(text, start, end), msg, sugg, source
            )
            keyed.append(((index, *_order(finding)), finding))
        keyed.sort(key=lambda pair: pair[0])
        return [finding for _key, finding in keyed]


def _order(finding):
    return (finding.start, finding.end, finding.rule)


def run_checks(
    text,
    *,
    source="正文",
    fixed_names=None,
    typos=None,
    metadata=None,
    link_checker=None,
    internal_hosts=None,
    allowed_numbers=(),
):
    """Review ``text``; returns the findings sorted by start.

    ``typos`` and ``fixed_names`` default to the lists shipped in data.py
    (pass ``()`` to turn a rule off); ``metadata`` adds :func:`check_metadata`;
    see :class:`Reviewer` for ``link_checker``, ``internal_hosts`` and
    ``allowed_numbers``.
    """
    reviewer = Reviewer(
        fixed_names=fixed_names,
        typos=typos,
        link_checker=link_checker,
        internal_hosts=internal_hosts,
        allowed_numbers=allowed_numbers,
    )
    return reviewer.check(text, source=source, metadata=metadata)
