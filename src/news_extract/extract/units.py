"""Units (đơn vị): party organisations and places, their back-references, and the province.

"Đảng bộ xã Mường Hum", "Chi bộ thôn Séo Pờ Hồ", "Huyện ủy Bát Xát", "Phường 3",
"Trường THPT Phú Lương" are named mentions; "huyện này", "Đảng bộ xã", "Trường",
"toàn huyện" are back-references to the last named unit of that level; "toàn
tỉnh" and "Đảng bộ tỉnh" are the province itself.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from ..model import UnitMention
from ..patterns import load_csv, load_json, load_lines
from ..text import fold, fold_cached
from . import gazetteer, rx
from .spans import DisjointSpans


@dataclass
class Level:
    surface: str
    level: str
    rank: int
    org_suffix: bool


@cache
def levels() -> dict[str, Level]:
    return {
        fold(r["surface"]): Level(fold(r["surface"]), r["level"], int(r["rank"]), r["org_suffix"] == "1")
        for r in load_csv("unit_levels.csv")
    }


@cache
def level_rank(level: str) -> int:
    return max((lv.rank for lv in levels().values() if lv.level == level), default=0)


@lru_cache(maxsize=8192)
def _fold_words(words: str) -> str:
    """fold() of a few words with each run of whitespace made one space (level words, name parts)."""
    return fold(_SPACES.sub(" ", words))


_SPACES = regex.compile(r"\s+")


@cache
def surnames() -> frozenset[str]:
    return frozenset(load_lines("surnames.txt"))


@cache
def speaker_titles() -> tuple[str, ...]:
    return tuple(load_json("triggers.json")["speaker_titles"])


_WORD = r"(?:(?!Đồng\s+(?:chí|bào|thời|hành|loạt)(?!\p{L}))\p{Lu}[\p{L}'’]*|\d+[A-Za-z]?)"
# A proper name: capitalised words or numbers, possibly "Phan Rang - Tháp Chàm".
_NAME = rf"(?:{_WORD}(?:(?:[ \t]+|[ \t]*-[ \t]*)(?={_WORD}){_WORD}){{0,5}})"
_NAME_STOP = {"đảng", "ủy", "uỷ", "bí", "phó", "ban", "chi",
              "huyện", "xã", "tỉnh", "thôn", "phường", "quận", "trường", "nhà",
              "theo", "tại", "trong", "năm", "ngày", "tháng", "với", "và", "của", "về", "đến",
              "từ", "sau", "trước", "khi", "nhờ", "để", "cùng", "các", "những", "ảnh", "nguồn",
              "công", "bản", "làng", "ấp", "khu", "tổ", "buôn", "đoàn", "thpt",
              "thcs", "tổng", "đây", "đó", "nay", "hiện", "còn", "riêng", "đặc", "chẳng",
              "kết", "vượt", "đạt"}
# "Đồng" ends a name only as the start of these words ("Lâm Đồng", "Tân Đồng" are names;
# _WORD does not take a capitalised "Đồng chí").
_PAIR_STOP = {"đồng chí", "đồng bào", "đồng thời", "đồng hành", "đồng loạt", "đồng ý"}
_PLURAL_LIST = regex.compile(  # tried only where the start scan saw "các", "hai" or "bốn"
    rf"(?<!\p{{L}})(?i:các|hai|bốn)[ \t]+(xã|phường|thị[ \t]+trấn|huyện|quận|thị[ \t]+xã|tỉnh|thôn|bản)[ \t]+"
    rf"({_NAME})((?:[ \t]*(?:,|và|,[ \t]*và)[ \t]*{_NAME}){{1,12}})")
_LIST_NAME = regex.compile(rf"[ \t]*(?:,|và|,[ \t]*và)[ \t]*({_NAME})")
# "THUẬN NAM: Kết nạp ...", or the place alone on the line above the headline ("Vũng Liêm")
_HEADING_PLACE = regex.compile(r"(?m)^[ \t]*(\p{Lu}[\p{L}'’]*(?:[ \t]+\p{Lu}[\p{L}'’]*){0,3})[ \t]*(?::[ \t]*(?:\S|$)|$)")
_AGENCY_PLACE = regex.compile(r"[ \t]+(?:tỉnh|huyện|thành[ \t]+phố|thị[ \t]+xã|quận)[ \t]+" + _NAME)
_PROVINCE_IN_NAME = regex.compile(r"\stỉnh\s+(\p{Lu}[\p{L}'’]*(?:\s+\p{Lu}[\p{L}'’]*){0,3})$")
_AGENCY_FORCE = regex.compile(r"(?:Công an|Quân sự|Bộ Chỉ huy|Ban Chỉ huy|Bộ đội Biên phòng)(?!\p{L})")
_FIRST_WORD_STOP = {"chi", "đảng", "ban", "ủy", "đây", "đó", "này", "theo", "tại", "trong", "năm", "các",
                    "những", "nhiều", "với", "và", "khi", "sau", "từ", "cùng", "ngoài", "nhờ", "lần", "khóa", "khoá", "nhiệm"}
_ORG_WORDS = {"đảng bộ", "đảng ủy", "chi bộ", "chi ủy", "thị xã", "thành phố", "thị trấn", "thành ủy", "thị ủy"}
_SCHOOL_WORDS = r"(?:THPT|THCS|TH|PTDTBT|PTDTNT|PTDTBT-THCS|THPT DTNT|Tiểu học|Mầm non|Mẫu giáo|Đại học|Cao đẳng|Trung cấp|Trung học cơ sở|Trung học phổ thông|Phổ thông|Phổ thông Dân tộc nội trú|Phổ thông Dân tộc bán trú|Dân tộc nội trú|Chính trị|Quân sự|Sĩ quan)"
_ORG = r"(?i:Đảng\s+bộ|Đảng\s+ủy|Đảng\s+uỷ|Chi\s+bộ|Chi\s+ủy|Ban\s+Thường\s+vụ(?:\s+Đảng\s+ủy)?|Ban\s+Chấp\s+hành(?:\s+Đảng\s+bộ)?)"


def _level_alternation(org_suffix: bool) -> str:
    items = [lv.surface for lv in levels().values() if lv.org_suffix == org_suffix]
    items.sort(key=len, reverse=True)
    return "(?i:" + "|".join(regex.escape(s).replace(r"\ ", r"\s+") for s in items) + ")"


@cache
def _descriptors() -> tuple[str, ...]:
    """Words between a level and a name ("huyện vùng cao Lâm Bình"), longest first."""
    return tuple(sorted((" ".join(line.split()) for line in load_lines("unit_descriptors.txt")),
                        key=len, reverse=True))


def _described() -> str:
    words = "|".join(regex.escape(d).replace(r"\ ", r"[ \t]+") for d in _descriptors())
    return rf"(?:[ \t]+(?:{words})(?=[ \t]+\p{{Lu}}))?" if words else ""


@cache
def _patterns() -> dict[str, regex.Pattern]:
    plain = _level_alternation(False)
    suffix = _level_alternation(True)
    flags = 0
    return {
        # "Huyện ủy Bát Xát"
        "committee": regex.compile(rf"(?<!\p{{L}})({suffix})[ \t]+(?=\p{{Lu}}|\d)({_NAME})", flags),
        # "(Đảng bộ) xã Mường Hum", "Phường 3", "TP. Tam Kỳ"
        "level": regex.compile(rf"(?<!\p{{L}})(?:({_ORG})[ \t]+)?({plain})(?:(?<=(?i:tp|tx))[ \t]*\.)?{_described()}[ \t]*(?:số[ \t]+(?=\d))?(?=\p{{Lu}}|\d)({_NAME})", flags),
        "school": regex.compile(rf"(?<![\p{{L}}])(?:({_ORG})[ \t]+)?(Trường|trường)[ \t]+({_SCHOOL_WORDS}(?:[ \t]+{_NAME})?)"),
        "school_named": regex.compile(rf"(?<![\p{{L}}])(?:({_ORG})[ \t]+)?(Trường)[ \t]+(?!{_SCHOOL_WORDS})({_NAME})"),
        "bloc": regex.compile(r"(?<!\p{L})(?:(" + _ORG + r")[ \t]+)?Khối[ \t]+((?:[Cc]ác[ \t]+)?(?:[Cc]ơ[ \t]+quan(?:[ \t]+(?:và[ \t]+)?[Dd]ân[ \t]+[Cc]hính[ \t]+Đảng)?|[Dd]oanh[ \t]+nghiệp|[Dd]ân[ \t]+[Cc]hính[ \t]+Đảng|[Cc]ơ[ \t]+sở)(?:[ \t]*-[ \t]*[Dd]oanh[ \t]+nghiệp)?(?:[ \t]+(?:và[ \t]+)?(?:[Dd]oanh[ \t]+nghiệp))?(?:[ \t]+(?:tỉnh|thành[ \t]+phố|huyện|Trung[ \t]+ương|TP\.?)(?:[ \t]+" + _NAME + r")?)?)"),
        # "Đảng ủy Các Khu chế xuất và công nghiệp thành phố", "Cụm công nghiệp Diên Phú"
        "plural_list": _PLURAL_LIST,
        "zone": regex.compile(r"(?<!\p{L})(?:(" + _ORG + r")[ \t]+)?((?:[Cc]ác[ \t]+)?(?:Khu[ \t]+(?:chế[ \t]+xuất(?:[ \t]+và[ \t]+công[ \t]+nghiệp)?|công[ \t]+nghiệp|kinh[ \t]+tế|công[ \t]+nghệ[ \t]+cao)|Cụm[ \t]+công[ \t]+nghiệp|KCN|CCN|KCX)(?:[ \t]+(?:tỉnh|thành[ \t]+phố)(?![ \t]+\p{Lu}))?(?:[ \t]+" + _NAME + r")?)"),
        # "Đảng ủy Học viện Tài chính": an academy is a school
        "academy": regex.compile(r"(?<!\p{L})(?:(" + _ORG + r")[ \t]+)?(Học[ \t]+viện[ \t]+\p{Lu})"),
        "force": regex.compile(r"(?<!\p{L})(" + _ORG + r")[ \t]+((?:Công[ \t]+an|Quân[ \t]+sự|Bộ[ \t]+đội[ \t]+Biên[ \t]+phòng|Bộ[ \t]+Chỉ[ \t]+huy[ \t]+Quân[ \t]+sự|Bộ[ \t]+Chỉ[ \t]+huy[ \t]+Bộ[ \t]+đội[ \t]+Biên[ \t]+phòng|Quân[ \t]+đoàn|Sư[ \t]+đoàn|Trung[ \t]+đoàn|Lữ[ \t]+đoàn|Tiểu[ \t]+đoàn|Đồn[ \t]+Biên[ \t]+phòng|Ban[ \t]+Chỉ[ \t]+huy[ \t]+Quân[ \t]+sự)(?:[ \t]+(?:tỉnh|huyện|thành[ \t]+phố|thị[ \t]+xã|quận|xã|phường|thị[ \t]+trấn))?(?:[ \t]+" + _NAME + r")?)"),
        "numbered_force": regex.compile(r"(?<!\p{L})(?:(" + _ORG + r")[ \t]+)?((?:Trung[ \t]+đoàn|Sư[ \t]+đoàn|Lữ[ \t]+đoàn|Tiểu[ \t]+đoàn|Quân[ \t]+đoàn|Hải[ \t]+đoàn|Vùng)[ \t]+\d+)"),
        "enterprise": regex.compile(r"(?<!\p{L})(" + _ORG + r")[ \t]+((?:Tổng[ \t]+)?(?:Công[ \t]+ty|công[ \t]+ty|Tập[ \t]+đoàn|Ngân[ \t]+hàng|Nhà[ \t]+máy|Hợp[ \t]+tác[ \t]+xã|Xí[ \t]+nghiệp)(?:[ \t]+(?:TNHH|Cổ[ \t]+phần|cổ[ \t]+phần|CP|MTV|một[ \t]+thành[ \t]+viên|\p{Lu}[\p{L}&'’]*|\d+))+)"),
        "enterprise_bare": regex.compile(r"(?<!\p{L})((?:Tổng[ \t]+)?(?:Công[ \t]+ty|Tập[ \t]+đoàn|Nhà[ \t]+máy|Xí[ \t]+nghiệp)(?:[ \t]+(?:TNHH|Cổ[ \t]+phần|cổ[ \t]+phần|CP|MTV))?[ \t]+\p{Lu})"),
        "backref_kind": regex.compile(r"(?<!\p{L})(?:Đảng[ \t]+bộ|Đảng[ \t]+ủy|Chi[ \t]+bộ)[ \t]+(Công[ \t]+ty|Nhà[ \t]+máy|Bệnh[ \t]+viện|Trung[ \t]+đoàn|Cơ[ \t]+quan)(?![ \t]+(?:TNHH|Cổ|cổ|CP|MTV|\p{Lu}|\d))"),
        "agency": regex.compile(r"(?<!\p{L})(" + _ORG + r")[ \t]+((?:Cơ[ \t]+quan|Văn[ \t]+phòng|Sở|Bệnh[ \t]+viện|Trung[ \t]+tâm|Ủy[ \t]+ban[ \t]+nhân[ \t]+dân|UBND|Viện|Cục|Chi[ \t]+cục|Ngân[ \t]+hàng[ \t]+Chính[ \t]+sách|Bảo[ \t]+tàng|Thư[ \t]+viện|Đài[ \t]+Phát[ \t]+thanh)(?:[ \t]+(?:\p{Lu}[\p{L}'’]*|chính[ \t]+quyền|tỉnh|huyện|xã|thành[ \t]+phố|\d+))*)"),
        # "toàn tỉnh", "Đảng bộ tỉnh", bare "Tỉnh ủy"
        "whole_province": regex.compile(
            rf"(?<!\p{{L}})(?:toàn\s+tỉnh|toàn\s+đảng\s+bộ\s+tỉnh|{_ORG.lower()}\s+tỉnh(?!\s+\p{{Lu}})(?!\s+(?:ủy|uỷ))|tỉnh\s+ủy(?![ \t]+\p{{Lu}})|tỉnh\s+uỷ(?![ \t]+\p{{Lu}})|trên\s+địa\s+bàn\s+tỉnh|trực\s+thuộc\s+tỉnh(?:\s+ủy)?|cả\s+tỉnh|trong\s+tỉnh(?!\s+\p{{Lu}})|của\s+tỉnh(?!\s+\p{{Lu}}))", flags),
        # "huyện này", "toàn huyện", "Đảng bộ xã", "Huyện ủy", "Trường", "chi bộ"
        "backref_this": regex.compile(rf"(?<!\p{{L}})(?:(?:{_ORG})\s+)?({plain})\s+này(?!\p{{L}})", flags),
        "backref_whole": regex.compile(rf"(?<!\p{{L}})(?i:toàn|cả)\s+({plain})(?!\p{{L}})(?![ \t]+\p{{Lu}})", flags),
        "backref_org": regex.compile(rf"(?<!\p{{L}})({_ORG})\s+({plain})(?!\p{{L}})(?![ \t]*\.?[ \t]*(?:\p{{Lu}}|\d|(?i:ủy|uỷ)))", flags),
        "backref_committee": regex.compile(rf"(?<!\p{{L}})({suffix})(?!\p{{L}})(?![ \t]+(?:\p{{Lu}}|\d))", flags),
        "backref_school": regex.compile(r"(?<!\p{L})(?:Nhà\s+trường|nhà\s+trường|Trường)(?!\p{L})(?![ \t]+(?:\p{Lu}|\d))"),
        "backref_cell": regex.compile(r"(?<!(?:các|những|mỗi|từng|nhiều|số|\d)\s)(?<!\p{L})(?:chi\s+bộ|Chi\s+bộ)(?!\p{L})(?!\s+(?:trực\s+thuộc|cơ\s+sở|thôn|bản|ấp|xóm|làng|khu|tổ|trường|\p{Lu}|\d|nông\s+thôn|khu\s+dân\s+cư|sinh\s+hoạt|ở|tại|có|và|,|đảng))"),
        "backref_bare": regex.compile(
            r"(?:(?<=^)|(?<=[\n.;:,(]\s{0,3})|(?<=(?:cho|của|tại|ở|với|và)\s))(xã|huyện|phường|thị\s+trấn|thị\s+xã|quận|thành\s+phố|trường|khối|tỉnh)"
            r"(?=\s+(?:đã|đang|kết\s+nạp|phát\s+triển|có|đạt|đề\s+ra|phấn\s+đấu|đặt|hiện|tiếp\s+tục|cũng|vẫn|chỉ|được|mới|vượt|là|nâng|hoàn\s+thành|chưa|không|\d)|\s*[,.;)])",
            regex.IGNORECASE),
        "backref_party": regex.compile(r"(?<!\p{L})(?<!(?:các|những|mỗi|từng|nhiều|chi,)\s)(?:Đảng\s+bộ|Đảng\s+ủy|Đảng\s+uỷ|đảng\s+bộ\s+xã|toàn\s+Đảng\s+bộ|toàn\s+đảng\s+bộ|(?<=\d{4},?\s|[,.]\s)đơn\s+vị(?:\s+này)?)(?=\s+(?:đã|đề|đặt|kết|phát|có|hiện|phấn|luôn|giao|tiếp|vẫn|cũng|đạt|vượt))"),
    }


# Where each pattern can start. regex's match() costs 1-4 us even when it fails
# at once, and finditer() tries every character; instead one scan of the folded
# text finds the words the patterns start with, and a pattern is tried only at
# such a word when the next word (after any whitespace, in the folded text) can
# continue it. The rules need only admit every real match, never reject one.
_PARTY = ("đảng", "chi")  # scanned as "đảng bộ", "đảng ủy", "chi bộ", "chi ủy": then the unit's word
_BAN = "ban"  # scanned as "ban thường vụ", "ban chấp hành": then "đảng ủy/bộ" or the unit's word
_PARTY_RES = {"đảng": r"đảng\s+(?:bộ|ủy|uỷ)", "chi": r"chi\s+(?:bộ|ủy|uỷ)",
              "ban": r"ban\s+(?:thường\s+vụ|chấp\s+hành)"}
_ANY = None
# What the pattern of that name takes right after a party-organisation word.
_AFTER_PARTY = {
    "school": ("trường",), "school_named": ("trường",), "bloc": ("khối",), "whole_province": ("tỉnh",),
    "force": ("công", "quân", "bộ", "sư", "trung", "lữ", "tiểu", "đồn", "ban"),
    "zone": ("các", "khu", "cụm"), "academy": ("học",),
    "numbered_force": ("trung", "sư", "lữ", "tiểu", "quân", "hải", "vùng"),
    "enterprise": ("tổng", "công", "tập", "ngân", "nhà", "hợp", "xí"),
    "agency": ("cơ", "văn", "sở", "bệnh", "trung", "ủy", "uỷ", "ubnd", "viện", "cục", "chi", "ngân", "bảo", "thư", "đài"),
}
_BACKREF_BARE_NEXT = ("đã", "đang", "kết", "phát", "có", "đạt", "đề", "phấn", "đặt", "hiện", "tiếp", "cũng", "vẫn",
                      "chỉ", "được", "mới", "vượt", "là", "nâng", "hoàn", "chưa", "không", ",", ".", ";", ")")
_BACKREF_PARTY_NEXT = ("đã", "đề", "đặt", "kết", "phát", "có", "hiện", "phấn", "luôn", "giao", "tiếp", "vẫn",
                       "cũng", "đạt", "vượt")

Follow = tuple[tuple[str, ...] | None, bool]  # next-word beginnings (None: any); or a name may follow


def _heads(org_suffix: bool) -> dict[str, tuple[str, ...]]:
    """Level surfaces by their first word (less a dot): what follows it in each ("" alone)."""
    out: dict[str, tuple[str, ...]] = {}
    for surface, lv in levels().items():
        if lv.org_suffix == org_suffix:
            head = surface.split()[0].rstrip(".")
            out[head] = out.get(head, ()) + (" ".join(surface[len(head):].split()),)  # "tp.": "."
    return out


@cache
def _start_rules() -> dict[str, dict[str, Follow]]:
    """Start word -> the patterns that may start there -> what must follow."""
    rules: dict[str, dict[str, Follow]] = {}

    def add(name: str, words, follow: tuple[str, ...] | None = _ANY, then_name: bool = False) -> None:
        for word in words:
            old, old_name = rules.setdefault(word, {}).get(name, ((), False))
            both = None if follow is None or old is None else old + follow
            rules[word][name] = (both, then_name or old_name)

    plain, suffix = _heads(False), _heads(True)
    surfaces = tuple(surface for surface, lv in levels().items() if not lv.org_suffix)
    for name in ("level", "backref_org"):
        add(name, (*_PARTY, _BAN), surfaces)
    # A descriptor's first word is enough to try the pattern; whole descriptors would make
    # the longest follow longer than the scan looks ahead (_AFTER), and every start costly.
    firsts = tuple(dict.fromkeys(d.split()[0] for d in _descriptors()))
    add("level", (*_PARTY, _BAN), tuple(f"{s} {d}" for s in surfaces for d in firsts))
    add("backref_this", (*_PARTY, _BAN), tuple(f"{surface} này" for surface in surfaces))
    for name, follow in _AFTER_PARTY.items():
        add(name, (*_PARTY, _BAN), follow)
    for name in ("level", "backref_org", "backref_this", *_AFTER_PARTY):
        add(name, [_BAN], ("đảng",))  # "Ban Thường vụ Đảng ủy xã"
    for head, rests in plain.items():
        add("level", [head], tuple(filter(None, rests)), "" in rests)  # "xã Mường Hum", "TP. Huế", "xã số 2"
        add("level", [head], tuple(" ".join(f"{rest} {d}".split()) for rest in rests for d in firsts))
        add("backref_this", [head], tuple(" ".join(f"{rest} này".split()) for rest in rests))
    for head, rests in suffix.items():
        add("committee", [head], _ANY if "" in rests else rests)
        add("backref_committee", [head], _ANY if "" in rests else rests)
    add("school", ["trường"], (), True)
    add("school_named", ["trường"], (), True)
    add("bloc", ["khối"], ("các", "cơ", "doanh", "dân"))
    add("zone", ["các"], ("khu", "cụm"))
    add("zone", ["khu"], ("chế", "công", "kinh"))
    add("zone", ["cụm"], ("công",))
    add("zone", ["kcn", "ccn", "kcx"])
    # (not "ba": a start word may begin no other, and "ban", "bản" are start words)
    add("plural_list", ["các", "hai", "bốn"], ("xã", "phường", "thị", "huyện", "quận", "tỉnh", "thôn", "bản"))
    add("academy", ["học"], ("viện",))
    add("numbered_force", ["trung", "sư", "lữ", "tiểu", "quân", "hải"], ("đoàn",))
    add("numbered_force", ["vùng"], (), True)
    for word, follow in (("tổ", "ng"), ("công", "ty"), ("tập", "đoàn"), ("nhà", "máy"), ("xí", "nghiệp")):
        add("enterprise_bare", [word], (follow,))  # "Tổng": the scan stops at "tổ"
    add("backref_kind", _PARTY, ("công", "nhà", "bệnh", "trung", "cơ"))
    add("whole_province", ["toàn"], ("tỉnh", "đảng"))
    add("whole_province", ["tỉnh"], ("ủy", "uỷ"))
    add("whole_province", ["trên"], ("địa",))
    add("whole_province", ["trực"], ("thuộc",))
    add("whole_province", ["cả", "trong", "của"], ("tỉnh",))
    add("backref_whole", ["toàn", "cả"], surfaces)
    add("backref_school", ["nhà"], ("trường",))
    add("backref_school", ["trường"])
    add("backref_cell", ["chi"])
    add("backref_bare", ["xã", "huyện", "phường", "quận", "trường", "khối", "tỉnh"], _BACKREF_BARE_NEXT, True)
    add("backref_bare", ["thị"], ("trấn", "xã"))
    add("backref_bare", ["thành"], ("phố",))
    add("backref_party", ["đảng"], _BACKREF_PARTY_NEXT + tuple(f"xã {w}" for w in _BACKREF_PARTY_NEXT))
    add("backref_party", ["toàn"], tuple(f"đảng bộ {w}" for w in _BACKREF_PARTY_NEXT))
    add("backref_party", ["đơn"], tuple(f"vị {w}" for w in _BACKREF_PARTY_NEXT + ("này",)))
    return rules


@cache
def _longest_next() -> int:
    return max(_longest_next_by_word().values())


@cache
def _longest_next_by_word() -> dict[str, int]:
    """How far after each start word its rules look (in the folded text, spaces made single)."""
    return {word: max((len(p) for follow, _ in follows.values() for p in follow or ()), default=0)
            for word, follows in _start_rules().items()}


@cache
def _scanner() -> re.Pattern | None:
    """One re scan for every start word.

    A word whose patterns all need one of a few next words looks for them ahead.
    None when a start word begins another (the scan would find only one of them), or
    a level word is a party word (the scan looks for those only with the next word).
    """
    rules = _start_rules()
    words = sorted(rules, key=len, reverse=True)
    if any(a != b and a.startswith(b) for a in words for b in words):
        return None
    if _PARTY_RES.keys() & {*_heads(False), *_heads(True)}:
        return None
    tails = {}
    for word in words:
        follows = rules[word]
        tail = _PARTY_RES.get(word, word)[len(word):]
        if all(follow is not None and not named for follow, named in follows.values()):
            nexts = sorted({p for follow, _ in follows.values() for p in follow}, key=len, reverse=True)
            tail += r"(?=\s*(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in nexts) + "))"
        tails[word] = tail
    return re.compile(_trie(tails))


def _trie(tails: dict[str, str]) -> str:
    """An alternation of words (each followed by its regex tail) as a trie:
    "t(?:h(?:ành|ôn)|ỉnh)", so re tests each letter once rather than once per word."""
    root: dict = {}
    for word, tail in tails.items():
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = tail

    def emit(node: dict) -> str:
        alts = [sub if ch == "" else re.escape(ch) + emit(sub) for ch, sub in node.items()]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return emit(root)


_AFTER = 24  # characters after a start word that decide which patterns to try there


def _tried(word: str, after: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The patterns to try at start ``word`` followed by ``after`` (folded, up to _AFTER
    characters): (those tried anyway, those tried only if a capital or digit may follow).
    A space in what the rules say may follow stands for any whitespace."""
    nxt = " ".join(after.split())
    longest = _longest_next()
    if not nxt or (len(after) == _AFTER and len(nxt) < longest):  # the end, or too far to see
        return _tried_next(word, None)
    return _tried_next(word, nxt[:_longest_next_by_word()[word]])  # no rule of the word looks further


