"""Cited documents: "Chỉ thị số 28-CT/TW ngày 21/1/2019 của Ban Bí thư", "Kế hoạch số 207-KH/HU".

A short reference ("Chỉ thị 28") to a document cited in full elsewhere in the
article is the same directive; unnumbered ones ("Nghị quyết Trung ương 4
(khóa XII)", "Điều lệ Đảng") are kept with ``scored=False``.
"""

from __future__ import annotations

import re
from functools import cache

import regex

from ..model import Directive
from ..patterns import load_json
from . import rx

_SUFFIX = r"[A-ZĐƯ][A-ZĐƯa-z]{0,7}(?:\s*/\s*[A-ZĐƯ][A-ZĐƯ.'’a-z]{0,11}(?:-[A-ZĐƯ]{1,8})?)+"
# "ngày 21/1/2019", "ngày 21-01-2019", "ngày 12 tháng 05 năm 2021" (one set of groups: a branch reset)
_DATE = (r"(?:,\s*|\s+)(?i:ban\s+hành\s+)?(?i:ngày|ngµy)\s+(?|(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})"
         r"|(\d{1,2})\s+(?i:tháng)\s+(\d{1,2})\s+(?i:năm)\s+(\d{4}))")


# Letters whose case-insensitive matches in `regex` are exactly the characters
# that lower() to the same letter, except ı (U+0131, matches I) and ſ (U+017F,
# matches s); İ lowers to two characters.  Checked over all of Unicode.
_FOLD_SAFE = frozenset(
    " abcdefghijklmnopqrstuvwxyzđàảãáạăằẳẵắặâầẩẫấậèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ")


@cache
def _config() -> dict:
    return load_json("directives.json")


@cache
def _kind_starts() -> re.Pattern | None:
    """Finds where a kind starts in lower-cased text; None when a kind has letters outside _FOLD_SAFE."""
    lowered = sorted({k.lower() for k in _config()["kinds"]}, key=len, reverse=True)
    if not all(ch in _FOLD_SAFE for k in lowered for ch in k):
        return None
    by_first: dict[str, list[str]] = {}
    for kind in lowered:  # grouped by first letter: the scan tests one branch per position
        by_first.setdefault(kind[0], []).append(re.escape(kind[1:]))
    return re.compile("|".join(f"{re.escape(first)}(?:{'|'.join(rest)})" for first, rest in by_first.items()))


def _candidates(text: str) -> list[int] | None:
    """Every position where some kind starts (case-insensitively, overlaps included), or None = unknown.

    The full and short patterns open with a case-insensitive kind behind a
    lookbehind, which `regex` scans slowly; they are tried at these positions only.
    """
    starts = _kind_starts()
    lowered = text.lower()
    if starts is None or len(lowered) != len(text) or "\u0131" in text or "\u017f" in text:
        return None
    found = []
    m = starts.search(lowered)
    while m:
        found.append(m.start())
        m = starts.search(lowered, m.start() + 1)
    return found


# A citation with its issuer and date runs well under this (the longest in the gold sets is 72).
_LONGEST = 400


def _scan(pattern: regex.Pattern, text: str, candidates: list[int] | None):
    """pattern.finditer(text), trying only the candidate positions when they are known."""
    if candidates is None:
        return pattern.finditer(text)
    return rx.finditer_at(pattern, text, candidates, window=_LONGEST)


