"""Facts: which numbers are admissions, targets, member totals or completion rates,
and the unit and period each belongs to.

The finder walks one sentence at a time. For every number it reads the words
between the previous number and this one (its clause) and the words after
it, and decides by the lexicons of patterns/triggers.json. Facts that are
written relative to another (subgroups, "vượt 7 so với chỉ tiêu", "đạt
71,6%") take their unit and period from that anchor.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import regex

from ..model import ADMITTED, COMPLETION_PCT, MEMBERS, TARGET, Fact, UnitMention
from ..text import fold
from . import rx
from .gazetteer import district_level, province_name
from .lexicon import containing, ending, lexicon
from .numbers import NUMBER_RE, NumberWords, parse_number, parse_number_words, second_of_range
from .periods import Period, PubDate, as_of_iso, find_periods, term_of
from .sentences import Sentence
from .units import UnitResolver, is_faculty, level_rank

_RANGE_JOIN = regex.compile(r"^\s*(?:-|–|—|đến|tới)\s*$")
_RANGE_WORDS = ("-", "–", "—", "đến", "tới")
_ZERO_ADMISSION = regex.compile(
    r"(?<!\p{L})(?:không|chưa)\s+(?:kết\s+nạp|phát\s+triển)\s+(?:được\s+)?(?:thêm\s+)?"
    r"(?:đảng\s+viên|đv|quần\s+chúng|ai|người)(?:\s+mới)?\s+nào")
_CLAUSE_END = regex.compile(r"[;:]|,\s*(?:trong\s+khi|còn|riêng|nhưng)(?!\p{L})")
_FRACTION = regex.compile(r"/(\d{1,3}(?:\.\d{3})+|\d+)(?![\d/])")
_PERCENT = regex.compile(r"\s*%")
# Patterns tried for most numbers wait behind a word test (see lexicon.Gated): the
# phrases listed hold a word that every match contains, or ends with.
_EXCEED_END = ending(r"(?<!\p{L})vượt\s*$", ["vượt"])
_EXCEED_TARGET_END = ending(r"(?<!\p{L})vượt\s+(?:chỉ\s+tiêu|kế\s+hoạch)(?:\s+(?:được\s+)?giao)?\s*$",
                           ["chỉ tiêu", "kế hoạch", "giao"])
_FROM_TO_END = ending(r"(?<!\p{L})(?:từ|lên)\s*(?:hơn|gần|trên|khoảng)?\s*$", ["từ", "lên", "hơn", "gần", "trên", "khoảng"])
_LIST_END = ending(r"[;,:]\s*$", [";", ",", ":"])
_QUALIFIER_END = ending(r"(?<!\p{L})(?:từ|trên|hơn|gần|khoảng|ít\s+nhất|tối\s+thiểu|xấp\s+xỉ|tổng\s+cộng)\s*$",
                        ["từ", "trên", "hơn", "gần", "khoảng", "ít nhất", "tối thiểu", "xấp xỉ", "tổng cộng"])
_COMPLETION_END = ending(r"(?:(?<!\p{L})(?:hoàn\s+thành(?:\s+sớm)?|vượt|đạt|so\s+với|thực\s+hiện)|%)\s*$",
                         ["hoàn thành", "sớm", "vượt", "đạt", "so với", "thực hiện", "%"])
_EACH_UNIT = containing(r"(?<!\p{L})mỗi\s+(?:xã|phường|thị\s+trấn|chi\s+bộ|thôn|bản|tổ\s+chức|đảng\s+bộ|cơ\s+sở|trường|đơn\s+vị)",
                        ["mỗi"])
_AMONG_NEW = containing(r"(?<!\p{L})trong\s+số\s+(?:(?:các|những)\s+)?(?:đảng\s+viên|đv)\s+mới", ["trong"])
_AMONG_START = regex.compile(
    r"\s*(?:trong\s+đó|trong\s+số\s+(?:đó|này|(?:(?:các|những)\s+)?đảng\s+viên\s+mới)"
    r"|trong\s+(?:số\s+)?\d[\d.]*\s+(?:đảng\s+viên|đv)\s+(?:mới|được\s+kết\s+nạp)"
    # "Trong tổng số đảng viên được kết nạp gần 5 năm qua, có ...": the total's own period
    r"|trong\s+(?:tổng\s+)?số\s+(?:(?:các|những)\s+)?(?:đảng\s+viên|đv)(?:\s+mới)?\s+(?:được\s+)?(?:kết\s+nạp|phát\s+triển)"
    r"(?:\s+(?:mới|được))?[^,;:.]{0,40}[,:])(?!\p{L})")
_ADMITTED_AFTER = containing(r"(?<!\p{L})(?:được\s+kết\s+nạp|được\s+đứng\s+(?:vào|trong)\s+hàng\s+ngũ|vinh\s+dự\s+đứng\s+vào\s+hàng\s+ngũ)",
                             ["nạp", "ngũ"])
# "15 sinh viên ưu tú của Trường Đại học X (Thanh Hóa) đã được kết nạp": the organisation
# the people come from does not part the count from its verb.
_OF_ORG = regex.compile(r"\s(?:của|thuộc|tại)\s+(?:trường|học\s+viện|đảng\s+bộ|chi\s+bộ|công\s+ty|khoa)"
                        r"[^,;:.()]{0,50}?(?:\s*\([^()]{0,30}\))?(?=(?:\s+(?:đã|vừa|mới))?\s*(?:được\s|$))")
_NEW_MEMBER = regex.compile(r"\s*(?:đảng\s+viên|đv|đồng\s+chí)\s+mới")
_NEW = regex.compile(r"\s*mới")
_PER_YEAR_AFTER = containing(r"^\s*(?:mới\s+)?(?:/\s*năm|mỗi\s+năm|hằng\s+năm|hàng\s+năm|một\s+năm)", ["năm"])
_REALIZED = containing(r"(?<!\p{L})(?:được|đã|vừa)(?!\p{L})", ["được", "đã", "vừa"])
_CAPITAL_IN_LAST_WORD = regex.compile(r"(?r)\p{Lu}[\p{L}'’]*")  # reverse: anchored at endpos
# Between a listed unit and its percent: nothing, or "đạt (tỷ lệ)", "bằng", "hoàn thành".
_ITEM_RATE = regex.compile(r"\s*(?:đạt|bằng|hoàn\s+thành)?\s*(?:tỷ\s+lệ|tỉ\s+lệ)?\s*(?:\(\s*)?")
_COMPLETION_LIST_INTRO = regex.compile(
    r"(?<!\p{L})(?:so\s+với\s+)?(?:chỉ\s+tiêu|kế\s+hoạch)(?!\p{L})[^.]*$|(?<!\p{L})hoàn\s+thành\s+(?:chỉ\s+tiêu|kế\s+hoạch)")
_LIST_SEP = regex.compile(r"(?:[;:,]|\svà|\slà|\snhư)\s*([^;:,]*)$")
# After "giao (cho)": a name without its level word, or a level word alone.
_GIVEN_TO = regex.compile(
    r"\s+(?:cho\s+)?(?:(?P<level>huyện|xã|thị\s+xã|thị\s+trấn|phường|quận|thành\s+phố|thôn|bản)"
    r"(?=\s+\p{Ll}|\s*[,.;]|\s*$)|(?P<name>\p{Lu}[\p{L}'’]*(?:\s+\p{Lu}[\p{L}'’]*){0,3}))")
# "có 1.012 tổ chức cơ sở đảng và 85.867 đảng viên": the members follow a count of party bodies.
_ORGS_AND = regex.compile(r"(?<!\p{L})(?:có|với|gồm)\s+[\d.,]+\s+(?:tổ\s+chức\s+(?:cơ\s+sở\s+)?đảng|chi\s+bộ|đảng\s+bộ)"
                          r"[^\d;.]{0,40}\s+và\s*$")
# A figure in thousands: "6 ngàn", "5,9 nghìn" (the word is part of the number).
_SCALES = {"nghìn": 1000, "ngàn": 1000, "vạn": 10000}
_SCALE = regex.compile(r"[ \t]+(nghìn|ngàn|vạn)(?!\p{L})")
_FORCES = {"công an": "cơ quan", "quân sự": "cơ quan", "biên phòng": "cơ quan", "bộ đội biên phòng": "cơ quan"}
# A list item: a name of up to four capitalised words, or a force of the place written bare
# ("...; Tây Giang 80; Công an 12; Quân sự 29; Biên phòng 15").
_BARE_ITEM = regex.compile(r"((?:\p{Lu}[\p{L}'’]*)(?:\s+\p{Lu}[\p{L}'’]*){0,3})\s*(?:\(\s*)?")
_FORCE_ITEM = regex.compile(r"((?i:công\s+an|quân\s+sự|(?:bộ\s+đội\s+)?biên\s+phòng))\s*(?:\(\s*)?")
_FORCE_NAMES = {"công an": "Công an", "quân sự": "Quân sự", "biên phòng": "Bộ đội Biên phòng",
                "bộ đội biên phòng": "Bộ đội Biên phòng"}
_FORCE_END = regex.compile(r"(?<!\p{L})(?i:công\s+an|quân\s+sự|biên\s+phòng)$")
_DISTRICT_LEVELS = ("huyện", "thị xã", "thành phố", "quận")
_COMMUNE_LEVELS = ("xã", "phường", "thị trấn")


def _force_name(written: str, prior: list[Fact]) -> str:
    """'Công an' listed beside districts is the province's police ('Công an tỉnh'); beside
    communes, the district's."""
    scope = "huyện" if any(f.unit_level in _COMMUNE_LEVELS for f in prior) else "tỉnh"
    return f"{_FORCE_NAMES[' '.join(written.lower().split())]} {scope}"


@dataclass(slots=True)
class NumberToken:
    start: int
    end: int  # end of the whole group (range end / fraction end)
    value: int | float
    value_max: int | float | None = None
    denominator: int | float | None = None  # 43/60
    den_start: int | None = None
    percent: bool = False
    from_words: bool = False


# "kết nạp 24 đảng viên, trong đó có 18 đảng viên chính thức và 7 đảng viên dự bị": a breakdown
# of the admissions by status (elsewhere "chính thức" after a count is a conversion, no admission).
_STATUS_KIND = regex.compile(r"\s*(?:chính\s+thức|dự\s+bị)(?!\p{L})")
# "tại các làng đồng bào dân tộc thiểu số", "ở những doanh nghiệp ngoài nhà nước": where part of
# the admissions were made; not "tại các chi bộ trực thuộc" or "ở các xã" (all of them), nor a time.
_AT_SOME_PLACES = regex.compile(
    r"\s*(?:mới\s+)?((?:tại|ở|trong)\s+(?:các|những)\s+"
    r"(?!(?:năm|tháng|đợt|lần|kỳ|dịp|giai\s+đoạn|nhiệm\s+kỳ|thời\s+gian|buổi|lễ)(?!\p{L}))([^,;.()]{2,50}?))"
    r"(?=\s*(?:[,;.()]|$))")
