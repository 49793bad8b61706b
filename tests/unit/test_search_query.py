"""How a citizen's query is read: normal form, words, fillers, synonyms,
typos, 文号 and 索引号."""

import pytest

from search import lexicon, spelling
from search.normalize import clean, normalize, normalize_char_map
from search.query import doc_number_key, index_number_candidates, parse


@pytest.fixture
def lex():
    """A lexicon as the database would give it, without the database."""
    words = {"低保", "最低生活保障", "厉山镇", "厉山", "土地确权", "新生儿", "医保"}
    words |= {"医疗保险", "网约车", "网络预约出租汽车", "种粮补贴", "高龄津贴"}
    jieba = lexicon.tokenizer()
    for word in words:
        jieba.add_word(word, freq=1000)
    groups = [
        ["医保", "医疗保险"],
        ["网约车", "网络预约出租汽车"],
        ["低保", "最低生活保障"],
    ]
    synonyms = {}
    for group in groups:
        for term in group:
            synonyms[term] = group
    return lexicon.Lexicon(version=-1, site_words=frozenset(words), synonyms=synonyms)


def test_traditional_full_width_and_noise_become_one_normal_form():
    assert normalize("土地確權") == normalize("土地确权") == "土地确权"
    assert normalize("ＩＣＰ備案２０１４") == "icp备案2014"
    assert normalize("低\x00保\u200b\ud800") == "低 保"
    assert clean("  a \t\n b ") == "a b"


def test_highlighting_maps_the_normal_form_back_to_the_text():
    text, origins = normalize_char_map("隨縣ＧＤＰ")
    assert text == "随县gdp"
    assert origins == [0, 1, 2, 3, 4]


def test_question_words_do_not_decide_and_synonyms_join_in(lex):
    query = parse("请问新生儿医保怎么办理？", lex)
    words = [g.word for g in query.groups]
    assert words == ["新生儿", "医保", "办理"]
    assert [g.weak for g in query.groups] == [False, False, True]
    # 医保 also asks for 医疗保险 (its pairs), as an alternative.
    assert ["医疗", "疗保", "保险"] in query.groups[1].alternatives
    assert query.strong_groups == query.groups[:2]


def test_a_long_word_is_also_found_as_its_parts(lex):
    query = parse("网络预约出租汽车", lex)
    # The whole word, its synonym, and the word as 网络 预约 出租 汽车.
    assert ["网络", "预约", "出租", "汽车"] in query.groups[0].alternatives
    assert ["网约", "约车"] in query.groups[0].alternatives
    # … and its parts are highlighted where they are found apart.
    assert {"网络", "预约", "出租", "汽车"} <= set(query.terms)


@pytest.mark.parametrize("text", ["，", "？！……", "😀😀", "   ", "吗呢吧", "\x01\x02"])
def test_punctuation_emoji_and_fillers_ask_for_nothing(lex, text):
    assert not parse(text, lex)


def test_hostile_text_gives_only_safe_tokens(lex):
    query = parse("'; DROP TABLE wagtailcore_page; -- & | ! :* \\", lex)
    tokens = {t for g in query.groups for a in g.alternatives for t in a}
    assert tokens <= {"drop", "table", "wagtailcore", "page"}


def test_a_query_is_cut_to_a_bounded_number_of_groups(lex):
    query = parse("关于" + "".join(f"镇{i}" for i in range(300)), lex)
    assert len(query.groups) <= 12
    assert len(query.text) <= 100


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("申清低保", "申请低保"),
        ("厉山真土地确权", "厉山镇土地确权"),
        ("新生儿医保怎么办里", "新生儿医保怎么办理"),
        ("婚姻登纪", "婚姻登记"),
        ("高令津贴", "高龄津贴"),
        ("种粮补帖", "种粮补贴"),
    ],
)
def test_homophone_and_near_form_typos_are_corrected(lex, typed, meant):
    assert spelling.suggest(typed, lex) == meant


@pytest.mark.parametrize("text", ["申请低保", "网约车", "土地确权", "一年交多少钱"])
def test_right_words_are_left_alone(lex, text):
    assert spelling.suggest(text, lex) is None


@pytest.mark.parametrize(
    "typed",
    [
        "随政办发〔2014〕22号",
        "随政办发[2014]22号",
        "随政办发【2014】22号",
        "随政办发（2014）22号",
        "随政办发(2014)第22号",
        "随政办发2014年22号",
        "随政办发〔2014〕022号",
        "隨政辦發﹝2014﹞22號",
    ],
)
def test_document_numbers_in_any_brackets_share_a_key(typed):
    assert doc_number_key(typed) == "随政办发|2014|22"


def test_index_numbers_are_read_with_or_without_their_hyphen():
    assert index_number_candidates("685610017/2014-12") == ["68561001-7/2014-00012"]
    assert index_number_candidates("６８５６１００１－Ｘ／２０１４－０００１２") == [
        "68561001-X/2014-00012"
    ]
    assert index_number_candidates("低保") == []


def test_highlighting_maps_back_across_characters_that_change_length():
    # ㈠ becomes "(一)" and a control character is dropped: the slow path.
    text, origins = normalize_char_map("㈠\x07隨縣")
    assert text == "(一)随县"
    assert origins == [0, 0, 0, 2, 3]
