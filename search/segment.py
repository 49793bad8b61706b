"""Chinese text for a word-based search index.

PostgreSQL's and SQLite's full-text search split text at spaces and
punctuation, so an unsegmented Chinese sentence is one huge "word" and a
search for 厉山镇 finds nothing inside it. The index therefore stores every
run of Chinese characters as its single characters and overlapping pairs
(厉山镇 → 厉 山 镇 厉山 山镇), which finds any word wherever it stands. A
query is cut into words with jieba first (query.py), so that 厉山镇水利 asks
for 厉山镇 and 水利 rather than for the pair 镇水 that spans two words; each
word then asks for all its pairs. Latin words and numbers are kept whole, in
lower case: 2014, icp, 15. Text is normalised first (normalize.py: 繁→简,
full width → half width), on both sides.
"""

import re

from .normalize import normalize

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN_RE = re.compile(rf"[{CJK}]+|[0-9a-z]+", re.IGNORECASE)
CJK_RE = re.compile(rf"[{CJK}]")


def _grams(run):
    """A run of Chinese characters as its characters and its pairs."""
    if len(run) == 1:
        return [run]
    return list(run) + [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text):
    """The tokens stored for ``text``."""
    tokens = []
    for match in TOKEN_RE.finditer(normalize(text)):
        token = match[0]
        if CJK_RE.match(token):
            tokens.extend(_grams(token))
        else:
            tokens.append(token)
    return tokens


def index_text(text):
    """``text`` as the space-separated tokens a full-text index should see."""
    return " ".join(index_tokens(text))


def word_tokens(word):
    """The index tokens a document must hold to contain the normalised
    ``word``: the pairs of its Chinese runs (a lone character stands for
    itself), its Latin words and numbers."""
    tokens = []
    for match in TOKEN_RE.finditer(word):
        run = match[0]
        if CJK_RE.match(run) and len(run) > 1:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            tokens.append(run)
    return list(dict.fromkeys(tokens))
