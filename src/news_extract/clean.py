"""Clean: normalise the text and remove page furniture, keeping an exact offset map.

The cleaned text is built only from slices of the source (plus per-character
maps where NFC composition, ``Ð``→``Đ`` or CRLF→LF change things), so
``Article.offsets[i]`` is the source index of cleaned character ``i`` and any
span found downstream traces back to the words the writer typed.

Furniture removed (each recorded in ``Article.removed`` with its source span):
template placeholders, image markdown, photo captions and credits, repeated
lines, comment counters, share buttons, credit lines ("Trình bày: …"),
related-article headings and teaser lists, bylines and "Nguồn …"/"Theo …"
lines (these become metadata: author, outlet, url, date). The markers are data
in ``patterns/furniture.json`` and ``patterns/metadata.json``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import regex

from . import metadata
from .model import Article, RawDocument
from .patterns import load_json


def fold(text: str) -> str:
    """Cheap case fold for short phrase lookups (text.fold is per-character and too slow here)."""
    return text.lower()

def _fix_lookalikes(text: str) -> str:
    """Ð (U+00D0, Icelandic eth) typed for Đ; same length, so offsets hold."""
    if "\u00d0" in text:
        text = text.replace("\u00d0", "Đ")
    if "\u00f0" in text:
        text = text.replace("\u00f0", "đ")
    return text

_CLUSTER = regex.compile(r"\P{M}[\p{M}\u1160-\u11FF]*|[\p{M}\u1160-\u11FF]+")
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n)?")
_END_PUNCT = (".", "!", "?", ":", ";", ",")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*[\"”»)']?$")
_CODE_START = re.compile(r"^\(?[A-ZĐ][A-ZĐ0-9]{1,7}\)?\s*[-–—]+\s*\S")
_RELATED_INLINE = re.compile(r"([^:>»]{2,40}?)\s*(?::|>>|»|>)\s*\S")
_SECTION_SPLIT = re.compile(r"\s+[-–>»›/|]\s+|\s*[>»›|]\s*")
_JUNK = re.compile(r"^[^\w\s]{1,3}$")
_HAS_ALNUM = re.compile(r"\w")
_HEAD_MAX = 8  # lines above the body: masthead, breadcrumb, title, dates, source, code
_BODY_LINE = 160  # a line this long is the body's first paragraph
_BULLETS = "•·▪►◦ \t"
# "Báo Lào Cai - 2010"; a reprint's source: "Bài đăng trên Tạp chí X số 562 (12-2024)".
_OUTLET_LINE = re.compile(
    r"^(?:(?:Bài\s+)?(?:đăng|in)\s+trên\s+)?(?P<name>(?:Báo|BÁO|Tạp chí|TẠP CHÍ|Đài|ĐÀI)\s+[^\d()]{2,40}?)"
    r"(?:\s+số\s+\d+)?(?:\s*[-–,]\s*(?P<year>(?:19|20)\d{2})"
    r"|\s*\((?:tháng\s*)?(?P<month>\d{1,2})\s*[-/]\s*(?P<myear>(?:19|20)\d{2})\))?\.?$")
_SOURCE_CODE = re.compile(r"[A-ZĐ][A-ZĐ0-9&]{1,9}")
_NAMES_OUTLET = re.compile(r"^(?P<who>[^()]{2,50}?)\s*\((?P<outlet>[^()]{2,60})\)$")
_COMMENT_FIRST = "(bBgGvVýÝ"  # first characters of furniture.json's comment counters, but digits
_URL_ONLY = re.compile(r"(?:https?://|www\.)\S+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:vn|com|net|org)(?:/\S*)?",
                       re.I)


# Identity offsets are copied from one shared list: slicing copies pointers,
# range() would allocate an int object per character of every article.
_INDICES = list(range(1 << 16))


# --- normalisation with a map -----------------------------------------------

def _compose_line(line: str, base: int, out: list[str], nmap: list[int]) -> None:
    """NFC one line cluster by cluster, mapping each output character to a source index."""
    for m in _CLUSTER.finditer(line):
        cluster = m.group()
        start = base + m.start()
        composed = unicodedata.normalize("NFC", cluster)
        out.append(composed)
        if composed == cluster:
            nmap.extend(range(start, start + len(cluster)))
            continue
        for ch in composed:
            if unicodedata.combining(ch) or unicodedata.category(ch).startswith("M"):
                found = cluster.find(ch)
                nmap.append(start + found if found > 0 else start)
            else:
                nmap.append(start)


def normalize_with_map(source: str) -> tuple[str, list[int] | None]:
    """NFC, Ð→Đ and CRLF/CR→LF; the map gives each character's source index (None = identity)."""
    if "\r" not in source and unicodedata.is_normalized("NFC", source):
        return _fix_lookalikes(source), None
    out: list[str] = []
    nmap: list[int] = []
    for m in _LINE.finditer(source):
        body, end = m.group(1), m.group(2)
        if not body and not end:
            continue
        a = m.start(1)
        if unicodedata.is_normalized("NFC", body):
            out.append(body)
            nmap.extend(range(a, a + len(body)))
        else:
            _compose_line(body, a, out, nmap)
        if end:
            out.append("\n")
            nmap.append(m.end(2) - 1)  # the LF of a CRLF, or the lone CR
    return _fix_lookalikes("".join(out)), nmap