_ALL_UNITS = regex.compile(
    r"(?:chi\s+bộ|đảng\s+bộ|tổ\s+chức\s+(?:cơ\s+sở\s+)?đảng|cơ\s+sở\s+đảng|đơn\s+vị|địa\s+phương|xã|phường|"
    r"thị\s+trấn|huyện|thôn|bản|tổ\s+dân\s+phố|khu\s+dân\s+cư|cơ\s+sở)(?:\s*,\s*\S+(?:\s+\S+)?)*"
    r"(?:\s+(?:trực\s+thuộc|trên\s+địa\s+bàn|trong\s+(?:huyện|tỉnh|thành\s+phố|thị\s+xã|xã|toàn\s+\S+)|"
    r"của\s+(?:huyện|tỉnh|thành\s+phố|đảng\s+bộ)))?")
# "là học sinh xuất sắc đang học tại ...", "sinh viên tiêu biểu của khoa": the kind of person.
_PUPIL_PRAISED = regex.compile(r"^(học\s+sinh|sinh\s+viên)\s+(?:xuất\s+sắc|tiêu\s+biểu|giỏi|của|đang)(?!\p{L}).*")


class FactFinder:
    def __init__(self, text: str, folded: str, sentences: list[Sentence], mentions: list[UnitMention],
                 resolver: UnitResolver, pub: PubDate, province: str | None, masked: list[tuple[int, int]]):
        self.text, self.folded, self.sentences = text, folded, sentences
        self.mentions, self.resolver, self.pub, self.province = mentions, resolver, pub, province
        self.masked = masked
        self._mention_ends = sorted(m.end for m in mentions)
        # A number is masked when it starts inside a masked span or ends inside one.
        size = len(text) + 1
        self._masked_start, self._masked_end = bytearray(size), bytearray(size)
        for s, e in masked:
            for flags, lo, hi in ((self._masked_start, max(s, 0), min(e, size)),
                                  (self._masked_end, max(s + 1, 0), min(e + 1, size))):
                if lo < hi:
                    flags[lo:hi] = b"\x01" * (hi - lo)
        # Mentions come sorted by start (find_mentions): a rule looks at those in a span
        # by bisection, so its cost does not grow with the article's mentions.
        self._mention_starts = [m.start for m in mentions]
        self._sentence_at = {sentence.start: sentence.index for sentence in sentences}
        self._noun_text: str | None = None
        self._noun_match: regex.Match | None = None
        self._number_words = NumberWords(folded)
        self.lex = lexicon()
        self.facts: list[Fact] = []
        self.periods_by_sentence: dict[int, list[Period]] = {}
        self._carried_at: dict[int, Period | None] = {}
        self._period_carried: set[int] = set()  # ids of facts whose period came from a sentence before
        self._names: dict[str, tuple[str, str]] | None = None

    # ------------------------------------------------------------------ driver

    def run(self) -> list[Fact]:
        # One pass over the text, then each period to its sentence (sentences never overlap).
        periods = find_periods(self.folded, 0, len(self.folded), self.pub)
        bounds = [(sentence.start, sentence.end, sentence.index) for sentence in self.sentences]
        j = 0
        for period in periods:
            while j < len(bounds) and bounds[j][1] <= period.start:
                j += 1
            if j < len(bounds) and bounds[j][0] <= period.start and period.end <= bounds[j][1]:
                self.periods_by_sentence.setdefault(bounds[j][2], []).append(period)
        self._folded_title = fold(self.title) if self.title else None
        headline: list[Fact] = []
        for sentence in self.sentences:
            if self._is_title(sentence):
                before = len(self.facts)
                self._sentence(sentence)
                headline += self.facts[before:]
                del self.facts[before:]
                continue
            self._sentence(sentence)
        # A headline usually restates a body figure (rounded, without its unit or period): the
        # body's fact stands; a figure only the headline gives is a fact of its own.
        for fact in headline:
            if not any(f.metric == fact.metric and _close(f.value, fact.value) for f in self.facts):
                self.facts.append(fact)
        self._restated()
        return _dedupe(self.facts)

    def _restated(self) -> None:
        """'Chi bộ Trường A kết nạp cho 3 học sinh' ... 'Tại Chi bộ Trường A, 3 học sinh được
        kết nạp đợt này': a figure told again with no period of its own is the earlier fact, not
        a fact of the period the sentences before it speak of."""
        if not self._period_carried:
            return
        first: dict[tuple, Fact] = {}
        for f in self.facts:
            key = (f.metric, f.value, f.value_max, f.unit_level, f.unit_name, bool(f.subgroup))
            earlier = first.setdefault(key, f)
            if earlier is not f and id(f) in self._period_carried and f.metric == ADMITTED \
                    and not f.derived and earlier.sentence_start != f.sentence_start:
                f.year_from, f.year_to, f.as_of = earlier.year_from, earlier.year_to, earlier.as_of
                f.subgroup, f.per_year = earlier.subgroup, earlier.per_year

    title: str | None = None

    def _is_title(self, s: Sentence) -> bool:
        if self.title and s.paragraph <= 3:
            stripped = s.text.strip()
            # fold() keeps length, so only a sentence as long as the title can equal it
            if len(stripped) == len(self.title) and fold(stripped) == self._folded_title:
                return True
        if s.paragraph != 0 or s.index != 0 or len(self.sentences) < 3:
            return False
        line_end = self.text.find("\n", s.start)
        line = self.text[s.start:line_end if line_end != -1 else len(self.text)].strip()
        return len(line) < 160 and not line.endswith((".", "!", "?", "…", '"', "”"))

    def _sentence(self, s: Sentence) -> None:
        tokens = self._numbers(s)
        sentence_facts: list[Fact] = []
        prev_end = s.start
        done: set[int] = set()
        at = self.folded.find("lần lượt", s.start, s.end)
        while at != -1:
            for i, fact in self._respectively(s, tokens, at):
                done.add(i)
                sentence_facts.append(fact)
                self.facts.append(fact)
            at = self.folded.find("lần lượt", at + 8, s.end)
        for i, tok in enumerate(tokens):
            if i in done:
                prev_end = tok.end
                continue
            left = self.folded[prev_end:tok.start]
            right = self.folded[tok.end:min(s.end, tok.end + 90)]
            made = self._classify(s, tok, left, right, sentence_facts)
            for fact in made:
                sentence_facts.append(fact)
                self.facts.append(fact)
            # Years and other bare numbers do not end a clause: "nhiệm kỳ 2020 - 2025 kết nạp 7.500".
            if made or tok.percent or self._noun(right):  # the match _classify made of it
                prev_end = tok.end
        self._zero_admissions(s, sentence_facts)

    def _respectively(self, s: Sentence, tokens: list[NumberToken], at: int) -> list[tuple[int, Fact]]:
        """'Huyện A, huyện B và thị xã C lần lượt kết nạp được 210, 180 và 150 đảng viên':
        the k named units before 'lần lượt' (at ``at``) take the k figures after it, in order."""
        folded = self.folded
        run = [i for i, t in enumerate(tokens) if t.start > at and not _is_year(t.value)]
        if len(run) < 2:
            return []
        first = run[0]
        chain = [first]
        for i in run[1:]:
            if i != chain[-1] + 1 or not _RUN_GAP.fullmatch(folded, tokens[chain[-1]].end, tokens[i].start):
                break
            chain.append(i)
        toks = [tokens[i] for i in chain]
        if len(toks) < 2 or len({t.percent for t in toks}) != 1 or toks[0].start - at > 60:
            return []
        units = [(i, self.mentions[i]) for i in self._starting_in(s.start, at)
                 if self.mentions[i].end <= at and self.mentions[i].kind == "named" and self.resolver.at(i)]
        if len(units) < len(toks):
            return []
        units = units[-len(toks):]
        lead = folded[max(units[-1][1].end, at - 40):toks[0].start]
        last_right = folded[toks[-1].end:min(s.end, toks[-1].end + 90)]
        if toks[0].percent:
            metric = COMPLETION_PCT if self.lex.completion_before.search(lead) or "đạt" in lead else None
        elif not self._noun(last_right):
            metric = None
        elif self.lex.admit_verb.search(lead):
            metric = TARGET if self._governing_target_marker(lead) or self._future_before(lead) else ADMITTED
        elif self.lex.target_marker.search(lead):
            metric = TARGET
        elif rx.search(r"(?<!\p{L})(?:có|với)(?!\p{L})", lead):
            metric = MEMBERS
        else:
            metric = None
        if metric is None:
            return []
        out = []
        for (i, _), tok, index in zip(units, toks, chain, strict=True):
            left = folded[s.start:tok.start]
            right = folded[tok.end:min(s.end, tok.end + 90)]
            fact = self._fact(metric, s, tok, left, right)
            fact.unit_level, fact.unit_name = self.resolver.at(i)
            fact.rule = "respectively"
            out.append((index, fact))
        return out

    # ------------------------------------------------------------------ numbers

    def _numbers(self, s: Sentence) -> list[NumberToken]:
        out: list[NumberToken] = []
        text = self.text
        for m in NUMBER_RE.finditer(text, s.start, s.end):
            start, end = m.span()
            if self._masked_start[start] or self._masked_end[end] or not m.group(1).isascii():
                continue  # inside a directive or a date; or digits int() cannot read
            value = parse_number(m.group(1))
            frac = text.startswith("/", end) and _FRACTION.match(text[end:end + 12])
            if frac:  # "43/60": admitted of target
                out.append(NumberToken(start, end + frac.end(), value,
                                       denominator=parse_number(frac.group(1)), den_start=end + 1))
                continue
            # (a scale word starts with n or v: most numbers are passed over by one slice)
            scale = _SCALE.match(self.folded, end, min(end + 12, s.end)) \
                if self.folded[end + 1:end + 2] in ("n", "v") else None
            if scale:
                value, end = round(value * _SCALES[scale.group(1)]), scale.end()  # "gần 6 ngàn đảng viên"
            out.append(NumberToken(start, end, value))
            second = second_of_range(text, m) if not scale and text.startswith("-", end) else None
            if second is not None and second.end() <= s.end:  # "240-250"
                out.append(NumberToken(second.start(1), second.end(1), parse_number(second.group(1))))
        digits = len(out)
        for m in self._number_words.finditer(s.start, s.end):
            if m.group() in _SCALES and any(t.start < m.start() < t.end for t in out[:digits]):
                continue
            value = parse_number_words(m.group())
            after = self.folded[m.end():m.end() + 30]
            # A count noun begins with a letter after the spaces: most words ('năm 2024') fail that first.
            if value is None or value == 0 or not after.lstrip()[:1].isalpha() or not self._noun(after):
                continue
            if m.group() == "năm" and self.folded[max(0, m.start() - 8):m.start()].strip().endswith(("mỗi", "hằng", "hàng")):
                continue
            if _VAGUE_BEFORE.search(self.folded, max(0, m.start() - 12), m.start()):
                continue  # "hàng chục nghìn đảng viên", "hàng trăm quần chúng": no figure
            out.append(NumberToken(m.start(), m.end(), value, from_words=True))
        if len(out) > digits:  # the digits come in order already
            out.sort(key=lambda t: t.start)
        return self._group(out)

    def _group(self, tokens: list[NumberToken]) -> list[NumberToken]:
        """Join '1 đến 3' and '100 - 170' into ranges, '43/60' into fractions, mark '%'."""
        grouped: list[NumberToken] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            gap = self.text[tok.end:nxt.start] if nxt else ""
            if nxt and gap == "/" and not tok.from_words:
                tok = NumberToken(tok.start, nxt.end, tok.value, denominator=nxt.value)
                i += 1
            elif nxt and self.folded[tok.end:nxt.start].strip() in _RANGE_WORDS \
                    and _RANGE_JOIN.match(self.folded[tok.end:nxt.start]) and nxt.value > tok.value \
                    and not _is_year(tok.value) and not self._has_noun(tok.end):
                tok = NumberToken(tok.start, nxt.end, tok.value, value_max=nxt.value)
                i += 1
            if self.text.find("%", tok.end, tok.end + 3) != -1 and _PERCENT.match(self.text[tok.end:tok.end + 3]):
                tok.percent = True
                tok.end = self.text.index("%", tok.end) + 1
            grouped.append(tok)
            i += 1
        return grouped

    def _has_noun(self, pos: int) -> bool:
        return bool(self._noun(self.folded[pos:pos + 30]))

    def _noun(self, text: str) -> regex.Match | None:
        """The count noun at the start of ``text``: _classify, _fact and _qualifier ask it of
        the same ``right`` string one after the other."""
        if text is not self._noun_text:
            self._noun_text, self._noun_match = text, self.lex.count_noun.match(text)
        return self._noun_match

    # ------------------------------------------------------------------ classify

    def _classify(self, s: Sentence, tok: NumberToken, left: str, right: str,
                  prior: list[Fact]) -> list[Fact]:
        lex = self.lex
        if tok.percent:
            return self._percent(s, tok, left, right, prior)
        noun = self._noun(right)
        if not noun:
            context_noun = lex.context_noun.match(right)
            if context_noun and (lex.party_context.search(
                    _OF_ORG.sub(" ", right[context_noun.end():context_noun.end() + 110], count=1)[:40])
                                 or (self._admit_verb_close(left[-30:]) and not self._mass_org_recruits(s, tok, right, context_noun))):
                noun = context_noun
        after_noun = right[noun.end():] if noun else right
        near = left[-60:]

        if _is_year(tok.value) and not noun:
            return []
        listed = self._list_item(s, tok, left, right, prior)
        if listed:
            return listed
        if noun and prior and _EXTREME_END.search(left) and prior[-1].metric in (ADMITTED, TARGET) \
                and not prior[-1].subgroup and not prior[-1].derived:
            # "chỉ tiêu cao nhất là 455 đảng viên, thấp nhất là Đảng bộ Quân sự tỉnh 17 đảng viên"
            fact = self._fact(prior[-1].metric, s, tok, left, right)
            if fact.year_from is None:
                fact.year_from, fact.year_to = prior[-1].year_from, prior[-1].year_to
            return [fact]
        if noun and (lex.not_after.match(after_noun) or _role_trait(lex, after_noun)) and not (
                _CELL_KIND.match(after_noun) and prior and (lex.subgroup_opener.search(left) or prior[-1].subgroup)) \
                and not (_STATUS_KIND.match(after_noun) and prior and prior[-1].metric == ADMITTED
                         and lex.subgroup_opener.search(left)) \
                and not (noun.group(1).startswith("quần chúng") and _ADMITTED_CADRES.match(after_noun)):
            return []  # ("trong đó có 4 đảng viên chi bộ nông thôn, 2 đảng viên chi bộ giáo dục": a breakdown)

        # "vượt 7 so với chỉ tiêu" / "vượt chỉ tiêu 7 đảng viên" after an admission: a derived target.
        if prior and _EXCEED_TARGET_END.search(left):
            anchor = _last(prior, ADMITTED)
            if anchor and not tok.value_max and anchor.value > tok.value:
                return [self._derived(anchor, TARGET, anchor.value - tok.value, s, tok)]
            return []
        if not prior and _EXCEED_TARGET_END.search(left) and not rx.match(r"[^.;]{0,50}(?<!\p{L})giao(?!\p{L})", right):
            return []  # "kết nạp vượt chỉ tiêu 11 đảng viên": by how much, not how many ("... mà Tỉnh ủy giao" is the quota)
        if prior and _EXCEED_END.search(left) and rx.match(r"^\s*(?:đảng\s+viên|đv|đồng\s+chí)?\s*(?:so\s+với\s+)?(?:chỉ\s+tiêu|kế\s+hoạch|kh)(?!\p{L})", right):
            anchor = _last(prior, ADMITTED)
            if anchor and not tok.value_max and anchor.value > tok.value:
                return [self._derived(anchor, TARGET, anchor.value - tok.value, s, tok)]
            return []

        if noun and near.rstrip().endswith(_HAVING_WORDS) \
                and _UNITS_HAVING.search(self.folded, max(s.start, tok.start - 60), tok.start):
            return []  # "45/48 chi bộ có từ 3 đảng viên trở lên": how many units reach a size
        # Members: "tổng số đảng viên ... từ hơn 5.650 (năm 2020) lên gần 5.930 đảng viên".
        if _FROM_TO_END.search(left) and lex.members_context.search(upto := self.folded[s.start:tok.start]) \
                and not lex.admit_verb.search(upto.split("tổng số")[-1]) \
                and (noun or rx.match(r"^\s*(?:\([^)]*\)\s*)?(?:lên|đến)(?!\p{L})", right)):
            return [self._fact(MEMBERS, s, tok, left, right)]

        if (not noun or noun.group(1) in ("đảng viên", "đv", "đồng chí")) and _RAISED_TOTAL_END.search(left[-90:]) \
                and not _is_year(tok.value):
            return [self._fact(MEMBERS, s, tok, left, right)]  # "nâng tổng số đảng viên của khối lên gần 6 ngàn"
        if not noun:
            # "chỉ tiêu tỉnh giao là 101", "chỉ tiêu được giao 08 đồng chí"
            if (lex.target_noverb.search(left[-70:]) or lex.target_noverb_loose.search(left[-90:])) \
                    and not tok.denominator and not _is_year(tok.value):
                return [self._fact(TARGET, s, tok, left, right, anchor=_last(prior, ADMITTED) if prior else None)]
            trait = _TRAIT_NOUN.match(right) if prior else None
            if trait and (lex.subgroup_opener.search(left) or (prior[-1].subgroup and _AND_END.search(left))):
                # "lễ kết nạp cho 6 quần chúng, trong đó có 5 học sinh lớp 12 và 1 giáo viên"
                parent = prior[-1] if prior[-1].subgroup else _subgroup_parent(prior)
                if parent is not None and parent.metric == ADMITTED:
                    label = " ".join(trait.group(1).split())
                    return [self._sibling(parent, s, tok, left, right, label) if parent.subgroup
                            else self._child(parent, s, tok, left, right, subgroup=label)]
            schooling = _SCHOOLING_END.search(left) if prior and (prior[-1].subgroup or "").startswith("trình độ") else None
            if schooling:  # "..., 10 đảng viên trình độ đại học; cao đẳng 9": the breakdown goes on
                return [self._sibling(prior[-1], s, tok, left, right, "trình độ " + " ".join(schooling.group(1).split()))]
            if prior and _LIST_END.search(left):
                return self._enumeration(s, tok, left, prior)
            return []

        blocker = lex.not_before.search(near)
        if blocker:
            verb_near = _last_match(lex.admit_verb, near)
            if verb_near is None or blocker.start() >= verb_near.end() - 1:
                return []
        if (each := _EACH_UNIT.search(near)) is not None:
            # "giao chỉ tiêu cho 19 xã, mỗi xã kết nạp từ 3 - 5 đảng viên": the parent's quota for
            # every unnamed unit (GOLD_FORMAT: subgroup "mỗi xã"); "mỗi chi bộ có 3 đảng viên" is none
            upto = self.folded[max(s.start, tok.start - 120):tok.start]
            if not (lex.admit_verb.search(near[each.end():]) and (
                    lex.target_marker.search(upto) or not _REALIZED.search(near[each.end():]))):
                return []
            quota = self._fact(TARGET, s, tok, left, right)
            quota.subgroup = " ".join(each.group().split())
            if prior:  # the parent is the unit of the sentence's total, not a unit named after "mỗi"
                quota.unit_level, quota.unit_name = prior[-1].unit_level, prior[-1].unit_name
                if quota.year_from is None:
                    quota.year_from, quota.year_to = prior[-1].year_from, prior[-1].year_to
            return [quota]

        # Subgroups: "..., trong đó có 7 đảng viên là học sinh"; "Trong số đảng viên mới có 58 đảng viên nữ".
        opener = lex.subgroup_opener.search(left) or _AMONG_NEW.search(left)
        after_opener = opener.end() if opener else 0
        if opener is None:
            # (every match holds "trong")
            opener = _AMONG_START.match(self.folded, s.start, tok.start) \
                if self.folded.find("trong", s.start, tok.start) != -1 else None
            # Matched in the sentence: where it ends in ``left`` (which may start later).
            after_opener = max(0, opener.end() - (tok.start - len(left))) if opener else 0
        parent = _subgroup_parent(prior) if prior else None
        if opener and parent is None:
            if after_opener == opener.end() and _COUNT_BEFORE_OPENER.search(
                    self.folded, max(s.start, tok.start - len(left) + opener.start() - 40), tok.start - len(left) + opener.start()):
                return []  # "chuyển sinh hoạt cho 89 đảng viên, trong đó có 63 ...": parts of a count that is no fact
            parent = self._previous_anchor(s, prefer_admitted="mới" in opener.group() or "kết nạp" in opener.group())
        if not opener and prior and prior[-1].subgroup and not lex.admit_verb.search(left):
            # "...; 112 đảng viên là đoàn viên": the list of subgroups goes on
            cell = _CELL_KIND.match(after_noun) if (prior[-1].subgroup or "").startswith(("chi bộ", "đảng bộ")) else None
            status = _STATUS_KIND.match(after_noun) if prior[-1].subgroup in ("chính thức", "dự bị") else None
            label = self._trait(noun.group(1), after_noun) or (status and " ".join(status.group().split())) \
                or self._trait_before(left) or (
                cell and " ".join(rx.sub(r"\s*(?:[,;.]|và)?\s*$", "", cell.group()).split()))
            if label and not prior[-1].derived and self._named_between(prior[-1].value_end, tok.start):
                # "Trường THPT A ... (14 em), tiếp đến là Trường THPT B (13 em)": B's own figure
                own = self._fact(prior[-1].metric, s, tok, left, right)
                own.subgroup = label
                if own.year_from is None:
                    own.year_from, own.year_to = prior[-1].year_from, prior[-1].year_to
                return [own]
            if label:
                return [self._sibling(prior[-1], s, tok, left, right, label)]
        if opener and parent is not None and parent.metric == MEMBERS:
            # "có 27 đảng viên, trong đó 9 nữ": members of a kind (a role, "9 đồng chí là trưởng thôn", is none)
            label = (self._trait(noun.group(1), after_noun) if noun else None) \
                or self._trait_before(left[after_opener:])
            return [self._child(parent, s, tok, left, right, subgroup=label)] if label else []
        plural = _PLURAL_SUBJECT.match(left, after_opener) if opener and parent else None
        if not opener and (apart := _APART.match(left)):
            # "Riêng các tổ chức cơ sở đảng khối xã, thị trấn kết nạp mới 52": a part of the total
            parent = _subgroup_parent(prior) if prior else self._previous_anchor(s, prefer_admitted=True)
            plural = _PLURAL_SUBJECT.match(left, apart.end()) if parent else None
            after_opener = apart.end()
        if plural and parent.metric in (ADMITTED, TARGET) and not self._named_between(tok.start - len(left) + after_opener, tok.start):
            # "Trong đó, Đảng bộ các xã, thị trấn đã kết nạp 1.107 đảng viên": a part of the total
            return [self._child(parent, s, tok, left, right, subgroup=" ".join(plural.group(1).split()))]
        if opener and parent and parent.metric in (ADMITTED, TARGET) \
                and not lex.admit_verb.search(_ADMITTED_ABOVE.sub(" ", left[after_opener:])):
            label = self._subgroup_label(noun.group(1), after_noun) or self._trait_before(left[after_opener:])
            if label:
                return [self._child(parent, s, tok, left, right, subgroup=label)]
            return []

        # "số đảng viên mới là người dân tộc Khmer là 96 đồng chí": new members of a trait.
        new_of_trait = _NEW_ARE.search(near) if not opener else None
        if new_of_trait:
            anchor = _subgroup_parent(prior) if prior else self._previous_anchor(s, prefer_admitted=True)
            if anchor is not None and anchor.metric == ADMITTED:
                return [self._child(anchor, s, tok, left, right, subgroup=new_of_trait.group(1).strip())]

        # "3 em được đứng vào hàng ngũ của Đảng", "20 quần chúng được kết nạp".
        pos = _admit_after_pos(lex, after_noun)
        lead = _OF_ORG.sub(" ", after_noun[:pos]) if pos else ""
        if lex.admit_after.match(after_noun) or (pos and len(lead.split()) <= 6
                                                  and not rx.search(r"[,;:.]", lead)):
            if self._future_before(near):
                return []
            metric = TARGET if self._governing_target_marker(near[-30:]) else ADMITTED
            made = self._with_fraction(metric, s, tok, left, right)
            words = after_noun[:_admit_after_pos(lex, after_noun)].strip()
            label = self._trait(noun.group(1), after_noun) or (words if words in ("học sinh", "sinh viên", "đoàn viên", "công nhân") else None) \
                or _set_apart(left)
            if label:
                made[0].subgroup = label
            return made

        # "Về trình độ, có 10 đảng viên trình độ đại học" after admissions: the new members by schooling.
        schooling = _SCHOOLING.match(after_noun) if noun and noun.group(1) in ("đảng viên", "đv") else None
        if schooling and not opener:
            anchor = prior[-1] if prior and (prior[-1].subgroup or "").startswith("trình độ") else \
                _subgroup_parent(prior) if prior else self._previous_anchor(s, prefer_admitted=True)
            if anchor is not None and anchor.metric == ADMITTED:
                label = "trình độ " + " ".join(schooling.group(1).split())
                return [self._sibling(prior[-1], s, tok, left, right, label) if prior and prior[-1].subgroup
                        else self._child(anchor, s, tok, left, right, subgroup=label)]

        # Members: "có 137 đảng viên", "với 137 đảng viên", "137 đảng viên sinh hoạt".
        is_new = "mới" in right and (bool(_NEW_MEMBER.match(right)) or bool(_NEW.match(right)))
        if noun.group(1) in ("đảng viên", "đv", "đồng chí") and not is_new and (
            (lex.members_before.search(_strip_qualifier(near)) and
             (lex.members_context.search(left) or rx.search(r"(?<!\p{L})(?:có|với|gồm)\s*(?:tổng\s+số)?\s*$", _strip_qualifier(near))))
            or lex.members_after.match(after_noun) or _ORGS_AND.search(near)
        ) and not self._admit_verb_close(left):
            upto = self.folded[s.start:tok.start]
            if rx.search(r"(?<!\p{L})(?:giao|đề\s+ra|đặt)\s+chỉ\s+tiêu[^.]*(?:kết\s+nạp|phát\s+triển)", upto):
                return [self._fact(TARGET, s, tok, left, right)]
            member = self._fact(MEMBERS, s, tok, left, right)
            # "có 3.000 đảng viên là người dân tộc thiểu số": members of a kind
            member.subgroup = self._trait(noun.group(1), after_noun) if noun.group(1) == "đảng viên" else None
            return [member]
        if is_new and rx.search(r"(?<!\p{L})(?:với|có|dẫn\s+đầu\s+với)\s*$", _strip_qualifier(near)):
            return [self._fact(ADMITTED, s, tok, left, right)]

        verb = _last_match(lex.admit_verb, left)
        if verb is not None and len(left) - verb.end() <= 45:
            before_verb = left[:verb.start()]
            if self._future_before(before_verb[-20:], before_verb[-60:-20]):
                # "phấn đấu đến hết năm 2018, Đảng ủy Khối sẽ kết nạp được 240-250": a goal
                if rx.search(r"(?<!\p{L})sẽ\s*$", before_verb) and self._governing_target_marker(before_verb, loose=True):
                    return self._with_fraction(TARGET, s, tok, left, right)
                return []
            realized = _REALIZED.search(verb.group() + " " + before_verb[-12:])
            marker = self._governing_target_marker(before_verb, loose=not realized)
            adjacent = marker is not None and len(before_verb) - marker.end() <= 12
            if marker is not None and (adjacent or not realized):
                return self._with_fraction(TARGET, s, tok, left, right)
            if not realized and lex.target_after.match(after_noun):
                return self._with_fraction(TARGET, s, tok, left, right)
            return self._subgrouped(self._with_fraction(ADMITTED, s, tok, left, right), noun.group(1), after_noun)

        # "trong tổng số 200 đảng viên mới theo kế hoạch"
        if lex.target_after.match(after_noun) or lex.target_noverb.search(left[-70:]) \
                or lex.target_noverb_loose.search(left[-90:]):
            return [self._fact(TARGET, s, tok, left, right, anchor=_last(prior, ADMITTED) if prior else None)]

        # "(bình quân mỗi năm đạt trên 1.500 đảng viên)": continues the fact before it.
        if parent and parent.metric != COMPLETION_PCT and (lex.per_year.search(left) or rx.search(r"\(\s*[^)]*$", left)):
            return [self._child(parent, s, tok, left, right, inherit_period=True)]
        return []

    def _previous_anchor(self, s: Sentence, prefer_admitted: bool = False) -> Fact | None:
        """The last admission or target of the sentences before (for 'Trong đó, ...')."""
        metrics = (ADMITTED,) if prefer_admitted else (ADMITTED, TARGET)
        for fact in reversed(self.facts):
            gap = s.index - self._sentence_index(fact.sentence_start)
            if gap > 8:
                return None  # facts come in sentence order: the rest are further back
            if fact.sentence_start < s.start and fact.metric in metrics and not fact.subgroup \
                    and not fact.derived:
                # "Trong số đảng viên mới" names what it counts: it may look further back.
                if gap > (8 if prefer_admitted else 3):
                    return None
                same = [f for f in self._facts_since(self._sentence_index(fact.sentence_start))
                        if f.sentence_start == fact.sentence_start and f.metric in metrics]
                return _subgroup_parent(same) or fact
        return None

    def _sentence_index(self, start: int) -> int:
        return self._sentence_at.get(start, -99)

    def _starting_in(self, lo: int, hi: int) -> range:
        """Indices of the mentions that start in [lo, hi]."""
        return range(bisect_left(self._mention_starts, lo), bisect_right(self._mention_starts, hi))

    def _facts_since(self, index: int) -> list[Fact]:
        """The facts of sentences from ``index`` on, in order (facts come in sentence order)."""
        at = len(self.facts)
        while at and self._sentence_index(self.facts[at - 1].sentence_start) >= index:
            at -= 1
        return self.facts[at:]

    def _trait_before(self, segment: str) -> str | None:
        """'đảng viên là học sinh từ 5 đồng chí': the trait is written before the number."""
        m = rx.search(r"(?:đảng\s+viên|đv)\s+(?:là\s+|từ\s+nguồn\s+|đang\s+)?([^,;:]{2,80}?)\s*(?:từ|trên|hơn|khoảng|gần|ít\s+nhất|tối\s+thiểu)?\s*$", segment)
        if not m:
            return None
        label = rx.sub(r"\s+là$", "", m.group(1).strip())  # "đảng viên nữ là 359 đồng chí"
        if self.lex.not_roles.search(label) or not label:
            return None
        return " ".join(label.split()[:8])

    def _mass_org_recruits(self, s: Sentence, tok: NumberToken, right: str, noun: regex.Match) -> bool:
        """'Đoàn xã kết nạp 50 đoàn viên mới', 'Hội Nông dân kết nạp 35 hội viên', '1.200 đoàn viên
        công đoàn': a youth union, trade union or association recruiting its own members."""
        if noun.group(1) == "hội viên" or _UNION_MEMBERS.match(right, noun.end()):
            return True
        clause = self.text[max(s.start, tok.start - 90):tok.start]
        subject = _last_match(_MASS_ORG, clause)
        return subject is not None and not _PARTY_WORD.search(clause, subject.end())

    def _governing_target_marker(self, before_verb: str, loose: bool = False):
        """The target word that governs the verb: close to it, in the same clause, and not
        part of completion language ('hoàn thành chỉ tiêu', 'vượt kế hoạch')."""
        marker = None
        cut = before_verb.rfind(";")
        for m in self.lex.target_marker.finditer(before_verb, cut + 1):
            preceding = before_verb[max(0, m.start() - 16):m.start()]
            if _COMPLETION_END.search(preceding):
                continue
            between = before_verb[m.end():]
            if ")" in between and "(" not in between.split(")", 1)[0]:
                continue  # "(đạt 119% kế hoạch) và Đảng bộ quận Ô Môn kết nạp 150": a closed aside
            if not loose and len(between) > 12 and (rx.search(r"[,:]", between) or len(between) > 70):
                continue
            marker = m
        return marker

    def _subgrouped(self, facts: list[Fact], noun: str, after_noun: str) -> list[Fact]:
        """'kết nạp được ba đảng viên là giáo dân': the count itself carries a trait."""
        label = self._trait(noun, after_noun)
        if label and facts:
            facts[0].subgroup = label
        return facts

    def _trait(self, noun: str, after_noun: str) -> str | None:
        if noun == "em":
            return "học sinh"
        if noun == "người":
            people = rx.match(r"\s*((?:có|theo)\s+đạo|(?:là\s+)?(?:đồng\s+bào\s+)?dân\s+tộc\s+[^,;.()]{2,25}?|công\s+giáo|phật\s+giáo)(?=\s*(?:[,;.()]|được|vào|đứng|$))", after_noun)
            return rx.sub(r"^là\s+", "", people.group(1)) if people else None
        if noun in ("học sinh", "sinh viên", "đoàn viên", "công nhân", "giáo viên"):
            return noun
        if noun in ("đvtn", "đoàn viên thanh niên"):
            return "đoàn viên"  # "10 ĐVTN ưu tú": youth-union members the union put forward
        if (where := _AT_SOME_PLACES.match(after_noun)) and not _ALL_UNITS.fullmatch(where.group(2)):
            return " ".join(where.group(1).split())  # "83 đảng viên mới tại các làng DTTS": admitted there
        m = rx.match(
            r"\s*(?:mới\s+)?(?:được\s+kết\s+nạp\s+(?=là\s))?(?:đầu\s+tiên\s+|trẻ\s+)?(?:(nữ)(?!\p{L})|là\s+(?!(?:trưởng|tổ\s+trưởng|bí\s+thư|phó|cán\s+bộ\s+chủ\s+chốt))([^,;.()]{2,50}?)(?=\s*(?:[,;.()]|chiếm|$|(?<!\p{L})(?:trong|sau|từ|vào|tại|khi|để|nhằm|góp|năm|ngay)(?!\p{L})))"
            r"|(người\s+(?:dân\s+tộc|có\s+đạo|công\s+giáo)[^,;.()]{0,30}?|dân\s+tộc\s+thiểu\s+số|(?:đang\s+)?(?:làm\s+việc|công\s+tác)\s+(?:trong|tại|ở)\s+[^,;.()]{3,50}?)(?=\s*(?:[,;.()]|chiếm|$)))",
            after_noun)
        if not m:
            return None
        label = next(g for g in m.groups() if g)
        label = rx.sub(r"^người\s+", "", label.strip())
        if self.lex.not_roles.search(label) or rx.match(
                r"(?:chị|anh|ông|bà|em|đồng\s+chí|cháu|vợ|chồng|vừa|đã|được|sẽ|những|các|một|hai|ba|\d)(?!\p{L})", label):
            return None
        return " ".join(_PUPIL_PRAISED.sub(r"\1", label).split()[:7])

    def _future_before(self, text: str, earlier: str = "") -> bool:
        """'chuẩn bị kết nạp hơn 20 trường hợp', 'sẽ kết nạp': not yet admitted."""
        tail = text[-30:]
        future = _last_match(self.lex.future_any, tail) if self.lex.future_any.search(tail) else None
        # "... xem xét và đã kết nạp 227": the weighing came first, the admission is done
        if future is None or _DONE.search(tail, future.end()):
            return False
        if not future.group(0).rstrip().endswith("xét"):
            return True
        # "được các cấp ủy Đảng xem xét, bồi dưỡng, kết nạp 6.811 người": the weighing was done
        cut = len(text) - len(tail) + future.start()
        return not _WEIGHED.search((earlier + text[:cut])[-40:])

    def _admit_verb_close(self, left: str) -> bool:
        verb = _last_match(self.lex.admit_verb, left)
        return verb is not None and len(left) - verb.end() <= 25

    def _percent(self, s: Sentence, tok: NumberToken, left: str, right: str, prior: list[Fact]) -> list[Fact]:
        lex = self.lex
        near = _strip_qualifier(left[-40:])
        of_quota = lex.completion_after.match(right) and (
            lex.completion_before.search(near) or lex.completion_share_before.search(near))
        if (lex.rate_after.match(right) and not lex.completion_after.match(right)) or (
                lex.rate_before.search(left[-50:]) and not of_quota):
            # "đạt 0,2% so với tổng số đảng viên" is a rate; "... so với tổng số chỉ tiêu" is not, nor is
            # "chiếm tỷ lệ 86,5% so với chỉ tiêu": a share of the quota is its completion
            return []
        if rx.search(r"(?<![\d.,])\d+(?:/\d+)?\s+(?:đảng\s+bộ|chi\s+bộ|tổ\s+chức|cơ\s+sở|xã|đơn\s+vị)(?!\p{L})", left[-60:]):
            return []  # "4 đảng bộ ... đạt trên 50%": how many units reached a rate
        if _THE_REST.search(left[-50:]):
            return []  # "Các đảng bộ còn lại đạt trên 80%": the units not named
        if prior and prior[-1].subgroup and rx.search(r"\(\s*$", left):
            return []  # "22 đảng viên trình độ đại học (50%)": the part's share, not a completion
        anchor = _last(prior, ADMITTED)
        if _EXCEED_END.search(left):
            if not lex.completion_after.match(right) or self._rate_in_sentence(s):
                return []
            fact = self._fact(COMPLETION_PCT, s, tok, left, right, anchor=anchor)
            fact.value = round(100 + tok.value, 2)
            fact.derived = True
            return [fact]
        listed = self._percent_item(s, tok, left, right, prior)
        if listed:
            return listed
        if not (lex.completion_before.search(near) or rx.search(r"\(\s*$", near) or of_quota):
            return []
        if lex.completion_after.match(right):
            return [self._fact(COMPLETION_PCT, s, tok, left, right, anchor=anchor)]
        right_after_anchor = anchor is not None and anchor.value_end >= tok.start - len(left) \
            and rx.fullmatch(r"[^,;.]*[,(]\s*(?:đạt|bằng|hoàn\s+thành)\s*(?:tỷ\s+lệ|tỉ\s+lệ)?\s*(?:hơn|gần|trên|khoảng)?\s*", left)
        rate_like = rx.search(r"(?:tỷ|tỉ)\s+lệ\s*(?:hơn|gần|trên|khoảng)?\s*$", left) and tok.value < 15
        if (right_after_anchor and not rate_like) or (tok.value >= 30 and (anchor or self._admit_verb_close(left[-80:]))):
            return [self._fact(COMPLETION_PCT, s, tok, left, right, anchor=anchor)]
        return []

    def _percent_item(self, s: Sentence, tok: NumberToken, left: str, right: str,
                      prior: list[Fact]) -> list[Fact]:
        """'... đạt cao như: Đảng bộ Quân sự tỉnh đạt 61,90%; Đảng bộ huyện X 45,16%': each
        listed unit's completion, when the list follows a completion (this sentence or the last)."""
        head = self.text[s.start:tok.start]
        sep = _LIST_SEP.search(head)
        if not sep or tok.value > 300:
            return []
        item_start = s.start + sep.start(1)
        named = self._named_at(item_start, tok.start)
        shared: list[tuple[str, str]] = []
        if named is None or not _ITEM_RATE.fullmatch(self.folded, self.mentions[named].end, tok.start):
            # "huyện Đức Linh (105%) và Đảng bộ Khối các cơ quan tỉnh (104,61%)": the item after "và";
            # "Đảng bộ Bộ đội Biên phòng tỉnh và huyện Hàm Tân đạt 100%": two units, one rate
            first, named = named, None
            for m in _AND.finditer(self.folded, item_start, tok.start):
                at = self._named_at(m.end(), tok.start)
                if at is not None and _ITEM_RATE.fullmatch(self.folded, self.mentions[at].end, tok.start):
                    named = at
                    if first is not None and self.mentions[first].end == m.start() \
                            and (other := self.resolver.at(first)) and other[1]:
                        shared.append(other)
            if named is None:
                return []
        key = self.resolver.at(named)
        if not key or not key[1]:
            return []
        previous = [f for f in self._facts_since(s.index - 1) if f.metric == COMPLETION_PCT]
        intro = self.folded[s.start:item_start]
        if not (previous or _COMPLETION_LIST_INTRO.search(intro)):
            return []
        if not (":" in head or rx.search(r"(?:như|là)\s*$", self.folded[s.start:item_start]) or
                any(f.rule == "percent_item" and f.sentence_start == s.start for f in prior)):
            return []
        source = next((f for f in reversed(previous) if f.rule != "percent_item"), None)
        made = []
        for level, name in [*shared, key]:
            fact = self._fact(COMPLETION_PCT, s, tok, left, right)
            fact.unit_level, fact.unit_name, fact.rule = level, name, "percent_item"
            if source is not None and fact.year_from is None:
                fact.year_from, fact.year_to = source.year_from, source.year_to
            made.append(fact)
        return made

    def _named_at(self, start: int, end: int) -> int | None:
        """The index of the last named unit mention that starts at ``start`` and ends by ``end``."""
        found = [i for i in self._starting_in(start, start)
                 if self.mentions[i].end <= end and self.mentions[i].kind == "named"]
        return found[-1] if found else None

    def _rate_in_sentence(self, s: Sentence) -> bool:
        return bool(rx.search(r"%\s*(?:so\s+với\s+)?tổng\s+số", self.folded[s.start:s.end]))

    def _zero_admissions(self, s: Sentence, prior: list[Fact]) -> None:
        """'không kết nạp được đảng viên nào' is an admission of 0."""
        if self.folded.find("nào", s.start, s.end) == -1:
            return  # the pattern ends in "nào"
        for m in _ZERO_ADMISSION.finditer(self.folded, s.start, s.end):
            left = self.folded[s.start:m.start()]
            if rx.search(r"(?<!\p{L})(?:nhiều\s+năm|nào|nếu|những|các|còn)(?!\p{L})", left[-40:]) \
                    or rx.search(r"(?<!\d)(?!(?:19|20)\d\d\s)\d+(?:/\d+)?\s+(?:chi\s+bộ|đảng\s+bộ|tổ\s+chức|cơ\s+sở|xã|thôn|bản|đơn\s+vị)[^,;.]{0,30}$", left[-60:]):
                continue  # a condition, or "5/7 chi bộ ... không kết nạp được": counts cells, not admissions  # "tổ chức đảng nào nhiều năm liền không kết nạp được": a condition, not a count
            tok = NumberToken(m.start(), m.end(), 0)
            fact = self._fact(ADMITTED, s, tok, left, self.folded[m.end():s.end])
            fact.value_start, fact.value_end = m.start(), m.end()
            self.facts.append(fact)
            prior.append(fact)

    def _list_item(self, s: Sentence, tok: NumberToken, left: str, right: str, prior: list[Fact]) -> list[Fact]:
        """'...: Đảng bộ Trường X 19 đảng viên; Đảng bộ Công ty Y 14 đảng viên; ...', 'TP. Hội An 105'."""
        if not self._may_be_item(s.start, tok.start):
            return []
        head = self.text[s.start:tok.start]
        sep = _LIST_SEP.search(head)
        if not sep:
            return []
        item_start = s.start + sep.start(1)
        opened = ":" in head or bool(rx.search(r"(?:là|như)\s*$", self.folded[s.start:item_start]))
        named = [i for i in self._starting_in(item_start, tok.start)
                 if self.mentions[i].end <= tok.start and not self.text[self.mentions[i].end:tok.start].strip()]
        if named:
            key = self.resolver.at(named[-1])
            if not key or self.mentions[named[-1]].start != item_start:
                return []
            level, name = key
        else:
            item = self.text[item_start:tok.start]
            bare = _FORCE_ITEM.fullmatch(item) or _BARE_ITEM.fullmatch(item)
            if not bare or not (prior or opened):
                return []
            name = bare.group(1)
            if bare.re is _FORCE_ITEM:
                level, name = "cơ quan", _force_name(name, prior)
            else:
                level = district_level(name)
            if province_name(name) and (not level or (prior and prior[-1].unit_level == "tỉnh")):
                level, name = "tỉnh", province_name(name)  # "Đắk Lắk 12.100 đảng viên, Gia Lai 13.500"
            if not level and prior and prior[-1].rule == "list_item" and prior[-1].sentence_start == s.start \
                    and prior[-1].unit_level in _DISTRICT_LEVELS:
                level = prior[-1].unit_level  # "...; Quế Sơn 87; Nông Sơn 30": a district the gazetteer lacks
            if not level:
                return []
        metric = None
        # (the target of a fraction "120/100" goes with its admission: the next item is one too)
        anchor = next((f for f in reversed(prior) if f.metric in (ADMITTED, TARGET) and not f.subgroup
                       and f.rule != "fraction"), None)
        if anchor is not None:
            metric = anchor.metric
        else:
            intro = self.folded[s.start:s.start + sep.start()]
            if not opened:
                return []
            intro = intro.rsplit(":", 1)[0] if ":" in intro else intro
            if self._governing_target_marker(intro[-60:]) or self.lex.target_marker.search(intro[-40:]):
                metric = TARGET
            elif self.lex.admit_verb.search(intro):
                metric = ADMITTED
            elif self._noun(right) and (before := self._previous_anchor(s)) is not None:
                metric = before.metric  # "Toàn tỉnh kết nạp 1.200. Các huyện dẫn đầu là: Ea Kar (120 đảng viên), ..."
                if before.year_from is not None and not self.periods_by_sentence.get(s.index):
                    made = [self._fact(metric, s, tok, left, right)]
                    made[0].year_from, made[0].year_to = before.year_from, before.year_to
                    made[0].unit_level, made[0].unit_name, made[0].rule = level, name, "list_item"
                    return made
        if metric is None:
            return []
        made = [self._fact(metric, s, tok, left, right, anchor=anchor)]
        if tok.denominator is not None and metric == ADMITTED:
            target = self._child(made[0], s, tok, left, right, inherit_period=True)
            target.metric, target.value = TARGET, tok.denominator
            _split_fraction(made[0], target, tok)
            made.append(target)
        for fact in made:
            fact.unit_level, fact.unit_name, fact.rule = level, name, "list_item"
            fact.subgroup = None
        return made

    def _may_be_item(self, start: int, end: int) -> bool:
        """A list item needs a unit mention or a capitalised word right before the number."""
        text = self.text
        k = end
        while k > start and (text[k - 1].isspace() or text[k - 1] == "("):  # str's whitespace includes regex's \s
            k -= 1
        i = bisect_left(self._mention_ends, k)
        if i < len(self._mention_ends) and self._mention_ends[i] <= end:
            return True
        return bool(_CAPITAL_IN_LAST_WORD.match(text, start, k)) or bool(_FORCE_END.search(text, max(start, k - 20), k))

    def _enumeration(self, s: Sentence, tok: NumberToken, left: str, prior: list[Fact]) -> list[Fact]:
        """'...; Hội An 110; Điện Bàn 150': one fact per listed unit."""
        m = rx.search(r"[;,:]\s*((?:\p{Lu}[\p{L}'’]*\s*){1,4})(?:chỉ\s+tiêu\s+|kết\s+nạp\s+|phát\s+triển\s+)?$",
                         self.text[s.start:tok.start])
        parent = prior[-1]
        if not m or parent.metric not in (ADMITTED, TARGET):
            return []
        name = m.group(1).strip()
        level = _FORCES.get(name.lower()) or district_level(name) or parent.unit_level
        fact = self._child(parent, s, tok, left, "", inherit_period=True)
        fact.unit_level, fact.unit_name = level, name
        fact.rule = "enumeration"
        return [fact]

    def _subgroup_label(self, noun: str, after_noun: str) -> str | None:
        m = rx.match(r"\s*(?:mới\s+)?(?:được\s+kết\s+nạp\s+(?=(?:trong|tại|ở)\s))?(?:là\s+|thuộc\s+|ở\s+|trong\s+|người\s+)?([^,;.()]{2,60}?)(?=\s*(?:[,;.()]|chiếm|$|và\s+\d))", after_noun)
        label = m.group(1).strip() if m else ""
        label = rx.sub(r"^(?:là|được|thuộc)\s+", "", label)
        if noun in ("học sinh", "sinh viên", "đoàn viên", "hội viên", "công nhân", "giáo viên"):
            label = noun + (" " + label if label and not label.startswith(("được", "là")) else "")
        if not label or label.startswith(("được", "vào", "mới", "kết")):
            return None
        if self.lex.not_roles.search(label):
            return None
        if len(label.split()) > 6 and " và " in label:
            label = label.split(" và ")[0]  # "doanh nghiệp tư nhân và doanh nghiệp có vốn ...": its first kind
        return " ".join(label.split()[:6])

    # ------------------------------------------------------------------ building

    def _with_fraction(self, metric: str, s: Sentence, tok: NumberToken, left: str, right: str) -> list[Fact]:
        fact = self._fact(metric, s, tok, left, right)
        out = [fact]
        if tok.denominator is not None and metric == ADMITTED:
            target = self._child(fact, s, tok, left, right, inherit_period=True)
            target.metric, target.value, target.rule = TARGET, tok.denominator, "fraction"
            _split_fraction(fact, target, tok)
            out.append(target)
        return out

    def _fact(self, metric: str, s: Sentence, tok: NumberToken, left: str, right: str,
              anchor: Fact | None = None) -> Fact:
        qualifier = "range" if tok.value_max is not None else self._qualifier(tok, left, right)
        fact = Fact(metric=metric, value=tok.value, value_max=tok.value_max, qualifier=qualifier,
                    sentence=s.text, sentence_start=s.start, value_start=tok.start, value_end=tok.end,
                    rule=metric)
        fact.start, fact.end = self._evidence_span(s, tok, left, right)
        if anchor is not None and self._named_between(anchor.value_end, tok.start):
            anchor = None  # "...; Đảng bộ thành phố Sa Đéc đã hoàn thành 100% chỉ tiêu": its own unit
        if anchor is not None and metric == TARGET and anchor.metric == ADMITTED:
            fact.unit_level, fact.unit_name = anchor.unit_level, anchor.unit_name
            self._period(fact, s, tok, left, right)
        elif anchor is not None:
            fact.unit_level, fact.unit_name = anchor.unit_level, anchor.unit_name
            fact.year_from, fact.year_to, fact.as_of = anchor.year_from, anchor.year_to, anchor.as_of
            fact.per_year = anchor.per_year
        else:
            fact.unit_level, fact.unit_name = self._unit(s, tok.start, metric)
            self._period(fact, s, tok, left, right)
        noun = self._noun(right)
        after = right[noun.end():] if noun else right
        if self.lex.per_year.search(left[-45:]) or _PER_YEAR_AFTER.match(after):
            fact.per_year = True
        return fact

    def _child(self, parent: Fact, s: Sentence, tok: NumberToken, left: str, right: str,
               subgroup: str | None = None, inherit_period: bool = True) -> Fact:
        qualifier = "range" if tok.value_max is not None else self._qualifier(tok, left, right)
        child = Fact(metric=parent.metric, value=tok.value, value_max=tok.value_max, qualifier=qualifier,
                     unit_level=parent.unit_level, unit_name=parent.unit_name,
                     year_from=parent.year_from, year_to=parent.year_to, as_of=parent.as_of,
                     per_year=parent.per_year, subgroup=subgroup, sentence=s.text,
                     sentence_start=s.start, value_start=tok.start, value_end=tok.end,
                     rule="subgroup" if subgroup else "continuation")
        child.start, child.end = self._evidence_span(s, tok, left, right)
        if self.lex.per_year.search(left[-45:]):
            child.per_year = True
        return child

    def _sibling(self, sibling: Fact, s: Sentence, tok: NumberToken, left: str, right: str, label: str) -> Fact:
        fact = self._child(sibling, s, tok, left, right, subgroup=label)
        fact.per_year = sibling.per_year
        return fact

    def _derived(self, anchor: Fact, metric: str, value: int | float, s: Sentence, tok: NumberToken) -> Fact:
        fact = Fact(metric=metric, value=value, qualifier="exact", unit_level=anchor.unit_level,
                    unit_name=anchor.unit_name, year_from=anchor.year_from, year_to=anchor.year_to,
                    per_year=anchor.per_year, derived=True, sentence=s.text, sentence_start=s.start,
                    value_start=tok.start, value_end=tok.end, rule="derived_exceed")
        fact.start, fact.end = self._evidence_span(s, tok, "", "")
        return fact

    def _evidence_span(self, s: Sentence, tok: NumberToken, left: str, right: str) -> tuple[int, int]:
        """From the start of the number's clause to the end of its count noun."""
        start = tok.start - len(left.lstrip(" ,;:()")) if left else tok.start
        start = max(s.start, start)
        text = self.text
        clause_cut = max(text.rfind(",", start, tok.start), text.rfind(";", start, tok.start),
                         text.rfind(":", start, tok.start), text.rfind("(", start, tok.start))
        if clause_cut >= start and tok.start - clause_cut > 3:
            start = clause_cut + 1
        while start < tok.start and self.text[start].isspace():
            start += 1
        noun = self.lex.count_noun.match(self.folded, tok.end)
        end = noun.end() if noun and noun.end() - tok.end < 25 else tok.end
        return start, min(end, s.end)

    def _qualifier(self, tok: NumberToken, left: str, right: str) -> str:
        m = self.lex.qual_before.search(left[-15:])
        noun = self._noun(right)
        after = right[noun.end():] if noun else right
        if self.lex.qual_after.match(after[:30]) or self.lex.qual_after.match(right[:20]):
            return "at_least"
        if m:
            word = rx.sub(r"\s+", " ", m.group(1))
            qualifier = self.lex.qualifiers_before.get(word, "exact")
            if word == "từ" and rx.match(r"^\s*(?:\S+\s+){0,3}?(?:lên|đến|tới)(?!\p{L})", after):
                return "exact"
            return qualifier
        return "exact"

    # ------------------------------------------------------------------ attach

    def _unit(self, s: Sentence, pos: int, metric: str) -> tuple[str | None, str | None]:
        idx_before = [i for i in self._starting_in(s.start, pos) if self.mentions[i].end <= pos]
        assigner = None
        for i in reversed(idx_before):
            m = self.mentions[i]
            if m.kind == "parent":
                continue
            key = self.resolver.at(i)
            if m.kind == "backref" and rx.search(r"(?:của|thuộc)\s*$", self.folded[max(0, m.start - 6):m.start]) \
                    and any(self.mentions[j].start >= s.start and level_rank(self.mentions[j].level) < level_rank(m.level)
                            for j in idx_before if j < i):
                continue  # "Xã Krông Na, xã biên giới của huyện, ...": the district is not the subject
            if m.kind == "named" and rx.search(r"(?<!\p{L})(?:tại|ở)\s*$", self.folded[max(0, m.start - 6):m.start]) \
                    and any(self.mentions[j].party_org and self.mentions[j].kind == "named" for j in idx_before if j < i):
                continue  # "Chi bộ Công ty Sumi tại KCN Đồng Văn II kết nạp": where the cell is, not the cell
            if m.kind == "backref" and _PLURAL_BEFORE.search(self.folded, max(0, m.start - 40), m.start):
                continue  # "các xã, thị trấn": the units of a kind, not one of them
            if not m.party_org and self.text.count("“", s.start, m.start) > self.text.count("”", s.start, m.start) \
                    and any(self.mentions[j].party_org and self.mentions[j].kind == "named" for j in idx_before if j < i):
                continue  # '"Lớp đảng viên 60 năm thành lập tỉnh Quảng Ninh"': a name quoted, not the subject
            if metric == TARGET and self._is_assigner(m, metric):
                assigner = assigner or key
                continue
            if key and is_faculty(m):
                # A faculty's cell admits for its school (GOLD_FORMAT: the school is the unit).
                school = next((k for j in reversed(range(max(0, i - 50), i)) if self.mentions[j].level == "trường"
                               and (k := self.resolver.at(j))), None)
                return school or key
            if key:
                return key
            if m.kind in ("backref", "whole") and m.level and m.level != "chi bộ":
                return m.level, None  # "toàn huyện" with no district named: the level, not a neighbour
        if assigner:  # "Tỉnh ủy giao chỉ tiêu ... cho các đảng bộ trực thuộc": the whole province
            return self._recipient(s.start, pos) or assigner
        semicolon = self.text.find(";", pos, s.end)  # not a unit of the next clause
        clause_end = s.end if semicolon == -1 else semicolon
        idx_after = [i for i in self._starting_in(pos, clause_end) if self.mentions[i].end <= clause_end]
        for i in idx_after:
            m = self.mentions[i]
            if m.kind == "parent" or self._is_assigner(m, metric):
                continue  # "... vượt chỉ tiêu 120 đảng viên mà Tỉnh ủy giao"
            key = self.resolver.at(i)
            if key:
                return key
        for fact in reversed(self.facts):
            if fact.unit_name and fact.sentence_start < s.start:
                return fact.unit_level, fact.unit_name
        for i in reversed(self._starting_in(0, s.start)):
            if self.mentions[i].end <= s.start and self.mentions[i].kind != "parent" and self.resolver.at(i):
                return self.resolver.at(i)
        if self.province:
            return "tỉnh", self.province
        return None, None

    def _named_between(self, start: int, end: int) -> bool:
        """Whether a unit is named (not referred back to) in [start, end)."""
        return any(self.mentions[i].end <= end and self.mentions[i].kind == "named" and self.resolver.at(i)
                   for i in self._starting_in(start, end))

    def _recipient(self, start: int, pos: int) -> tuple[str, str] | None:
        """The unit a quota was given to, named after 'giao (cho)' without its level
        word ('giao cho Si Ma Cai chỉ tiêu') or by its level alone ('giao cho huyện'):
        the unit of that name, or the last of that level, mentioned in the article."""
        at = self.folded.rfind("giao", start, pos)
        m = _GIVEN_TO.match(self.text, at + 4, pos) if at != -1 else None
        if m is None:
            return None
        if m.group("level"):
            level = fold(m.group("level"))
            return next((key for i in reversed(range(bisect_left(self._mention_starts, pos)))
                         if (key := self.resolver.at(i)) and key[0] == level), None)
        return self._resolved_names().get(fold(m.group("name")))

    def _resolved_names(self) -> dict[str, tuple[str, str]]:
        """Each resolved unit by its folded name, the first mentioned (built once per article)."""
        if self._names is None:
            self._names = {}
            for i in range(len(self.mentions)):
                if (key := self.resolver.at(i)) and key[1]:
                    self._names.setdefault(fold(key[1]), key)
        return self._names

    def _is_assigner(self, m: UnitMention, metric: str) -> bool:
        """'chỉ tiêu Huyện ủy giao', 'được Tỉnh ủy giao': the assigner is not the unit."""
        if metric != TARGET:
            return False
        after = self.folded[m.end:m.end + 12]
        before = self.folded[max(0, m.start - 8):m.start]
        return bool(rx.match(r"\s*(?:đã\s+)?giao", after) or rx.search(r"(?:được|do)\s*$", before))

    def _period(self, fact: Fact, s: Sentence, tok: NumberToken, left: str, right: str) -> None:
        periods = self.periods_by_sentence.get(s.index, [])
        clause_start = tok.start - len(left)
        usable = [p for p in periods if p.kind not in ("as_of", "horizon", "comparison")] if periods else periods
        chosen = None
        before_sentence = [p for p in usable if p.end <= tok.start]
        before_clause = [p for p in before_sentence if clause_start <= p.start]
        if before_clause:
            chosen = before_clause[-1]
        elif before_sentence:
            chosen = before_sentence[-1]
        elif (after := self._first_after(usable, s, tok)) is not None and after.start - tok.end < 80:
            chosen = after
        elif fact.metric == TARGET and fact.per_year and self.pub.year and rx.search(
                r"(?<!\p{L})(?:nghị\s+quyết\s+đại\s+hội|đại\s+hội\s+đảng\s+bộ|nhiệm\s+kỳ)(?!\p{L})", self.folded[s.start:tok.start]):
            first, last = term_of(self.pub.year - 1 if self.pub.year % 5 == 0 and (self.pub.month or 12) < 10 else self.pub.year)
            chosen = Period(tok.start, tok.start, first, last, "range")
        else:
            horizons = [p for p in periods if p.kind == "horizon"]
            past = [p for p in horizons if p.end <= tok.start and (not self.pub.year or (p.year_to or 0) <= self.pub.year)]
            if horizons and fact.metric == TARGET:
                chosen = horizons[0]
            elif past and fact.metric == ADMITTED:
                chosen = past[-1]  # "Đến năm 2012, chi bộ kết nạp được thêm 1": done by then, that year
            else:
                chosen = self._carried(s)
                if chosen is not None:
                    self._period_carried.add(id(fact))
        if chosen is None and fact.metric == ADMITTED and (day := _last_match(_EVENT_DATE, self.folded[s.start:tok.start])):
            # "Ngày 26/3/2021, Đảng ủy ... kết nạp 10": the ceremony's year
            year = int(day.group(1))
            chosen = Period(s.start + day.start(), s.start + day.end(), year, year, "year")
        if fact.metric == MEMBERS and self.pub.year and rx.search(r"(?<!\p{L})(?:hiện|hiện\s+nay|đến\s+nay|hiện\s+tại)(?!\p{L})", left[-60:]) \
                and (chosen is None or chosen.start < clause_start):
            # "hiện có 312 đảng viên": membership now, not in an earlier period
            fact.year_from = fact.year_to = self.pub.year
        elif chosen is not None:
            fact.year_from, fact.year_to = chosen.year_from, chosen.year_to
        elif self.pub.year and fact.metric != MEMBERS:
            fact.year_from = fact.year_to = self.pub.year
        if fact.metric == MEMBERS and _RAISED_TOTAL.search(left):
            # "kết nạp mới 52 đảng viên, nâng tổng số đảng viên ... lên 2.169": the admissions' period
            same = [f for f in self._facts_since(s.index) if f.sentence_start == s.start and f.metric == ADMITTED]
            if same:
                fact.year_from, fact.year_to, fact.as_of = same[-1].year_from, same[-1].year_to, same[-1].as_of
                return
        as_of = [p for p in periods if p.kind == "as_of"]
        if as_of and fact.metric != TARGET:
            fact.as_of = as_of_iso(as_of[0], fact.year_to or fact.year_from or self.pub.year)
            if as_of[0].as_of and as_of[0].as_of[2] and (chosen is None or chosen.kind == "relative"):
                # "Từ đầu năm đến ngày 15/11/2018": the date's year, not the publication's
                fact.year_from = fact.year_to = as_of[0].as_of[2]

    def _first_after(self, usable: list[Period], s: Sentence, tok: NumberToken) -> Period | None:
        """The first period after the number and within its clause."""
        if not usable:
            return None  # no need to find the clause's end
        clause_end = self._clause_end(s, tok.end)
        return next((p for p in usable if p.start >= tok.end and p.end <= clause_end), None)

    def _clause_end(self, s: Sentence, pos: int) -> int:
        m = _CLAUSE_END.search(self.folded, pos, s.end)
        return m.start() if m else s.end

    def _carried(self, s: Sentence) -> Period | None:
        """The most recent period of the sentences before, within a few sentences (once per
        sentence: the periods are all known before the first sentence is read)."""
        if s.index in self._carried_at:
            return self._carried_at[s.index]
        found = None
        for index in range(s.index - 1, max(-1, s.index - 7), -1):
            carried = [p for p in self.periods_by_sentence.get(index, []) if p.carries]
            if carried:
                found = carried[-1]
                break
        self._carried_at[s.index] = found
        return found


