"""The words the search knows: jieba's dictionary plus the site's own.

The site's words are the units (full and short names), the places in them
(厉山镇 and 厉山), the categories and topics of the catalogue and every term
of the synonym list (政务公开设置 › 搜索同义词). They are added to a jieba
tokenizer of our own, so that 厉山镇农村土地确权 is cut 厉山镇|农村土地|确权
instead of 厉|山镇|…, and to the vocabulary the typo correction trusts.

Words are also weighed: a word found in many documents of any kind (通知,
工作, 关于) tells less about what a citizen wants than a rare one (确权,
低保). The weight is jieba's inverse document frequency, lowered for the
words every government title carries, and question words and fillers
(请问, 怎么, 吗 …) are not searched for at all.
"""

import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import cache

VERSION_KEY = "search:lexicon:version"

# Question words, particles and fillers: never searched for.
STOP_WORDS = frozenset(
    """
    请问 请 问 问下 问一下 我想 我要 想 想要 想问 要 我 我们 我家 你 你们 您 您好 你好 他 她 它
    怎么 怎样 怎么样 怎么办 咋 咋办 咋样 如何 多少 多少钱 几 几个 多久 多长时间 什么 什么样
    什么时候 时候 何时 哪里 哪儿 哪个 哪些 哪 在哪 在哪里 去哪 去哪里 谁 为什么 为啥 啥
    吗 呢 吧 啊 呀 嘛 么 了 的 地 得 着 过 是 是不是 是否 有没有 有 没有 能 能否 能不能
    可以 可不可以 可否 需要 需不需要 要不要 该 应该 应当 一下 了解 知道 咨询 请教 帮忙 麻烦
    谢谢 在 到 去 和 与 及 或 或者 等 还 也 都 就 从 给 把 被 对 向 让 跟 这 那 这个 那个
    这些 那些 一个 个 关于 有关 相关 现在 目前 今年 已经 还是 还有 一些 办 弄 搞 找
    钱 多少钱 一年 每年 每月 丢 丢了
    """.split()
)

# Words in most government titles: they count, but little.
WEAK_WORDS = frozenset(
    """
    通知 工作 印发 做好 进一步 加强 开展 实施 方案 意见 情况 问题 规定 办法 政策 有关
    随县 我县 全县 本县 县 政府 人民政府 人民 年 月 日 号 公告 公示 办理 申请 流程 手续
    材料 条件 时间 地点 电话 部门 单位 文件 信息 公开 发布 要求 标准 管理 服务
    发放 领取 提取 缴纳 缴费 查询 补办 报名 交 领 换
    """.split()
)

MAX_WEIGHT = 12.0
MIN_WEIGHT = 1.0
WEAK_WEIGHT = 1.5
SINGLE_CHAR_WEIGHT = 2.0
DEFAULT_WEIGHT = 10.0
SITE_WORD_WEIGHT = 10.0

_SPLIT_RE = re.compile(r"[,，、;；/|\s]+")


def split_terms(text):
    """The terms of one line of the synonym list: ``低保，最低生活保障``."""
    return [t for t in (s.strip() for s in _SPLIT_RE.split(text or "")) if t]


def bump_version(**kwargs):
    """Units, categories, topics or synonyms changed: every process reloads
    the site's words at its next search."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    return version


@dataclass
class Lexicon:
    version: int
    site_words: frozenset = frozenset()
    # normalised term -> the normalised terms of its synonym groups
    synonyms: dict = field(default_factory=dict)


_lock = threading.Lock()
_tokenizer = None
_idf = None
_lexicon = Lexicon(version=0)


def tokenizer():
    """jieba with its dictionary loaded once per process (about a second)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                instance = jieba.Tokenizer()
                instance.initialize()
                _tokenizer = instance
    return _tokenizer


def _load_idf():
    global _idf
    if _idf is None:
        import jieba.analyse

        path = Path(jieba.analyse.__file__).with_name("idf.txt")
        values = {}
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                word, _sep, value = line.rstrip("\n").rpartition(" ")
                if word:
                    values[word] = float(value)
        _idf = values
    return _idf


def site_entries():
    """(words, synonym groups) of the site, normalised, from the database."""
    from disclosure.models import Category, Topic, Unit

    from .models import SynonymGroup
    from .normalize import normalize

    words = set()
    for name, short in Unit.objects.values_list("name", "short_name"):
        for value in (name, short):
            value = normalize(value)
            if value:
                words.add(value)
                words.update(_place_forms(value))
    for value in Category.objects.values_list("name", flat=True):
        words.update(normalize(t) for t in split_terms(value.replace("及", " ")))
    for value in Topic.objects.values_list("name", flat=True):
        words.update(normalize(t) for t in split_terms(value))
    groups = []
    for terms in SynonymGroup.objects.filter(enabled=True).values_list(
        "terms", flat=True
    ):
        group = [normalize(t) for t in split_terms(terms)]
        group = list(dict.fromkeys(t for t in group if t))
        if len(group) > 1:
            groups.append(group)
            words.update(group)
    return {w for w in words if len(w) > 1}, groups


_PLACE_SUFFIXES = ("人民政府", "镇", "乡", "场", "农场", "街道", "村", "社区")


def _place_forms(name):
    """厉山镇人民政府 → 厉山镇, 厉山; 万福店农场 → 万福店."""
    forms = []
    for suffix in _PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            stem = name[: -len(suffix)]
            forms.append(stem)
            forms.extend(_place_forms(stem))
    return [f for f in forms if len(f) > 1]


def current():
    """The lexicon for this process, reloaded when the site's words changed."""
    global _lexicon
    version = _version()
    if _lexicon.version == version:
        return _lexicon
    words, groups = site_entries()
    jieba = tokenizer()
    with _lock:
        for word in sorted(words):
            if jieba.FREQ.get(word, 0) < 1000:
                jieba.add_word(word, freq=max(1000, jieba.suggest_freq(word)))
        synonyms = {}
        for group in groups:
            for term in group:
                synonyms.setdefault(term, set()).update(group)
        _lexicon = Lexicon(
            version=version,
            site_words=frozenset(words),
            synonyms={k: sorted(v, key=len) for k, v in synonyms.items()},
        )
    return _lexicon


def weight(word, lexicon=None):
    """How much finding ``word`` says about a document (1–12)."""
    if word in WEAK_WORDS:
        return WEAK_WEIGHT
    if lexicon is not None and word in lexicon.site_words:
        return SITE_WORD_WEIGHT
    if word.isdigit():
        return 4.0 if len(word) == 4 else 3.0
    if len(word) == 1:
        # A lone character is mostly a word jieba could not place (or a
        # typo): it helps to rank, it cannot say what a page is about.
        return SINGLE_CHAR_WEIGHT
    value = _load_idf().get(word)
    if value is None:
        value = DEFAULT_WEIGHT if len(word) > 1 else 3.0
    return max(MIN_WEIGHT, min(MAX_WEIGHT, value))


def word_frequency(word):
    """jieba's frequency of ``word`` (0 when it is no word of its)."""
    return tokenizer().FREQ.get(word, 0)
