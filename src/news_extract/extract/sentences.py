"""Sentence splitting with character offsets (underthesea's splitter drops offsets).

A sentence ends at . ! ? … followed by a space and a capital or an opening
quote, or at a line break; abbreviations such as "TP." and initials such
as "P.D" do not end one.
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
_BOUNDARY = regex.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[\p{Lu}\d])")


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    paragraph = 0
    for para in regex.finditer(r"[^\n]+", text):
        start = para.start()
        line = para.group()
        cut = 0
        for boundary in _BOUNDARY.finditer(line):
            before = line[cut:boundary.start()]
            word = regex.search(r"([\p{L}]+)\.$", before)
            if word and (word.group(1) in _ABBREVIATIONS or len(word.group(1)) == 1):
                continue
            _add(sentences, text, paragraph, start + cut, start + boundary.start())
            cut = boundary.end()
        _add(sentences, text, paragraph, start + cut, para.end())
        paragraph += 1
    return sentences


def _add(out: list[Sentence], text: str, paragraph: int, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(len(out), paragraph, start, end, text[start:end]))