# --- rules -------------------------------------------------------------------

@cache
def _rules() -> dict:
    data = load_json("furniture.json")
    placeholders = "|".join(re.escape(p) for p in data["placeholders"])
    inline = re.compile(
        rf"(?P<placeholder>\{{(?:{placeholders})\}}\s*)"
        r"|(?P<image>!\[[^\]\n]*\]\([^)\n]*\)\s*)"
        r"|(?P<caption>\s*\((?:Ảnh|Ảnh minh họa|Ảnh minh hoạ)\s*:[^()\n]{1,40}\))",
        re.I,
    )
    # Where a caption can start: "(Ảnh:", "(ảnh minh họa:", "(ẢNH:" alike.
    caption_start = re.compile(r"\(\s*ảnh", re.I)

    def phrase_set(items):
        return frozenset(fold(x) for x in items)

    author_labels = "|".join(re.escape(x) for x in data["credit_labels_author"])
    other_labels = "|".join(re.escape(x) for x in data["credit_labels_other"])
    buttons = sorted(data["share_buttons"], key=len, reverse=True)
    return {
        "inline": inline,
        "caption_start": caption_start,
        "related": phrase_set(data["related_headings"]),
        "related_max": max(map(len, phrase_set(data["related_headings"]))),
        "share": re.compile(
            r"^(?:(?:" + "|".join(re.escape(b) for b in buttons) + r")(?:\s*\(\d+\))?[\s|,:/•·\-–]*)+$",
            re.I),
        # one alternation matches where any of the patterns does (they use no numbered back-references)
        "comments": re.compile("|".join(f"(?:{p})" for p in data["comment_counters"]), re.I),
        "credit_author": re.compile(rf"^(?:{author_labels})\s*:\s*(?P<who>\S.{{0,60}})$", re.I),
        "credit_other": re.compile(rf"^(?:{other_labels})\s*:\s*\S.{{0,60}}$", re.I),
        "credit_label_max": _label_max(data["credit_labels_author"] + data["credit_labels_other"]),
        "caption_credit": re.compile(data["caption_credit"]),
        "caption_lead": re.compile(data["caption_lead"]),
        "caption_positions": re.compile(data["caption_positions"], re.I),
        "caption_max": int(data["caption_max_chars"]),
        "teaser_max": int(data["teaser_max_chars"]),
        "title_max": int(data["title_max_chars"]),
        # by part, as a line is looked up: "Quốc phòng - An ninh" is two names
        "sections": phrase_set(p.strip() for name in data["section_names"]
                               for p in _SECTION_SPLIT.split(name)),
        "source_line": re.compile(
            r"^Nguồn(?P<name>(?:\s+[^\s:]+){0,4})\s*:\s*(?P<rest>\S.{0,200})$"),
        "theo_line": re.compile(
            r"^Theo\s+(?P<who>[^(),:;]{2,80}?)\s*(?:\((?P<outlet>[^()]{2,80})\))?\s*\.?$"),
    }