# The units of a kind, not one unit: "Đảng bộ các xã, thị trấn (đã) kết nạp".
_PLURAL_SUBJECT = regex.compile(
    r"\s*,?\s*((?:(?:đảng|chi)\s+bộ\s+)?(?:các|những)\s+(?:tổ\s+chức\s+cơ\s+sở\s+đảng\s+(?:khối\s+)?)?(?:xã|phường|thị\s+trấn|chi\s+bộ|đảng\s+bộ|thôn|bản|trường"
    r"|doanh\s+nghiệp|cơ\s+quan|đơn\s+vị|huyện|khối)(?:\s*(?:,|và)\s*(?:xã|phường|thị\s+trấn|cơ\s+quan|đơn\s+vị|trường))*"
    r"(?:\s+(?:cơ\s+sở|trực\s+thuộc|vùng\s+\S+|biên\s+giới))?)\s*(?:đã\s+|cũng\s+)?(?:kết\s+nạp|phát\s+triển)(?:\s+được|\s+mới)?\s*$")
_RAISED_TOTAL_END = regex.compile(r"(?<!\p{L})(?:nâng|đưa)\s+tổng\s+số\s+(?:đảng\s+viên|đv)(?:\s+(?:của|trong|toàn)[^,;.\d]{0,40}?)?"
                                   r"\s+(?:lên|đạt|là)\s+(?:thành\s+)?(?:gần|hơn|trên|khoảng|gần\s+như)?\s*$")
