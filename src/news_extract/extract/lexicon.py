"""The fact lexicons of patterns/triggers.json and qualifiers.json, compiled once."""

from __future__ import annotations

from functools import cache

import regex

from ..patterns import load_json
from ..text import fold


def _alt(phrases: list[str]) -> str:
    items = sorted({fold(p.strip()) for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in items)


class Lexicon:
    """Compiled regexes over folded (lower-case) text."""

    def __init__(self) -> None:
        t = load_json("triggers.json")
        q = load_json("qualifiers.json")
        self.raw = t
        w = r"(?<!\p{L})"
        e = r"(?!\p{L})"
        self.count_noun = regex.compile(rf"\s*(?:mới\s+)?({_alt(t['count_nouns'])}){e}")
        self.context_noun = regex.compile(rf"\s*(?:mới\s+)?({_alt(t['count_nouns_needing_party_context'])}){e}")
        self.party_context = regex.compile(rf"{w}(?:{_alt(t['party_context_after'])}){e}")
        self.admit_verb = regex.compile(
            rf"{w}(?:kết\s+nạp|phát\s+triển)(?:\s+(?:được|mới|thêm|thêm\s+được|vào\s+đảng|đảng|tổng\s+cộng|tổng\s+số|cho|lại))*{e}"
        )
        self.admit_after = regex.compile(rf"^\s*(?:mới\s+)?(?:{_alt(t['admit_after_number'])}){e}")
        self.target_marker = regex.compile(rf"{w}(?:{_alt(t['target_markers'])}){e}")
        self.target_noverb = regex.compile(
            rf"{w}(?:{_alt(t['target_without_verb'])})(?:\s+(?:năm\s+\d{{4}}|của\s+[^,;.]{{1,40}}?|đề\s+ra|đặt\s+ra|"
            rf"(?:tỉnh|huyện|thành\s+phố|thị\s+xã|cấp\s+trên|huyện\s+ủy|tỉnh\s+ủy|được|trên)\s+giao|giao|được\s+giao|"
            rf"kết\s+nạp|phát\s+triển|đảng\s+viên|mới|là|đạt|cả\s+năm|năm|nhiệm\s+kỳ|\d{{4}}|trong\s+năm))*\s*(?:là|:)?\s*"
            rf"(?:(?:{_alt(list(q['before']))})\s+)?$"
        )
        self.target_noverb_loose = regex.compile(
            rf"{w}(?:chỉ\s+tiêu|kế\s+họach|kế\s+hoạch|mục\s+tiêu)(?:[^.;,]{{0,70}}?)(?:là|:|giao|đề\s+ra|đặt\s+ra|\()\s*"
            rf"(?:(?:{_alt(list(q['before']))})\s+)?$"
        )
        self.target_after = regex.compile(rf"^[^,;.]{{0,25}}?{w}(?:{_alt(t['target_after_number'])}){e}")
        self.future = regex.compile(rf"{w}(?:{_alt(t['future_markers'])})\s*$")
        self.future_any = regex.compile(rf"{w}(?:{_alt(t['future_markers_strong'])}){e}")
        self.members_context = regex.compile(rf"{w}(?:{_alt(t['members_context'])}){e}")
        self.members_before = regex.compile(rf"{w}(?:{_alt(t['members_before'])})\s*$")
        self.members_after = regex.compile(rf"^\s*(?:{_alt(t['members_after_number'])}){e}")
        self.completion_before = regex.compile(rf"{w}(?:{_alt(t['completion_before'])})\s*$")
        self.completion_after = regex.compile(rf"^\s*(?:{_alt(t['completion_after'])}){e}")
        self.rate_after = regex.compile(rf"^\s*(?:trở\s+lên\s+)?(?:{_alt(t['rate_after'])}){e}")
        self.rate_before = regex.compile(
            rf"{w}(?:tăng|giảm|chiếm|(?<!đạt\s)tỷ\s+lệ|(?<!đạt\s)tỉ\s+lệ)(?:\s+(?:kết\s+nạp|phát\s+triển)[^,;]{{0,40}})?[^,;]{{0,30}}$"
        )
        self.subgroup_opener = regex.compile(rf"{w}(?:{_alt(t['subgroup_openers'])}){e}")
        self.not_after = regex.compile(rf"^\s*(?:{_alt(t['not_fact_after_number'])}){e}")
        self.not_before = regex.compile(rf"{w}(?:{_alt(t['not_fact_before_number'])})(?:\s+\S+){{0,3}}\s*$")
        self.not_roles = regex.compile(rf"{w}(?:{_alt(t['not_fact_roles'])}){e}")
        self.per_year = regex.compile(rf"(?:{_alt(t['per_year'])}){e}")
        self.qual_before = regex.compile(rf"{w}({_alt(list(q['before']))})\s*$")
        self.qual_after = regex.compile(rf"^\s*(?:\S+\s+){{0,3}}?({_alt(list(q['after']))}){e}")
        self.qualifiers_before = q["before"]


@cache
def lexicon() -> Lexicon:
    return Lexicon()
