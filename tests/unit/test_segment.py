"""How Chinese text is cut for the search index and for queries."""

from search.lexicon import Lexicon
from search.query import cut
from search.segment import index_tokens, word_tokens

NO_SITE_WORDS = Lexicon(version=-1)


def test_index_keeps_every_character_and_pair_and_whole_latin_words():
    tokens = index_tokens("厉山镇2014年ICP备案")
    assert {"厉", "山", "镇", "厉山", "山镇"} <= set(tokens)
    assert {"2014", "年", "icp", "备案", "备", "案"} <= set(tokens)
    # Pairs never span a number or punctuation.
    assert "镇2" not in tokens and "年i" not in tokens


def test_index_and_query_see_traditional_text_as_simplified():
    assert index_tokens("厲山鎮") == index_tokens("厉山镇")


def test_query_asks_for_the_pairs_of_each_word_not_across_words():
    words = cut("厉山镇农田水利", NO_SITE_WORDS)
    flat = {token for word in words for token in word_tokens(word)}
    assert {"农田", "田水", "水利"} <= flat
    # jieba cut 厉山镇|农田水利: the pair 镇农 across the two is not asked for.
    assert "镇农" not in flat


def test_punctuation_and_spaces_alone_ask_for_nothing():
    assert cut(" 〔〕，。 ", NO_SITE_WORDS) == []
    assert cut("厉政发〔2014〕15号", NO_SITE_WORDS)[-2:] == ["15", "号"]
