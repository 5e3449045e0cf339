"""Store: write articles and what was extracted from them to SQLite (sqlite-utils).

Column names follow ``shared/spec/GOLD_FORMAT.md``. One article's rows are
replaced in one transaction, so a re-run never duplicates and a crash never
leaves half an article behind.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import sqlite_utils

from .model import Article, Extraction, Problem
from .text import fold

SCHEMA_VERSION = 1


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the database with the project's schema."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    if "articles" not in db.table_names():
        db["articles"].create(
            {
                "article_id": str, "path": str, "paths": str, "format": str, "title": str,
                "outlet": str, "outlet_name": str, "province": str, "published": str,
                "published_inferred": int, "url": str, "author": str, "text": str,
                "sha256": str, "n_facts": int, "n_directives": int,
            },
            pk="article_id",
        )
        db["articles"].create_index(["sha256"])
        db["articles"].create_index(["path"])
    if "units" not in db.table_names():
        db["units"].create(
            {"unit_id": int, "level": str, "name": str, "canonical": str,
             "parent_id": int, "province": str},
            pk="unit_id",
        )
        db["units"].create_index(["canonical"], unique=True)
        db["units"].create_index(["level", "name"])
    if "facts" not in db.table_names():
        db["facts"].create(
            {
                "fact_id": str, "article_id": str, "unit_id": int, "metric": str,
                "unit_level": str, "unit_name": str, "value": float, "value_max": float,
                "qualifier": str, "year_from": int, "year_to": int, "as_of": str,
                "per_year": int, "subgroup": str, "derived": int, "sentence": str,
                "start": int, "end": int, "value_start": int, "value_end": int,
                "sentence_start": int, "source_start": int, "source_end": int, "rule": str,
            },
            pk="fact_id",
            foreign_keys=[("article_id", "articles", "article_id"), ("unit_id", "units", "unit_id")],
        )
        for cols in (["article_id"], ["metric"], ["unit_id"], ["year_from"]):
            db["facts"].create_index(cols)
    if "directives" not in db.table_names():
        db["directives"].create(
            {
                "directive_id": str, "article_id": str, "kind": str, "number": str,
                "suffix": str, "code": str, "date": str, "body": str, "mention": str,
                "start": int, "end": int, "scored": int,
            },
            pk="directive_id",
            foreign_keys=[("article_id", "articles", "article_id")],
        )
        db["directives"].create_index(["article_id"])
        db["directives"].create_index(["code"])
    if "unit_mentions" not in db.table_names():
        db["unit_mentions"].create(
            {"mention_id": str, "article_id": str, "unit_id": int, "level": str, "name": str,
             "surface": str, "kind": str, "start": int, "end": int},
            pk="mention_id",
            foreign_keys=[("article_id", "articles", "article_id"), ("unit_id", "units", "unit_id")],
        )
        db["unit_mentions"].create_index(["article_id"])
        db["unit_mentions"].create_index(["unit_id"])
    if "runs" not in db.table_names():
        db["runs"].create(
            {"run_id": int, "started": str, "finished": str, "corpus": str, "options": str,
             "files_seen": int, "articles_written": int, "articles_unchanged": int,
             "problems": int, "status": str},
            pk="run_id",
        )
    if "problems" not in db.table_names():
        db["problems"].create(
            {"problem_id": int, "run_id": int, "path": str, "line": int, "article_id": str,
             "kind": str, "reason": str, "logged": str},
            pk="problem_id",
            foreign_keys=[("run_id", "runs", "run_id")],
        )
        db["problems"].create_index(["run_id"])


def start_run(db: sqlite_utils.Database, corpus: str, options: dict | None = None) -> int:
    table = db["runs"]
    table.insert({"started": _now(), "corpus": str(corpus), "status": "running",
                  "options": json.dumps(options or {}, ensure_ascii=False)})
    return table.last_pk


def finish_run(db: sqlite_utils.Database, run_id: int, status: str = "done", **counts) -> None:
    db["runs"].update(run_id, {"finished": _now(), "status": status, **counts})


def log_problem(db: sqlite_utils.Database, run_id: int, problem: Problem) -> None:
    with db.conn:
        db["problems"].insert({
            "run_id": run_id, "path": problem.path, "line": problem.line,
            "article_id": problem.article_id, "kind": problem.kind, "reason": problem.reason,
            "logged": _now(),
        })


def unit_canonical(level: str, name: str, province: str | None) -> str:
    """The key that makes 'huyện Long Mỹ' in Hậu Giang one unit across articles."""
    scope = "" if level == "tỉnh" else fold(province or "")
    return f"{scope}|{level}|{fold(name)}"


def _unit_id(db: sqlite_utils.Database, level: str, name: str, province: str | None) -> int:
    canonical = unit_canonical(level, name, province)
    row = db.execute("select unit_id from units where canonical = ?", [canonical]).fetchone()
    if row:
        return row[0]
    db["units"].insert({"level": level, "name": name, "canonical": canonical,
                        "province": province if level != "tỉnh" else name})
    return db["units"].last_pk


def delete_article(db: sqlite_utils.Database, article_id: str) -> None:
    for table in ("facts", "directives", "unit_mentions"):
        db.execute(f"delete from [{table}] where article_id = ?", [article_id])
    db.execute("delete from articles where article_id = ?", [article_id])


def write_article(db: sqlite_utils.Database, article: Article, extraction: Extraction) -> None:
    """Replace everything stored for this article, in one transaction."""
    province = extraction.province or article.province
    with db.conn:
        delete_article(db, article.article_id)
        db["articles"].insert({
            "article_id": article.article_id, "path": article.path,
            "paths": json.dumps([article.path], ensure_ascii=False), "format": article.format,
            "title": article.title, "outlet": article.outlet, "outlet_name": article.outlet_name,
            "province": province, "published": article.published,
            "published_inferred": int(article.published_inferred), "url": article.url,
            "author": article.author, "text": article.text, "sha256": article.sha256,
            "n_facts": len(extraction.facts), "n_directives": len(extraction.directives),
        })
        ids: dict[tuple[str, str], int] = {}
        for unit in extraction.units:
            ids[unit.key] = _unit_id(db, unit.level, unit.name, unit.province or province)
        for unit in extraction.units:
            if unit.parent_level and (unit.parent_level, unit.parent_name) in ids:
                db["units"].update(ids[unit.key],
                                   {"parent_id": ids[(unit.parent_level, unit.parent_name)]})
        rows = []
        for i, fact in enumerate(extraction.facts):
            src_start, src_end = article.source_span(fact.start, fact.end)
            key = (fact.unit_level, fact.unit_name)
            if fact.unit_level and key not in ids:
                ids[key] = _unit_id(db, fact.unit_level, fact.unit_name, province)
            rows.append({
                "fact_id": f"{article.article_id}:f{i}", "article_id": article.article_id,
                "unit_id": ids.get(key), "metric": fact.metric, "unit_level": fact.unit_level,
                "unit_name": fact.unit_name, "value": fact.value, "value_max": fact.value_max,
                "qualifier": fact.qualifier, "year_from": fact.year_from,
                "year_to": fact.year_to, "as_of": fact.as_of, "per_year": int(fact.per_year),
                "subgroup": fact.subgroup, "derived": int(fact.derived),
                "sentence": fact.sentence, "start": fact.start, "end": fact.end,
                "value_start": fact.value_start, "value_end": fact.value_end,
                "sentence_start": fact.sentence_start, "source_start": src_start,
                "source_end": src_end, "rule": fact.rule,
            })
        db["facts"].insert_all(rows)
        db["directives"].insert_all(
            {
                "directive_id": f"{article.article_id}:d{i}", "article_id": article.article_id,
                "kind": d.kind, "number": d.number, "suffix": d.suffix, "code": d.code,
                "date": d.date, "body": d.body, "mention": d.mention, "start": d.start,
                "end": d.end, "scored": int(d.scored),
            }
            for i, d in enumerate(extraction.directives)
        )
        db["unit_mentions"].insert_all(
            {
                "mention_id": f"{article.article_id}:m{i}", "article_id": article.article_id,
                "unit_id": ids.get(m.key), "level": m.level, "name": m.name,
                "surface": m.surface, "kind": m.kind, "start": m.start, "end": m.end,
            }
            for i, m in enumerate(extraction.mentions)
        )
