"""Score a database of extractions against a gold file (shared/spec/GOLD_FORMAT.md).

Matching is one-to-one: each gold item is paired with at most one output item
by maximum bipartite matching, so a system never earns two hits for one gold
fact and the order of rows never changes the score. Scores are micro-averaged
over the articles the gold covers; output articles outside the gold are
ignored, and a gold article missing from the database scores as all misses.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from .model import METRICS
from .text import fold

FACT_SCORES = ("strict", "lenient", "with_derived")


# --- normalisation ------------------------------------------------------------------------------

def norm_text(value) -> str:
    """NFC, case, look-alike Ð and tone placement folded; inner whitespace collapsed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return " ".join(fold(text).split())


def same_number(a, b) -> bool:
    """1214 == 1214.0; percentages agree to two decimals."""
    if a is None or b is None:
        return a is None and b is None
    try:
        return round(float(a), 2) == round(float(b), 2)
    except (TypeError, ValueError):
        return False


def _gold_null_or_equal(gold, out) -> bool:
    return gold is None or (out is not None and int(gold) == int(out))


def _levels_agree(gold_level, out_level) -> bool:
    return not gold_level or not out_level or norm_text(gold_level) == norm_text(out_level)


def same_unit(gold_level, gold_name, out_level, out_name) -> bool:
    """Same name; levels agree where both sides give one. A gold null name matches anything."""
    if not gold_name:
        return True
    return norm_text(gold_name) == norm_text(out_name) and _levels_agree(gold_level, out_level)


# --- predicates ---------------------------------------------------------------------------------

def fact_matches_lenient(gold: dict, out: dict) -> bool:
    return gold["metric"] == out["metric"] and same_number(gold["value"], out["value"])


def fact_matches_strict(gold: dict, out: dict) -> bool:
    return (
        fact_matches_lenient(gold, out)
        and same_number(gold.get("value_max"), out.get("value_max"))
        and same_unit(gold.get("unit_level"), gold.get("unit_name"),
                      out.get("unit_level"), out.get("unit_name"))
        and _gold_null_or_equal(gold.get("year_from"), out.get("year_from"))
        and _gold_null_or_equal(gold.get("year_to"), out.get("year_to"))
        and bool(gold.get("subgroup")) == bool(out.get("subgroup"))
    )


def _suffix_key(suffix) -> str:
    return norm_text(suffix).replace(" ", "")


def directive_matches(gold: dict, out: dict) -> bool:
    """Same kind and number as written ("05" is not "5"); a gold null suffix matches any."""
    if norm_text(gold.get("kind")) != norm_text(out.get("kind")):
        return False
    if (gold.get("number") or None) != (out.get("number") or None):
        return False
    if gold.get("suffix") is None:
        return True
    return _suffix_key(gold["suffix"]) == _suffix_key(out.get("suffix"))


def unit_matches(gold: dict, out: dict) -> bool:
    return bool(gold.get("name")) and same_unit(gold.get("level"), gold.get("name"),
                                                out.get("level"), out.get("name"))


# --- one-to-one matching ------------------------------------------------------------------------

