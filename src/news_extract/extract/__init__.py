"""Extract: facts, directives and units from one cleaned article text.

``extract`` is pure (no I/O, no global state beyond cached pattern files), so
parallel and distributed runs map it over articles.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

import regex

from ..model import Extraction, Unit, UnitMention
from ..text import fold, normalize
from .directives import find_directives
from .facts import FactFinder
from .gazetteer import provinces
from .periods import PubDate
from .sentences import split_sentences
from .units import UnitResolver, find_mentions, resolve_province

# Dates are not counts: "ngày 2-10", "21/1/2019", "28/02/2024".
_DATES = regex.compile(
    r"(?<!\d)\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}(?!\d)"
    r"|(?<=ngày\s{1,3})\d{1,2}\s*[-/]\s*\d{1,2}(?![\d/-])"
    r"|\d{1,2}:\d{2}"
)


def extract(text: str, published: str | None = None, outlet: str | None = None,
            title: str | None = None) -> Extraction:
    """Facts, directives and units of one article, with offsets into ``text``.

    ``published`` (ISO date, YYYY-MM or YYYY) resolves relative periods such as
    "năm nay"; ``outlet`` (a code such as GLO, a domain or a name) names the
    province when the text does not.
    """
    if not text or not text.strip():
        return Extraction()
    normalised = normalize(text)
    if len(normalised) != len(text):
        # fold() keeps length for NFC text only; offsets then index the NFC form.
        return extract(normalised, published, outlet, title)
    folded = fold(text)
    sentences = split_sentences(text)
    directives = find_directives(text)
    masked = [(d.start, d.end) for d in directives]
    masked += [(m.start(), m.end()) for m in _DATES.finditer(folded)]
    mentions = find_mentions(text, folded)
    province = resolve_province(mentions, outlet, text)
    resolver = UnitResolver(mentions, province)
    pub = PubDate.parse(published)
    finder = FactFinder(text, folded, sentences, mentions, resolver, pub, province, masked)
    finder.title = title.strip() if title else None
    facts = finder.run()
    units, kept_mentions = _units(mentions, resolver, province, facts, text)
    return Extraction(facts=facts, directives=directives, units=units, mentions=kept_mentions,
                      province=province)


def _in_parentheses(text: str, pos: int) -> bool:
    opened = text.rfind("(", max(0, pos - 60), pos)
    return opened != -1 and text.find(")", opened, pos) == -1


_CHAIN_LINK = regex.compile(r"[ \t]*,?[ \t]*(?:thuộc[ \t]+)?")
_AT_END = regex.compile(r"(?<!\p{L})(?i:tại|ở)[ \t]+$")


def _at_place(text: str, mentions: list[UnitMention], i: int) -> bool:
    """Whether the locator ``mentions[i]`` ends a chain of places an event happened at
    ("tổ chức tại xã Hải Anh, huyện Hải Hậu, tỉnh Nam Định"): each place is a unit then,
    unlike the locators of an organisation ("Đảng ủy Phường 3, thành phố Đông Hà")."""
    j = i
    while j > max(0, i - 6) and mentions[j - 1].end <= mentions[j].start and \
            _CHAIN_LINK.fullmatch(text, mentions[j - 1].end, mentions[j].start):
        j -= 1
    head = mentions[j]
    return j < i and not head.party_org and bool(_AT_END.search(text, max(0, head.start - 8), head.start))


def _units(mentions: list[UnitMention], resolver: UnitResolver, province: str | None,
           facts, text: str = "") -> tuple[list[Unit], list[UnitMention]]:
    """The article's distinct units: named mentions and the province. A locator is one when
    it is printed in parentheses ("Trường THPT X (huyện Chư Păh)") or ends the places where
    something happened ("tại xã A, huyện B"), not after an organisation ("Đảng ủy Phường 3,
    thành phố Đông Hà") or in a person's title ("Bí thư Chi bộ thôn A, xã B, huyện C")."""
    units: dict[tuple[str, str], Unit] = {}
    kept: list[UnitMention] = []
    named_keys = {(m.level, m.name) for m in mentions if m.kind == "named"}
    parent_of: dict[tuple[str, str], tuple[str, str]] = {}
    for prev, cur in zip(mentions, mentions[1:], strict=False):
        if cur.kind == "parent" and prev.name:
            parent_of[(prev.level, prev.name)] = (cur.level, cur.name)
    for i, m in enumerate(mentions):
        key = resolver.at(i)
        if key is None or not key[1]:
            continue
        if m.kind == "parent" and key not in named_keys and not _in_parentheses(text, m.start) \
                and not _at_place(text, mentions, i):
            continue
        if m.kind == "backref" and key not in named_keys:
            continue
        resolved = UnitMention(key[0], key[1], m.start, m.end, m.surface, m.kind, m.party_org)
        kept.append(resolved)
        if key not in units:
            parent = parent_of.get(key)
            units[key] = Unit(key[0], key[1], province=province,
                              parent_level=parent[0] if parent else None,
                              parent_name=parent[1] if parent else None)
    for bare in _bare_provinces(text, mentions):
        kept.append(bare)
        units.setdefault((bare.level, bare.name), Unit(bare.level, bare.name, province=province))
    mentioned = {(m.level, m.name) for m in kept}
    for fact in facts:
        key = (fact.unit_level, fact.unit_name)
        if not (fact.unit_level and fact.unit_name):
            continue
        if key not in units:
            units[key] = Unit(key[0], key[1], province=province)
        if key not in mentioned and fact.rule == "list_item":
            # "...; Duy Xuyên 92": the listed name is a mention of its own
            at = fact.sentence.rfind(fact.unit_name, 0, fact.value_start - fact.sentence_start)
            if at >= 0:
                start = fact.sentence_start + at
                kept.append(UnitMention(key[0], key[1], start, start + len(fact.unit_name),
                                        fact.unit_name, "named", False))
                mentioned.add(key)
    kept.sort(key=lambda m: m.start)
    return list(units.values()), kept


_CITIES = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}


