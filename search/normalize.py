"""One normal form for the text that is indexed and the text that is asked.

Whatever reaches the index or a query passes through :func:`normalize`:
compatibility forms folded (full-width letters, digits and brackets become
their ordinary forms, NFKC), traditional characters converted to simplified
ones (OpenCC ``t2s``, so 土地確權 and 土地确权 are the same words), Latin
letters in lower case, and characters that can only be noise (controls,
unpaired surrogates, private use) dropped. Both search backends get text
that went through here, so they see the same words.
"""

import re
import threading
import unicodedata

# Queries longer than this are refused with a message (search/forms.py); the
# open-data API cuts them here instead.
MAX_QUERY_LENGTH = 100

# Controls, unpaired surrogates, private use and unassigned code points.
_NOISE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_SPACE_RE = re.compile(r"\s+")

_converter = None
_converter_lock = threading.Lock()


def _t2s():
    global _converter
    if _converter is None:
        with _converter_lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("t2s.json")
    return _converter


def clean(text):
    """``text`` without noise characters, its runs of space made single."""
    if not text:
        return ""
    text = "".join(
        ch if unicodedata.category(ch) not in _NOISE_CATEGORIES else " "
        for ch in str(text)
    )
    return _SPACE_RE.sub(" ", text).strip()


def to_simplified(text):
    return _t2s().convert(text) if text else ""


def normalize(text):
    """The normal form of ``text`` for indexing and matching."""
    text = clean(unicodedata.normalize("NFKC", clean(text)))
    return to_simplified(text).lower()


def normalize_char_map(text):
    """``text`` normalised character by character, with the index in ``text``
    of every character of the result: used to highlight words found in the
    normal form inside the original (perhaps traditional) text."""
    text = text or ""
    # Most text keeps its length through NFKC and OpenCC and holds no noise
    # (isprintable() is False for every noise category): then every
    # character stays where it was, and no character-by-character pass is
    # needed (a result's snippet reads up to 5,000 characters).
    folded = unicodedata.normalize("NFKC", text)
    if len(folded) == len(text) and folded.isprintable():
        simplified = to_simplified(folded).lower()
        if len(simplified) == len(text):
            return simplified, list(range(len(text)))
    chars, origins = [], []
    for position, ch in enumerate(text):
        folded = unicodedata.normalize("NFKC", ch)
        if any(unicodedata.category(c) in _NOISE_CATEGORIES for c in folded):
            continue
        chars.append(folded)
        origins.extend([position] * len(folded))
    folded = "".join(chars)
    # OpenCC's t2s keeps the length but for rare phrases: one call will do.
    simplified = to_simplified(folded).lower()
    if len(simplified) == len(folded):
        return simplified, origins
    return "".join((to_simplified(c).lower() or c)[:1] for c in folded), origins