def match_one_to_one(golds: Sequence, outs: Sequence, pred: Callable) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn's augmenting paths): gold index -> output index.

    Gold items are tried in order and an augmenting path never unmatches a gold
    item, so items listed first (non-derived facts, scored directives) keep
    their matches when later ones are added.
    """
    edges = [[j for j, out in enumerate(outs) if pred(gold, out)] for gold in golds]
    out_to_gold: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in out_to_gold or augment(out_to_gold[j], seen):
                out_to_gold[j] = i
                return True
        return False

    for i in range(len(golds)):
        augment(i, set())
    return {i: j for j, i in out_to_gold.items()}


# --- counts -------------------------------------------------------------------------------------

def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4), "tp": tp, "fp": fp, "fn": fn}


class _Counts:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def score(self) -> dict:
        return prf(self.tp, self.fp, self.fn)


# --- reading ------------------------------------------------------------------------------------

SPLITS = ("tune", "check")


def split_of(article_id: str) -> str:
    """The fixed split of a real page: a third *check* (scored, errors never read), the rest *tune*.

    A hash of the id, so the split never moves when pages or rules change.
    """
    digest = int(hashlib.sha256(article_id.encode("utf-8")).hexdigest(), 16)
    return "check" if digest % 3 == 0 else "tune"


def real_cache() -> Path:
    """Where ../shared/real/pull_check.py caches the real pages (never inside the repository)."""
    env = os.environ.get("NEWS_EXTRACT_REAL")
    return Path(env) if env else Path.home() / ".cache" / "news-extract" / "real"


def gold_files(path: str | Path) -> list[Path]:
    """A gold file, or every ``gold*.jsonl`` of a folder (a gold set written in parts)."""
    path = Path(path)
    return sorted(path.glob("gold*.jsonl")) if path.is_dir() else [path]


def load_gold(path: str | Path, split: str | None = None) -> list[dict]:
    """Gold records of a file or folder; with ``split``, only that split's articles."""
    records = []
    for file in gold_files(path):
        with file.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{file}:{n}: not JSON: {exc}") from exc
                if split is None or split_of(record["article_id"]) == split:
                    records.append(record)
    return records


def _rows(conn: sqlite3.Connection, sql: str, args: Sequence = ()) -> list[dict]:
    try:
        return [dict(row) for row in conn.execute(sql, args)]
    except sqlite3.OperationalError:  # a table the database does not have yet
        return []


def _load_output(conn: sqlite3.Connection, article_id: str) -> dict | None:
    found = _rows(conn, "select * from articles where article_id = ?", [article_id])
    if not found:
        return None
    facts = _rows(conn, "select * from facts where article_id = ? order by rowid", [article_id])
    directives = _rows(conn, "select * from directives where article_id = ? order by rowid",
                       [article_id])
    units, seen = [], set()
    for row in _rows(conn, "select level, name from unit_mentions where article_id = ? "
                           "order by rowid", [article_id]):
        key = (norm_text(row["level"]), norm_text(row["name"]))
        if row["name"] and key not in seen:
            seen.add(key)
            units.append(row)
    return {"article": found[0], "facts": facts, "directives": directives, "units": units}


# --- publication date and outlet ----------------------------------------------------------------

def published_matches(gold: str, out: str | None) -> bool:
    """Output equals gold once trimmed to the gold's precision.

    Gold gives only as much as the text makes knowable ("2024"), so an output
    that knows more ("2024-10-02") is right when it agrees that far; an output
    that knows less than the gold ("2024" for "2024-02-28") is wrong.
    """
    if not out:
        return False
    gold, out = gold.strip(), str(out).strip()
    return len(out) >= len(gold) and out[: len(gold)] == gold


def outlet_matches(gold: str, article: dict) -> bool:
    wanted = norm_text(gold)
    return any(norm_text(article.get(col)) == wanted for col in ("outlet", "outlet_name"))


# --- the evaluation -----------------------------------------------------------------------------

def _fact_brief(fact: dict) -> dict:
    keys = ("metric", "value", "value_max", "qualifier", "unit_level", "unit_name",
            "year_from", "year_to", "as_of", "per_year", "subgroup", "derived")
    brief = {k: fact.get(k) for k in keys}
    if "derived" in brief:
        brief["derived"] = bool(brief["derived"])
    if "per_year" in brief:
        brief["per_year"] = bool(brief["per_year"])
    return brief


def _differences(gold: dict, out: dict) -> list[str]:
    """Which strict fields keep a lenient pair apart: what a researcher debugs first."""
    diffs = []
    if not same_number(gold.get("value_max"), out.get("value_max")):
        diffs.append("value_max")
    if not same_unit(gold.get("unit_level"), gold.get("unit_name"),
                     out.get("unit_level"), out.get("unit_name")):
        diffs.append("unit")
    for key in ("year_from", "year_to"):
        if not _gold_null_or_equal(gold.get(key), out.get(key)):
            diffs.append(key)
    if bool(gold.get("subgroup")) != bool(out.get("subgroup")):
        diffs.append("subgroup")
    return diffs


