"""Chinese text for a word-based search index.

PostgreSQL's and SQLite's full-text search split text at spaces and
punctuation, so an unsegmented Chinese sentence is one huge "word" and a
search for 厉山镇 finds nothing inside it. The index therefore stores every
run of Chinese characters as its single characters and overlapping pairs
(厉山镇 → 厉 山 镇 厉山 山镇), which finds any word wherever it stands. A
query is cut into words with jieba first, so that 厉山镇水利 asks for 厉山镇
and 水利 rather than for the pair 镇水 that spans two words; each word then
asks for all its pairs. Latin words and numbers are kept whole, in lower
case: 2014, icp, 15.
"""

import logging
import re
import threading

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN_RE = re.compile(rf"[{CJK}]+|[0-9a-z]+", re.IGNORECASE)
CJK_RE = re.compile(rf"[{CJK}]")

_jieba = None
_jieba_lock = threading.Lock()


def _segmenter():
    """jieba, its dictionary loaded once per process (about a second)."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba = jieba
    return _jieba


def _grams(run):
    """A run of Chinese characters as its characters and its pairs."""
    if len(run) == 1:
        return [run]
    return list(run) + [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text):
    """The tokens stored for ``text``."""
    tokens = []
    for match in TOKEN_RE.finditer(text or ""):
        token = match[0]
        if CJK_RE.match(token):
            tokens.extend(_grams(token))
        else:
            tokens.append(token.lower())
    return tokens


def index_text(text):
    """``text`` as the space-separated tokens a full-text index should see."""
    return " ".join(index_tokens(text))


def query_words(query):
    """The words of a query, cut by jieba: ``["厉山镇", "水利", "2014"]``."""
    words = []
    for match in TOKEN_RE.finditer(query or ""):
        chunk = match[0]
        if CJK_RE.match(chunk):
            words.extend(w for w in _segmenter().cut(chunk, HMM=False) if w.strip())
        else:
            words.append(chunk.lower())
    return words


def query_tokens(query):
    """The index tokens every match must contain, for each word of ``query``:
    a list of groups (one per word), each a list of tokens."""
    groups = []
    for word in query_words(query):
        if CJK_RE.match(word) and len(word) > 1:
            pairs = [word[i : i + 2] for i in range(len(word) - 1)]
            groups.append(list(dict.fromkeys(pairs)))
        else:
            groups.append([word])
    return groups
