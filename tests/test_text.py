"""Text helpers: the fast paths must equal their plain definitions on any input."""

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from news_extract.text import fold, normalize, strip_diacritics, strips_char_by_char


def _reference_strip(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", normalize(text).replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def test_strip_diacritics_folds_vietnamese_to_plain_letters():
    assert strip_diacritics("Kết nạp Đảng viên ở Mường Hum") == "ket nap dang vien o muong hum"


def test_strip_diacritics_keeps_the_grapheme_joiner_which_is_not_a_mark():
    assert strip_diacritics("a\u034fb") == "a\u034fb"


def test_strip_diacritics_drops_marks_of_other_scripts_too():
    assert strip_diacritics("x\u20d7 \u05d0\u05b8") == "x \u05d0"


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_strip_diacritics_equals_dropping_every_combining_mark_of_the_nfd_form(text):
    assert strip_diacritics(text) == _reference_strip(text)


def test_normalize_repairs_the_look_alike_eth():
    assert normalize("\u00d0ảng b\u00f0") == "Đảng bđ"


def _reference_fold(text: str) -> str:
    """Tone moved to the first vowel of an open oa/oe/uy, written the plain way."""
    from news_extract.text import _TONE_PAIRS

    out = text.lower() if len(text.lower()) == len(text) else text
    pairs = "|".join(_TONE_PAIRS)
    return re.sub(rf"(?<!q)(?:{pairs})(?![^\W\d_])", lambda m: _TONE_PAIRS[m.group()], out)


def test_fold_moves_the_tone_of_an_open_oa_to_its_first_vowel():
    assert fold("Hoà Bình") == fold("Hòa Bình") == "hòa bình"


def test_fold_keeps_the_tone_of_uy_after_q_where_it_is():
    assert fold("quý") == "quý"


_TONED_SYLLABLES = st.text(alphabet=st.sampled_from(list("oauyeqh ,") + ["à", "á", "ạ", "ẻ", "ý", "ỵ", "ỳ", "ể", "ò", "ù"]),
                           max_size=30)


@given(_TONED_SYLLABLES)
def test_fold_moves_tones_exactly_as_the_plain_pattern_does(text):
    assert fold(text) == _reference_fold(text)


@given(st.text(max_size=40))
def test_fold_keeps_the_length_of_nfc_text(text):
    nfc = normalize(text)
    assert len(fold(nfc)) == len(nfc)


_LATIN_AND_VIETNAMESE = st.characters(
    codec="utf-8", categories=("L", "N", "P", "Zs", "S", "M"), max_codepoint=0x206F)


@given(st.text(alphabet=_LATIN_AND_VIETNAMESE, max_size=30), st.integers(0, 30),
       st.integers(0, 30))
def test_a_slice_of_text_that_strips_char_by_char_strips_to_the_slice_of_its_stripped_form(
        text, i, j):
    if strips_char_by_char(text):
        assert strip_diacritics(text)[i:j] == strip_diacritics(text[i:j])


def test_every_nfc_latin_letter_strips_to_one_character():
    for cp in [*range(0x250), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070)]:
        char = chr(cp)
        if strips_char_by_char(char):
            assert len(strip_diacritics(char)) == 1, hex(cp)


def test_a_combining_mark_is_not_stripped_char_by_char():
    assert not strips_char_by_char("Đa\u0301")
