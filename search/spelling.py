"""Typo correction: 申清低保 → 申请低保, 土地确全 → 土地确权.

Most typos in Chinese come from pinyin input (a character with the same or a
similar sound) or from handwriting and 五笔 input (a character of similar
shape). A typo usually breaks a word, so jieba leaves single characters
behind (申|清|低保). For every such character, and for words neither jieba
nor the site knows, the corrector tries the characters that sound alike
(pypinyin, with the usual fuzzy pairs zh/z, ch/c, sh/s, n/l, in/ing, en/eng,
an/ang) or look alike (a short list) in windows of two to four characters
around it, and keeps the replacement that makes the most frequent known
word. Site words (units, places, categories, synonyms) count as frequent.
"""

import threading
from functools import lru_cache

from . import lexicon
from .segment import CJK_RE

SITE_WORD_FREQUENCY = 200_000
# A replacement must make a word at least this frequent (jieba's counts).
MIN_FREQUENCY = 300
# Words jieba knows but rarely sees may be typos of a much more common word.
RARE_FREQUENCY = 100
RARE_RATIO = 50

_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("f", "h"))
_FUZZY_FINALS = (("ing", "in"), ("eng", "en"), ("ang", "an"), ("uan", "uang"))

# Characters people confuse by shape (handwriting, 五笔).
SHAPE_GROUPS = """
己已巳 未末 拔拨 候侯 戍戌戊 免兔 崇祟 赢嬴 贷货 折拆析 辨辩辫 即既 复夏 坏怀 休体
人入 士土 日曰 大太犬 干千于 王玉主 刀力 田由甲申 准淮 治冶 壁璧 密蜜 营菅 衣农
刺剌 侍待 肓盲 茶荼 拣捡 验险 倍陪培 确碓 权杈 低底抵 补朴 处外 策荣 账帐 峰锋蜂
""".split()


_lock = threading.Lock()
_homophones = None


def _fuzzy(syllable):
    for long, short in _FUZZY_INITIALS:
        if syllable.startswith(long):
            syllable = short + syllable[len(long) :]
            break
    else:
        if syllable.startswith("l"):
            syllable = "n" + syllable[1:]
    for long, short in _FUZZY_FINALS:
        if syllable.endswith(long):
            syllable = syllable[: -len(long)] + short
            break
    return syllable


def _sound_keys(char):
    from pypinyin import Style, pinyin

    readings = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    return {_fuzzy(r) for r in (readings[0] if readings else [])}


def _sound_index():
    """fuzzy syllable -> the common characters that have it (GB2312)."""
    global _homophones
    if _homophones is None:
        with _lock:
            if _homophones is None:
                from pypinyin.pinyin_dict import pinyin_dict

                index = {}
                for code in pinyin_dict:
                    char = chr(code)
                    try:
                        char.encode("gb2312")
                    except UnicodeEncodeError:
                        continue
                    for key in _sound_keys(char):
                        index.setdefault(key, set()).add(char)
                _homophones = index
    return _homophones


@lru_cache(maxsize=4096)
def similar_chars(char):
    """Characters a citizen may have meant when typing ``char``."""
    index = _sound_index()
    found = set()
    for key in _sound_keys(char):
        found |= index.get(key, set())
    for group in SHAPE_GROUPS:
        if char in group:
            found.update(group)
    found.discard(char)
    return frozenset(found)


def _frequency(word, lex):
    if word in lex.site_words:
        return SITE_WORD_FREQUENCY
    return lexicon.word_frequency(word)


def _suspicious(run, lex):
    """Positions in ``run`` that may hold a typo (characters jieba left
    alone and characters of rare words), and the word boundaries."""
    from .query import cut

    positions = set()
    boundaries = {0}
    fillers = set()
    offset = 0
    for word in cut(run, lex):
        start, offset = offset, offset + len(word)
        boundaries.add(offset)
        if word in lexicon.STOP_WORDS:
            # Fillers may hide a typo too (怎么办里 → 怎么办理): a fix may cut
            # them, if it makes a word of the site or of 政务 (办理).
            boundaries.update(range(start, offset))
            fillers.update(range(start, offset))
            continue
        if len(word) == 1 or (
            word not in lex.site_words and _frequency(word, lex) < RARE_FREQUENCY
        ):
            positions.update(range(start, offset))
    return positions, boundaries, fillers


def _best_fix(run, position, lex, boundaries, fillers=frozenset()):
    """The best (start, end, replacement, frequency) around ``position``: a
    window of whole words (a fix never cuts a word that was fine)."""
    best = None
    for length in (4, 3, 2):
        for start in range(max(0, position - length + 1), position + 1):
            end = start + length
            if end > len(run) or start not in boundaries or end not in boundaries:
                continue
            original = run[start:end]
            original_frequency = _frequency(original, lex)
            takes_filler = any(p in fillers for p in range(start, end))
            for offset in range(length):
                for char in similar_chars(original[offset]):
                    word = original[:offset] + char + original[offset + 1 :]
                    frequency = _frequency(word, lex)
                    if frequency < MIN_FREQUENCY:
                        continue
                    if takes_filler and not (
                        word in lex.site_words or word in lexicon.WEAK_WORDS
                    ):
                        continue
                    if (
                        original_frequency
                        and frequency < original_frequency * RARE_RATIO
                    ):
                        continue
                    # Longer words explain more of the query: prefer them.
                    key = (length, frequency)
                    if best is None or key > best[3]:
                        best = (start, end, word, key)
        if best:
            return best
    return None


def suggest(text, lex=None):
    """A corrected form of normalised query ``text``, or None."""
    lex = lex or lexicon.current()
    pieces = []
    changed = False
    last = 0
    for match in _cjk_runs(text):
        run = match.group(0)
        pieces.append(text[last : match.start()])
        last = match.end()
        chars = list(run)
        done = set()
        positions, boundaries, fillers = _suspicious(run, lex)
        for position in sorted(positions):
            if position in done:
                continue
            fix = _best_fix("".join(chars), position, lex, boundaries, fillers)
            if fix is None:
                continue
            start, end, word, _key = fix
            if any(p in done for p in range(start, end)):
                continue
            chars[start:end] = list(word)
            done.update(range(start, end))
        corrected = "".join(chars)
        changed = changed or corrected != run
        pieces.append(corrected)
    pieces.append(text[last:])
    return "".join(pieces) if changed else None


def _cjk_runs(text):
    import re

    return re.finditer(rf"{CJK_RE.pattern}+", text)