@cache
def _patterns() -> tuple[regex.Pattern, regex.Pattern, list[regex.Pattern], regex.Pattern]:
    cfg = _config()
    kinds = "|".join(regex.escape(k) for k in sorted(cfg["kinds"], key=len, reverse=True))
    bodies = "|".join(regex.escape(b) for b in sorted(cfg["bodies"], key=len, reverse=True))
    full = regex.compile(
        rf"(?<!\p{{L}})(?i:({kinds}))\s+(?i:số\s+|số:\s*)?(\d{{1,4}}[a-z]?)(?:\s*[-–]\s*({_SUFFIX})|/({_SUFFIX}|[A-ZĐ]{{1,6}}-[A-ZĐ]{{2,10}}))?"
        rf"(?:\s*\([^)]{{0,40}}\))?(?:{_DATE})?"
        rf"(?:[^.;\n]{{0,12}}?\s+(?i:của\s+({bodies})))?"
    )
    short = regex.compile(rf"(?<!\p{{L}})(?i:({kinds}))\s+(\d{{1,4}})(?![\d/-])")
    unnumbered = [regex.compile(p) for p in cfg["unnumbered"]]
    body_before = regex.compile(rf"({bodies})\s+(?:đã\s+|vừa\s+)?(?:ban\s+hành|ra|triển\s+khai)\s*$")
    return full, short, unnumbered, body_before


def _literal_prefix(pattern: str) -> str:
    """Text every match of ``pattern`` (no flags) starts with: its leading letters,
    digits and spaces; "" when unsure (a top-level "|", or inline flags)."""
    depth, i, in_set = 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 1
        elif in_set:
            in_set = ch != "]"
        elif ch == "[":
            in_set = True
            i += 2 if pattern[i + 1:i + 3] == "^]" else 1 if pattern[i + 1:i + 2] == "]" else 0
        elif ch == "(":
            if pattern[i + 1:i + 2] == "?" and pattern[i + 2:i + 3] not in (":", "<", "=", "!", "P", ">"):
                return ""  # inline flags
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return ""
        i += 1
    end = 0
    while end < len(pattern) and (pattern[end].isalnum() or pattern[end] == " "):
        end += 1
    if end < len(pattern) and pattern[end] in "?*{":
        end -= 1  # the last letter is optional or counted
    return pattern[:end]


@cache
def _unnumbered_prefixes() -> list[str]:
    return [_literal_prefix(p) for p in _config()["unnumbered"]]


def _normalise_suffix(suffix: str | None) -> str | None:
    if not suffix:
        return None
    suffix = rx.sub(r"\s+", "", suffix).rstrip(".")
    parts = suffix.split("/")
    aliases = _config()["suffix_aliases"]
    parts = [aliases.get(p, p) for p in parts]
    return "/".join(parts).upper().replace("TƯ", "TW")


def find_directives(text: str) -> list[Directive]:
    full, short, unnumbered, body_before = _patterns()
    found: list[Directive] = []
    spans: list[tuple[int, int]] = []
    candidates = _candidates(text)
    for m in _scan(full, text, candidates):
        kind = _canonical_kind(m.group(1))
        number = m.group(2)
        suffix = _normalise_suffix(m.group(3) or m.group(4))
        has_so = "số" in text[m.end(1):m.start(2)].lower()  # "SỐ" in a title in capitals
        date = _iso_date(m.group(5), m.group(6), m.group(7))
        # A bare "Kế hoạch 2024" or "Chương trình 135" without số/suffix/date is too weak.
        if not (suffix or has_so or date):
            continue
        if not suffix and len(number) == 4 and number.startswith(("19", "20")):
            continue
        body = _canonical_body(m.group(8)) if m.group(8) else None
        if not body:
            before = body_before.search(text[max(0, m.start() - 60):m.start()])
            body = before.group(1) if before else None
        found.append(Directive(kind, number, suffix, date, body, m.group().strip(), m.start(), m.end()))
        spans.append((m.start(), m.end()))
        if suffix and not date:
            found.extend(_listed_after(text, m.end(), found[-1], spans))
    for m in _scan(short, text, candidates):
        if any(s <= m.start() < e for s, e in spans):
            continue
        kind, number = _canonical_kind(m.group(1)), m.group(2)
        if len(number) == 4 and number.startswith(("19", "20")):
            continue
        if kind in ("Kế hoạch", "Chương trình", "Đề án", "Thông báo", "Quyết định", "Luật"):
            continue  # "Kế hoạch 2024", "Chương trình 135": too often not a citation
        found.append(Directive(kind, number, None, None, None, m.group(), m.start(), m.end()))
        spans.append((m.start(), m.end()))
    for pattern, prefix in zip(unnumbered, _unnumbered_prefixes(), strict=True):
        if prefix not in text:
            continue  # a plain-text test that each match needs
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in spans):
                continue
            kind = "Nghị quyết" if m.group().startswith("Nghị quyết") else "Quy định"
            body = "Ban Chấp hành Trung ương" if "Trung ương" in m.group() else None
            found.append(Directive(kind, None, None, None, body, m.group(), m.start(), m.end(), scored=False))
            spans.append((m.start(), m.end()))
    return merge_directives(sorted(found, key=lambda d: d.start))


