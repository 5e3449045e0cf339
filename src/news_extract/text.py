"""Text helpers shared by every stage: folding for matching, diacritics removal."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Old and new tone placement: "hoà" and "hòa" are one word. Map the tone onto
# the first vowel of oa/oe/uy so both spellings fold alike, keeping length.
_TONES = {"\u0300": "`", "\u0301": "'", "\u0309": "?", "\u0303": "~", "\u0323": "."}
_TONE_PAIRS: dict[str, str] = {}
for _first, _second in (("o", "a"), ("o", "e"), ("u", "y")):
    for _mark in _TONES:
        _old = _first + unicodedata.normalize("NFC", _second + _mark)
        _new = unicodedata.normalize("NFC", _first + _mark) + _second
        _TONE_PAIRS[_old] = _new

# Only open syllables are spelled both ways ("hoà"/"hòa"); "hoạch" has one spelling.
# After "q" the "u" is part of the consonant ("quý"), so that pair has one spelling too.
# Written "o(?<!qo)(?:à|...)|u(?<!qu)(?:ỳ|...)" rather than "(?<!q)(?:oà|...)": a
# pattern that starts with a letter lets re skip to the next o or u (3x faster).
_SECONDS_BY_FIRST: dict[str, list[str]] = {}
for _pair in _TONE_PAIRS:
    _SECONDS_BY_FIRST.setdefault(_pair[0], []).append(_pair[1])
_OPEN_SYLLABLE_PAIR = re.compile(
    "(?:" + "|".join(f"{first}(?<!q{first})(?:{'|'.join(seconds)})"
                     for first, seconds in _SECONDS_BY_FIRST.items()) + r")(?![^\W\d_])")

# Ð (U+00D0) and ð (U+00F0) stand in for Đ and đ in legacy scrapes. str.replace
# rather than str.translate: translate looks up every character of the text.
_LOOKALIKES = (("\u00d0", "Đ"), ("\u00f0", "đ"))

# Vietnamese marks are all in U+0300-U+036F (less U+034F, which has class 0);
# any other combining mark sits outside U+0000-U+0482 and General
# Punctuation, which the second, cheap class finds.
# (One class, then the same class repeated: re skips ahead only to a pattern's first class.)
_VIETNAMESE_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f][\u0300-\u034e\u0350-\u036f]*")
_MAYBE_OTHER_MARKS = re.compile("[^\x00-\u0482\u2000-\u206f]")


def _repair(text: str) -> str:
    for bad, good in _LOOKALIKES:
        if bad in text:
            text = text.replace(bad, good)
    return text


def _lower_char(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


def fold(text: str) -> str:
    """Case-, look-alike- and tone-placement-folded copy of NFC ``text``, same length.

    Callers pass NFC text (cleaning guarantees it), so offsets found in the
    folded copy are offsets in the original.
    """
    out = _repair(text).lower()
    if len(out) != len(text):  # a few letters (İ) lower to two characters
        out = "".join(_lower_char(ch) for ch in _repair(text))
    return _OPEN_SYLLABLE_PAIR.sub(_swap_tone, out)


# Names and words recur across articles: fold each once per process.
fold_cached = lru_cache(maxsize=8192)(fold)


def _swap_tone(m: re.Match) -> str:
    return _TONE_PAIRS[m.group()]


def normalize(text: str) -> str:
    """NFC with the look-alike Ð (U+00D0) repaired: the form every stage works on."""
    return _repair(unicodedata.normalize("NFC", text))


# Latin letters (with Vietnamese ones), and general punctuation: each NFC
# character of these strips to exactly one character (checked in the tests).
_OUTSIDE_ONE_TO_ONE = re.compile("[^\x00-\u024f\u1e00-\u1eff\u2000-\u206f]")


def strips_char_by_char(text: str) -> bool:
    """True when ``strip_diacritics`` maps each character of ``text`` to one
    character, so a slice of the stripped text is the stripped slice."""
    return not _OUTSIDE_ONE_TO_ONE.search(text) and unicodedata.is_normalized("NFC", text)


def strip_diacritics(text: str) -> str:
    """'Kết nạp Đảng viên' -> 'ket nap dang vien' (đ folds to d, which SQLite never does)."""
    decomposed = unicodedata.normalize("NFD", normalize(text).replace("Đ", "D").replace("đ", "d"))
    stripped = _VIETNAMESE_MARKS.sub("", decomposed)
    if _MAYBE_OTHER_MARKS.search(stripped):  # other scripts: check every character
        stripped = "".join(ch for ch in stripped if not unicodedata.combining(ch))
    return stripped.lower()
