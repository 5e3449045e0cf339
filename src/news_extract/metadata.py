"""Article metadata: title, outlet (báo), province, publication date, url, author.

``clean`` collects clues from the lines it removes (datelines, bylines,
"Nguồn …"/"Theo …" lines) and hands them to :func:`resolve`, which merges
them with what the file itself declared (JSON Lines fields, HTML metadata)
and, when no date is written anywhere, infers the year from the text.
Lookup tables are ``patterns/outlets.csv`` and ``patterns/metadata.json``.
"""

from __future__ import annotations

import datetime as _dt
import re
import time
from functools import cache
from urllib.parse import urlsplit

from .model import Article
from .patterns import load_csv, load_json
from .text import fold

_URL = re.compile(r"https?://[^\s<>\"')]+|(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:vn|com|net|org)\b[^\s<>\"')]*", re.I)


@cache
def _rules():
    data = load_json("metadata.json")
    weekday = data["weekday"]
    labels = "|".join(sorted((re.escape(x) for x in data["date_labels"]), key=len, reverse=True))
    time = r"\d{1,2}\s*[:hg]\s*\d{2}(?::\d{2})?(?:\s*(?:AM|PM|SA|CH))?"
    dmy = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})"
    iso = r"(?P<iy>(?:19|20)\d{2})-(?P<im>\d{2})-(?P<id>\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?)?"
    # "24 Tháng 8 2015", "24 tháng 8, 2015", "24 tháng 8 năm 2015"
    # "12 Tháng Sáu, 2023": the month in words (metadata.json's month_words)
    months = "|".join(sorted((re.escape(w) for w in data["month_words"]), key=len, reverse=True))
    named = (rf"(?P<nd>\d{{1,2}})\s+tháng\s+(?P<nm>\d{{1,2}}|(?:{months})(?!\w))\s*[,/]?\s*(?:năm\s+)?"
             r"(?P<ny>(?:19|20)\d{2})")
    sep = r"\s*[,|\-–]?\s*"
    stamp = (rf"(?:{time}{sep})?(?:{weekday}\s*,?\s*)?(?:ngày\s*)?(?:{dmy}|{iso}|{named})"
             rf"(?:{sep}{time})?(?:\s*[(\[]?\s*(?:GMT|UTC)\s*\+\s*0?7(?::00)?\s*[)\]]?)?")
    dateline = re.compile(  # ("(Ngày đăng: 12/06/2023)": in brackets too)
        rf"^[(\[]?\s*(?:(?:{labels})\s*[:,]?\s*)?(?:{weekday}\s*,?\s*)?{stamp}\s*[)\]]?\s*$", re.I)
    # "Trinh An 09:01, 28/02/2024": a name, then a time stamp.
    byline = re.compile(
        rf"^(?P<name>[^\W\d_][^\d:|]{{1,48}}?)\s*[|,\-–]?\s*(?:{weekday}\s*,?\s*)?{stamp}\s*$")
    # "Thứ Hai, 10/01/2022. Năm qua, ...": a date written at the head of the body.
    date_lead = re.compile(rf"^(?:{weekday}\s*,?\s*)?(?:ngày\s*)?{dmy}\s*[.,:\-–]\s*", re.I)
    return {
        "data": data,
        "date_prefix": re.compile(data["date_prefix"]),
        "outlet_dateline": re.compile(data["outlet_dateline"]),
        "dateline": dateline,
        "byline": byline,
        "stamp": re.compile(stamp, re.I),
        "date_lead": date_lead,
        "weekday": re.compile(weekday, re.I),
        "lead_day": re.compile(data["lead_day"]),
        "abbreviations": frozenset(data["byline_abbreviations"]),
        "plan": tuple(w.lower() for w in data["plan_words"]),
        "outlet_prefixes": tuple(data["outlet_name_prefixes"]),
        # word lists, longest first
        "masthead_suffixes": sorted((w.split() for w in data["masthead_suffixes"]), key=len,
                                    reverse=True),
    }


# --- outlets -----------------------------------------------------------------