_SCHOOLS = (r"(trên\s+đại\s+học|sau\s+đại\s+học|đại\s+học|cao\s+đẳng|trung\s+cấp(?:\s+chuyên\s+nghiệp)?|sơ\s+cấp"
            r"|thạc\s+sĩ|tiến\s+sĩ|thpt|thcs|trung\s+học\s+phổ\s+thông|trung\s+học\s+cơ\s+sở)")
_SCHOOLING = regex.compile(r"\s*(?:có\s+)?(?:trình\s+độ\s+(?:chuyên\s+môn\s+|học\s+vấn\s+)?)?" + _SCHOOLS + r"(?!\p{L})")
_SCHOOLING_END = regex.compile(r"[;,]\s*(?:trình\s+độ\s+)?" + _SCHOOLS + r"\s*$")
_EXTREME_END = regex.compile(r"[,;]\s*(?:và\s+)?(?:cao|thấp|nhiều|ít)\s+nhất\s+(?:là\s+)?[^,;\d]{0,50}$")
# "Trong số đảng viên mới kết nạp nói trên, có 21 ...": the admissions already counted.
_ADMITTED_ABOVE = regex.compile(r"(?<!\p{L})kết\s+nạp\s+(?:nói\s+trên|trên|này|đó)(?!\p{L})")
_DONE = regex.compile(r"(?<!\p{L})(?:(?:và|rồi|sau\s+đó)\s+đã|chuẩn\s+y|ra\s+quyết\s+định)(?!\p{L})")
_AND = regex.compile(r"\svà\s+")
_MASS_ORG = regex.compile(r"(?<!\p{L})(?:Đoàn|Chi\s+đoàn|Hội|Công\s+đoàn|Liên\s+đoàn|Mặt\s+trận|Liên\s+đội"
                          r"|(?<!(?i:trường)\s+)CĐ|LĐLĐ)(?=\s+\p{L})")  # (CĐ: công đoàn, but "Trường CĐ" is a college)