def _label_max(labels: list[str]) -> int:
    """The longest credit label; the line pass relies on no label holding a colon."""
    if any(":" in label for label in labels):
        return 1 << 30  # a colon inside a label: every line with a colon is tried
    return max(map(len, labels))


# --- line model --------------------------------------------------------------

@dataclass(slots=True)
class _Line:
    start: int
    end: int  # exclusive; norm[end] is the LF when one follows
    keep: list[tuple[int, int]] = field(default_factory=list)
    kind: str | None = None  # set when the whole line is furniture
    stripped: str = ""  # content(norm).strip(), kept up to date whenever keep changes

    def content(self, norm: str) -> str:
        if len(self.keep) == 1:
            a, b = self.keep[0]
            return norm[a:b]
        return "".join(norm[a:b] for a, b in self.keep)


class _Cleaner:
    def __init__(self, raw: RawDocument):
        self.raw = raw
        self.source = raw.text
        self.norm, self.nmap = normalize_with_map(raw.text)
        self.rules = _rules()
        self.clues: dict = {}
        self.cuts: list[tuple[int, int, str]] = []
        self.lines: list[_Line] = []
        pos = 0
        for part in self.norm.split("\n"):
            self.lines.append(_Line(pos, pos + len(part), [(pos, pos + len(part))], None, part.strip()))
            pos += len(part) + 1

    # helpers
    def drop(self, ln: _Line, kind: str) -> None:
        ln.kind = kind

    def cut(self, ln: _Line, a: int, b: int, kind: str) -> None:
        """Remove [a, b) (norm coordinates) from a line that stays."""
        if b <= a:
            return
        keep = []
        for x, y in ln.keep:
            if y <= a or x >= b:
                keep.append((x, y))
                continue
            if x < a:
                keep.append((x, a))
            if y > b:
                keep.append((b, y))
        ln.keep = keep
        ln.stripped = ln.content(self.norm).strip()
        self.cuts.append((a, b, kind))

    def live(self) -> list[_Line]:
        return [ln for ln in self.lines if ln.kind is None and ln.stripped]

    # passes
    def inline(self) -> None:
        inline = self.rules["inline"]
        norm = self.norm
        caption = self.rules["caption_start"]
        if "{" not in norm and "![" not in norm and not caption.search(norm):
            return  # the per-line test below, for the whole text at once
        for ln in self.lines:
            segment = self.norm[ln.start:ln.end]
            if "{" not in segment and "![" not in segment and not caption.search(segment):
                continue
            had_text = bool(segment.strip())
            kinds = set()
            for m in inline.finditer(segment):
                self.cut(ln, ln.start + m.start(), ln.start + m.end(), m.lastgroup)
                kinds.add(m.lastgroup)
            if kinds and had_text and ln.stripped in ("", "|"):
                ln.keep, ln.stripped = [(ln.start, ln.end)], segment.strip()
                self.cuts = [c for c in self.cuts if not (ln.start <= c[0] and c[1] <= ln.end)]
                self.drop(ln, sorted(kinds)[0])

    def masthead(self) -> None:
        """The outlet's masthead and the section breadcrumb a scrape keeps above the
        title ('Báo Cà Mau', 'Chính trị - Xây dựng Đảng'): dropped, the outlet noted."""
        for ln in self.head_lines():
            s = ln.stripped
            found = metadata.masthead_outlet(s)
            if found:
                name, row = found
                if row is not None and row.get("code") and fold(name) == fold(row["code"]):
                    self.clues.setdefault("outlet_code", row["code"])
                else:
                    self.clues.setdefault("outlet_name", row["name"] if row else name)
                self.drop(ln, "masthead")
            elif self.is_section(s):
                self.drop(ln, "section")
            else:
                return

    def is_section(self, s: str) -> bool:
        parts = [p for p in _SECTION_SPLIT.split(s) if p.strip()]
        names = self.rules["sections"]
        return bool(parts) and len(s) <= 80 and all(_names_only(fold(p.strip()), names) for p in parts)

    def head_lines(self):
        """The live lines above the body, found lazily (a line is only changed once it is
        reached): up to the first paragraph-long line, at most eight. Lines without a letter
        or digit ('.', '|') do not count: scrapes leave them above the title."""
        seen = 0
        for ln in self.lines:
            if ln.kind is not None or not ln.stripped or not _HAS_ALNUM.search(ln.stripped):
                continue
            yield ln
            seen += 1
            if seen == _HEAD_MAX or len(ln.stripped) >= _BODY_LINE:
                return

    def head(self) -> None:
        """Datelines, outlet codes and bylines at the top of the article."""
        self.masthead()
        rules = metadata._rules()
        for ln in self.head_lines():
            s = ln.stripped
            if ln.keep:
                a0, b0 = ln.keep[0]
                m = rules["date_prefix"].match(self.norm[a0:b0])
                if m:
                    self.clues.setdefault("published", m.group(1))
                    self.cut(ln, a0, a0 + m.end(), "dateline")
            if ln.keep and "outlet" not in self.clues:
                a0, b0 = ln.keep[0]
                m = rules["outlet_dateline"].match(self.norm[a0:b0])
                if m and m.end() < b0 - a0:
                    self.clues["outlet"] = True
                    if m.group("domain"):
                        self.clues["outlet_domain"] = m.group("domain")
                    elif m.group("name"):
                        self.clues["outlet_name"] = m.group("name").strip()
                    else:
                        self.clues["outlet_code"] = m.group("pcode") or m.group("code")
                    self.cut(ln, a0, a0 + m.end(), "dateline")
                    if m.group("gt"):
                        self.clues.setdefault("title", ln.stripped)
                    a0, b0 = ln.keep[0]
                    m = rules["date_lead"].match(self.norm[a0:b0])
                    if m and m.end() < b0 - a0:
                        iso = metadata.parse_date(m.group())
                        if iso:
                            self.clues.setdefault("published", iso)
                            self.cut(ln, a0, a0 + m.end(), "dateline")
            m = rules["lead_day"].match(ln.stripped) if ln.keep and "lead_day" not in self.clues else None
            if m:  # "Chiều 18-6, ..." opening one of the first lines, after a dateline or not
                self.clues["lead_day"] = (int(m.group("d")), int(m.group("m")))
            s = ln.stripped.lstrip(_BULLETS)
            m = _OUTLET_LINE.match(s) if s.startswith(("Bài đăng", "Bài in", "Đăng trên", "In trên")) else None
            if m:  # a reprint line above the headline
                self.outlet_line(m)
                self.drop(ln, "source")
                continue
            byline = metadata.match_byline(s)
            if byline:
                self.clues.setdefault("author", byline[0])
                self.clues.setdefault("published", byline[1])
                self.drop(ln, "byline")
                continue
            date = metadata.match_dateline(s)
            if date:
                self.clues.setdefault("published", date)
                self.drop(ln, "dateline")

    def is_caption(self, s: str) -> bool:
        rules = self.rules
        if len(s) > rules["caption_max"]:
            return False
        if ("Ảnh" in s or "Photo" in s) and (
                rules["caption_credit"].search(s) or rules["caption_lead"].match(s)):
            return True
        if s.endswith("|"):
            return True
        # every caption position starts with "("
        return len(s) <= 300 and ". " not in s and "(" in s and bool(rules["caption_positions"].search(s))

    def lines_pass(self) -> None:
        rules = self.rules
        previous = None
        in_related = False
        head: set[str] = set()
        head_seen = 0
        for ln in self.lines:
            if ln.kind:
                continue
            s = ln.stripped
            if not s:
                continue
            if in_related:
                if self.teaserish(s):
                    self.drop(ln, "related")
                    continue
                in_related = False
            bare = s.rstrip(" :")
            # Cheap tests first: _JUNK matches 1-3 characters, credit lines have a
            # colon, source lines start with "Nguồn"; every comment counter starts
            # with a digit, "(", "b", "g", "v" or "ý"; related headings are short
            # (lower() never shortens a string).
            if len(s) <= 3 and _JUNK.match(s):
                self.drop(ln, "junk")
            elif (s == previous or (head_seen < _HEAD_MAX and s in head)) and len(s) >= 10:
                self.drop(ln, "repeat")  # (a headline printed again under the breadcrumb)
            elif head_seen < _HEAD_MAX and self.is_section(s):
                self.drop(ln, "section")  # a breadcrumb between the headline and the body
            elif (s[0].isdecimal() or s[0] in _COMMENT_FIRST) and rules["comments"].match(fold(bare)):
                self.drop(ln, "comments")
            elif len(s) <= 120 and rules["share"].match(s):
                self.drop(ln, "share")
            elif len(bare) <= rules["related_max"] and fold(bare) in rules["related"]:
                self.drop(ln, "related")
                in_related = True
            elif len(s) <= rules["teaser_max"] and (m := _RELATED_INLINE.match(s)) \
                    and fold(m.group(1)) in rules["related"]:
                self.drop(ln, "related")  # "Xem thêm>> Nhơn Trạch vượt 15% chỉ tiêu ..."
                in_related = True
            elif (credit := _may_be_credit(s, rules["credit_label_max"])) and (m := rules["credit_author"].match(s)):
                self.clues.setdefault("credit_author", m.group("who").strip())
                self.drop(ln, "credit")
            elif credit and rules["credit_other"].match(s):
                self.drop(ln, "credit")
            elif s.lstrip(_BULLETS).startswith("Nguồn") and self.source_line(s.lstrip(_BULLETS)):
                self.drop(ln, "source")
            elif self.is_caption(s):
                self.drop(ln, "caption")
            elif "Ảnh" in s or "Photo" in s:
                m = rules["caption_credit"].search(s)
                if m:  # a long paragraph that ends in a photo credit: drop the credit only
                    a = ln.keep[-1][0] + self.norm[ln.keep[-1][0]:ln.keep[-1][1]].rfind(m.group().strip())
                    self.cut(ln, a, ln.keep[-1][1], "caption")
            previous = s if not ln.kind else previous
            if head_seen < _HEAD_MAX:  # the head ends at the first line that reads as the body's
                head_seen = _HEAD_MAX if len(s) >= _BODY_LINE or s.endswith(_END_PUNCT) else head_seen + 1
                head.add(s)

    def source_line(self, s: str) -> bool:
        m = self.rules["source_line"].match(s)
        if not m:
            return False
        rest = m.group("rest").strip()
        url = _URL_ONLY.search(rest)
        if url and url.start() == 0:
            self.clues.setdefault("url", url.group().rstrip(".,;"))
            if "outlet" not in self.clues:
                self.clues["outlet"] = True
                self.clues["outlet_domain"] = url.group()
                code = m.group("name").strip()
                if _SOURCE_CODE.fullmatch(code) and not metadata.outlet_by_domain(url.group()):
                    self.clues["outlet_code"] = code  # "Nguồn VNEWS: https://vnews.gov.vn/...": the code printed
            return True
        if len(rest.split()) <= 8 and not rest.endswith("."):
            if "outlet" not in self.clues:
                self.clues["outlet"] = True
                self.clues["outlet_name"] = rest
            return True
        return False

    def outlet_line(self, m: re.Match) -> None:
        """'Bài đăng trên Tạp chí X số 562 (12-2024)': the outlet, and the issue's month or year."""
        if "outlet" not in self.clues:
            self.clues["outlet"] = True
            self.clues["outlet_name"] = m.group("name").strip()
        if m.group("year"):
            self.clues.setdefault("published", m.group("year"))
        elif m.group("myear") and 1 <= int(m.group("month")) <= 12:
            self.clues.setdefault("published", f"{m.group('myear')}-{int(m.group('month')):02d}")

    def teaserish(self, s: str) -> bool:
        if len(s) > self.rules["teaser_max"]:
            return False
        return bool(_ELLIPSIS.search(s) or _CODE_START.match(s)) or (
            len(s) <= 160 and not s.endswith(_END_PUNCT))

    def theo_line(self, s: str) -> bool:
        m = self.rules["theo_line"].match(s)
        if not m or len(s) > 120:
            return False
        who, outlet = m.group("who").strip(), m.group("outlet")
        if not all(w[0].isupper() or "." in w for w in who.split()):
            return False
        if outlet:
            self.clues.setdefault("theo_author", who)
            name = outlet.strip()
        elif metadata.looks_like_outlet_name(who):
            name = who
        else:
            self.clues.setdefault("theo_author", who)
            return True
        if "outlet" not in self.clues:
            self.clues["outlet"] = True
            if _URL_ONLY.fullmatch(name):
                self.clues["outlet_domain"] = name
            else:
                self.clues["outlet_name"] = name
        return True

    @staticmethod
    def names_line(s: str) -> bool:
        if len(s) > 60 or any(ch.isdigit() for ch in s) or s.endswith(_END_PUNCT):
            return False
        words = [w for w in re.split(r"[\s,\-–—/&]+", s) if w and w != "và"]
        return 2 <= len(words) <= 8 and all(w[0].isupper() for w in words)

    def tail(self) -> None:
        """From the end: "Theo …" lines, teaser lists, a closing byline."""
        while True:
            live = self.live()
            if len(live) < 2:
                return
            last = live[-1]
            s = last.stripped
            if self.theo_line(s):
                self.drop(last, "source")
                continue
            run = self.teaser_run(live)
            if run:
                for ln in run:
                    self.drop(ln, "teaser")
                continue
            m = _OUTLET_LINE.match(s)
            if m and len(live) >= 3:
                self.outlet_line(m)
                self.drop(last, "source")
                continue
            m = _NAMES_OUTLET.match(s)
            if m and len(live) >= 3 and self.names_line(m.group("who")) and \
                    metadata.looks_like_outlet_name(m.group("outlet")):
                self.clues.setdefault("tail_author", m.group("who").strip())
                if "outlet" not in self.clues:
                    self.clues["outlet"] = True
                    self.clues["outlet_name"] = m.group("outlet").strip()
                self.drop(last, "byline")
                continue
            if len(live) >= 3 and (self.names_line(s) or s in metadata._rules()["abbreviations"]):
                self.clues.setdefault("tail_author", s)
                self.drop(last, "byline")
                continue
            return

    def teaser_run(self, live: list[_Line]) -> list[_Line]:
        run: list[_Line] = []
        for ln in reversed(live):
            if not self.teaserish(ln.stripped):
                break
            run.append(ln)
        run.reverse()

        def strong(ln):
            s = ln.stripped
            return bool(_ELLIPSIS.search(s) or _CODE_START.match(s))

        while run and not strong(run[0]):
            run.pop(0)  # short title-like lines before the list may be the article's own
        if len(run) >= len(live):
            run = run[1:]  # never the whole article
        strong_count = sum(strong(ln) for ln in run)
        return run if strong_count >= 2 else []

    def title(self) -> None:
        if "title" in self.clues:
            return
        live = self.live()
        if len(live) < 2:
            return
        s = live[0].stripped
        if len(live) >= 3 and len(s.split()) <= 3 and self.title_like(live[1].stripped) \
                and len(live[1].stripped.split()) >= 4:
            s = live[1].stripped  # "Long Hồ" above "Năm 2015: Kết nạp 227 đảng viên": a section, then the title
        if self.title_like(s):
            self.clues["title"] = s

    def title_like(self, s: str) -> bool:
        return (len(s) <= self.rules["title_max"] and not s.endswith(_END_PUNCT + ("…",))
                and not s[0].islower())

    # output
    def src_index(self, i: int) -> int:
        return self.nmap[i] if self.nmap is not None else i

    def src_span(self, a: int, b: int) -> tuple[int, int]:
        if b <= a:
            s = self.src_index(a) if a < len(self.norm) else len(self.source)
            return s, s
        start = self.src_index(a)
        end = _extend_marks(self.source, self.src_index(b - 1) + 1)
        return start, end

    def build(self) -> Article:
        out_lines: list[_Line] = []
        prev_blank = True
        for ln in self.lines:
            if ln.kind:
                continue
            blank = not ln.stripped
            if blank and prev_blank:
                continue
            out_lines.append(ln)
            prev_blank = blank
        while out_lines and not out_lines[-1].stripped:
            out_lines.pop()
        # Kept slices of norm, each line's LF between lines; adjacent slices merged
        # (the open slice is [a0, b0); most articles are one slice).
        pieces: list[tuple[int, int]] = []
        a0 = b0 = -1
        prev_end = -1
        for ln in out_lines:
            if prev_end >= 0:
                if b0 == prev_end:
                    b0 = prev_end + 1
                else:
                    if b0 >= 0:
                        pieces.append((a0, b0))
                    a0, b0 = prev_end, prev_end + 1
            for a, b in ln.keep:
                if b0 == a:
                    b0 = b
                else:
                    if b0 >= 0:
                        pieces.append((a0, b0))
                    a0, b0 = a, b
            prev_end = ln.end
        if b0 >= 0:
            pieces.append((a0, b0))
        norm, nmap = self.norm, self.nmap
        text = "".join(norm[a:b] for a, b in pieces)
        offsets: list[int] = []
        for a, b in pieces:
            if nmap is not None:
                offsets.extend(nmap[a:b])
            elif b <= len(_INDICES):
                offsets.extend(_INDICES[a:b])
            else:
                offsets.extend(range(a, b))
        offsets.append(len(self.source))

        removed = []
        dropped = [(ln.start, ln.end, ln.kind) for ln in self.lines if ln.kind]
        spans = dropped + [c for c in self.cuts
                           if not any(a <= c[0] and c[1] <= b for a, b, _ in dropped)]
        spans.sort()
        for a, b, kind in spans:
            if removed and removed[-1]["kind"] == kind and not norm[removed[-1]["_b"]:a].strip():
                removed[-1]["_b"] = b
                continue
            removed.append({"kind": kind, "_a": a, "_b": b})
        for item in removed:
            start, end = self.src_span(item.pop("_a"), item.pop("_b"))
            item.update(text=self.source[start:end], start=start, end=end)

        raw = self.raw
        article = Article(raw.article_id, raw.path, text, raw.text, offsets, raw.sha256, raw.format,
                          removed=[{k: d[k] for k in ("kind", "text", "start", "end")} for d in removed])
        clues = dict(self.clues)
        clues.setdefault("author", clues.get("theo_author") or clues.get("credit_author")
                         or clues.get("tail_author"))
        return metadata.resolve(article, clues, raw.meta)


