"""文号 (document number) format per GB/T 9704-2012.

A 文号 is the issuer's code, the year in 六角括号〔〕, the serial without 第 or
zero padding, then 号: ``随政办发〔2014〕34号``. Orders (令) keep their own
customary form, ``国务院令第711号``, which carries no year.

``check`` and ``normalise`` judge one metadata value; ``find_mentions`` finds
文号 written inside running text, where the issuer's code has no clear start.

A problem's message is kept in zh-hans (it is stored with review findings and
import reports) and marked with ``gettext_noop`` for the catalogues.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_noop

VALID_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z]{1,20}〔(?:19|20)\d{2}〕[1-9]\d{0,5}号$")
# 令 are numbered without a year: 国务院令第711号, 湖北省人民政府令第400号.
ORDER_RE = re.compile(r"^[\u4e00-\u9fff]{1,20}令第[1-9]\d{0,5}号$")
# Anything that looks like an attempt at a 文号, loosely: issuer, bracketed year,
# optional 第, digits, 号.
_OPEN = r"[〔\[【（(［〖{]|﹝"
_CLOSE = r"[〕\]】）)］〗}]|﹞"
LOOSE_RE = re.compile(
    r"(?P<issuer>[\u4e00-\u9fffA-Za-z]{1,20}?)\s*"
    rf"(?P<open>{_OPEN})\s*(?P<year>(?:19|20)\d{{2}})\s*"
    rf"(?P<close>{_CLOSE})\s*"
    r"(?P<di>第?)\s*(?P<serial>\d{1,6})\s*(?P<hao>号?)"
)
# A 文号 inside running text: up to 12 characters of issuer before the bracket,
# and 号 required so that "(2014)" in a sentence is not taken for one.
MENTION_RE = re.compile(
    r"(?P<issuer>[\u4e00-\u9fffA-Za-z]{1,12})[ \t]*"
    rf"(?:{_OPEN})[ \t]*(?:19|20)\d{{2}}[ \t]*(?:{_CLOSE})[ \t]*"
    r"第?[ \t]*\d{1,6}[ \t]*号"
)
# Words that end the sentence before an issuer's code ("根据随政办发…",
# "印发的国发…"): the code starts after the last of them.
_LEAD_IN_RE = re.compile(
    r".*(?:根据|按照|依据|依照|参照|对照|贯彻|落实|执行|转发|印发|下发|详见|"
    r"通知|文件|意见|办法|方案|规定|决定|精神|要求|报告|批复|"
    r"[的了是为在和及与见即以按据从对由将把被号])"
)


@dataclass(frozen=True)
class DocNumberProblem:
    message: str
    suggestion: str


@dataclass(frozen=True)
class DocNumberMention:
    """A 文号 found in running text; ``problem`` is None when well-formed."""

    start: int
    end: int
    value: str
    problem: DocNumberProblem | None


def normalise(value):
    """Return the GB/T 9704 form of a loosely written 文号, or None."""
    match = LOOSE_RE.fullmatch(value.strip())
    if not match:
        return None
    serial = int(match["serial"])
    if serial == 0:
        return None
    return f"{match['issuer']}〔{match['year']}〕{serial}号"


def check(value):
    """None when ``value`` is a well-formed 文号, else a DocNumberProblem."""
    value = value.strip()
    if VALID_RE.match(value) or ORDER_RE.match(value):
        return None
    fixed = normalise(value)
    if fixed:
        return DocNumberProblem(
            message=gettext_noop(
                "文号“%(number)s”格式不规范，年份应使用六角括号〔〕，"
                "序号不加“第”、不编虚位，并以“号”结尾。"
            )
            % {"number": value},
            suggestion=fixed,
        )
    return DocNumberProblem(
        message=gettext_noop("文号“%(number)s”无法识别，应形如“随政办发〔2014〕34号”。")
        % {"number": value},
        suggestion="",
    )


def find_mentions(text):
    """Yield a DocNumberMention for each 文号 written in ``text``.

    The issuer's code is taken as the run of letters before the bracket, cut
    after a lead-in word such as 根据 or 的; a suggestion therefore replaces
    exactly ``text[start:end]``.
    """
    for match in MENTION_RE.finditer(text):
        issuer = match["issuer"]
        lead_in = _LEAD_IN_RE.match(issuer)
        skip = lead_in.end() if lead_in else 0
        if skip >= len(issuer):
            continue
        start = match.start() + skip
        value = text[start : match.end()]
        yield DocNumberMention(start, match.end(), value, check(value))
