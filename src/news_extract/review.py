"""Reviews: a researcher's decisions on figures, kept across every re-run.

A figure is known by its *key* (``store.fact_key``: its article's text hash,
its metric and the offsets of its number), not by its row id, so a re-run
that reads the same number again finds the review made on it. Decisions
arrive through a CSV sheet (:func:`export_sheet`, then :func:`apply_sheet`):
``ok``, ``wrong``, ``fix`` (new values in the columns changed) and ``add`` (a
figure the tool missed). A sheet is applied whole or not at all.

Reviews live in the ``reviews`` table, one row per decision, never deleted:
the latest decision on a key is the one in force. The SQL below attaches each
to the fact that now carries its key (:data:`VIEWS`): ``facts_reviewed`` is
the facts with reviews applied, ``review_status`` says which reviews attach,
which add a figure and which are orphaned (their article changed, or no rule
reads the number any more).
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import hashlib
import io
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import store
from .model import COMPLETION_PCT, METRICS

# The values a review decides, in the ``old`` and ``new`` JSON of a review.
VALUE_FIELDS = ("metric", "value", "value_max", "unit_level", "unit_name", "year_from",
                "year_to", "as_of", "per_year", "subgroup")

# --- the SQL that attaches reviews to facts ---------------------------------------------------

_FIELD_SQL = ",\n    ".join(
    f"case when l.new is null then f.{name} else json_extract(l.new, '$.{name}') end as {name}"
    for name in VALUE_FIELDS)
_SAME_SQL = "\n         and ".join(f"f.{name} is json_extract(l.new, '$.{name}')"
                                   for name in VALUE_FIELDS)
_ADDED_SQL = ",\n    ".join(f"json_extract(l.new, '$.{name}') as {name}" for name in VALUE_FIELDS)

# latest: the decision in force on each key; links: which fact each attaches to,
# by its key, else (a metric fix the rules now agree with) by the key it asked for.
_CTE = f"""
with ranked as (
    select r.*,
        row_number() over (partition by r.fact_key order by r.review_id desc) as rn,
        max(r.decision = 'add') over (partition by r.fact_key) as added,
        count(*) over (partition by r.fact_key) as n_reviews
    from reviews r
),
latest as (select * from ranked where rn = 1),
links as (
    select f.fact_id, l.review_id from latest l join facts f on f.fact_key = l.fact_key
    union all
    select f.fact_id, max(l.review_id) as review_id
    from latest l join facts f on f.fact_key = l.result_key
    where l.result_key != l.fact_key
      and not exists (select 1 from facts g where g.fact_key = l.fact_key)
      and not exists (select 1 from reviews m where m.fact_key = l.result_key)
    group by f.fact_id
),
facts_all as (
    select f.fact_key, f.fact_id, l.review_id, l.decision,
    case when l.review_id is null then 'extracted'
         when l.decision = 'wrong' then 'rejected'
         when {_SAME_SQL} then 'confirmed'
         else 'corrected' end as provenance,
    f.article_id,
    case when l.new is null then f.unit_id else json_extract(l.new, '$.unit_id') end as unit_id,
    {_FIELD_SQL},
    f.qualifier, f.derived, f.sentence, f.sentence_start, f.value_start, f.value_end,
    l.reviewer, l.reviewed, l.note
    from facts f
    left join links k on k.fact_id = f.fact_id
    left join reviews l on l.review_id = k.review_id
    union all
    select l.fact_key, null, l.review_id, l.decision, 'added', a.article_id,
    json_extract(l.new, '$.unit_id'),
    {_ADDED_SQL},
    json_extract(l.new, '$.qualifier'), 0, json_extract(l.new, '$.sentence'),
    json_extract(l.new, '$.sentence_start'), l.value_start, l.value_end,
    l.reviewer, l.reviewed, l.note
    from latest l join articles a on a.text_sha256 = l.text_sha256
    where l.added and l.decision != 'wrong'
      and l.review_id not in (select review_id from links)
)
"""

_COLUMNS = ("fact_key, fact_id, provenance, article_id, unit_id, metric, value, value_max, "
            "qualifier, unit_level, unit_name, year_from, year_to, as_of, per_year, subgroup, "
            "derived, sentence, sentence_start, value_start, value_end, review_id, decision, "
            "reviewer, reviewed, note")

VIEWS = {
    # One row per reviewed key: the decision in force and whether it still attaches.
    "review_status": _CTE + """
