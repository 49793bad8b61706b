"""Word lists of the 规范性 review: known typos (wrong → right) and fixed
names (country, institution, leader titles) with their wrong forms, matched
in one Aho–Corasick pass."""

import functools
from collections.abc import Mapping

import ahocorasick
from django.utils.translation import gettext_noop

from . import data
from .findings import BLOCK, WARN


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
                    gettext_noop("疑似错别字“%(wrong)s”，应为“%(right)s”。")
                    % {"wrong": word, "right": right},
                    right,
                )
            else:
                yield (
                    "fixed-name",
                    BLOCK,
                    start,
                    end + 1,
                    gettext_noop("固定名称“%(wrong)s”有误，应为“%(right)s”。")
                    % {"wrong": word, "right": right},
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