@cache
def _province_scan() -> re.Pattern:
    # ("Hồ Chí Minh" bare is the leader, "tư tưởng Hồ Chí Minh"; the city is written "TP. Hồ Chí Minh")
    names = sorted((n for n in provinces().values() if n != "Hồ Chí Minh"), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names))  # re: a literal alternation, 4x the speed of regex's


def _joined_capital_before(text: str, pos: int) -> bool:
    """Whether a capitalised word stands right before ``pos`` ("Nguyễn Thái Bình")."""
    j = pos
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j == pos:
        return j > 0 and text[j - 1].isalpha()  # a letter right before: inside a word
    k = j
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    return k < j and text[k].isupper()


def _joined_capital_after(text: str, end: int) -> bool:
    """Whether a letter, or a capitalised word after blanks, follows ``end`` ("Hà Nam Ninh")."""
    if end < len(text) and text[end].isalpha():
        return True
    k = end
    while k < len(text) and text[k] in " \t":
        k += 1
    return k > end and k < len(text) and text[k].isupper()


def _bare_provinces(text: str, mentions: list[UnitMention]) -> list[UnitMention]:
    """Provinces and cities named bare in the text ("huyện Sơn Động (Bắc Giang)", "Hà Nội đã đạt
    được"), outside every unit mention: units of the article, though no fact is theirs."""
    starts = [m.start for m in mentions]  # sorted, and mentions do not overlap
    found = []
    for m in _province_scan().finditer(text):
        pos, end = m.span()
        i = bisect_right(starts, pos) - 1
        if (i >= 0 and pos < mentions[i].end) or _joined_capital_before(text, pos) or _joined_capital_after(text, end):
            continue
        name = m.group()
        found.append(UnitMention("thành phố" if name in _CITIES else "tỉnh", name, pos, end, name, "named", False))
    return found


__all__ = ["extract"]