def _same_place(gold: dict, out: dict) -> bool:
    """The output's evidence overlaps the gold's: by offsets into the source, else by quote."""
    start, end = gold.get("evidence_start"), gold.get("evidence_end")
    if start is not None and end is not None and out.get("source_start") is not None:
        return out["source_start"] < end and start < out["source_end"]
    quote, sentence = norm_text(gold.get("evidence")), norm_text(out.get("sentence"))
    return bool(quote and sentence) and (quote in sentence or sentence in quote)


def _why_missed(gold: dict, outs: list[dict], free: set[int], nearest: int | None) -> str:
    """The closest reason an output did not match: a strict field, the metric, the value, or none."""
    if nearest is not None:
        return ", ".join(_differences(gold, outs[nearest])) or "matched elsewhere"
    near = [outs[j] for j in free if _same_place(gold, outs[j])]
    if any(same_number(gold["value"], o["value"]) for o in near):
        return "metric"
    if any(o["metric"] == gold["metric"] for o in near):
        return "value"
    return "not found"


def _gold_evidence(gold: dict, source: str | None) -> str:
    """A gold fact's evidence: its quote, or the slice its offsets give of the source file."""
    if gold.get("evidence"):
        return gold["evidence"]
    start, end = gold.get("evidence_start"), gold.get("evidence_end")
    if source is None or start is None or end is None:
        return ""
    return source[start:end]


def _score_facts(article_id: str, golds: list[dict], outs: list[dict], totals: dict,
                 per_metric: dict, mismatches: list, source: str | None = None) -> None:
    # Non-derived gold first, so a derived gold fact never takes an output a written one needs.
    order = sorted(range(len(golds)), key=lambda i: bool(golds[i].get("derived")))
    ordered = [golds[i] for i in order]
    for name, pred in (("strict", fact_matches_strict), ("lenient", fact_matches_lenient)):
        pairs = match_one_to_one(ordered, outs, pred)
        matched_outs = set(pairs.values())
        fp = len(outs) - len(matched_outs)
        tp_written = sum(1 for i in pairs if not ordered[i].get("derived"))
        tp_derived = len(pairs) - tp_written
        n_written = sum(1 for g in ordered if not g.get("derived"))
        n_derived = len(ordered) - n_written
        totals[name].add(tp_written, fp, n_written - tp_written)
        if name == "strict":
            totals["with_derived"].add(len(pairs), fp,
                                       (n_written - tp_written) + (n_derived - tp_derived))
            _per_metric(ordered, outs, pairs, per_metric)
            free = set(range(len(outs))) - matched_outs
            unmatched = [i for i in range(len(ordered)) if i not in pairs]
            # Near misses paired among what is left, so each output explains one gold fact.
            lenient = match_one_to_one([ordered[i] for i in unmatched], [outs[j] for j in free],
                                       fact_matches_lenient)
            free_list = sorted(free)
            nearest = {unmatched[a]: free_list[b] for a, b in lenient.items()}
            for i in unmatched:
                gold = ordered[i]
                entry = {"article_id": article_id, "type": "missed", **_fact_brief(gold),
                         "evidence": _gold_evidence(gold, source),
                         "why": _why_missed(gold, outs, free, nearest.get(i))}
                if not gold.get("evidence") and gold.get("evidence_start") is not None:
                    entry["evidence_start"] = gold["evidence_start"]
                    entry["evidence_end"] = gold["evidence_end"]
                j = nearest.get(i)
                if j is not None:
                    entry["nearest_output"] = _fact_brief(outs[j])
                    entry["differs_in"] = _differences(gold, outs[j])
                mismatches.append(entry)
            explained = set(nearest.values())
            for j in sorted(free):
                out = outs[j]
                mismatches.append({"article_id": article_id, "type": "false_positive",
                                   **_fact_brief(out), "sentence": out.get("sentence", ""),
                                   "rule": out.get("rule", ""),
                                   "why": ("near miss of a gold fact" if j in explained
                                           else "not in gold")})