@cache
def _outlets():
    by_code, by_domain, by_name = {}, {}, {}
    for row in load_csv("outlets.csv"):
        if row.get("code"):
            by_code.setdefault(row["code"].upper(), row)
        if row.get("domain"):
            by_domain.setdefault(row["domain"].lower(), row)
        by_name.setdefault(fold(row["name"]), row)
    return by_code, by_domain, by_name


def domain_of(url: str) -> str | None:
    """'https://www.baolaocai.vn/x' → 'baolaocai.vn'."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    host = host.lower().removeprefix("www.")
    return host or None


def outlet_by_code(code: str) -> dict | None:
    return _outlets()[0].get(code.strip().upper())


def outlet_by_domain(url_or_domain: str) -> dict | None:
    """Outlet row for a URL or domain; sub-domains ("m.baolaocai.vn") fall back to the parent."""
    host = domain_of(url_or_domain)
    by_domain = _outlets()[1]
    while host:
        if host in by_domain:
            return by_domain[host]
        host = host.partition(".")[2] if host.count(".") > 1 else None
    return None


def outlet_by_name(name: str) -> dict | None:
    key = fold(name.strip())
    by_name = _outlets()[2]
    return by_name.get(key) or by_name.get(fold("Báo " + name.strip()))


def lookup_outlet(value: str) -> dict | None:
    """An outlet row for a code, a domain/URL or a name, whichever ``value`` is."""
    value = value.strip()
    return (outlet_by_code(value) or (outlet_by_domain(value) if "." in value else None)
            or outlet_by_name(value))


def masthead_outlet(line: str) -> tuple[str, dict | None] | None:
    """(name, outlet row or None) when ``line`` is an outlet's masthead: a known
    outlet's name or code alone ('Báo Cà Mau', 'BÁO CẦN THƠ ONLINE', 'SGGP'), or
    'Báo' and a capitalised name ('Báo Nhân Dân điện tử'); None otherwise."""
    words = line.split()
    if not words or len(words) > 8 or len(line) > 60 or any(ch.isdigit() for ch in line):
        return None
    for suffix in _rules()["masthead_suffixes"]:  # "... điện tử", "... ONLINE"
        n = len(suffix)
        if len(words) > n and [fold(w) for w in words[-n:]] == suffix:
            words = words[:-n]
            break
    name = " ".join(words)
    # The name exactly ("Cà Mau" alone is a place, not the masthead of Báo Cà Mau).
    row = _outlets()[2].get(fold(name)) or (outlet_by_code(name) if name.isupper() and " " not in name
                                            else None)
    if row:
        return name, row
    head, *rest = words
    if fold(head) == "báo" and 1 <= len(rest) <= 5 and all(w[0].isupper() for w in rest):
        return "Báo " + " ".join(rest) if not name.isupper() else name, None
    return None


def looks_like_outlet_name(text: str) -> bool:
    text = text.strip()
    return text.startswith(_rules()["outlet_prefixes"]) or bool(
        _URL.fullmatch(text)) or lookup_outlet(text) is not None


# --- dates -------------------------------------------------------------------

def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _date_from_match(m: re.Match) -> str | None:
    groups = m.groupdict()
    if groups.get("y"):
        return _iso(int(groups["y"]), int(groups["m"]), int(groups["d"]))
    if groups.get("iy"):
        return _iso(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
    if groups.get("ny"):
        month = groups["nm"]
        month = int(month) if month.isdigit() else _rules()["data"]["month_words"].get(" ".join(month.lower().split()))
        return _iso(int(groups["ny"]), month, int(groups["nd"])) if month else None
    return None


def parse_date(text: str) -> str | None:
    """First full date in ``text`` as ISO: '09:01, 28/02/2024' → '2024-02-28'."""
    for m in _rules()["stamp"].finditer(text):
        iso = _date_from_match(m)
        if iso:
            return iso
    return None


def normalize_published(value: str) -> str | None:
    """A declared date (JSON Lines, HTML meta) as ISO, keeping 'YYYY' / 'YYYY-MM' as given."""
    value = value.strip()
    if re.fullmatch(r"(?:19|20)\d{2}(?:-\d{2})?", value):
        return value
    return parse_date(value) or None


def _may_end_in_stamp(line: str) -> bool:
    """Whether stripped ``line`` can end with a time stamp: a digit, AM/PM/SA/CH, or GMT+7 in brackets.

    The dateline and byline patterns are slow to fail on a long paragraph
    (the byline's lazy name tries every length), and paragraphs end in "."
    """
    return bool(line) and (line[-1].isdecimal() or line[-1] in "AaHhMm)]")


def match_dateline(line: str) -> str | None:
    """ISO date when the whole line is a dateline: 'Thứ Năm, 30/09/2021', 'Cập nhật: 28/02/2024 09:01'."""
    line = line.strip()
    if not _may_end_in_stamp(line):
        return None
    m = _rules()["dateline"].match(line)
    return _date_from_match(m) if m else None


def match_byline(line: str) -> tuple[str, str] | None:
    """(author, ISO date) for 'Trinh An 09:01, 28/02/2024'; None when the line is anything else."""
    line = line.strip()
    if not _may_end_in_stamp(line):
        return None
    m = _rules()["byline"].match(line)
    if not m:
        return None
    name = m.group("name").strip(" -–|,")
    words = name.split()
    if not 1 <= len(words) <= 6 or not all(w[0].isupper() for w in words):
        return None
    if _rules()["weekday"].fullmatch(name):
        return None  # "Thứ Năm, 30/09/2021 - 09:01" is a dateline, not an author
    iso = _date_from_match(m)
    return (name, iso) if iso else None


_URL_DATE = (
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)"),
    re.compile(r"[-_/]((?:19|20)\d{2})(\d{2})(\d{2})(?:\d{2,8})?(?=[^\d]|$)"),
)


def date_from_url(url: str) -> str | None:
    """Dates that URLs carry: /2024/02/28/ or -20240228… ."""
    for pattern in _URL_DATE:
        for m in pattern.finditer(url):
            iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso:
                return iso
    return None


# (?<!\d) is checked by hand: a leading lookbehind makes the scan several times slower.
_YEAR = re.compile(r"(?:19|20)\d{2}(?!\d)")
_BEFORE_DATE = re.compile(r"\d{1,2}\s*[/-]\s*\d{1,2}\s*[/-]\s*$")
_BEFORE_MONTH = re.compile(r"(?:quý\s+[IV]+|tháng\s+\d{1,2}|đợt\s+\d{1,2})\s*[/-]\s*$", re.I)
_BEFORE_RANGE_END = re.compile(r"(?:19|20)\d{2}\s*[-–—]\s*$")
_AFTER_RANGE_START = re.compile(r"\s*[-–—]\s*(?:19|20)\d{2}(?!\d)")
_BEFORE_NAM = re.compile(r"(?:^|[^\w])năm\s+$", re.I)


_TODAY: list = [0.0, None]  # time.time() when the local date was read, and that date


def _local_year() -> int:
    """date.today().year, read again after a minute or around New Year (a read costs ~10 us cold).

    Within a minute of a reading made on 2 January .. 30 December the local
    date moves by at most a day, so the year is the same.
    """
    now = time.time()
    read_at, day = _TODAY
    if day is None or not read_at <= now < read_at + 60 or (day.month, day.day) in ((1, 1), (12, 31)):
        day = _dt.date.today()
        _TODAY[:] = [now, day]
    return day.year


def infer_year(text: str, *, today: _dt.date | None = None) -> str | None:
    """The latest year the article speaks of as present or past, as 'YYYY'.

    Counts "Năm 2024,", "đầu năm 2021", cited dates "ngày 7/5/2021", "quý I/2024"
    and the first year of a term "nhiệm kỳ 2020 - 2025"; never the end year of a
    range nor a year after "cho năm"/"đến năm"/"tới năm" (plans, not the present) or
    "sinh năm" (a birth year).
    """
    rules = _rules()
    latest_allowed = today.year if today else _local_year()
    earliest = int(rules["data"]["earliest_year"])
    # Every year written is among these strings (a _YEAR match inside a longer
    # number only hides positions after a digit); latest first, the first
    # occurrence that counts is the answer.
    for value in sorted(set(_YEAR.findall(text)), key=int, reverse=True):
        year = int(value)
        if not earliest <= year <= latest_allowed:
            continue
        start = text.find(value)
        while start != -1:
            if not (start and text[start - 1].isdecimal()) and not text[start + 4:start + 5].isdecimal() \
                    and _year_counts(text, start, rules["plan"]):
                return str(year)
            start = text.find(value, start + 1)
    return None


def _year_counts(text: str, start: int, plan: tuple[str, ...]) -> bool:
    """Whether the year written at ``start`` is one infer_year counts."""
    before = text[max(0, start - 20):start]
    if _BEFORE_RANGE_END.search(before):
        return False  # "2020 - 2025": the end of a term is not the present
    if _BEFORE_NAM.search(before):
        return not before.lower().rstrip().endswith(plan)
    return bool(_BEFORE_DATE.search(before) or _BEFORE_MONTH.search(before)
                or _AFTER_RANGE_START.match(text, start + 4))


def _school_year_from(text: str, year: int) -> bool:
    """Whether ``year`` is written as the start of a school year ("năm học 2024 - 2025")."""
    return re.search(rf"năm\s+học\s+{year}\s*[-–]\s*(?:{year + 1}|{(year + 1) % 100:02d})(?!\d)",
                     text, re.I) is not None


# --- resolve -----------------------------------------------------------------

def _set_outlet(article: Article, value: str, row: dict | None) -> None:
    article.outlet = value
    if row:
        article.outlet_name = row["name"]
        article.province = row.get("province") or None


def resolve(article: Article, clues: dict, meta: dict | None = None) -> Article:
    """Fill the article's metadata: declared ``meta`` first, then text clues, then inference.

    ``clues`` keys (all optional): title, author, outlet_code, outlet_name,
    outlet_domain, url, published.
    """
    meta = meta or {}
    article.title = meta.get("title") or clues.get("title") or article.title
    article.author = meta.get("author") or clues.get("author") or article.author
    article.url = meta.get("url") or clues.get("url") or article.url

    if meta.get("outlet"):
        _set_outlet(article, meta["outlet"], lookup_outlet(meta["outlet"]))
    elif clues.get("outlet_code"):
        row = outlet_by_code(clues["outlet_code"])
        if row is None and clues.get("outlet_name"):
            # A code we do not know, and the outlet named elsewhere (masthead, "Nguồn:" line).
            row = lookup_outlet(clues["outlet_name"])
            if row is None:
                article.outlet_name = clues["outlet_name"]
        _set_outlet(article, clues["outlet_code"], row)
    elif clues.get("outlet_name"):
        name = clues["outlet_name"]
        row = lookup_outlet(name)
        same = row and ("." in name or fold(name) == fold(row["name"]))
        _set_outlet(article, row["name"] if same else name, row)
    elif clues.get("outlet_domain") or article.url:
        row = outlet_by_domain(clues.get("outlet_domain") or article.url)
        if row:
            _set_outlet(article, row["name"], row)

    published = meta.get("published") and normalize_published(meta["published"])
    published = published or clues.get("published")
    if not published and article.url:
        published = date_from_url(article.url)
    if published:
        article.published, article.published_inferred = published, False
        return article
    year = infer_year(article.text)
    article.published, article.published_inferred = year, year is not None
    if year and clues.get("lead_day"):  # "Sáng 18-5, ..." in an article of 2023 → 2023-05-18
        day, month = clues["lead_day"]
        if month < 8 and _school_year_from(article.text, int(year)):
            year = str(int(year) + 1)  # "Chiều 18-6" in "năm học 2024-2025" is June 2025
        article.published = _iso(int(year), month, day) or year
    return article
