"""Periods and dates: explicit years, terms (nhiệm kỳ), relative years, 'tính đến ngày'.

Patterns run on folded (lower-case) text; relative expressions (năm nay,
năm qua) are resolved against the publication date.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from . import rx
from .spans import DisjointSpans

Y = r"(19[5-9]\d|20[0-4]\d)"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass
class Period:
    start: int
    end: int
    year_from: int | None
    year_to: int | None
    kind: str  # year | range | open | relative | as_of | horizon | comparison
    as_of: tuple[int, int, int | None] | None = None  # (day, month, year or None)

    @property
    def carries(self) -> bool:
        """Can a later sentence without its own period inherit this one?"""
        return self.kind in ("year", "range", "relative", "open")


@dataclass(frozen=True)
class PubDate:
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str | None) -> PubDate:
        if not value:
            return cls()
        m = rx.match(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
        if not m:
            return cls()
        return cls(*(int(g) if g else None for g in m.groups()))


def term_of(year: int) -> tuple[int, int]:
    """Party congress terms run 2010-2015, 2015-2020, 2020-2025, 2025-2030 ..."""
    start = year - ((year - 2010) % 5)
    return start, start + 5


_PATTERNS: list[tuple[str, regex.Pattern]] = [
    ("as_of", regex.compile(
        r"(?:tính\s+(?:đến|tới)|đến|tới|tính\s+từ\s+đầu\s+năm\s+đến)\s+(?:hết\s+|cuối\s+)?ngày\s+"
        r"(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*" + Y + r")?")),
    ("range_from_to", regex.compile(
        r"từ\s+(?:đầu\s+|cuối\s+)?(?:năm\s+)?" + Y + r"\s*,?\s*(?:đến|tới)\s+(?:hết\s+|cuối\s+|đầu\s+)?"
        r"(?:năm\s+|(?:tháng\s+\d{1,2}|quý\s+(?:i{1,3}|iv|\d))\s*(?:[/.-]\s*|năm\s+))?" + Y)),
    # "từ nay đến năm 2025": from the year of publication
    ("from_now", regex.compile(r"từ\s+nay\s+(?:đến|tới)\s+(?:hết\s+|cuối\s+)?(?:năm\s+)?" + Y)),
    ("open", regex.compile(
        r"từ\s+(?:đầu\s+|cuối\s+|sau\s+)?(?:năm\s+)?" + Y + r"\s*,?\s*(?:đến|tới)\s+(?:nay|thời\s+điểm\s+này|hiện\s+tại|bây\s+giờ)")),
    ("range", regex.compile(
        r"(?:(?:nhiệm\s+kỳ|giai\s+đoạn|thời\s+kỳ|thời\s+gian|năm\s+học)\s*)?\(?\s*" + Y + r"\s*[-–—]\s*" + Y + r"\s*\)?")),
    ("open_term", regex.compile(r"(?:từ\s+)?đầu\s+nhiệm\s+kỳ(?:\s+(?:đến|tới)\s+nay)?")),
    # "trong nhiệm kỳ", "nhiệm kỳ qua": the term of the publication date
    ("term", regex.compile(r"(?:(?<=trong\s)nhiệm\s+kỳ(?:\s+(?:này|qua|vừa\s+qua))?|(?<!\p{L})nhiệm\s+kỳ\s+(?:này|qua|vừa\s+qua))"
                           r"(?!\s*(?:mới|tới|sau|\d|\(|khóa|lần))(?!\p{L})")),
    # ("vào năm 2013", in that year, is a year: the "year" pattern takes its "năm 2013")
    ("horizon", regex.compile(r"(?:cho|đến|tới)\s+năm\s+" + Y)),
    ("year", regex.compile(
        r"(?:(?:quý\s+(?:i{1,3}|iv|\d)|tháng\s+\d{1,2})\s*(?:[/.-]|năm\s+)|"
        r"(?:\d{1,2}\s+tháng\s+(?:đầu\s+|cuối\s+)?)?(?:đầu\s+|cuối\s+|giữa\s+)?năm\s+|"
        r"nhiệm\s+kỳ\s+|khóa\s+)" + Y)),
    ("relative_this", regex.compile(
        r"năm\s+nay|từ\s+đầu\s+năm(?:\s+(?:đến|tới)\s+nay)?|\d{1,2}\s+tháng\s+(?:đầu\s+|cuối\s+)?năm(?!\s+\d)"
        r"|quý\s+(?:i{1,3}|iv)(?!\s*/)|(?:đến|tới)\s+(?:hết\s+|cuối\s+)?tháng\s+\d{1,2}(?!\s*(?:/|[.-]\s*(?:19|20)\d\d))")),
    # "5 năm qua", "10 năm gần đây": the years up to the publication's
    ("years_past", regex.compile(r"(\d{1,2})\s+năm\s+(?:(?:vừa\s+)?qua|gần\s+đây|trở\s+lại\s+đây)(?!\p{L})")),
    ("relative_past", regex.compile(r"năm\s+(?:vừa\s+)?qua|năm\s+trước|năm\s+ngoái")),
]


# No period expression runs longer ("tính từ đầu năm đến hết ngày 30 / 9 / 2024" is 46).
_LONGEST = 120

# Where a match of each pattern can begin: the words it starts with, and
# "#tháng" for the one- or two-digit number of "6 tháng".  Matches are tried
# at those positions only (each word is looked for once, for all patterns),
# which is much cheaper than scanning with patterns that open with optional
# or alternative parts; "range" is found from its "YYYY - YYYY" instead.
_START_WORDS = {
    "as_of": ("tính", "đến", "tới"),
    "range_from_to": ("từ",),
    "from_now": ("từ",),
    "open": ("từ",),
    "open_term": ("từ", "đầu"),
    "term": ("nhiệm",),
    "horizon": ("cho", "đến", "tới"),
    "year": ("quý", "tháng", "đầu", "cuối", "giữa", "năm", "nhiệm", "khóa", "#tháng"),
    "relative_this": ("năm", "từ", "quý", "đến", "tới", "#tháng"),
    "years_past": ("#năm",),
    "relative_past": ("năm",),
}
_RANGE_CORE = regex.compile(Y + r"\s*[-–—]\s*" + Y)
# "so với cùng kỳ năm trước", "cao nhất kể từ đầu nhiệm kỳ": a reference, not the period.
_COMPARISON = regex.compile(
    r"(?:(?:so\s+với|tăng\s+so\s+với|cao\s+hơn|thấp\s+hơn)(?:\s+cùng\s+kỳ)?|(?<!\p{L})nhất\s+kể)\s*$")


def _occurrences(text: str, word: str) -> list[int]:
    found = []
    at = text.find(word)
    while at != -1:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def _back(text: str, i: int, test) -> int:
    while i and test(text[i - 1]):
        i -= 1
    return i


def _word_starts(text: str, words: tuple[str, ...], cache: dict[str, list[int]]) -> list[int]:
    """Where the words start, in order (a position may repeat: trying it twice changes nothing)."""
    positions: list[int] = []
    for word in words:
        found = cache.get(word)
        if found is None:
            if word[0] == "#":  # the digits before the blanks before each "tháng" ("năm")
                ends = [_back(text, t, str.isspace) for t in _word_starts(text, (word[1:],), cache)]
                found = [p for end in ends for p in (end - 2, end - 1) if p >= 0]
            else:
                found = _occurrences(text, word)
            cache[word] = found
        positions += found
    positions.sort()
    return positions


def _range_starts(text: str) -> list[int]:
    """Every position a range can start from: back from each "YYYY - YYYY" over
    blanks, "(", blanks and two words (nhiệm kỳ, giai đoạn ...)."""
    positions: list[int] = []
    m = _RANGE_CORE.search(text)
    while m:
        at = _back(text, m.start(), str.isspace)  # str.isspace accepts all that \s does
        if at and text[at - 1] == "(":
            at = _back(text, at - 1, str.isspace)
        for test in (str.isalpha, str.isspace, str.isalpha):
            at = _back(text, at, test)
        positions += range(at, m.start() + 1)
        m = _RANGE_CORE.search(text, m.start() + 1)
    positions.sort()
    return positions


def find_periods(folded: str, start: int, end: int, pub: PubDate) -> list[Period]:
    """Every period expression in folded[start:end], absolute offsets, earliest first."""
    found: list[Period] = []
    taken = DisjointSpans()
    segment = folded[start:end]
    cache: dict[str, list[int]] = {}
    for kind, pattern in _PATTERNS:
        starts = _range_starts(segment) if kind == "range" else _word_starts(segment, _START_WORDS[kind], cache)
        for m in rx.finditer_at(pattern, segment, starts, window=_LONGEST):
            s, e = start + m.start(), start + m.end()
            if taken.overlaps(s, e):
                continue
            period = _make(kind, m, s, e, pub)
            if period is None:
                continue
            before = folded[max(0, s - 25):s]
            if period.kind != "as_of" and ("so" in before or "hơn" in before or "nhất" in before) \
                    and _COMPARISON.search(before):
                period.kind = "comparison"  # "so với cùng kỳ năm trước": a reference, not the fact's period
            found.append(period)
            taken.add(s, e)
    found.sort(key=lambda p: p.start)
    return found


def _make(kind: str, m: regex.Match, s: int, e: int, pub: PubDate) -> Period | None:
    if kind == "as_of":
        day, month = int(m.group(1)), int(m.group(2))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        year = int(m.group(3)) if m.group(3) else None
        return Period(s, e, year, year, "as_of", (day, month, year))
    if kind in ("range_from_to", "range"):
        a, b = int(m.group(1)), int(m.group(2))
        if not 0 < b - a <= 10:
            return None
        return Period(s, e, a, b, "range")
    if kind == "from_now":
        year = int(m.group(1))
        if not pub.year or not 0 <= year - pub.year <= 10:
            return None
        return Period(s, e, pub.year, year, "range")
    if kind == "open":
        year = int(m.group(1))
        return Period(s, e, year, year if year == pub.year else None, "open")
    if kind == "open_term":
        if not pub.year:
            return None
        return Period(s, e, term_of(pub.year)[0], None, "open")
    if kind == "term":
        if not pub.year:
            return None
        first, last = term_of(pub.year - 1 if pub.year % 5 == 0 and (pub.month or 12) < 10 else pub.year)
        return Period(s, e, first, last, "range")
    if kind == "horizon":
        year = int(m.group(1))
        return Period(s, e, year, year, "horizon")
    if kind == "year":
        year = int(m.group(1))
        return Period(s, e, year, year, "year")
    if kind == "relative_this":
        return Period(s, e, pub.year, pub.year, "relative") if pub.year else None
    if kind == "years_past":
        years = int(m.group(1))
        return Period(s, e, pub.year - years, pub.year, "range") if pub.year and 1 < years <= 30 else None
    if kind == "relative_past":
        if not pub.year:
            return None
        text = m.group()
        if "qua" in text and pub.month and pub.month >= 10:
            return Period(s, e, pub.year, pub.year, "relative")
        return Period(s, e, pub.year - 1, pub.year - 1, "relative")
    return None


def as_of_iso(period: Period, year: int | None) -> str | None:
    if not period.as_of:
        return None
    day, month, own_year = period.as_of
    year = own_year or year
    if not year:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