_PARTY_WORD = regex.compile(r"(?<!\p{L})(?:Đảng|đảng|chi\s+bộ|Chi\s+bộ|cấp\s+ủy)(?!\p{L})")
_UNION_MEMBERS = regex.compile(r"\s*(?:mới\s+)?công\s+đoàn(?!\p{L})")
_HAVING_WORDS = ("từ", "trên", "dưới", "nhất", "đủ")
_UNITS_HAVING = regex.compile(
    r"(?:(?<![\d.,])\d+(?:/\d+)?|(?<!\p{L})(?:mỗi|các|những))\s+(?:chi\s+bộ|đảng\s+bộ|thôn|bản|xã|tổ\s+chức(?:\s+cơ\s+sở)?(?:\s+đảng)?)"
    r"[^,;.\d]{0,25}?\s+có\s+(?:từ|trên|dưới|ít\s+nhất|đủ)\s*$")
_EVENT_DATE = regex.compile(r"(?<!\d)\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*((?:19|20)\d{2})(?!\d)")
# "kết nạp cho 8 quần chúng ưu tú là cán bộ đoàn, sinh viên": the people admitted, not members in office
_ADMITTED_CADRES = regex.compile(r"\s*là\s+cán\s+bộ\s+(?:đoàn|hội|công\s+đoàn)(?!\p{L})")
_COUNT_BEFORE_OPENER = regex.compile(r"(?<![\d.,])\d[\d.,]*\s+(?:đảng\s+viên|quần\s+chúng|đồng\s+chí|người)[^\d]{0,12}$")
_WEIGHED = regex.compile(r"(?<!\p{L})(?:được|đã)(?:\s+(?!(?:để|chờ|nhằm|đề|gửi|trình|sẽ)(?!\p{L}))\p{L}+){0,5}\s*$")
_RAISED_TOTAL = regex.compile(r"(?<!\p{L})nâng\s+(?:tổng\s+số|số\s+lượng)(?!\p{L})")
# Between the figures of a "lần lượt" list: "210, 180 và 150", "210 đảng viên; 180 đảng viên".
_RUN_GAP = regex.compile(r"\s*(?:%|đảng\s+viên|đv|đồng\s+chí)?\s*(?:,|;|và|,\s*và)\s*")
_CELL_KIND = regex.compile(r"\s*(?:chi|đảng)\s+bộ\s+(?!\p{Lu})\p{Ll}+(?:\s+\p{Ll}+)?\s*(?:[,;.]|và|$)")
_VAGUE_BEFORE = regex.compile(r"(?<!\p{L})(?:hàng|chục|vài)\s+$")
_THE_REST = regex.compile(r"(?<!\p{L})(?:còn\s+lại|khác)\s+(?:đều\s+)?(?:đạt|hoàn\s+thành)[^,;]{0,20}$")
_APART = regex.compile(r"\s*riêng(?=\s+(?:các|những|đảng\s+bộ|chi\s+bộ)\s)")
_PLURAL_BEFORE = regex.compile(
    r"(?<!\p{L})(?:các|những|khối)\s+(?:xã|phường|huyện|quận|thị\s+trấn|thị\s+xã|thành\s+phố|thôn|bản|ấp|tổ|khu|đơn\s+vị"
    r"|chi\s+bộ|đảng\s+bộ|trường|cơ\s+quan|doanh\s+nghiệp)(?:\s+\p{Ll}+)?\s*(?:,|và)\s*$|(?<!\p{L})(?:các|những)\s*$")