select
    l.fact_key, l.review_id, l.decision, k.fact_id,
    coalesce(a.article_id, l.article_id) as article_id,
    case when k.fact_id is not null then 'attached'
         when l.added and l.decision = 'wrong' then 'withdrawn'
         when l.added and a.article_id is not null then 'added'
         else 'orphaned' end as status,
    case when k.fact_id is not null or (l.added and l.decision = 'wrong') then null
         when a.article_id is null then 'the article''s text changed or it was removed'
         when not l.added then 'no rule reads this figure any more'
    end as why,
    l.metric, l.changed, l.old, l.new, l.reviewer, l.reviewed, l.note, l.n_reviews, l.sheet
from latest l
left join links k on k.review_id = l.review_id
left join articles a on a.text_sha256 = l.text_sha256
""",
    # The facts with reviews applied: wrong ones left out, missed ones added.
    "facts_reviewed": _CTE + f"select {_COLUMNS} from facts_all where provenance != 'rejected'\n",
}


def _all_facts_sql(select: str) -> str:
    """The attachment CTE followed by ``select``, which may read ``facts_all``."""
    return _CTE + select


# --- formatting and parsing sheet cells -----------------------------------------------------

MARK_OPEN, MARK_CLOSE = "[[", "]]"
SHEET_COLUMNS = ("key", "article_id", "published", "province", "sentence", "metric", "value",
                 "value_max", "unit_level", "unit_name", "period", "as_of", "per_year",
                 "subgroup", "reviewed", "decision", "note")
# Columns a sheet must keep: the decision and every value it may change.
REQUIRED_COLUMNS = ("key", "article_id", "metric", "value", "value_max", "unit_level",
                    "unit_name", "period", "as_of", "per_year", "subgroup", "decision")
# Sheet column -> the fact fields it shows.
SHEET_FIELDS = {
    "metric": ("metric",), "value": ("value",), "value_max": ("value_max",),
    "unit_level": ("unit_level",), "unit_name": ("unit_name",),
    "period": ("year_from", "year_to"), "as_of": ("as_of",), "per_year": ("per_year",),
    "subgroup": ("subgroup",),
}
DECISIONS = {"ok": "ok", "đúng": "ok", "wrong": "wrong", "sai": "wrong", "fix": "fix",
             "sửa": "fix", "add": "add", "thêm": "add"}
COUNT_METRICS = tuple(m for m in METRICS if m != COMPLETION_PCT)
FIRST_YEAR, LAST_YEAR = 1930, 2100  # the Party's founding to well past any plan


def _number_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def format_period(year_from, year_to) -> str:
    """'2023' for one year, '2020-2025' for a term, '' when the text gives none."""
    if year_from is None and year_to is None:
        return ""
    if year_from is None or year_to is None or year_from == year_to:
        return str(year_from if year_from is not None else year_to)
    return f"{year_from}-{year_to}"


def cells(fact: dict) -> dict[str, str]:
    """A fact's values as the sheet shows them."""
    return {
        "metric": fact.get("metric") or "",
        "value": _number_text(fact.get("value")),
        "value_max": _number_text(fact.get("value_max")),
        "unit_level": fact.get("unit_level") or "",
        "unit_name": fact.get("unit_name") or "",
        "period": format_period(fact.get("year_from"), fact.get("year_to")),
        "as_of": fact.get("as_of") or "",
        "per_year": "1" if fact.get("per_year") else "",
        "subgroup": fact.get("subgroup") or "",
    }


def marked_sentence(sentence: str | None, sentence_start, value_start, value_end) -> str:
    """The sentence with its number in [[ ]], so a reviewer sees which number is meant."""
    sentence = sentence or ""
    if None in (sentence_start, value_start, value_end):
        return sentence
    a, b = value_start - sentence_start, value_end - sentence_start
    if not 0 <= a < b <= len(sentence):
        return sentence
    return f"{sentence[:a]}{MARK_OPEN}{sentence[a:b]}{MARK_CLOSE}{sentence[b:]}"


def _clean(cell) -> str:
    return unicodedata.normalize("NFC", cell or "").strip()