@lru_cache(maxsize=16384)
def _tried_next(word: str, nxt: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """_tried() given the next words with single spaces (None: try every pattern)."""
    follows = _start_rules()[word]
    if nxt is None:
        return tuple(follows), ()
    tried = tuple(name for name, (follow, _) in follows.items() if follow is None or nxt.startswith(follow))
    return tried, tuple(name for name, (_, named) in follows.items() if named and name not in tried)


@lru_cache(maxsize=16384)
def _name_may_follow(after: str) -> bool:
    """False only when ``after`` (text) cannot begin with a capital letter or digit,
    nor with "số" and one; dots and whitespace skipped."""
    rest = after.replace(".", " ").lstrip()
    if len(rest) < 2 or rest.startswith("số"):
        return True
    c = rest[0]
    return not (c.islower() or (c.isascii() and not c.isalnum()))


def _starts(text: str, folded: str) -> dict[str, list[int]] | None:
    """Offsets where each pattern may match, or None when the scan cannot be trusted.

    Offsets in ``folded`` are offsets in ``text`` when both have one length. The
    patterns match case-insensitively; lower() finds every word they can start
    with except for two letters that are matched as i and s but lower differently.
    """
    scan = _scanner()
    if scan is None or len(folded) != len(text) or "İ" in text or "ſ" in text:
        return None
    rules = _start_rules()
    longest = _longest_next()
    by_word = _longest_next_by_word()
    tried_next = _tried_next
    starts: dict[str, list[int]] = {name: [] for name in _patterns()}
    for m in scan.finditer(folded):
        word = m.group()
        if word not in rules:  # "đảng  bộ"
            word = word.split(None, 1)[0]
        end = m.end()
        after = folded[end:end + _AFTER]  # _tried(), inlined: this loop runs for every start word
        nxt = " ".join(after.split())
        if not nxt or (len(after) == _AFTER and len(nxt) < longest):
            tried, named = tried_next(word, None)
        else:
            tried, named = tried_next(word, nxt[:by_word[word]])  # so names after it recur as keys
        pos = m.start()
        for name in tried:
            starts[name].append(pos)
        if named and _name_may_follow(text[end:end + 8]):
            for name in named:
                starts[name].append(pos)
    bare = starts["backref_bare"]
    if bare:
        starts["backref_bare"] = [pos for pos in bare if _bare_may_start(folded, pos)]
    return starts


_BARE_AFTER_WORDS = ("cho", "của", "tại", "ở", "với", "và")


def _bare_may_start(folded: str, pos: int) -> bool:
    """False only where backref_bare's lookbehind must fail: not at the start, no
    punctuation in the 4 characters before, no "của " etc. right before."""
    if pos == 0:
        return True
    before = folded[max(0, pos - 4):pos]
    return ("\n" in before or "." in before or ";" in before or ":" in before or "," in before or "(" in before
            or folded[max(0, pos - 5):pos - 1].lower().endswith(_BARE_AFTER_WORDS))


_SMALL_LEVELS = {"thôn", "bản", "ấp", "khu phố", "tổ dân phố", "trường"}
_AFTER_COUNT = regex.compile(r"\s*(?:%|(?i:tháng|năm|ngày|quý|đảng\s+viên|đv|đồng\s+chí|người|em|quần\s+chúng|trường\s+hợp|chỉ\s+tiêu))(?!\p{L})")


_ORG_STOP = {"kết", "đã", "có", "với", "là", "được", "đang", "vừa", "trong", "tại", "của", "cho",
             "năm", "luôn", "cũng", "hiện", "đạt", "vượt", "phát", "nâng", "thực", "chú", "tiếp",
             "để", "từ", "đến", "về", "theo", "những", "các", "này", "đó", "mới", "nhiều", "tích",
             "đều", "tổ", "trực", "thuộc", "sẽ", "chỉ", "không", "chưa", "còn", "đề", "giao", "lãnh",
             "xây", "tổng", "gồm", "và", "ở", "như", "trên", "dưới", "hơn", "gần", "sau", "khi",
             "đảng", "viên", "lớp", "tỉnh",
             # verbs of the ceremony that follow a name ("Trường Đại học X trao Quyết định")
             "trao", "họp", "nhận", "tuyên", "khen", "tặng", "đón", "phối", "long", "kỷ", "biểu"}


@cache
def _force_bare() -> regex.Pattern:
    """'Công an tỉnh (158,18%)': the police or border guard of a place, without a party word
    (searched whole, not from the start scan: "công", "bộ" begin too many words)."""
    return regex.compile(r"(?<!\p{L})((?:Công[ \t]+an|Bộ[ \t]+Chỉ[ \t]+huy[ \t]+Quân[ \t]+sự|Bộ[ \t]+đội[ \t]+Biên[ \t]+phòng)"
                         r"[ \t]+(?:tỉnh|huyện|thành[ \t]+phố|thị[ \t]+xã|quận)(?:[ \t]+" + _NAME + r")?)")


@cache
def _departments() -> regex.Pattern:
    names = sorted((" ".join(line.split()) for line in load_lines("departments.txt")), key=len, reverse=True)
    # "Sở" capitalised ("cơ sở y tế" is no department), the rest as it may be written
    alt = "|".join(regex.escape(n.split(" ", 1)[1]).replace(r"\ ", r"[ \t]+") for n in names)
    # (a department of a place keeps the place: "Sở Y tế tỉnh Bến Tre")
    return regex.compile(r"(?<!\p{L})(?:(" + _ORG + r")[ \t]+)?(Sở[ \t]+(?i:" + alt + r")(?:[ \t]+(?:tỉnh|thành[ \t]+phố)(?:[ \t]+" + _NAME + r")?)?)(?!\p{L})")


# "Chi bộ khoa Luật", "Khoa Nông lâm ngư": a faculty, capitalised after "Khoa" (not "khoa học");
# a bare "Khoa" not after a capitalised word ("Nguyễn Đăng Khoa" is a person).
_FACULTY = regex.compile(r"(?<!\p{L})(?:((?i:liên[ \t]+chi[ \t]+bộ|chi[ \t]+bộ|đảng[ \t]+bộ))[ \t]+(khoa)"
                         r"|(?<!\p{Lu}\p{Ll}*[ \t])(Khoa))[ \t]+(?=\p{Lu})")
_FACULTY_ITEM = regex.compile(r"khoa[ \t]+[^,;:.]*")  # folded text: earlier faculties of the list
_CELL_LIST_GAP = regex.compile(r"(?:[\s:,]|và)*")
_FACULTY_WORD = regex.compile(r"[ \t]*([\p{L}\d'’]+|&)")
_FACULTY_BREAK = {"Chi", "Đảng", "Khoa", "Liên", "Ban", "Trường", "Học", "Đại", "Đoàn", "Công"}


@cache
def _faculty_stops() -> frozenset[str]:
    return frozenset(line.strip().lower() for line in load_lines("faculty_name_stops.txt"))


def _faculty_end(text: str, pos: int) -> int:
    """Where the name of a faculty that starts at ``pos`` ends: capitalised words, up to
    three lower-case syllables after them ("Chính trị học"), "và"/"&" before another
    capitalised word ("Giáo dục Tiểu học và Mầm non")."""
    end, lower, at = pos, 0, pos
    stops = _faculty_stops()
    words = list(_FACULTY_WORD.finditer(text, pos, min(len(text), pos + 80)))
    for k, m in enumerate(words):
        if m.start() != at:
            break
        word = m.group(1)
        at = m.end()
        if word in ("và", "&"):
            following = words[k + 1].group(1) if k + 1 < len(words) and words[k + 1].start() == at else ""
            if not following[:1].isupper() or following in _FACULTY_BREAK:
                break
            continue
        if word[:1].isupper():
            if end > pos and word in _FACULTY_BREAK:
                break
            end, lower = m.end(), 0
        elif word[:1].isdigit() or word.lower() in stops or (fold(word) in _NAME_STOP and not (
                k + 1 < len(words) and f"{word.lower()} {words[k + 1].group(1).lower()}" in _org_name_words())):
            break  # ("xã hội" is a compound, not a commune)
        else:
            lower += 1
            if lower > 3:
                break
            end = m.end()
    return end


@cache
def _company_groups() -> frozenset[str]:
    return frozenset(line.strip() for line in load_lines("company_groups.txt"))


@cache
def _org_name_words() -> frozenset[str]:
    return frozenset(" ".join(line.lower().split()) for line in load_lines("org_name_words.txt"))


@cache
def _school_types() -> list[tuple[str, str]]:
    rows = [(r["written"], r["canonical"]) for r in load_csv("school_types.csv")]
    return sorted(rows, key=lambda r: len(r[0]), reverse=True)


def _school_canonical(name: str) -> str:
    """'MN Thỏ Hồng' is 'Mầm non Thỏ Hồng', 'Trung học cơ sở Tân Việt' is 'THCS Tân Việt'."""
    for written, canonical in _school_types():
        if name.startswith(written + " "):
            name = canonical + name[len(written):]
            break
    # "Mầm non xã Hà Thanh" is "Mầm non Hà Thanh": the commune it is named after is a unit of its own
    return _SCHOOL_LOCATOR.sub(" ", name, count=1)


_SCHOOL_LOCATOR = regex.compile(
    r"(?<=^(?:Mầm[ \t]+non|Mẫu[ \t]+giáo|Tiểu[ \t]+học|THCS|THPT|TH))[ \t]+(?:xã|phường|thị[ \t]+trấn)[ \t]+(?=\p{Lu})")


def org_name(text: str, start: int, limit: int = 80) -> int:
    """End of a proper name of a school, company or agency that starts at ``start``.

    Such names mix capitalised and lower-case syllables ("Cao đẳng Y tế Hải
    Dương", "Công ty cổ phần Nước sạch Thành Đông", "Sở Giáo dục và Đào tạo"):
    take words while they are capitalised, numbers, or a lower-case syllable
    right after a word, and end on the last capitalised word or number.
    """
    end = start
    pos = start
    prev_ok = False
    after_so = False
    prev_low = ""
    compounds = _org_name_words()
    for m in regex.finditer(r"[ \t]*([\p{L}\d&'’-]+)", text[start:start + limit]):
        if m.start() != pos - start:
            break
        word = m.group(1)
        low = word.lower()
        if word in ("-", "–") and prev_ok and rx.match(r"[ \t]+\p{Lu}", text[start + m.end():]):
            pos = start + m.end()  # "Đại học Y - Dược"
            continue
        if prev_ok and not word[:1].isupper() and f"{prev_low} {low}" in compounds:
            end = pos = start + m.end()  # "Đại học Sư phạm"
            prev_low = low
            continue
        prev_low = low
        digit = word[:1].isdigit()
        capital = word[:1].isupper() or (digit and (after_so or pos == start))
        after_so = low == "số"
        if digit and not capital:
            if len(word) <= 2 and word.isdigit() and end == pos and f" {prev_low}" != " " and not text[pos - 1:pos].isdigit() \
                    and not rx.match(r"[ \t]+(?:đảng|đồng|quần|người|đv|học|sinh|cán)", text[start + m.end():]):
                end = start + m.end()  # "Công ty Truyền tải điện 2": a number closes the name
            break
        if low in ("tỉnh", "huyện") and prev_ok and not rx.match(r"[ \t]+[\p{Lu}\d]", text[start + m.end():]):
            end = start + m.end()  # "Bệnh viện Đa khoa tỉnh", "Công an huyện"
            break
        if capital and low not in ("đảng",):
            end = start + m.end()
            prev_ok = True
        elif low == "số" or (low == "và" and rx.match(r"[ \t]+\p{Lu}", text[start + m.end():])) or prev_ok and (
                low not in _ORG_STOP or low == "các" and rx.match(r"[ \t]+dân[ \t]+tộc", text[start + m.end():])) and word.isalpha():
            prev_ok = True
        else:
            break
        pos = start + m.end()
    return end


def _trim_number(name: str, level: str, following: str) -> str:
    """'TP. Hội An 105', 'Mường Ảng 6 tháng': a count or date after a name is not part of it."""
    if name[-1:].isalpha():  # the usual case; no letter is a digit (\d)
        return name
    words = name.split()
    if len(words) < 2 or not rx.fullmatch(r"\d+", words[-1]) or rx.fullmatch(r"\d+", words[0]):
        return name
    if _AFTER_COUNT.match(following):
        return " ".join(words[:-1])
    if level in _SMALL_LEVELS or (level in ("khác", "cơ quan") and words[-2].lower() not in ("tỉnh", "huyện", "thành", "phố")):
        return name
    if level == "doanh nghiệp" and words[-2][:1].islower():
        return name  # "Công ty Truyền tải điện 2": the company's number
    return " ".join(words[:-1])


_BLANKS = regex.compile(r"[ \t]+")


@lru_cache(maxsize=8192)
def _title_matters(name: str) -> bool:
    """Whether _clean_name(name, has_title) depends on has_title: only a surname makes it."""
    people = surnames()
    return any(word in people for word in _BLANKS.split(name.strip()))


@lru_cache(maxsize=8192)
def _clean_name(name: str, has_title: bool) -> str:
    """Trim a captured name at words that cannot be part of it, and at a person's name."""
    words = _BLANKS.split(name.strip())
    if words and fold(words[0]) in _FIRST_WORD_STOP:
        return ""
    if has_title and words and words[0] in surnames() and len(words) >= 3:
        return ""  # "Bí thư Đảng ủy phường Đoàn Hữu Dũng": a person, the unit is unnamed
    kept: list[str] = []
    for i, word in enumerate(words):
        pair = fold(" ".join(words[i:i + 2]))
        if i > 0 and (fold(word) in _NAME_STOP or pair in levels() or pair in _ORG_WORDS or pair in _PAIR_STOP):
            whole = " ".join(kept + [word])
            if not (word[:1].isupper() and fold(word) in _NAME_STOP and (
                    gazetteer.district_level(whole) or gazetteer.province_name(whole))):
                break  # ("Đại Từ", "Văn Bàn" are places although "từ", "bản" end other names)
        if i > 0 and word in surnames() and not word[0].isdigit():
            rest = len(words) - i
            if (has_title and rest >= 2) or (rest >= 3 and i >= 1):
                break
        kept.append(word)
    out = " ".join(kept)
    return _TRAILING_DASH.sub("", out).strip(" -")


_NUMBERED_TWIN = regex.compile(r"(?:[Ss]ố[ \t]+)?(?:\d+|[IVX]+|[A-Z])")
_TRAILING_DASH = regex.compile(r"[ \t]*-[ \t]*$")


@cache
def _title_re() -> regex.Pattern:
    alt = "|".join(regex.escape(fold(t)).replace(r"\ ", r"\s+") for t in sorted(speaker_titles(), key=len, reverse=True))
    return regex.compile(rf"(?<!\p{{L}})(?:{alt})(?!\p{{L}})")


def _has_title_before(folded: str, start: int) -> bool:
    window = folded[max(0, start - 45):start]
    clause = _UP_TO_CLAUSE.match(window)
    return bool(_title_re().search(window[clause.end():] if clause else window))


_UP_TO_CLAUSE = re.compile(r"[\s\S]*[.;:!?\n]")  # up to the last of these


def _words_end(text: str, start: int, name: str) -> int:
    """Where ``name`` ends in ``text`` read from ``start``: its words in order,
    whatever spaces or tabs the text has between them ("Bát  Xát" is "Bát Xát")."""
    pos = start
    for word in name.split():
        at = text.find(word, pos)
        if at < 0:
            return start + len(name)
        pos = at + len(word)
    return pos


# Places whose names a headline in capitals may carry: written as the body writes them.
_PLACE_LEVELS = {"tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "thôn", "bản",
                 "ấp", "khu phố", "tổ dân phố"}

# A mention, a list of names after "các xã" included, runs well under this (the longest
# kept in the gold sets is 51 characters).
_LONGEST = 600


def find_mentions(text: str, folded: str) -> list[UnitMention]:
    """Every unit mention in the text, earliest first, overlaps resolved (longest wins)."""
    pats = _patterns()
    lv = levels()
    cands: list[tuple[int, int, UnitMention]] = []
    starts = _starts(text, folded)

    def matches(name: str, string: str):
        if starts is None:
            return pats[name].finditer(string)
        return rx.finditer_at(pats[name], string, starts[name], window=_LONGEST) if starts[name] else ()

    def add(start: int, end: int, level: str, name: str, kind: str, party: bool) -> None:
        words = name.split()
        if len(words) >= 4 and words[:2] == words[2:4] and words[0][:1].isupper():
            name = " ".join(words[2:])  # "Học viện Học viện Thanh thiếu niên": a word typed twice
        if level == "trường" and name:
            name = _school_canonical(name)
        elif name.isupper() and level in _PLACE_LEVELS and len(name) > 3:
            name = " ".join(w.capitalize() for w in name.split())  # "HUYỆN BẠCH THÔNG" in a headline
        if level == "doanh nghiệp" and " - " in name and name.rsplit(" - ", 1)[1] in _company_groups():
            name = name.rsplit(" - ", 1)[0]  # "Công ty CP than Mông Dương - Vinacomin": the company
            end = start + text[start:end].rfind(" - ") if " - " in text[start:end] else end
        if name:
            trimmed = _trim_number(name, level, text[end:end + 20])
            if trimmed != name:
                end = text.rfind(trimmed.split()[-1], start, end) + len(trimmed.split()[-1])
                name = trimmed
        cands.append((start, end, UnitMention(level, name, start, end, text[start:end], kind, party)))

    for m in matches("committee", text):
        level = lv[_fold_words(m.group(1))].level
        raw = m.group(2)
        name = _clean_name(raw, _title_matters(raw) and _has_title_before(folded, m.start()))
        own = rx.match(r"(?i:quận|phường|huyện|tỉnh|thị xã|thành phố|tp\.?)\s+(.+)", name)
        if own and lv.get(fold(own.group(0).split()[0])) and lv[fold(own.group(0).split()[0])].level == level:
            name = own.group(1)
        if name:
            add(m.start(), _words_end(text, m.start(2), name), level, name, "named", True)
        else:
            add(m.start(), m.end(1), level, "", "backref", True)
    for m in matches("level", text):
        surface = _fold_words(m.group(2)).rstrip(".")
        entry = lv.get(surface) or lv.get(surface + ".")
        if entry is None:
            continue
        level = entry.level
        # Words that are also common nouns count only with a proper name or as written capitalised.
        if level in ("trường", "khối"):
            continue
        if not m.group(1) and _common_noun_context(folded, m.start(2), surface):
            continue
        if m.group(2)[0].isupper() and gazetteer.district_level(f"{m.group(2)} {m.group(3).split()[0]}"):
            continue  # "Buôn Đôn" is a district, not "buôn Đôn"
        if not m.group(1) and m.group(2)[0].isupper() and level in ("bản", "thôn", "ấp", "khu phố", "tổ dân phố") \
                and not rx.search(r"(?:^|[.!?:\n]\s*|[\"“(]\s*)$", text[max(0, m.start(2) - 3):m.start(2)]):
            continue
        raw = m.group(3)
        name = _clean_name(raw, _title_matters(raw) and _has_title_before(folded, m.start()))
        if name.isdigit() and level in ("tỉnh", "huyện", "thị xã", "thành phố", "xã", "thị trấn"):
            continue  # "tỉnh 8 đảng viên": a count, not a unit
        start = m.start(1) if m.group(1) else m.start(2)
        if name:
            add(start, _words_end(text, m.start(3), name), level, name, "named", bool(m.group(1)))
        elif m.group(1):
            add(start, m.end(2), level, "", "backref", True)
    has = _keywords(folded)
    schools = [*matches("school", text), *matches("school_named", text)] if has["trường"] else []
    for m in schools:
        end = org_name(text, m.start(3))
        name = rx.sub(r"\s+", " ", text[m.start(3):end]).strip()
        if name and rx.match(_SCHOOL_WORDS, name) is None and not m.group(2)[0].isupper():
            continue
        if rx.fullmatch(_SCHOOL_WORDS, name or ""):
            continue  # "các trường THPT": a kind of school, not one
        if not m.group(1) and m.re is _patterns()["school_named"] and _surname_before(text, m.start(2)):
            continue  # "quần chúng Nông Trường An": a person's name
        if name:
            start = m.start(1) if m.group(1) else m.start(2)
            add(start, end, "trường", name, "named", bool(m.group(1)))
    for m in (matches("zone", text) if has["zone"] else ()):
        name = rx.sub(r"\s+", " ", m.group(2)).strip()
        head = 1 if name.split()[0] in ("KCN", "CCN", "KCX") else 3  # words before the proper name
        if m.group(1) or len(name.split()) > head and name.split()[head][:1].isupper():
            add(m.start(1) if m.group(1) else m.start(2), m.end(2), "khác", name, "named", bool(m.group(1)))
    for m in (_force_bare().finditer(text)
              if "Công an" in text or "Bộ Chỉ huy" in text or "Bộ đội" in text else ()):
        add(m.start(1), m.end(1), "cơ quan", rx.sub(r"\s+", " ", m.group(1)).strip(), "named", False)
    for m in (matches("academy", text) if has["academy"] else ()):
        end = org_name(text, m.start(2))
        add(m.start(1) if m.group(1) else m.start(2), end, "trường",
            rx.sub(r"\s+", " ", text[m.start(2):end]).strip(), "named", bool(m.group(1)))
    for m in (matches("bloc", text) if has["khối"] else ()):
        name = rx.sub(r"\s+", " ", m.group(2)).strip()
        start = m.start(1) if m.group(1) else m.start()
        add(start, m.end(2), "khối", name, "named", True)
    for m in (matches("enterprise_bare", text) if has["company"] else ()):
        end = org_name(text, m.start(1))
        name = rx.sub(r"\s+", " ", text[m.start(1):end]).strip()
        if len(name.split()) >= 3:
            add(m.start(1), end, "doanh nghiệp", name, "named", False)
    for m in (matches("backref_kind", text) if has["org"] else ()):
        kind = _fold_words(m.group(1))
        level = {"công ty": "doanh nghiệp", "nhà máy": "doanh nghiệp", "bệnh viện": "cơ quan",
                 "cơ quan": "cơ quan", "trung đoàn": "khác"}[kind]
        add(m.start(), m.end(), level, "", "backref", True)
    for m in (matches("numbered_force", text) if has["đoàn"] else ()):
        add(m.start(1) if m.group(1) else m.start(2), m.end(2), "khác", rx.sub(r"\s+", " ", m.group(2)), "named", bool(m.group(1)))
    for key, level in (("force", "khác"), ("enterprise", "doanh nghiệp"), ("agency", "cơ quan")):
        if not has["org"]:
            continue
        for m in matches(key, text):
            end = m.end(2) if key == "force" else max(m.end(2), org_name(text, m.start(2)))
            place = _AGENCY_PLACE.match(text, end) if key == "agency" else None
            if place:
                end = place.end()  # "Bệnh viện Đa khoa tỉnh Vĩnh Phúc": the place is part of its name
            name = rx.sub(r"\s+", " ", text[m.start(2):end]).strip()
            # The police and the military command of a place are its agencies; a regiment or a
            # border post is a unit of its own kind.
            add(m.start(), end, "cơ quan" if key == "force" and _AGENCY_FORCE.match(name) else level,
                name, "named", True)
    if "Sở" in text:
        for m in _departments().finditer(text):
            name = rx.sub(r"\s+", " ", m.group(2))
            add(m.start(1) if m.group(1) else m.start(2), m.end(2), "cơ quan", name, "named", bool(m.group(1)))
    for m in (_FACULTY.finditer(text) if "hoa " in text else ()):
        if not m.group(1):
            # A bare "Khoa X" counts in a list of party cells ("các Chi bộ: Khoa A, Khoa B"),
            # not in a person's description ("sinh viên năm 3 Khoa X", "Trưởng khoa X").
            before = folded[max(0, m.start() - 120):m.start()]
            cell = before.rfind("chi bộ")
            if cell == -1 or not _CELL_LIST_GAP.fullmatch(_FACULTY_ITEM.sub("", before[cell + 6:])):
                continue
        end = _faculty_end(text, m.end())
        if end > m.end():
            name = "Khoa " + rx.sub(r"\s+", " ", text[m.end():end])
            add(m.start(1) if m.group(1) else m.start(3), end, "khác", name, "named", bool(m.group(1)))
    for m in matches("whole_province", folded):
        add(m.start(), m.end(), "tỉnh", "", "whole", True)
    for m in matches("backref_this", folded):
        add(m.start(), m.end(), lv[_fold_words(m.group(1))].level, "", "backref", True)
    for m in matches("backref_whole", text):
        entry = lv.get(_fold_words(m.group(1)))
        if entry:
            add(m.start(), m.end(), entry.level, "", "backref", True)
    for m in matches("backref_org", text):
        entry = lv.get(_fold_words(m.group(2)))
        if entry and entry.level != "tỉnh":
            add(m.start(), m.end(), entry.level, "", "backref", True)
    for m in matches("backref_committee", text):
        entry = lv.get(_fold_words(m.group(1)))
        if entry and entry.level != "tỉnh":
            add(m.start(), m.end(), entry.level, "", "backref", True)
    for m in matches("backref_school", text):
        add(m.start(), m.end(), "trường", "", "backref", False)
    for m in matches("backref_cell", text):
        add(m.start(), m.end(), "chi bộ", "", "backref", True)
    for m in matches("backref_bare", folded):
        entry = lv.get(_fold_words(m.group(1)))
        if entry and entry.level == "tỉnh":
            add(m.start(), m.end(), "tỉnh", "", "whole", True)
        elif entry:
            add(m.start(), m.end(), entry.level, "", "backref", False)
    for m in matches("backref_party", text):
        add(m.start(), m.end(), "", "", "backref", True)

    for m in matches("plural_list", text):
        # "các xã Ea Kmút, Cư Huê và Ea Ô": each name after the first is a unit of that level too
        entry = lv.get(_fold_words(m.group(1)))
        if not entry:
            continue
        for n in _LIST_NAME.finditer(text, m.end(2), m.end()):
            name = _clean_name(n.group(1), False)
            known = gazetteer.province_name(name) if entry.level == "tỉnh" else \
                gazetteer.district_level(name) if entry.level in ("huyện", "quận", "thị xã", "thành phố") else name
            if name and known:
                add(n.start(1), n.start(1) + len(name), entry.level,
                    gazetteer.province_name(name) or name if entry.level == "tỉnh" else name, "named", False)
    for m in _HEADING_PLACE.finditer(text, 0, min(len(text), 400)):
        # "Nghĩa Đàn: Tổ chức Lễ kết nạp ...", "THUẬN NAM: Kết nạp 41 đảng viên": a heading's place
        name = m.group(1).title() if m.group(1).isupper() else m.group(1)
        level = "tỉnh" if gazetteer.province_name(name) else gazetteer.district_level(name)
        if level:
            add(m.start(1), m.end(1), level, gazetteer.province_name(name) or name, "named", False)
    # Named before back-references, then longest, then earliest; drop overlaps.
    cands.sort(key=lambda c: (c[2].kind not in ("named", "whole"), -(c[1] - c[0]), c[0]))
    taken = DisjointSpans()
    accepted = [cand for cand in cands if taken.take(cand[0], cand[1])]
    mentions = [c[2] for c in sorted(accepted, key=lambda c: c[0])]
    _mark_parents(text, mentions)
    return mentions


def _surname_before(text: str, at: int) -> bool:
    """Whether the word just before ``at`` is a family name ('Nông' of 'Nông Trường An')."""
    m = _WORD_BEFORE.search(text, max(0, at - 12), at)
    return bool(m) and m.group(1) in surnames()


_WORD_BEFORE = regex.compile(r"(?<!\p{L})(\p{Lu}\p{Ll}*)[ \t]+$")


def _keywords(folded: str) -> dict[str, bool]:
    """Cheap substring checks that let rare, costly patterns skip most articles."""
    return {
        "trường": "trường" in folded,
        "khối": "khối" in folded,
        "zone": "khu " in folded or "cụm công nghiệp" in folded or "kcn" in folded or "ccn" in folded
        or "kcx" in folded,
        "academy": "học viện" in folded,
        "company": "công ty" in folded or "tập đoàn" in folded or "nhà máy" in folded or "xí nghiệp" in folded,
        "org": "đảng bộ" in folded or "đảng ủy" in folded or "đảng uỷ" in folded or "chi bộ" in folded
        or "ban thường vụ" in folded or "ban chấp hành" in folded or "chi ủy" in folded,
        "đoàn": "đoàn" in folded and ("trung đoàn" in folded or "sư đoàn" in folded or "lữ đoàn" in folded
                                    or "tiểu đoàn" in folded or "quân đoàn" in folded or "hải đoàn" in folded)
        or "vùng " in folded,
    }


_COMMON_NOUN_BEFORE = {
    "bản": r"(?:văn|cơ|căn|phiên|nguyên|dự|kịch|bài|ấn|xuất|cơ)",
    "xã": r"(?:kinh\s+tế\s*-|an\s+sinh)",
    "bon": r"\p{L}",
}


def _common_noun_context(folded: str, start: int, surface: str) -> bool:
    """'văn bản Hướng dẫn' is not 'bản Hướng'."""
    before = _COMMON_NOUN_BEFORE.get(surface)
    return bool(before and rx.search(before + r"\s*$", folded[max(0, start - 16):start]))


_LINK = regex.compile(r"\s*(?:,|\(|-|–|thuộc|của|,\s*thuộc)\s*")
_LINK_FIRST = (",", "(", "-", "–", "t", "c")  # how a _LINK starts (strip() removes at least \s)


def _mark_parents(text: str, mentions: list[UnitMention]) -> None:
    """', huyện X' right after 'xã Y' (or '(phường Z)') locates Y; it is not a unit of its own."""
    for prev, cur in zip(mentions, mentions[1:], strict=False):
        if cur.kind != "named":
            continue
        gap = text[prev.end:cur.start]
        if gap.strip()[:1] not in _LINK_FIRST or not _LINK.fullmatch(gap):
            continue
        if cur.party_org and "thuộc" not in gap:
            continue
        if is_faculty(prev) and cur.level == "trường":
            continue  # "Khoa Luật của Trường Đại học X": the school is the unit that counts
        if prev.kind in ("named", "parent") and level_rank(cur.level) > level_rank(prev.level):
            cur.kind = "parent"


def is_faculty(m: UnitMention) -> bool:
    return m.level == "khác" and m.name.startswith("Khoa ")


# ---------------------------------------------------------------- resolution


class UnitResolver:
    """Walks the mentions in order and resolves back-references to named units."""

    def __init__(self, mentions: list[UnitMention], province: str | None):
        self.province = province
        self.mentions = mentions
        self.resolved: list[tuple[str, str] | None] = []
        last_by_level: dict[str, tuple[str, str]] = {}
        last_cell: tuple[str, str] | None = None
        last_named: tuple[str, str] | None = None
        known: list[tuple[str, str]] = [(m.level, m.name) for m in mentions if m.kind == "named"]
        for m in mentions:
            key: tuple[str, str] | None
            if m.kind in ("named", "parent"):
                key = self._canonical(m, known)
                if key == (m.level, m.name):
                    key = self._qualified(m, last_by_level)
                if m.kind == "named" or m.level not in last_by_level:
                    last_by_level[m.level] = key
                if m.kind == "named":
                    if m.level in ("thôn", "bản", "ấp", "khu phố", "tổ dân phố") or fold_cached(m.surface).startswith("chi bộ"):
                        last_cell = key
                    last_named = key
            elif m.kind == "whole":
                key = ("tỉnh", province) if province else None
            elif m.level == "chi bộ":
                key = last_cell
            elif m.level == "":
                key = last_named
            else:
                key = last_by_level.get(m.level)
                if key is None and m.level == "tỉnh" and province:
                    key = ("tỉnh", province)
            self.resolved.append(key)
        # "Đảng bộ xã đặt ra ..." before the commune is named: the next one named of that level.
        for i, m in enumerate(mentions):
            if self.resolved[i] is None and m.kind == "backref" and m.level and m.level != "chi bộ":
                later = next((n for n in mentions[i + 1:] if n.kind == "named" and n.level == m.level), None)
                if later is not None:
                    self.resolved[i] = (later.level, later.name)

    def at(self, index: int) -> tuple[str, str] | None:
        return self.resolved[index]

    @staticmethod
    def _qualified(m: UnitMention, last_by_level: dict) -> tuple[str, str]:
        """'Đảng bộ Quân sự quận' in an article about quận Ninh Kiều is 'Quân sự quận Ninh Kiều'."""
        tail = m.level in ("khác", "cơ quan") and _AGENCY_FORCE.match(m.name) \
            and rx.search(r"\s(quận|huyện|thị xã|thành phố)$", m.name)
        if tail and tail.group(1) in last_by_level:
            return m.level, f"{m.name} {last_by_level[tail.group(1)][1]}"
        return m.level, m.name

    @staticmethod
    def _canonical(m: UnitMention, known: list[tuple[str, str]]) -> tuple[str, str]:
        """A short form ("Quân sự tỉnh", "Trung đoàn") is the unit named in full before
        ("Quân sự tỉnh Đắk Nông", "Trung đoàn 994")."""
        if m.level in ("khác", "khối", "cơ quan", "doanh nghiệp", "trường"):
            short = fold_cached(m.name)
            for level, name in reversed(known):
                if level == m.level and fold_cached(name).startswith(short + " ") and not (
                        sum(w[:1].isupper() for w in m.name.split()) >= 2
                        and _NUMBERED_TWIN.fullmatch(name[len(short) + 1:])):
                    return level, name  # (but "THPT Nam Sách" is not "THPT Nam Sách II")
        return m.level, m.name


def resolve_province(mentions: list[UnitMention], outlet: str | None, title_and_text: str) -> str | None:
    """The province the article is about: named in the text, else by outlet, else by places."""
    named = Counter(m.name for m in mentions if m.level == "tỉnh" and m.kind == "named"
                    and gazetteer.province_name(m.name))
    # "Bệnh viện Đa khoa tỉnh Vĩnh Phúc": a province named inside an agency's name
    named.update(place.group(1) for m in mentions if m.kind == "named" and m.level != "tỉnh" and " tỉnh " in m.name
                 and (place := _PROVINCE_IN_NAME.search(m.name)) and gazetteer.province_name(place.group(1)))
    if named:
        return gazetteer.province_name(named.most_common(1)[0][0])
    by_outlet = province_from_outlet(outlet)
    if by_outlet:
        return by_outlet
    places = [(m.level, m.name) for m in mentions if m.kind in ("named", "parent") and m.name]
    return gazetteer.guess_province(places)


@cache
def province_from_outlet(outlet: str | None) -> str | None:
    if not outlet:
        return None
    key = fold(outlet.strip())
    for row in load_csv("outlets.csv"):
        if key in (fold(row.get("code") or "\0"), fold(row.get("domain") or "\0"), fold(row.get("name") or "\0")):
            return row.get("province") or None
    stripped = rx.sub(r"^(?:báo|đài|cổng thông tin)\s+", "", key)
    return gazetteer.province_name(stripped)
