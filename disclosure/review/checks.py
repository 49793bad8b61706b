"""Automated review of text before it is published (保密审查, 规范性审查).

Rules and their severities (``Finding.rule``):

=====================  ========  ==============================================
rule                   severity  what it finds
=====================  ========  ==============================================
``secret-mark``        block     密级 + ★ + period (秘密★1年, 机密★长期,
                                 绝密★启用前) and "密级：机密"
``id-number``          block     ID-shaped 18-digit 居民身份证号 (province code
                                 and birth date; any check digit, so mistyped
                                 ones too) and the 15-digit old form
``mobile-number``      block     mobile numbers 1[3-9] + 9 digits, also
                                 grouped (139.1234.5678) or with +86
``bank-card``          block     16–19 digits passing Luhn (UnionPay and
                                 international prefixes 3–6, 9)
``home-address``       block     house-level addresses (…村3组12号, 5栋2单元301室,
                                 神农大道88号), not an organisation's
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

The personal-data rules are :mod:`.personal`, the same detector the
mailbox masks with: full-width digits and separators are read like ASCII, and
文号, 索引号, dates, amounts, landline numbers, URLs and labelled organisation
codes are blanked out first (:func:`protected_spans`), so their digits never
look like an ID or a phone number. De-identified forms (``138****1234``) never
match, since the rules need the full run of digits.

At 保密审查 the :data:`CONFIDENTIALITY_RULES` (personal data and secret marks)
cannot be released with a reason: the text is fixed, or the 规范性 reviewer
marks the finding a false positive (see ``review/confidentiality.py``).

For many small texts (the cells of a spreadsheet), build one :class:`Reviewer`
and call :meth:`Reviewer.check_parts`; :func:`run_checks` is the one-off form.

This module holds the text rules and the runner; :class:`Finding` and the
severities are in :mod:`.findings`, the word lists in :mod:`.wording`, the
catalogue metadata check in :mod:`.metadata` (all re-exported here).
"""

import bisect
import re

from django.utils.translation import gettext_noop

from .. import docnumber
from . import personal
from .findings import BLOCK, BODY, CONFIDENTIALITY_RULES, WARN, Finding, excerpt
from .links import find_links, is_internal
from .metadata import check_metadata
from .personal import mask_protected, protected_spans
from .wording import WordList, word_list

__all__ = [
    "BLOCK",
    "CONFIDENTIALITY_RULES",
    "WARN",
    "Finding",
    "Reviewer",
    "WordList",
    "check_metadata",
    "mask_protected",
    "protected_spans",
    "run_checks",
]

_SECRET_RE = re.compile(
    r"(?:绝[ \t]*密|机[ \t]*密|秘[ \t]*密)[ \t]*[★☆][ \t]*"
    r"(?:长期|启用前|[0-9一二三四五六七八九十两〇零]{1,4}[ \t]*(?:年|个月|月))?"
    r"|密[ \t]*级[ \t]*[:：][ \t]*(?:绝密|机密|秘密)"
)


def _personal_data(text):
    for span in personal.find(text):
        yield (span.rule, BLOCK, span.start, span.end, personal.MESSAGES[span.rule], "")


def _secret_marks(text):
    for m in _SECRET_RE.finditer(text):
        yield (
            "secret-mark",
            BLOCK,
            m.start(),
            m.end(),
            gettext_noop(
                "发现密级标志“%(mark)s”，涉密信息不得公开，请核实并按保密规定处理。"
            )
            % {"mark": m.group()},
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
        personal_data = list(_personal_data(text))
        if self.allowed_numbers:
            personal_data = [
                item
                for item in personal_data
                if _digits(text[item[2] : item[3]]) not in self.allowed_numbers
            ]
        found.extend(personal_data)
        if has_digits:
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
                            gettext_noop("链接“%(url)s”无法访问，请修改或删除。")
                            % {"url": url},
                            "",
                        )
                    )
        return found

    def check(self, text, *, source=BODY, metadata=None):
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
    source=BODY,
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