def parse_number(text: str) -> float:
    """'18', '105.57' or '105,57'; no thousands separators (a count is whole anyway)."""
    compact = text.replace(" ", "")
    if not re.fullmatch(r"\d+(?:[.,]\d+)?", compact):
        raise ValueError(f"'{text}' is not a number (write digits, e.g. 1214 or 105.57)")
    return float(compact.replace(",", "."))


def parse_period(text: str) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    found = re.fullmatch(r"(\d{4})(?:\s*[-–—/]\s*(\d{4}))?", text)
    if not found:
        raise ValueError(f"period '{text}' is not a year (2023) or a term (2020-2025)")
    first = int(found.group(1))
    last = int(found.group(2)) if found.group(2) else first
    if not FIRST_YEAR <= first <= last <= LAST_YEAR:
        raise ValueError(f"period '{text}' is not a plausible span of years")
    return first, last


def parse_date(text: str) -> str | None:
    """ISO (2024-10-02) or day first (2/10/2024, what Excel writes in a Vietnamese locale)."""
    if not text:
        return None
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    dmy = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    try:
        if iso:
            return dt.date(*map(int, iso.groups())).isoformat()
        if dmy:
            day, month, year = map(int, dmy.groups())
            return dt.date(year, month, day).isoformat()
    except ValueError:
        pass
    raise ValueError(f"as_of '{text}' is not a date (2024-10-02)")


def parse_flag(text: str) -> int:
    value = text.lower()
    if value in ("", "0", "no", "false", "không"):
        return 0
    if value in ("1", "yes", "true", "có"):
        return 1
    raise ValueError(f"per_year '{text}' is not 1 or empty")


def _known_levels() -> set[str]:
    from .patterns import load_csv

    try:
        return {row["level"] for row in load_csv("unit_levels.csv") if row.get("level")}
    except (FileNotFoundError, KeyError):
        return set()


def parse_cell(column: str, text: str, levels: set[str]) -> dict:
    """One sheet cell as the fact fields it sets; ValueError says what is wrong with it."""
    if column == "metric":
        if text not in METRICS:
            raise ValueError(f"metric '{text}' is not one of {', '.join(METRICS)}")
        return {"metric": text}
    if column == "value":
        if not text:
            raise ValueError("value is empty")
        return {"value": parse_number(text)}
    if column == "value_max":
        return {"value_max": parse_number(text) if text else None}
    if column == "unit_level":
        if text and levels and text not in levels:
            raise ValueError(f"unit_level '{text}' is not a known level "
                             f"(patterns/unit_levels.csv: {', '.join(sorted(levels))})")
        return {"unit_level": text or None}
    if column == "period":
        year_from, year_to = parse_period(text)
        return {"year_from": year_from, "year_to": year_to}
    if column == "as_of":
        return {"as_of": parse_date(text)}
    if column == "per_year":
        return {"per_year": parse_flag(text)}
    return {column: text or None}  # unit_name, subgroup


def _check_values(values: dict, changed: set[str]) -> None:
    """What no single cell shows: a count is whole, a range runs upwards."""
    value = values.get("value")
    if changed & {"metric", "value"} and values.get("metric") in COUNT_METRICS and \
            value is not None and not float(value).is_integer():
        raise ValueError(f"{values['metric']} is a count, a whole number, not "
                         f"{_number_text(value)} (write 1214, without a thousands separator)")
    top = values.get("value_max")
    if changed & {"value", "value_max"} and top is not None and value is not None and top < value:
        raise ValueError(f"value_max {_number_text(top)} is below value {_number_text(value)}")


# --- export -----------------------------------------------------------------------------------