_NEW_ARE = containing(
    r"(?<!\p{L})(?:đảng\s+viên|đv)\s+mới\s+(?:kết\s+nạp\s+)?là\s+([^,;:()]{2,50}?)\s+(?:là|có)\s*$", ["mới"])
# People of a trait counted inside a subgroup list (not count nouns on their own:
# "5 học sinh được khen thưởng" is no admission).
_TRAIT_NOUN = regex.compile(
    r"\s*(học\s+sinh|sinh\s+viên|giáo\s+viên|công\s+nhân|đoàn\s+viên|phụ\s+nữ|chiến\s+sĩ|quần\s+nhân"
    r"|nông\s+dân|người\s+lao\s+động|cán\s+bộ|hội\s+viên|thanh\s+niên)(?!\p{L})")
_AND_END = regex.compile(r"(?:,|(?<!\p{L})và)\s*$")
_SET_APART = containing(
    r"(?<!\p{L})riêng\s+((?:đồng\s+bào|người|dân\s+tộc|học\s+sinh|sinh\s+viên|đoàn\s+viên|phụ\s+nữ|công\s+nhân)"
    r"(?:\s+[^\s,;:()]+){0,4}?)\s*,?\s*(?:đã\s+)?(?:có\s+)?$", ["riêng"])


def _set_apart(left: str) -> str | None:
    """'Riêng đồng bào La Hủ có 14 người được kết nạp': the people set apart are a subgroup."""
    m = _SET_APART.search(left[-60:])
    return m.group(1) if m else None


