"""Text helpers: the fast paths must equal their plain definitions on any input."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from news_extract.text import fold, normalize, strip_diacritics


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


@given(st.text(max_size=40))
def test_fold_keeps_the_length_of_nfc_text(text):
    nfc = normalize(text)
    assert len(fold(nfc)) == len(nfc)