def _read_only(db_path: Path) -> sqlite3.Connection:
    """The database read-only (a --where clause cannot write), its schema brought up to date."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(f"database not found: {db_path}")
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    has = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    columns = {r[1] for r in conn.execute("pragma table_info(facts)")}
    if "reviews" not in has or "fact_key" not in columns:
        conn.close()
        store.connect(db_path).conn.close()  # adds the reviews table and the fact keys
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    from .publish import register_functions

    register_functions(conn)
    conn.row_factory = sqlite3.Row
    return conn


def sheet_rows(db_path: str | Path, *, province: str | None = None, metric: str | None = None,
               where: str | None = None, include_reviewed: bool = False) -> list[dict]:
    """The figures a sheet lists, as sheet rows; unreviewed ones only unless asked."""
    conn = _read_only(Path(db_path))
    conditions, args = ["x.provenance != 'withdrawn'"], []
    if not include_reviewed:
        conditions.append("x.review_id is null")
    if metric:
        conditions.append("x.metric = ?")
        args.append(metric)
    if province:
        conditions.append("strip_diacritics(x.province) = strip_diacritics(?)")
        args.append(province)
    if where:
        conditions.append(f"({where})")
    sql = _all_facts_sql(
        ", sheet as (select f.*, coalesce(u.province, a.province) as province, a.published, "
        "a.title from facts_all f join articles a on a.article_id = f.article_id "
        "left join units u on u.unit_id = f.unit_id) "
        f"select * from sheet x where {' and '.join(conditions)} "
        "order by x.published, x.article_id, x.value_start, x.fact_key")
    try:
        found = [dict(r) for r in conn.execute(sql, args)]
    finally:
        conn.close()
    rows = []
    for fact in found:
        rows.append({
            "key": fact["fact_key"], "article_id": fact["article_id"],
            "published": fact["published"] or "", "province": fact["province"] or "",
            "sentence": marked_sentence(fact["sentence"], fact["sentence_start"],
                                        fact["value_start"], fact["value_end"]),
            **cells(fact),
            "reviewed": "" if fact["provenance"] == "extracted" else fact["provenance"],
            "decision": "", "note": "",
        })
    return rows


def export_sheet(db_path: str | Path, out: str | Path, *, excel: bool = False, **filters) -> int:
    """Write a review sheet of the figures ``filters`` select; the number of rows written."""
    rows = sheet_rows(db_path, **filters)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=SHEET_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


# --- apply ------------------------------------------------------------------------------------

class SheetError(Exception):
    """A sheet that cannot be applied: every bad row's line and why; nothing was written."""

    def __init__(self, path: str | Path, problems: list[tuple[int, str]]):
        self.path, self.problems = str(path), problems
        super().__init__("\n".join(f"{self.path}:{line}: {why}" for line, why in problems))


@dataclass
class Applied:
    """What a sheet did: decisions by kind, rows left undecided, reviews now orphaned."""

    decisions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("ok", "wrong", "fix", "add"), 0))
    undecided: int = 0
    orphaned: int = 0

    def line(self) -> str:
        kinds = ", ".join(f"{n} {kind}" for kind, n in self.decisions.items())
        return (f"applied {sum(self.decisions.values())} decisions ({kinds}); "
                f"{self.undecided} rows undecided; {self.orphaned} orphaned reviews "
                "(the orphaned_reviews query lists them)")


def _delimiter(first_line: str) -> str:
    """Excel in a Vietnamese locale saves CSV with ';' (',' is its decimal mark)."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def read_sheet(path: str | Path) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header and the rows of a sheet with their line numbers (a BOM is fine).

    A sheet that is not UTF-8 text (saved in a Windows code page, or as Excel's
    "Unicode Text") or not CSV is a :class:`SheetError` on the line where it goes wrong.
    """
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise SheetError(path, [(line, "the sheet is not UTF-8 text: save it as "
                                       "'CSV UTF-8' (or export a fresh one with --excel)")]
                         ) from None
    fh = io.StringIO(text, newline="")
    delimiter = _delimiter(fh.readline())
    fh.seek(0)
    reader = csv.DictReader(fh, delimiter=delimiter)
    try:
        header = [_clean(h) for h in reader.fieldnames or []]
        reader.fieldnames = header
        rows = [(reader.line_num, {k: _clean(v) if isinstance(v, str) else "" for k, v in
                                   row.items() if k is not None}) for row in reader]
    except csv.Error as exc:
        raise SheetError(path, [(reader.line_num, f"not a CSV sheet: {exc}")]) from None
    return header, rows


def _current(conn: sqlite3.Connection, keys: list[str]) -> dict[str, dict]:
    """Each key's figure as it stands: the extractor's values with any review in force."""
    if not keys:
        return {}
    found = {}
    for i in range(0, len(keys), 500):
        part = keys[i:i + 500]
        sql = _all_facts_sql(
            "select x.*, a.text_sha256, a.province as article_province from facts_all x "
            "join articles a on a.article_id = x.article_id "
            f"where x.fact_key in ({', '.join('?' for _ in part)})")
        for row in conn.execute(sql, part):
            found[row["fact_key"]] = dict(row)
    return found


