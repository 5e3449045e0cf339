"""Sentence splitting with character offsets (underthesea's splitter drops offsets).

A sentence ends at . ! ? … followed by a space and a capital or an opening
quote, or at a line break; abbreviations such as "TP." and initials such
as "P.D" do not end one.

A sentence longer than ``MAX_SENTENCE`` characters (a list with no full stop,
a table flattened into one line) is cut into windows of at most that length,
each ending at its last clause mark (";", ",", ":") or else its last blank:
every rule then works on bounded text, so cost grows linearly with the
article however it is shaped. Real sentences, lists of communes included,
stay well under the limit.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex


@dataclass(frozen=True)
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    text: str


_ABBREVIATIONS = ("TP", "Tp", "TX", "TT", "ThS", "TS", "PGS", "GS", "BS", "Q", "P", "H", "St", "Mr", "Th")
# A stop, closing quotes, blanks within the line, then a capital or digit.  Run
# once over the whole text (a line break is not a blank here, so no boundary
# spans two lines); starting at the stop rather than behind it keeps the scan fast.
_BOUNDARY = regex.compile(r"[.!?…][\"”’)]*[^\S\n]+(?=[\"“‘(]?[\p{Lu}\d])")
MAX_SENTENCE = 1500
# Where a window may end, best first: after a clause mark, else after a blank.
_CLAUSE_MARKS = (";", ",", ":")
# The word before a final "." ((?r): searched from the end, so long sentences cost nothing extra).
_WORD_BEFORE_STOP = regex.compile(r"(?r)(\p{L}+)\.$")


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    # (after the stop, after the blanks) of every candidate boundary, in order
    boundaries = [(m.start() + 1, m.end()) for m in _BOUNDARY.finditer(text)]
    next_boundary = 0
    paragraph = 0
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line:
            cut = start
            while next_boundary < len(boundaries) and boundaries[next_boundary][0] <= end:
                stop, after = boundaries[next_boundary]
                next_boundary += 1
                word = _WORD_BEFORE_STOP.search(text, cut, stop)
                if word and (word.group(1) in _ABBREVIATIONS or len(word.group(1)) == 1):
                    continue
                _add(sentences, text, paragraph, cut, stop)
                cut = after
            _add(sentences, text, paragraph, cut, end)
            paragraph += 1
        start = end + 1
    return sentences


def _add(out: list[Sentence], text: str, paragraph: int, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = _window_end(text, start, start + MAX_SENTENCE)
        _add(out, text, paragraph, start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(len(out), paragraph, start, end, text[start:end]))


def _window_end(text: str, start: int, limit: int) -> int:
    """Where a window from ``start`` ends: after the last clause mark (else blank)
    in its second half, else at ``limit`` itself (one endless word)."""
    floor = start + (limit - start) // 2
    for mark in _CLAUSE_MARKS:
        at = text.rfind(mark, floor, limit)
        if at != -1:
            return at + 1
    at = text.rfind(" ", floor, limit)
    return at + 1 if at != -1 else limit