def _per_metric(golds: list[dict], outs: list[dict], pairs: dict[int, int],
                per_metric: dict) -> None:
    matched_outs = set(pairs.values())
    for metric, row in per_metric.items():
        written = [i for i, g in enumerate(golds) if g["metric"] == metric and not g.get("derived")]
        tp = sum(1 for i in written if i in pairs)
        fp = sum(1 for j, o in enumerate(outs) if o["metric"] == metric and j not in matched_outs)
        row["counts"].add(tp, fp, len(written) - tp)
        row["gold"] += len(written)
        row["output"] += sum(1 for o in outs if o["metric"] == metric)


def _score_directives(article_id: str, golds: list[dict], outs: list[dict], counts: _Counts,
                      mismatches: list) -> None:
    # Output directives the system itself marks unscored are never counted against it.
    scored_outs = [o for o in outs if o.get("scored") is None or o.get("scored")]
    order = sorted(range(len(golds)), key=lambda i: not golds[i].get("scored", True))
    ordered = [golds[i] for i in order]
    pairs = match_one_to_one(ordered, scored_outs, directive_matches)
    matched_outs = set(pairs.values())
    scored = [i for i, g in enumerate(ordered) if g.get("scored", True)]
    tp = sum(1 for i in scored if i in pairs)
    fp = len(scored_outs) - len(matched_outs)
    counts.add(tp, fp, len(scored) - tp)
    keys = ("kind", "number", "suffix", "date", "body")
    for i in scored:
        if i not in pairs:
            mismatches.append({"article_id": article_id, "type": "missed",
                               **{k: ordered[i].get(k) for k in keys}})
    for j, out in enumerate(scored_outs):
        if j not in matched_outs:
            mismatches.append({"article_id": article_id, "type": "false_positive",
                               **{k: out.get(k) for k in keys}, "mention": out.get("mention")})


def _score_units(article_id: str, golds: list[dict], outs: list[dict], counts: _Counts,
                 mismatches: list) -> None:
    pairs = match_one_to_one(golds, outs, unit_matches)
    matched_outs = set(pairs.values())
    counts.add(len(pairs), len(outs) - len(matched_outs), len(golds) - len(pairs))
    for i, gold in enumerate(golds):
        if i not in pairs:
            mismatches.append({"article_id": article_id, "type": "missed",
                               "level": gold.get("level"), "name": gold.get("name")})
    for j, out in enumerate(outs):
        if j not in matched_outs:
            mismatches.append({"article_id": article_id, "type": "false_positive",
                               "level": out.get("level"), "name": out.get("name")})