def _sentence_around(text: str, start: int, end: int) -> tuple[str, int]:
    """The sentence holding a span: from the last full stop before it to the next after."""
    stops = ".!?\n"
    begin = max(text.rfind(c, 0, start) for c in stops) + 1
    while begin < start and text[begin].isspace():
        begin += 1
    after = [i for i in (text.find(c, end) for c in stops) if i != -1]
    finish = min(after) + 1 if after else len(text)
    return text[begin:finish].strip(), begin


def _offsets(row: dict, text: str) -> tuple[int, int, str | None, int | None]:
    """The number of an added figure: offset columns, else [[ ]] in its sentence, else none."""
    start, end = row.get("value_start", ""), row.get("value_end", "")
    sentence = row.get("sentence", "")
    if start or end:
        if not (start.isdigit() and end.isdigit()) or not 0 <= int(start) < int(end) <= len(text):
            raise ValueError(f"value_start/value_end '{start}'/'{end}' are not offsets "
                             f"of a number in the article (0 to {len(text)})")
        s, e = int(start), int(end)
        found, at = _sentence_around(text, s, e)
        return s, e, found, at
    if MARK_OPEN in sentence:
        a = sentence.index(MARK_OPEN)
        b = sentence.find(MARK_CLOSE, a)
        if b == -1:
            raise ValueError("the sentence opens [[ but does not close it with ]]")
        plain = sentence[:a] + sentence[a + 2:b] + sentence[b + 2:]
        at = text.find(plain)
        if at == -1 or b == a + 2:
            raise ValueError("the marked sentence is not in the article's text "
                             "(copy it from the sheet and move [[ ]] to the number)")
        return at + a, at + b - 2, plain, at
    return None, None, sentence or None, None


@dataclass
class _Decision:
    line: int
    row: dict
    kind: str
    key: str
    review: dict


def _unit_id(conn, values: dict, province: str | None, fallback):
    if values.get("unit_level") and values.get("unit_name"):
        return store.UnitIds().get(store.Connection(conn), values["unit_level"],
                                   values["unit_name"], province)
    return fallback if values.get("unit_level") is None and values.get("unit_name") is None \
        else None


def _decide_existing(conn, kind: str, row: dict, fact: dict, levels: set[str]) -> dict:
    """The review row of an ok, wrong or fix on a figure the database holds."""
    now = cells(fact)
    old = {name: fact[name] for name in VALUE_FIELDS}
    changed, new = [], dict(old)
    for column in SHEET_FIELDS:
        cell = row[column]
        if cell == now[column]:
            continue
        parsed = parse_cell(column, cell, levels)
        try:
            same = parse_cell(column, now[column], set()) == parsed
        except ValueError:
            same = False
        if not same:
            changed.append(column)
            new.update(parsed)
    if kind in ("ok", "wrong") and changed:
        raise ValueError(f"{kind}, but {', '.join(changed)} changed: write fix to correct "
                         "the figure (or put the values back)")
    if kind == "fix" and not changed:
        raise ValueError("fix, but no value differs from the figure's: change the values "
                         "that are wrong, or write ok")
    _check_values(new, set(changed))
    old["unit_id"] = fact["unit_id"]
    unit_changed = bool({"unit_level", "unit_name"} & set(changed))
    new["unit_id"] = (_unit_id(conn, new, fact["article_province"], fact["unit_id"])
                      if unit_changed else fact["unit_id"])
    if fact["provenance"] == "added":
        for name in ("qualifier", "sentence", "sentence_start"):
            new[name] = fact[name]
    key = fact["fact_key"]
    result_key = key
    if "metric" in changed and fact["value_start"] is not None:
        result_key = store.fact_key(fact["text_sha256"], new["metric"], fact["value_start"],
                                    fact["value_end"])
    return {"fact_key": key, "result_key": result_key, "text_sha256": fact["text_sha256"],
            "article_id": fact["article_id"], "metric": fact["metric"] if
            fact["provenance"] != "added" else key.split(":")[1],
            "value_start": fact["value_start"], "value_end": fact["value_end"],
            "decision": kind, "changed": ",".join(changed) or None,
            "old": json.dumps(old, ensure_ascii=False),
            "new": None if kind == "wrong" else json.dumps(new, ensure_ascii=False)}


