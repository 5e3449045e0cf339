"""Compiled-once regexes for patterns written inline.

``regex.search(pattern, ...)`` looks its pattern up in the module's cache on
every call, which costs more than the match itself on short strings; these
wrappers keep each compiled pattern in a plain dict instead.
"""

from __future__ import annotations

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