def _names_only(part: str, names: frozenset[str] | set[str]) -> bool:
    """Whether ``part`` is section names run together by blanks ('Tin tức - Sự kiện Tin hoạt
    động' once split is 'Tin tức', 'Sự kiện Tin hoạt động')."""
    if part in names:
        return True
    words = part.split()
    ends = {0}  # word counts at which a run of whole names ends
    for i in range(1, len(words) + 1):
        if any(" ".join(words[j:i]) in names for j in ends if j < i):
            ends.add(i)
    return len(words) in ends


def _may_be_credit(s: str, label_max: int) -> bool:
    """False when ``s`` cannot be a credit line: one is a label (no colon in any),
    whitespace, then the first colon."""
    colon = s.find(":")
    return colon >= 0 and len(s[:colon].rstrip()) <= label_max


def _extend_marks(source: str, end: int) -> int:
    """Move a span end past combining marks, so an NFD letter is never cut from its accents."""
    while end < len(source) and (unicodedata.combining(source[end])
                                 or "\u1160" <= source[end] <= "\u11ff"):
        end += 1
    return end


def source_span(article: Article, start: int, end: int) -> tuple[int, int]:
    """Like ``Article.source_span`` but never ends between a base letter and its combining marks."""
    s, e = article.source_span(start, end)
    return s, (_extend_marks(article.source, e) if end > start else e)


def clean(raw: RawDocument) -> Article:
    """Normalise ``raw.text``, remove page furniture, and fill the article's metadata."""
    cleaner = _Cleaner(raw)
    cleaner.inline()
    cleaner.head()
    cleaner.lines_pass()
    cleaner.tail()
    cleaner.title()
    return cleaner.build()
