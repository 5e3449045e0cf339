"""Compiled-once regexes for patterns written inline.

``regex.search(pattern, ...)`` looks its pattern up in the module's cache on
every call, which costs more than the match itself on short strings; these
wrappers keep each compiled pattern in a plain dict instead.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from functools import cache

import regex


@cache
def compiled(pattern: str, flags: int = 0) -> regex.Pattern:
    return regex.compile(pattern, flags)


def search(pattern: str, string: str, flags: int = 0):
    return compiled(pattern, flags).search(string)


def match(pattern: str, string: str, flags: int = 0):
    return compiled(pattern, flags).match(string)


def fullmatch(pattern: str, string: str, flags: int = 0):
    return compiled(pattern, flags).fullmatch(string)


def sub(pattern: str, repl, string: str, flags: int = 0) -> str:
    return compiled(pattern, flags).sub(repl, string)


def split(pattern: str, string: str, flags: int = 0) -> list[str]:
    return compiled(pattern, flags).split(string)


def finditer_at(pattern: regex.Pattern, string: str, starts: Sequence[int], pos: int = 0,
                endpos: int | None = None, window: int | None = None) -> Iterator[regex.Match]:
    """``pattern.finditer(string, pos, endpos)`` when every match can only begin at one
    of ``starts`` (sorted; repeats allowed): ``pattern.match`` is tried there alone,
    skipping starts inside the previous match, as finditer would.

    The extractor finds such candidates with one cheap scan (start words, a
    plain-text alternation); a pattern opening with a look-behind or a
    case-insensitive group is slow to try at every character.

    ``window`` bounds how far a match may run from its start. Give it where
    matches are short: before trying, the regex module looks for a literal
    the pattern requires in all of the rest of the string, so on a long text
    without that word every try would cost the whole text.
    """
    endpos = len(string) if endpos is None else endpos
    last = pos
    for i in range(bisect_left(starts, pos), len(starts)):
        at = starts[i]
        if at >= endpos:
            break
        if at < last:
            continue
        m = pattern.match(string, at, endpos if window is None else min(endpos, at + window))
        if m:
            last = m.end()
            yield m