def _decide_add(conn, row: dict, levels: set[str]) -> dict:
    """The review row of a figure the tool missed."""
    article_id = row["article_id"]
    if not article_id:
        raise ValueError("add, but article_id is empty: say which article the figure is in")
    found = conn.execute("select text_sha256, text, province from articles "
                         "where article_id = ?", [article_id]).fetchone()
    if found is None:
        raise ValueError(f"add, but no article has the id '{article_id}'")
    sha, text, province = found["text_sha256"] or store.text_hash(found["text"] or ""), \
        found["text"] or "", found["province"]
    if not row["metric"] or not row["value"]:
        raise ValueError("add, but metric or value is empty: an added figure needs both")
    values = {name: None for name in VALUE_FIELDS}
    for column in SHEET_FIELDS:
        values.update(parse_cell(column, row[column], levels))
    _check_values(values, {"metric", "value", "value_max"})
    start, end, sentence, sentence_start = _offsets(row, text)
    if start is not None:
        key = store.fact_key(sha, values["metric"], start, end)
        if conn.execute("select 1 from facts where fact_key = ?", [key]).fetchone():
            raise ValueError(f"add, but the tool already reads this number as "
                             f"{values['metric']} (key {key}): decide it with ok or fix")
    else:
        shown = cells(values)
        digest = hashlib.sha256(json.dumps(
            [shown[c] for c in ("value", "value_max", "unit_level", "unit_name", "period")],
            ensure_ascii=False).encode()).hexdigest()[:8]
        key = f"{sha[:16]}:{values['metric']}:+{digest}"
    values["unit_id"] = _unit_id(conn, values, province, None)
    values["qualifier"] = "range" if values["value_max"] is not None else "exact"
    values["sentence"], values["sentence_start"] = sentence, sentence_start
    return {"fact_key": key, "result_key": key, "text_sha256": sha, "article_id": article_id,
            "metric": values["metric"], "value_start": start, "value_end": end,
            "decision": "add", "changed": None, "old": None,
            "new": json.dumps(values, ensure_ascii=False)}


def _orphan_hint(conn, key: str) -> str:
    if conn.execute("select 1 from reviews where fact_key = ?", [key]).fetchone():
        return (" (it was reviewed, but its article changed or no rule reads it any more: "
                "the review is kept as orphaned)")
    return " (keys come from `news-extract review export`)"


def _decisions(conn, path: Path, header: list[str], rows: list[tuple[int, dict]],
               result: Applied) -> list[_Decision]:
    problems: list[tuple[int, str]] = []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise SheetError(path, [(1, f"missing column{'s' if len(missing) > 1 else ''}: "
                                    f"{', '.join(missing)} (export a fresh sheet)")])
    levels = _known_levels()
    wanted = [r["key"] for _, r in rows if r.get("key")]
    current = _current(conn, wanted)
    decisions, seen = [], {}
    for line, row in rows:
        raw = row.get("decision", "")
        if not raw:
            if any(row.values()):
                result.undecided += 1
            continue
        kind = DECISIONS.get(raw.lower())
        key = row.get("key", "")
        try:
            if kind is None:
                raise ValueError(f"decision '{raw}' is not ok, wrong, fix or add")
            if kind == "add":
                if key:
                    raise ValueError("add, but the row has a key: a key names a figure the "
                                     "tool found (use fix), an added figure has none")
                review = _decide_add(conn, row, levels)
            else:
                if not key:
                    raise ValueError(f"{kind}, but the key is empty: only an add row has none")
                if key not in current:
                    raise ValueError(f"no figure has the key '{key}'{_orphan_hint(conn, key)}")
                review = _decide_existing(conn, kind, row, current[key], levels)
        except ValueError as exc:
            problems.append((line, str(exc)))
            continue
        if review["fact_key"] in seen:
            problems.append((line, f"the figure {review['fact_key']} is already decided on "
                                   f"line {seen[review['fact_key']]}"))
            continue
        seen[review["fact_key"]] = line
        decisions.append(_Decision(line, row, kind, review["fact_key"], review))
    if problems:
        raise SheetError(path, problems)
    return decisions


