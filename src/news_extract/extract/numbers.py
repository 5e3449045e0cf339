"""Numbers as Vietnamese news writes them: 1.214 (thousands), 105,57 (decimal comma), words."""

from __future__ import annotations

import re
from functools import cache, lru_cache

import regex

from ..patterns import load_csv
from . import rx

# Thousands with dots, an optional decimal comma; or plain digits with an optional
# decimal comma or (English-style) decimal point. Not part of a code like 28-CT/TW.
# \d (a class [0-9] makes the scan seven times slower) knows digits int() cannot read:
# readers keep only ASCII matches (str.isascii).
NUMBER_RE = regex.compile(
    r"(?<![\p{L}\d.,/-])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+\.\d{1,2}(?=\s*%))(?![\d\p{L}])"
)

_AFTER_HYPHEN = regex.compile(r"-(\d{1,3})(?![\d\p{L}.,/-])")


def second_of_range(text: str, m: regex.Match) -> regex.Match | None:
    """'240-250': the figure after the hyphen, which NUMBER_RE leaves (it is no figure in "28-CT",
    "12-10-2020" or "tháng 10-2020"); only after a figure of two or three digits."""
    first = m.group(1)
    if text.startswith("-", m.end()) and 2 <= len(first) <= 3 and first[0] != "0" and first.isdigit():
        second = _AFTER_HYPHEN.match(text, m.end())
        return second if second is not None and second.group(1).isascii() else None
    return None


@lru_cache(maxsize=4096)  # numbers repeat within and across articles
def parse_number(text: str) -> int | float:
    """'1.214' -> 1214, '105,57' -> 105.57, '08' -> 8, '71.6' (before %) -> 71.6."""
    text = text.strip()
    if rx.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        text = text.replace(".", "")
    elif rx.fullmatch(r"\d+\.\d{1,2}", text):
        return float(text)
    if "," in text:
        return float(text.replace(",", "."))
    return int(text)


def format_number(value: int | float) -> str:
    """The inverse of parse_number for the Vietnamese style: 1214 -> '1.214', 105.57 -> '105,57'."""
    if isinstance(value, float) and not value.is_integer():
        whole, frac = f"{value}".split(".")
        return f"{int(whole):,}".replace(",", ".") + "," + frac
    return f"{int(value):,}".replace(",", ".")


@cache
def number_words() -> dict[str, int]:
    return {row["word"]: int(row["value"]) for row in load_csv("number_words.csv")}


_WORD_ALT = None


def number_word_re() -> regex.Pattern:
    """A run of number words ('hai mươi lăm'), matched on folded text."""
    global _WORD_ALT
    if _WORD_ALT is None:
        words = sorted(number_words(), key=len, reverse=True)
        alt = "|".join(regex.escape(w) for w in words)
        _WORD_ALT = regex.compile(rf"(?<!\p{{L}})(?:{alt})(?:\s+(?:{alt}))*(?!\p{{L}})")
    return _WORD_ALT


@cache
def _word_starts_re() -> re.Pattern | None:
    """Where a number word may begin: the bare words, which stdlib re finds fast. Only when
    every word is all letters, so that no match of number_word_re() begins inside a hit."""
    words = number_words()
    if not words or not all(w.isalpha() for w in words):
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


class NumberWords:
    """``number_word_re().finditer(folded, start, end)`` for the sentences of one text,
    trying the pattern only where one scan of the whole text found a number word."""

    def __init__(self, folded: str) -> None:
        self.folded = folded
        starts_re = _word_starts_re()
        self.starts = [m.start() for m in starts_re.finditer(folded)] if starts_re else None

    def finditer(self, start: int, end: int) -> list[regex.Match]:
        pattern = number_word_re()
        if self.starts is None:
            return list(pattern.finditer(self.folded, start, end))
        return list(rx.finditer_at(pattern, self.folded, self.starts, start, end))


@lru_cache(maxsize=1024)
def parse_number_words(words: str) -> int | None:
    """'hai' -> 2, 'mười hai' -> 12, 'hai mươi lăm' -> 25, 'một trăm' -> 100; None if not a number."""
    table = number_words()
    parts = words.split()
    if not parts or any(p not in table for p in parts):
        return None
    total, current = 0, 0
    for part in parts:
        value = table[part]
        if value == 10 and part == "mươi":
            current = (current or 1) * 10
        elif value == 10:
            current += 10
        elif value in (100, 1000):
            total += (current or 1) * value
            current = 0
        else:
            current += value
    return total + current