def _role_trait(lex, after_noun: str) -> bool:
    """'172/214 là trưởng xóm': members by office are not recruitment facts."""
    m = rx.match(r"\s*(?:mới\s+)?(?:là|đang\s+là|giữ\s+chức|(?:đang\s+)?làm|đang\s+giữ\s+chức)\s+", after_noun)
    return bool(m and lex.not_roles.match(after_noun[m.end():]))


def _admit_after_pos(lex, after_noun: str) -> int:
    """Where 'được kết nạp' / 'được đứng vào hàng ngũ' starts after a few words, else 0."""
    m = _ADMITTED_AFTER.search(after_noun[:120])
    return m.start() if m else 0


def _split_fraction(admitted: Fact, target: Fact, tok: NumberToken) -> None:
    """'43/60': the admitted number is 43, the target's is 60."""
    if tok.den_start is not None:
        admitted.value_end = tok.den_start - 1
        target.value_start, target.value_end = tok.den_start, tok.end


def _last_match(pattern: regex.Pattern, text: str) -> regex.Match | None:
    match = None
    for match in pattern.finditer(text):  # noqa: B007 - the last one is wanted
        pass
    return match


def _strip_qualifier(text: str) -> str:
    return _QUALIFIER_END.sub("", text).rstrip()


def _is_year(value: int | float) -> bool:
    return isinstance(value, int) and 1945 <= value <= 2049