def _source_text(article: dict, facts: list[dict]) -> str | None:
    """The original file, read only when gold gives evidence as offsets into it."""
    if not any(f.get("evidence_start") is not None for f in facts) or not article.get("path"):
        return None
    try:
        return Path(article["path"]).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def evaluate(gold_path: str | Path, db_path: str | Path, split: str | None = None) -> dict:
    """Score the database at ``db_path`` against gold JSON Lines (a file or a folder of parts).

    ``split`` ("tune" or "check") scores only that split's articles (``split_of``).
    """
    gold = load_gold(gold_path, split)
    conn = sqlite3.connect(f"file:{Path(db_path)}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    totals = {name: _Counts() for name in FACT_SCORES}
    per_metric = {m: {"counts": _Counts(), "gold": 0, "output": 0} for m in METRICS}
    directives, units, published, outlet = _Counts(), _Counts(), _Counts(), _Counts()
    mismatches: dict[str, list] = {"facts": [], "directives": [], "units": [],
                                   "published": [], "outlet": []}
    missing = []
    try:
        for record in gold:
            article_id = record["article_id"]
            output = _load_output(conn, article_id)
            if output is None:
                missing.append(article_id)
                output = {"article": {}, "facts": [], "directives": [], "units": []}
            gold_facts = record.get("facts") or []
            _score_facts(article_id, gold_facts, output["facts"], totals, per_metric,
                         mismatches["facts"], _source_text(output["article"], gold_facts))
            _score_directives(article_id, record.get("directives") or [],
                              output["directives"], directives, mismatches["directives"])
            _score_units(article_id, record.get("units") or [], output["units"], units,
                         mismatches["units"])
            article = output["article"]
            if record.get("published"):
                out = article.get("published")
                if published_matches(record["published"], out):
                    published.add(tp=1)
                else:
                    published.add(fp=1 if out else 0, fn=1)
                    mismatches["published"].append(
                        {"article_id": article_id, "gold": record["published"], "output": out})
            if record.get("outlet"):
                if outlet_matches(record["outlet"], article):
                    outlet.add(tp=1)
                else:
                    given = article.get("outlet") or article.get("outlet_name")
                    outlet.add(fp=1 if given else 0, fn=1)
                    mismatches["outlet"].append(
                        {"article_id": article_id, "gold": record["outlet"], "output": given})
    finally:
        conn.close()

    report: dict = {
        "gold": str(gold_path),
        "db": str(db_path),
        "split": split,
        "articles": {"gold": len(gold), "missing_from_db": missing},
        "facts": {name: totals[name].score() for name in FACT_SCORES},
        "metrics": {},
        "directives": directives.score(),
        "units": units.score(),
        "published": {**published.score(), "accuracy": published.score()["r"]},
        "outlet": {**outlet.score(), "accuracy": outlet.score()["r"]},
        "mismatches": mismatches,
    }
    for metric, row in per_metric.items():
        score = row["counts"].score()
        report["metrics"][metric] = {**score, "gold": row["gold"], "output": row["output"]}
    return report


def format_report(report: dict) -> str:
    """A fixed-width table of every score; the mismatches stay in the JSON."""
    rows = [(f"facts {name.replace('_', '-')}", report["facts"][name]) for name in FACT_SCORES]
    rows += [(f"  {metric}", score) for metric, score in report["metrics"].items()]
    rows += [("directives", report["directives"]), ("units", report["units"]),
             ("publication date", report["published"]), ("outlet", report["outlet"])]
    width = max(len(label) for label, _ in rows) + 2
    split = f", split {report['split']}" if report.get("split") else ""
    lines = [
        f"gold: {report['gold']}  ({report['articles']['gold']} articles{split})",
        f"db:   {report['db']}",
    ]
    if report["articles"]["missing_from_db"]:
        missing = report["articles"]["missing_from_db"]
        lines.append(f"missing from db ({len(missing)}): {', '.join(missing)}")
    lines.append("")
    header = f"{'':{width}}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"
    lines += [header, "-" * len(header)]
    for label, s in rows:
        lines.append(f"{label:{width}}{s['p']:>7.3f}{s['r']:>7.3f}{s['f1']:>7.3f}"
                     f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")
    lines.append("")
    lines.append(f"publication date accuracy: {report['published']['accuracy']:.3f}; "
                 f"outlet accuracy: {report['outlet']['accuracy']:.3f}")
    n_facts = len(report["mismatches"]["facts"])
    lines.append(f"{n_facts} fact mismatches: --errors lists them, --json holds them all")
    return "\n".join(lines)


def _fact_label(fact: dict) -> str:
    value = fact.get("value")
    value = int(value) if isinstance(value, float) and value.is_integer() else value
    if fact.get("value_max") is not None:
        value = f"{value}-{fact['value_max']:g}"
    unit = " ".join(str(x) for x in (fact.get("unit_level"), fact.get("unit_name")) if x) or "-"
    years = fact.get("year_from"), fact.get("year_to")
    period = "-" if years == (None, None) else f"{years[0]}-{years[1]}"
    extra = f" [{fact['subgroup']}]" if fact.get("subgroup") else ""
    return f"{fact.get('metric')} {value} | {unit} | {period}{extra}"


def _one_line(text: str, width: int = 220) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_errors(report: dict) -> str:
    """Each missed and spurious fact with its sentence and why it differs, article by article."""
    lines = []
    for entry in report["mismatches"]["facts"]:
        if entry["type"] == "missed":
            lines.append(f"{entry['article_id']}  MISSED    {_fact_label(entry)}   "
                         f"why: {entry['why']}")
            if entry.get("nearest_output"):
                lines.append(f"    output had: {_fact_label(entry['nearest_output'])}")
            lines.append(f"    « {_one_line(entry.get('evidence', ''))} »")
        else:
            lines.append(f"{entry['article_id']}  SPURIOUS  {_fact_label(entry)}   "
                         f"why: {entry['why']}  rule: {entry.get('rule') or '-'}")
            lines.append(f"    « {_one_line(entry.get('sentence', ''))} »")
    for kind in ("directives", "units", "published", "outlet"):
        for entry in report["mismatches"][kind]:
            rest = {k: v for k, v in entry.items() if k not in ("article_id", "type") and v}
            lines.append(f"{entry['article_id']}  {kind}  {entry.get('type', 'wrong')}  "
                         f"{json.dumps(rest, ensure_ascii=False)}")
    return "\n".join(lines)


# --- reviews: the figures researchers decided, as a growing gold set ---------------------------

def evaluate_reviews(db_path: str | Path) -> dict:
    """Precision of the extractor on the figures reviewers decided, per metric, and their adds.

    A reviewed figure is right (strict) when it was not marked wrong and the
    extractor's values now equal the reviewed ones; lenient asks only the
    metric and value. Reviews re-attach after every run, so this scores the
    current rules.
    """
    from .review import SHEET_FIELDS, outcomes

    conn = sqlite3.connect(f"file:{Path(db_path)}?mode=ro", uri=True)
    try:
        has = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
        columns = {r[1] for r in conn.execute("pragma table_info(facts)")}
        if "reviews" in has and "fact_key" in columns:
            found = outcomes(conn)
        else:  # never reviewed (a database older than reviews)
            n = conn.execute("select count(*) from facts").fetchone()[0] if "facts" in has else 0
            found = {"attached": [], "added": [], "orphaned": 0, "unreviewed": n}
    finally:
        conn.close()

    def score(rows: list[dict], added: int) -> dict:
        right = sum(1 for r in rows if r["decision"] != "wrong" and not r["differs"])
        lenient = sum(1 for r in rows if r["decision"] != "wrong"
                      and not {"metric", "value"} & set(r["differs"]))
        n = len(rows)
        return {"reviewed": n, "correct": right,
                "precision": round(right / n, 4) if n else None,
                "precision_lenient": round(lenient / n, 4) if n else None,
                "wrong": sum(1 for r in rows if r["decision"] == "wrong"),
                "corrected": sum(1 for r in rows if r["decision"] != "wrong" and r["differs"]),
                "added": added}

    attached = found["attached"]
    report: dict = {
        "db": str(db_path),
        "reviewed": len(attached),
        "unreviewed": found["unreviewed"],
        "orphaned": found["orphaned"],
        "metrics": {m: score([r for r in attached if r["metric"] == m], found["added"].count(m))
                    for m in METRICS},
        "all": score(attached, len(found["added"])),
        "corrected_fields": {c: sum(1 for r in attached if r["decision"] != "wrong"
                                    and c in r["differs"]) for c in SHEET_FIELDS},
        "added": {"still_missed": len(found["added"]),
                  "now_extracted": sum(1 for r in attached if r["added"])},
    }
    return report


def format_reviews_report(report: dict) -> str:
    """The review scores as a fixed-width table, one row per metric."""
    def cell(p) -> str:
        return "-" if p is None else f"{p:.3f}"

    lines = [f"db: {report['db']}",
             f"figures reviewed: {report['reviewed']} ({report['unreviewed']} not yet reviewed); "
             f"orphaned reviews: {report['orphaned']}", ""]
    header = (f"{'':16}{'reviewed':>9}{'correct':>9}{'P':>8}{'P lenient':>11}"
              f"{'wrong':>7}{'corrected':>11}{'added':>7}")
    lines += [header, "-" * len(header)]
    rows = [*report["metrics"].items(), ("all", report["all"])]
    for label, s in rows:
        lines.append(f"{label:16}{s['reviewed']:>9}{s['correct']:>9}{cell(s['precision']):>8}"
                     f"{cell(s['precision_lenient']):>11}{s['wrong']:>7}{s['corrected']:>11}"
                     f"{s['added']:>7}")
    fields = ", ".join(f"{name} {n}" for name, n in report["corrected_fields"].items() if n)
    lines += ["", f"corrected fields: {fields or 'none'}",
              f"figures reviewers had to add: {report['added']['still_missed']} "
              f"(and {report['added']['now_extracted']} added earlier that the extractor "
              "now reads itself)"]
    return "\n".join(lines)
