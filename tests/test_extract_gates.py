"""The fact finder's shortcuts must find exactly what the plain patterns find.

Texts are built from the lexicon's own phrases, joined by every kind of space
(including \\x1c, which str.split counts as space and regex does not), so the
patterns match often.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from news_extract.extract import facts
from news_extract.extract.lexicon import Gated, lexicon
from news_extract.extract.numbers import NumberWords, number_word_re, number_words
from news_extract.patterns import load_json
from news_extract.text import fold

_TRIGGERS = load_json("triggers.json")
_QUALIFIERS = load_json("qualifiers.json")
_PHRASES = sorted(
    {fold(p) for v in _TRIGGERS.values() if isinstance(v, list) for p in v}
    | {fold(p) for p in _QUALIFIERS["before"]} | {fold(p) for p in _QUALIFIERS["after"]}
    | {"vượt chỉ tiêu được giao", "trong số đảng viên mới", "mỗi xã", "hai mươi lăm", "một trăm"}
    | set(number_words())
)
_WORDS = sorted({w for p in _PHRASES for w in p.split()} | {"12", "2023", "(", "%", ";", ",", ":", "Hội", "An", "x"})
_SPACES = [" ", "  ", "\t", "\n", "\xa0", "\u2003", "\x1c", ""]

_GATED = {name: g for name, g in vars(lexicon()).items() if isinstance(g, Gated)}
_GATED.update({name: g for name, g in vars(facts).items() if isinstance(g, Gated)})

def _texts(extra_words=()):
    """Texts of lexicon words and phrases; ``extra_words`` (a pattern's own) come often."""
    words = st.sampled_from(_WORDS)
    if extra_words:
        words = st.one_of(words, st.sampled_from(sorted(extra_words)))
    piece = st.one_of(
        words,
        st.tuples(st.sampled_from(_PHRASES), st.sampled_from(_SPACES[:4])).map(lambda ps: ps[1].join(ps[0].split(" "))),
    )
    return st.lists(st.tuples(piece, st.sampled_from(_SPACES + [" "] * 6)), max_size=12).map(
        lambda items: "".join(a + b for a, b in items))


def _found(match):
    return None if match is None else (match.span(), match.groups())


@pytest.mark.parametrize("name", sorted(_GATED))
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_a_gated_pattern_finds_what_its_bare_pattern_finds(name, data):
    gated = _GATED[name]
    text = data.draw(_texts(gated.needles or ()))
    bare = gated.pattern
    assert _found(gated.search(text)) == _found(bare.search(text))
    assert _found(gated.match(text)) == _found(bare.match(text))
    assert [_found(m) for m in gated.finditer(text)] == [_found(m) for m in bare.finditer(text)]
    assert gated.sub("", text) == bare.sub("", text)


@given(text=_texts(), cut=st.tuples(st.integers(0, 200), st.integers(0, 200)))
def test_number_words_of_a_range_are_those_finditer_finds_there(text, cut):
    start, end = sorted(min(c, len(text)) for c in cut)
    expected = [m.span() for m in number_word_re().finditer(text, start, end)]
    assert [m.span() for m in NumberWords(text).finditer(start, end)] == expected


def test_a_blocking_phrase_glued_to_a_bracket_is_still_found():
    # the word test of not_before looks tokens up whole; "(kiểm" must still count as "kiểm"
    assert lexicon().not_before.search("sau đợt (kiểm tra").group() == "kiểm tra"