def apply_sheet(db_path: str | Path, sheet: str | Path, reviewer: str | None = None) -> Applied:
    """Record every decision of ``sheet`` in one transaction, or none (:class:`SheetError`)."""
    sheet = Path(sheet)
    header, rows = read_sheet(sheet)
    db = store.connect(db_path)
    conn = db.conn
    conn.row_factory = sqlite3.Row
    reviewer = reviewer or _user()
    result = Applied()
    try:
        conn.execute("BEGIN IMMEDIATE")  # nobody writes between reading and recording
        try:
            decisions = _decisions(conn, sheet, header, rows, result)
            when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            for d in decisions:
                conn.execute(
                    "insert into reviews (fact_key, result_key, text_sha256, article_id, metric, "
                    "value_start, value_end, decision, changed, old, new, reviewer, reviewed, "
                    "note, sheet) values (:fact_key, :result_key, :text_sha256, :article_id, "
                    ":metric, :value_start, :value_end, :decision, :changed, :old, :new, "
                    ":reviewer, :reviewed, :note, :sheet)",
                    {**d.review, "reviewer": reviewer, "reviewed": when,
                     "note": d.row.get("note") or None, "sheet": f"{sheet.name}:{d.line}"})
                result.decisions[d.kind] += 1
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
        from .publish import prepare_database

        prepare_database(conn)  # the review views, and the WAL folded in for Datasette
        result.orphaned = conn.execute(
            f"select count(*) from ({VIEWS['review_status']}) where status = 'orphaned'"
        ).fetchone()[0]
    finally:
        conn.close()
    return result


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name: the review still counts
        return "unknown"


# --- measuring the extractor on reviewed figures ----------------------------------------------

def outcomes(conn: sqlite3.Connection) -> dict:
    """Each attached review against the figure the extractor now gives, plus added figures.

    ``attached``: (extracted metric, decision, fields that differ) per reviewed
    figure; ``added``: metric per figure only a reviewer gives; ``found``: adds
    the extractor now reads itself; ``orphaned``; ``unreviewed`` facts.
    """
    conn.row_factory = sqlite3.Row
    rows = conn.execute(_all_facts_sql(
        "select f.*, l.decision, l.new, l.added from links k "
        "join facts f on f.fact_id = k.fact_id join latest l on l.review_id = k.review_id")
    ).fetchall()
    attached = []
    for row in rows:
        new = json.loads(row["new"]) if row["new"] else None
        differs = [] if new is None else [
            column for column, fields in SHEET_FIELDS.items()
            if any(not _same_value(row[f], new.get(f)) for f in fields)]
        attached.append({"metric": row["metric"], "decision": row["decision"],
                         "differs": differs, "added": bool(row["added"])})
    unreviewed = conn.execute(_all_facts_sql(
        "select count(*) from facts f where f.fact_id not in (select fact_id from links)"
    )).fetchone()[0]
    status = f"({VIEWS['review_status']})"
    added = [r[0] for r in conn.execute(
        f"select json_extract(new, '$.metric') from {status} where status = 'added'")]
    orphaned = conn.execute(
        f"select count(*) from {status} where status = 'orphaned'").fetchone()[0]
    return {"attached": attached, "added": added, "orphaned": orphaned,
            "unreviewed": unreviewed}


def _same_value(a, b) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    return a == b


# --- the evidence page's account of a review --------------------------------------------------

_LABELS = {
    "confirmed": "Confirmed by a reviewer",
    "corrected": "Corrected by a reviewer",
    "rejected": "Marked wrong by a reviewer (left out of facts_reviewed)",
    "added": "Added by a reviewer (the tool missed it)",
}


def describe(fact: dict, status: dict | None) -> dict | None:
    """What the evidence page says of a figure's review: how it stands and what changed.

    ``fact`` is the extracted fact (or the added figure), ``status`` its row of
    ``review_status``; None when nobody has reviewed it.
    """
    if not status:
        return None
    new = json.loads(status["new"]) if status.get("new") else None
    changes = []
    if status["status"] == "added":
        provenance = "added"
    elif new is None:
        provenance = "rejected"
    else:
        before, after = cells(fact), cells(new)
        changes = [{"column": c, "extracted": before[c] or "—", "reviewed": after[c] or "—"}
                   for c in SHEET_FIELDS if before[c] != after[c]]
        provenance = "corrected" if changes else "confirmed"
    return {"provenance": provenance, "label": _LABELS[provenance],
            "decision": status["decision"], "reviewer": status.get("reviewer"),
            "reviewed": status.get("reviewed"), "note": status.get("note"),
            "n_reviews": status.get("n_reviews") or 1, "changes": changes,
            "sheet": status.get("sheet"), "review_id": status.get("review_id")}
