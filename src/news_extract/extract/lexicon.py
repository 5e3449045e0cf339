"""The fact lexicons of patterns/triggers.json and qualifiers.json, compiled once."""

from __future__ import annotations

from functools import cache

import regex

from ..patterns import load_json
from ..text import fold


def _alt(phrases: list[str]) -> str:
    items = sorted({fold(p.strip()) for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in items)


def _needles(phrases) -> tuple[str, ...] | None:
    """One literal word of each phrase (its longest): every match of the phrases'
    alternation contains one of them. None when some phrase has no word."""
    words = set()
    for phrase in phrases:
        parts = fold(phrase.strip()).split()
        if not parts:
            return None
        words.add(max(parts, key=len))
    if not words:
        return None
    # a word that contains another is implied by it
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


class Gated:
    """A compiled pattern behind a cheap test: a text holding none of ``needles``
    (each match contains one) cannot match, and ``in`` costs far less than a
    regex search, which tries the lookbehind and alternation at every position.
    With ``at_end`` the match ends the text (``\\s*$``), so the text must end with a needle."""

    __slots__ = ("pattern", "needles", "at_end")

    def __init__(self, pattern: regex.Pattern, needles: tuple[str, ...] | None, at_end: bool = False) -> None:
        self.pattern, self.needles, self.at_end = pattern, needles, at_end

    def _may(self, text: str, args: tuple) -> bool:
        if self.needles is None:
            return True
        if self.at_end:  # str.strip's whitespace includes all of regex's \s
            return bool(args) or text.rstrip().endswith(self.needles)
        for needle in self.needles:  # noqa: SIM110 - a plain loop is twice as fast as any(<genexpr>)
            if needle in text:
                return True
        return False

    def search(self, text: str, *args):
        # _may inlined: this runs for most numbers of every article
        needles = self.needles
        if needles is None or args:
            return self.pattern.search(text, *args)
        if self.at_end:
            return self.pattern.search(text) if text.rstrip().endswith(needles) else None
        for needle in needles:
            if needle in text:
                return self.pattern.search(text)
        return None

    def match(self, text: str, *args):
        needles = self.needles
        if needles is None or args:
            return self.pattern.match(text, *args)
        if self.at_end:
            return self.pattern.match(text) if text.rstrip().endswith(needles) else None
        for needle in needles:
            if needle in text:
                return self.pattern.match(text)
        return None

    def sub(self, repl, text: str) -> str:
        return self.pattern.sub(repl, text) if self._may(text, ()) else text

    def finditer(self, text: str, *args):
        return self.pattern.finditer(text, *args) if self._may(text, args) else iter(())


class TailGated(Gated):
    """For r"(?:phrase|...)(?:\\s+\\S+){0,n}\\s*$": a match begins within the last
    ``tokens`` whitespace-separated tokens, so the search (and the word test) can
    skip what comes before them. Same leftmost match: the search starts no later."""

    __slots__ = ("tokens", "needle_set")

    def __init__(self, pattern: regex.Pattern, needles: tuple[str, ...] | None, tokens: int,
                 words: frozenset[str] = frozenset()) -> None:
        super().__init__(pattern, needles)
        self.tokens = tokens
        self.needle_set = words  # one word of each phrase, whole (needles may be parts of words)

    def search(self, text: str, *args):
        if args or self.needles is None:
            return self.pattern.search(text, *args)
        # str.split's whitespace is regex's \s plus \x1c-\x1f: with those, count nothing
        # (four `in` tests: a generator expression here cost more than the search it saves)
        if "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text:
            return self._search_from(text, 0)
        parts = text.rsplit(None, self.tokens)
        start = len(parts[0]) if len(parts) > self.tokens else 0
        # A phrase's words are whole tokens, but for the first, which may follow a non-letter
        # in its token ("(kiểm tra"): then it is the letters that end the token.
        needle_set = self.needle_set
        for token in (parts[1:] if start else parts):
            if token in needle_set:
                return self.pattern.search(text, start)
            if not token.isalpha():
                i = len(token)
                while i and token[i - 1].isalpha():  # str.isalpha() is \p{L}
                    i -= 1
                if token[i:] in needle_set:
                    return self.pattern.search(text, start)
        return None

    def _search_from(self, text: str, start: int):
        tail = text[start:]
        for needle in self.needles:
            if needle in tail:
                return self.pattern.search(text, start)
        return None


def near_end(pattern: str, phrases, extra_tokens: int) -> TailGated:
    """For a pattern of a phrase, up to ``extra_tokens`` more tokens, and the end."""
    words = max((len(fold(p.strip()).split()) for p in phrases), default=0)
    longest = frozenset(max(fold(p.strip()).split(), key=len) for p in phrases if p.strip())
    return TailGated(regex.compile(pattern), _needles(phrases), words + extra_tokens, longest)


def containing(pattern: str, phrases) -> Gated:
    """``pattern`` behind a test for the phrases (of which every match holds one)."""
    return Gated(regex.compile(pattern), _needles(phrases))


def ending(pattern: str, phrases) -> Gated:
    """For a pattern that ends in a phrase and trailing space: the text, right-stripped,
    ends with a phrase's last word."""
    lasts = set()
    for phrase in phrases:
        parts = fold(phrase.strip()).split()
        if not parts:
            return Gated(regex.compile(pattern), None)
        lasts.add(parts[-1])
    return Gated(regex.compile(pattern), tuple(sorted(lasts)) or None, at_end=bool(lasts))


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
        # Patterns searched for (not anchored at the start) go behind a word test, see Gated.
        self.party_context = containing(rf"{w}(?:{_alt(t['party_context_after'])}){e}", t['party_context_after'])
        self.admit_verb = containing(
            rf"{w}(?:kết\s+nạp|phát\s+triển)(?:\s+(?:được|mới|thêm|thêm\s+được|vào\s+đảng|đảng|tổng\s+cộng|tổng\s+số|cho|lại))*{e}",
            ["kết nạp", "phát triển"])
        self.admit_after = regex.compile(rf"^\s*(?:mới\s+)?(?:{_alt(t['admit_after_number'])}){e}")
        self.target_marker = containing(rf"{w}(?:{_alt(t['target_markers'])}){e}", t['target_markers'])
        self.target_noverb = containing(
            rf"{w}(?:{_alt(t['target_without_verb'])})(?:\s+(?:năm\s+\d{{4}}|của\s+[^,;.]{{1,40}}?|đề\s+ra|đặt\s+ra|"
            rf"(?:tỉnh|huyện|thành\s+phố|thị\s+xã|cấp\s+trên|huyện\s+ủy|tỉnh\s+ủy|được|trên)\s+giao|giao|được\s+giao|"
            rf"kết\s+nạp|phát\s+triển|đảng\s+viên|mới|là|đạt|cả\s+năm|năm|nhiệm\s+kỳ|\d{{4}}|trong\s+năm))*\s*(?:là|:)?\s*"
            rf"(?:(?:{_alt(list(q['before']))})\s+)?$",
            t['target_without_verb'])
        self.target_noverb_loose = containing(
            rf"{w}(?:chỉ\s+tiêu|kế\s+họach|kế\s+hoạch|mục\s+tiêu)(?:[^.;,]{{0,70}}?)(?:là|:|giao|đề\s+ra|đặt\s+ra|\()\s*"
            rf"(?:(?:{_alt(list(q['before']))})\s+)?$",
            ["chỉ tiêu", "kế họach", "kế hoạch", "mục tiêu"])
        # Not across an aside or an achievement: "210 đảng viên mới (đạt 105% chỉ tiêu)" were admitted.
        self.target_after = regex.compile(
            rf"^(?:(?!(?<!\p{{L}})(?:đạt|vượt|bằng)(?!\p{{L}}))[^,;.(%]){{0,25}}?{w}(?:{_alt(t['target_after_number'])}){e}")
        self.future = regex.compile(rf"{w}(?:{_alt(t['future_markers'])})\s*$")
        self.future_any = containing(rf"{w}(?:{_alt(t['future_markers_strong'])}){e}", t['future_markers_strong'])
        self.members_context = containing(rf"{w}(?:{_alt(t['members_context'])}){e}", t['members_context'])
        self.members_before = ending(rf"{w}(?:{_alt(t['members_before'])})\s*$", t['members_before'])
        self.members_after = regex.compile(rf"^\s*(?:{_alt(t['members_after_number'])}){e}")
        self.completion_before = ending(rf"{w}(?:{_alt(t['completion_before'])})\s*$", t['completion_before'])
        # "chiếm tỷ lệ 86,5% so với chỉ tiêu": a share of the quota is its completion (only then)
        self.completion_share_before = ending(rf"{w}(?:{_alt(t['completion_share_before'])})\s*$",
                                              t['completion_share_before'])
        self.completion_after = regex.compile(rf"^\s*(?:{_alt(t['completion_after'])}){e}")
        self.rate_after = regex.compile(rf"^\s*(?:trở\s+lên\s+)?(?:{_alt(t['rate_after'])}){e}")
        self.rate_before = containing(
            rf"{w}(?:tăng|giảm|chiếm|(?<!đạt\s)tỷ\s+lệ|(?<!đạt\s)tỉ\s+lệ)(?:\s+(?:kết\s+nạp|phát\s+triển)[^,;]{{0,40}})?[^,;]{{0,30}}$",
            ["tăng", "giảm", "chiếm", "tỷ lệ", "tỉ lệ"])
        self.subgroup_opener = containing(rf"{w}(?:{_alt(t['subgroup_openers'])}){e}", t['subgroup_openers'])
        self.not_after = regex.compile(rf"^\s*(?:{_alt(t['not_fact_after_number'])}){e}")
        self.not_before = near_end(rf"{w}(?:{_alt(t['not_fact_before_number'])})(?:\s+\S+){{0,3}}\s*$",
                                   t['not_fact_before_number'], 3)
        self.not_roles = containing(rf"{w}(?:{_alt(t['not_fact_roles'])}){e}", t['not_fact_roles'])
        self.per_year = containing(rf"(?:{_alt(t['per_year'])}){e}", t['per_year'])
        self.qual_before = ending(rf"{w}({_alt(list(q['before']))})\s*$", list(q['before']))
        self.qual_after = containing(rf"^\s*(?:\S+\s+){{0,3}}?({_alt(list(q['after']))}){e}", list(q['after']))
        self.qualifiers_before = q["before"]


@cache
def lexicon() -> Lexicon:
    return Lexicon()