def _subgroup_parent(facts: list[Fact]) -> Fact | None:
    """The fact of a sentence that a later 'trong đó có N ...' counts part of.

    The last admission, target or membership, passing over derived facts and a
    target that only states the plan of the admission before it (same unit and
    years: "kết nạp 2.145, đạt 102% kế hoạch (kế hoạch 2.100)").
    """
    kept = [f for f in facts if f.metric in (ADMITTED, TARGET, MEMBERS) and not f.subgroup
            and not f.derived]
    if not kept:
        return None
    last = kept[-1]
    if last.metric == TARGET:
        for fact in reversed(kept):
            if fact.metric == ADMITTED and (fact.unit_level, fact.unit_name, fact.year_from, fact.year_to) \
                    == (last.unit_level, last.unit_name, last.year_from, last.year_to):
                return fact
    return last


def _last(facts: list[Fact], metric: str) -> Fact | None:
    for fact in reversed(facts):
        if fact.metric == metric and not fact.subgroup:
            return fact
    return None


def _close(body: float, headline: float) -> bool:
    """'Trên 6.800' in a headline for 6.811 in the body: the same figure, rounded."""
    return abs(body - headline) <= 0.02 * max(abs(body), 1)


def _dedupe(facts: list[Fact]) -> list[Fact]:
    seen: set[tuple] = set()
    # A figure restated in a later sentence, once with the kind of people and once without
    # ("kết nạp cho 8 quần chúng là sinh viên" ... "trao quyết định cho 8 quần chúng"): one fact.
    told: dict[tuple, tuple[int, bool]] = {}
    out = []
    for f in facts:
        key = (f.metric, f.value, f.value_max, f.unit_level, f.unit_name, f.year_from, f.year_to,
               f.subgroup, f.per_year)
        if key in seen:
            continue
        bare = key[:7] + (f.per_year,)
        earlier = told.get(bare)
        if earlier is not None and earlier[0] != f.sentence_start and earlier[1] != bool(f.subgroup) \
                and f.metric == ADMITTED and not f.derived:
            continue
        seen.add(key)
        told.setdefault(bare, (f.sentence_start, bool(f.subgroup)))
        out.append(f)
    return out