def _iso_date(day: str | None, month: str | None, year: str | None) -> str | None:
    """A citation's date as ISO, from the day, month and year _DATE captured (None without one)."""
    if not day:
        return None
    d, m, y = int(day), int(month), int(year)
    return f"{y:04d}-{m:02d}-{d:02d}" if 1 <= d <= 31 and 1 <= m <= 12 else None


_MORE = regex.compile(rf"\s*(?:,|;|và)\s*(?i:số\s+)?(\d{{1,4}}[a-z]?)\s*[-–]\s*({_SUFFIX})")


@cache
def _date_body() -> regex.Pattern:
    bodies = "|".join(regex.escape(b) for b in sorted(_config()["bodies"], key=len, reverse=True))
    return regex.compile(rf"(?:{_DATE})?(?:[^.;\n]{{0,12}}?\s+(?i:của\s+({bodies}(?:\s+[\p{{Lu}}\d][\p{{L}}\d]*)?)))?")


def _listed_after(text: str, pos: int, first: Directive, spans: list[tuple[int, int]]) -> list[Directive]:
    """'các quyết định số 171-QĐ/ĐU, 173-QĐ/ĐU, 174-QĐ/ĐU ngày 20/9/2023 của Đảng ủy PTC2': one
    directive per number, all of the first one's kind, with the date and body after the last."""
    more: list[Directive] = []
    while (m := _MORE.match(text, pos)) is not None:
        more.append(Directive(first.kind, m.group(1), _normalise_suffix(m.group(2)), None, first.body,
                              m.group().strip(" ,;"), m.start(1), m.end()))
        spans.append((m.start(1), m.end()))
        pos = m.end()
    if not more:
        return []
    tail = _date_body().match(text, pos)
    date = _iso_date(tail.group(1), tail.group(2), tail.group(3)) if tail else None
    body = _canonical_body(tail.group(4)) if tail and tail.group(4) else None
    for d in (first, *more):
        d.date = d.date or date
        d.body = d.body or body
    return more


def _canonical_body(name: str) -> str:
    """The body as the lexicon writes it ("BAN BÍ THƯ" in a title -> "Ban Bí thư")."""
    low = rx.sub(r"\s+", " ", name).lower()
    return next((b for b in _config()["bodies"] if b.lower() == low), name)


def _canonical_kind(word: str) -> str:
    for kind in _config()["kinds"]:
        if kind.lower() == word.lower():
            return kind
    return word


def merge_directives(directives: list[Directive]) -> list[Directive]:
    """One record per document: short references fold into the full citation."""
    merged: list[Directive] = []
    for d in directives:
        twin = next((x for x in merged if d.scored and x.scored and x.kind == d.kind
                     and _same_number(x.number, d.number)
                     and (x.suffix == d.suffix or not x.suffix or not d.suffix)), None)
        if twin is None:
            merged.append(d)
            continue
        if d.suffix and not twin.suffix:
            twin.suffix, twin.number = d.suffix, d.number
            twin.mention, twin.start, twin.end = d.mention, d.start, d.end
        twin.date = twin.date or d.date
        twin.body = twin.body or d.body
    return merged


def _same_number(a: str | None, b: str | None) -> bool:
    return bool(a and b) and a.lstrip("0") == b.lstrip("0")
