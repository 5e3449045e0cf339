"""Plain data passed between the stages: ingest → clean → extract → store.

Every record is a dataclass of builtins so it pickles across processes and
converts to a database row with ``dataclasses.asdict``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

# Metric names used in the gold spec and the database.
ADMITTED = "admitted"  # kết nạp được: new members actually admitted
TARGET = "target"  # chỉ tiêu / kế hoạch / mục tiêu: planned admissions
MEMBERS = "members"  # tổng số đảng viên: total membership
COMPLETION_PCT = "completion_pct"  # đạt X% chỉ tiêu: share of a target reached
METRICS = (ADMITTED, TARGET, MEMBERS, COMPLETION_PCT)

QUALIFIERS = ("exact", "at_least", "more_than", "approx", "range")


@dataclass
class RawDocument:
    """One article as read from disk, before cleaning.

    ``text`` is the decoded file (or JSON Lines ``text`` field, or the main
    text HTML extraction returned); offsets in the cleaned text trace back
    into it.
    """

    article_id: str
    path: str
    text: str
    format: str  # "txt" | "html" | "jsonl"
    sha256: str
    encoding: str = "utf-8"
    line: int | None = None  # 1-based line number for JSON Lines
    meta: dict = field(default_factory=dict)  # title, url, published, outlet, author


@dataclass
class Problem:
    """A file (or line) that could not be used, and why."""

    path: str
    kind: str  # empty | binary | too_large | decode | html | jsonl | unreadable | duplicate | ...
    reason: str
    line: int | None = None
    article_id: str | None = None


@dataclass
class Article:
    """A cleaned article with its metadata.

    ``offsets[i]`` is the index in ``source`` of cleaned character ``i``;
    ``offsets[len(text)]`` is the end of the source, so a span
    ``(start, end)`` in ``text`` maps to ``(offsets[start], offsets[end-1]+1)``.
    """

    article_id: str
    path: str
    text: str
    source: str
    offsets: list[int]
    sha256: str
    format: str = "txt"
    title: str | None = None
    outlet: str | None = None  # as the text gives it: a code (GLO) or a name
    outlet_name: str | None = None
    province: str | None = None
    published: str | None = None  # ISO date, or YYYY-MM / YYYY
    published_inferred: bool = False
    url: str | None = None
    author: str | None = None
    removed: list[dict] = field(default_factory=list)  # furniture: kind, text, start, end (source)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the cleaned text to the matching span of the source."""
        if end <= start:
            pos = self.offsets[start]
            return pos, pos
        stop = self.offsets[end - 1] + 1
        # NFD sources: a composed letter maps to its base; keep its combining marks.
        while stop < len(self.source) and unicodedata.combining(self.source[stop]):
            stop += 1
        return self.offsets[start], stop


@dataclass
class UnitMention:
    """A party organisation or place named in the text (đơn vị)."""

    level: str  # tỉnh, huyện, xã, thôn, trường, ... (patterns/unit_levels.csv)
    name: str  # proper name: "Mường Hum", "3", "THPT Phú Lương"
    start: int
    end: int
    surface: str  # the words as written: "Đảng ủy xã Mường Hum"
    kind: str = "named"  # named | backref | whole (toàn tỉnh) | parent (", huyện X")
    party_org: bool = False  # written as Đảng bộ / Đảng ủy / Chi bộ / Huyện ủy ...

    @property
    def key(self) -> tuple[str, str]:
        return (self.level, self.name)


@dataclass
class Unit:
    """A distinct unit of one article (mentions merged by level and name)."""

    level: str
    name: str
    province: str | None = None
    parent_level: str | None = None
    parent_name: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.level, self.name)


@dataclass
class Fact:
    """One recruitment statistic with the evidence it was read from."""

    metric: str
    value: float | int
    unit_level: str | None = None
    unit_name: str | None = None
    value_max: float | int | None = None
    qualifier: str = "exact"
    year_from: int | None = None
    year_to: int | None = None
    as_of: str | None = None
    per_year: bool = False
    subgroup: str | None = None
    derived: bool = False
    sentence: str = ""
    sentence_start: int = 0
    start: int = 0  # evidence span in the cleaned text
    end: int = 0
    value_start: int = 0  # the number itself
    value_end: int = 0
    rule: str = ""  # which pattern produced it, for auditing


@dataclass
class Directive:
    """A cited party or state document (văn bản): Chỉ thị số 28-CT/TW ..."""

    kind: str
    number: str | None
    suffix: str | None
    date: str | None = None
    body: str | None = None
    mention: str = ""
    start: int = 0
    end: int = 0
    scored: bool = True

    @property
    def code(self) -> str | None:
        if self.number and self.suffix:
            return f"{self.number}-{self.suffix}"
        return self.number


@dataclass
class Extraction:
    """Everything found in one article's text."""

    facts: list[Fact] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    mentions: list[UnitMention] = field(default_factory=list)
    province: str | None = None
    published_guess: str | None = None  # a year inferred from the text, when asked
