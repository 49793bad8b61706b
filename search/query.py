"""A citizen's query as the engine asks it.

``parse("請問新生兒醫保怎麼辦理")`` normalises the text (繁→简, full width),
cuts it into words with the site's jieba, drops question words and fillers,
and gives one :class:`Group` per remaining word. A group matches a document
when one of its alternatives does: the word itself or a synonym from the
webmaster's list (医保 → 医疗保险, 基本医疗保险). An alternative matches when
the index holds all its tokens (the character pairs of segment.py). A
document's score is how much of the query it covers, title words counting
most (engine.py); no single word is required.
"""

import re
from dataclasses import dataclass, field

from . import lexicon
from .normalize import MAX_QUERY_LENGTH, normalize
from .segment import CJK, CJK_RE, TOKEN_RE, word_tokens

# More words than this add nothing a citizen needs and make queries costly.
MAX_GROUPS = 12
MAX_ALTERNATIVES = 8


@dataclass
class Group:
    word: str
    weight: float
    alternatives: list  # [[token, ...], ...]; the first is the word itself
    terms: list  # the words behind the alternatives
    parts: list = field(default_factory=list)  # shorter words of long terms
    weak: bool = False


@dataclass
class ParsedQuery:
    text: str  # normalised
    words: list
    groups: list = field(default_factory=list)

    @property
    def strong_groups(self):
        strong = [g for g in self.groups if not g.weak]
        return strong or self.groups

    @property
    def total_weight(self):
        return sum(g.weight for g in self.groups) or 1.0

    @property
    def terms(self):
        """Every word and synonym asked for, longest first (highlighting)."""
        found = {t for g in self.groups for t in g.terms + g.parts}
        return sorted(found, key=lambda t: (-len(t), t))

    @property
    def whole_terms(self):
        """The words and synonyms asked for, without the parts of long ones
        (a snippet is cut around these first)."""
        found = {t for g in self.groups for t in g.terms}
        return sorted(found, key=lambda t: (-len(t), t))

    def __bool__(self):
        return bool(self.groups)


def cut(text, lex=None):
    """The words of normalised ``text``: jieba for Chinese runs (with the
    site's words), Latin words and numbers whole."""
    lex = lex or lexicon.current()
    jieba = lexicon.tokenizer()
    words = []
    for match in TOKEN_RE.finditer(text):
        chunk = match[0]
        if CJK_RE.match(chunk):
            words.extend(w for w in jieba.cut(chunk, HMM=False) if w.strip())
        else:
            words.append(chunk)
    return words


def parse(raw, lex=None):
    lex = lex or lexicon.current()
    text = normalize(raw)[:MAX_QUERY_LENGTH]
    words = cut(text, lex)
    query = ParsedQuery(text=text, words=words)
    seen = set()
    for word in words:
        if word in lexicon.STOP_WORDS or word in seen:
            continue
        seen.add(word)
        terms = [word] + [t for t in lex.synonyms.get(word, ()) if t != word]
        terms = terms[:MAX_ALTERNATIVES]
        alternatives, parts = [], []
        for term in terms:
            cover = _cover(term)
            parts.extend(p for p in cover or () if len(p) > 1)
            for tokens in (word_tokens(term), _tokens_of(cover)):
                if tokens and tokens not in alternatives:
                    alternatives.append(tokens)
        if not alternatives:
            continue
        weight = max(lexicon.weight(t, lex) for t in terms)
        query.groups.append(
            Group(
                word=word,
                weight=weight,
                alternatives=alternatives,
                terms=terms,
                parts=list(dict.fromkeys(parts)),
                weak=word in lexicon.WEAK_WORDS
                or len(word) == 1
                and not word.isdigit(),
            )
        )
        if len(query.groups) >= MAX_GROUPS:
            break
    return query


def _tokens_of(cover):
    if not cover:
        return None
    return list(dict.fromkeys(t for piece in cover for t in word_tokens(piece)))


def _cover(term):
    """A long word as the shorter words it is made of: 不动产登记 is also
    found as 不动产 … 登记 (不动产统一登记), without the pair 产登 that
    only the whole word has. None when the word has no such parts."""
    if len(term) < 4 or not CJK_RE.fullmatch(term[0]) or not term.isalpha():
        return None
    parts = {
        w
        for w in lexicon.tokenizer().cut_for_search(term, HMM=False)
        if 1 < len(w) < len(term)
    }
    cover, i = [], 0
    while i < len(term):
        piece = max(
            (p for p in parts if term.startswith(p, i)), key=len, default=term[i]
        )
        cover.append(piece)
        i += len(piece)
    if len(cover) < 2 or all(len(p) == 1 for p in cover):
        return None
    return cover


# 索引号 and 文号 ----------------------------------------------------------
INDEX_NUMBER_RE = re.compile(
    r"^\s*([0-9a-z]{8})-?([0-9x])\s*/\s*(\d{4})\s*-\s*(\d{1,5})\s*$", re.IGNORECASE
)
INDEX_CREDIT_RE = re.compile(
    r"^\s*([0-9a-hj-npqrtuwxy]{18})\s*/\s*(\d{4})\s*-\s*(\d{1,5})\s*$", re.IGNORECASE
)
# 随政办发〔2014〕22号 in any brackets (or none), with or without 第.
DOC_NUMBER_RE = re.compile(
    rf"^\s*([{CJK}]{{1,12}})\s*[〔〕\[\]【】()（）［］{{}}<>《》〈〉﹝﹞「」『』〖〗]?\s*"
    r"((?:19|20)\d{2})\s*[〔〕\[\]【】()（）［］{}<>《》〈〉﹝﹞「」『』〖〗年]?\s*第?\s*0*(\d{1,5})\s*号\s*$"
)


def index_number_candidates(raw):
    """The canonical forms a typed 索引号 may stand for."""
    text = normalize(raw).replace(" ", "")
    match = INDEX_NUMBER_RE.match(text)
    if match:
        code, check, year, serial = match.groups()
        code = f"{code}-{check}".upper()
        return [f"{code}/{year}-{int(serial):05d}"]
    match = INDEX_CREDIT_RE.match(text)
    if match:
        code, year, serial = match.groups()
        return [f"{code.upper()}/{year}-{int(serial):05d}"]
    return []


def doc_number_key(value):
    """随政办发〔2014〕22号, 随政办发[2014]22号 and 随政办发2014年第22号 share
    one key: ``随政办发|2014|22``; anything else has none."""
    match = DOC_NUMBER_RE.match(normalize(value or ""))
    if not match:
        return None
    prefix, year, serial = match.groups()
    return f"{prefix}|{year}|{int(serial)}"
