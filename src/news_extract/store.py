"""Store: write articles and what was extracted from them to SQLite.

Column names follow ``shared/spec/GOLD_FORMAT.md``. Work is split so that the
costly part runs in workers and the database is touched by one process only:
:func:`prepare` turns an (Article, Extraction) pair into plain rows (pure,
picklable), :func:`write_prepared` inserts them inside the caller's
transaction. :func:`write_article` does both and commits, for callers that
write one article at a time.

The ``files`` table records what each corpus file looked like when it was
last read (path, size, mtime in ns, sha256 of its bytes, the articles it
gave), so a re-run can skip it without reading it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Article, Extraction, Problem
from .text import fold, strip_diacritics, strips_char_by_char

if TYPE_CHECKING:  # sqlite_utils imports pandas: half a second a re-run need not pay
    import sqlite_utils

SCHEMA_VERSION = 2


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class StoreError(Exception):
    """The output database cannot be used: ``kind`` is 'unwritable' or 'corrupt'."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


class Connection:
    """The part of ``sqlite_utils.Database`` the store uses, over a plain connection.

    The pipeline works through this so an unchanged re-run never imports
    sqlite_utils (and pandas with it); :func:`open_db` wraps the same
    connection in a full ``sqlite_utils.Database`` for everyone else; every
    function here accepts either.
    """

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "select name from sqlite_master where type = 'table'")]

    def columns(self, table: str) -> set[str]:
        return {r[1] for r in self.conn.execute(f"pragma table_info([{table}])")}


def connect(path: str | Path) -> Connection:
    """Open (creating if needed) the database with the project's schema.

    Raises :class:`StoreError` when the file cannot be created or written, or
    is not a SQLite database, so callers can report one clear line.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise StoreError("unwritable", f"output is a directory: {path}")
        conn = sqlite3.connect(str(path), timeout=30)
    except OSError as exc:
        raise StoreError("unwritable", f"cannot create output database {path}: {exc}") from exc
    except sqlite3.Error as exc:
        raise StoreError("unwritable", f"cannot open output database {path}: {exc}") from exc
    db = Connection(conn)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: each commit is atomic; a crash loses at most the last
        # transactions, never leaves half of one.
        db.execute("PRAGMA synchronous=NORMAL")
        # Bulk loads: a 32 MB page cache and a WAL checkpointed every 64 MB
        # rather than every 4 MB write ~20 % less (measured); publish truncates the WAL.
        db.execute("PRAGMA cache_size=-32768")
        db.execute("PRAGMA wal_autocheckpoint=16384")
        db.execute("PRAGMA foreign_keys=ON")
        ensure_schema(db)
        # Prove we can write now rather than after an hour of extraction.
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
    except sqlite3.DatabaseError as exc:
        conn.close()
        message = str(exc)
        if isinstance(exc, sqlite3.OperationalError) and any(
            word in message for word in ("readonly", "unable to open", "disk I/O", "locked")
        ):
            raise StoreError("unwritable", f"cannot write output database {path}: {message}") from exc
        raise StoreError("corrupt", f"output database {path} is corrupt or not SQLite: {message}") from exc
    return db


def as_database(db: Connection) -> sqlite_utils.Database:
    import sqlite_utils

    return sqlite_utils.Database(db.conn)


def open_db(path: str | Path) -> sqlite_utils.Database:
    """:func:`connect`, as a ``sqlite_utils.Database``."""
    return as_database(connect(path))


_COLUMNS: dict[str, dict] = {
    "articles": {
        "article_id": str, "path": str, "paths": str, "format": str, "title": str,
        "outlet": str, "outlet_name": str, "province": str, "published": str,
        "published_inferred": int, "url": str, "author": str, "text": str,
        "sha256": str, "text_sha256": str, "n_facts": int, "n_directives": int,
        "title_folded": str, "text_folded": str,
    },
    "files": {
        "path": str, "sha256": str, "size": int, "mtime": int, "article_ids": str,
        "last_run": int, "status": str, "fingerprint": str, "n_problems": int,
    },
    "runs": {
        "run_id": int, "started": str, "finished": str, "corpus": str, "options": str,
        "files_seen": int, "files_unchanged": int, "files_removed": int,
        "articles_written": int, "articles_unchanged": int, "duplicates": int,
        "problems": int, "seconds": float, "status": str,
    },
    "problems": {
        "problem_id": int, "run_id": int, "path": str, "line": int, "article_id": str,
        "kind": str, "reason": str, "logged": str,
    },
}


_SQL_TYPES = {str: "TEXT", int: "INTEGER", float: "FLOAT"}

_COLUMNS.update({
    "units": {"unit_id": int, "level": str, "name": str, "canonical": str, "parent_id": int,
              "province": str},
    "facts": {
        "fact_id": str, "article_id": str, "unit_id": int, "metric": str,
        "unit_level": str, "unit_name": str, "value": float, "value_max": float,
        "qualifier": str, "year_from": int, "year_to": int, "as_of": str,
        "per_year": int, "subgroup": str, "derived": int, "sentence": str,
        "start": int, "end": int, "value_start": int, "value_end": int,
        "sentence_start": int, "source_start": int, "source_end": int, "rule": str,
        "sentence_folded": str, "fact_key": str,
    },
    "directives": {
        "directive_id": str, "article_id": str, "kind": str, "number": str,
        "suffix": str, "code": str, "date": str, "body": str, "mention": str,
        "start": int, "end": int, "scored": int,
    },
    "unit_mentions": {"mention_id": str, "article_id": str, "unit_id": int, "level": str,
                      "name": str, "surface": str, "kind": str, "start": int, "end": int},
    # A researcher's decisions (review.py). No foreign keys: a review outlives
    # the fact and the article it was made on, and re-runs never delete it.
    "reviews": {
        "review_id": int, "fact_key": str, "result_key": str, "text_sha256": str,
        "article_id": str, "metric": str, "value_start": int, "value_end": int,
        "decision": str, "changed": str, "old": str, "new": str, "reviewer": str,
        "reviewed": str, "note": str, "sheet": str,
    },
})
_PRIMARY_KEYS = {"articles": "article_id", "units": "unit_id", "facts": "fact_id",
                 "directives": "directive_id", "unit_mentions": "mention_id", "files": "path",
                 "runs": "run_id", "problems": "problem_id", "reviews": "review_id"}
_FOREIGN_KEYS = {
    "facts": {"article_id": "articles", "unit_id": "units"},
    "directives": {"article_id": "articles"},
    "unit_mentions": {"article_id": "articles", "unit_id": "units"},
    "problems": {"run_id": "runs"},
}
_INDEXES = {
    "articles": [["sha256"], ["text_sha256"], ["path"]],
    "units": [["level", "name"]],
    "facts": [["article_id"], ["metric"], ["unit_id"], ["year_from"], ["fact_key"]],
    "directives": [["article_id"], ["code"]],
    "unit_mentions": [["article_id"], ["unit_id"]],
    "problems": [["run_id"], ["path"]],
    "reviews": [["fact_key"], ["result_key"], ["text_sha256"]],
}


def _create_table(db: Connection, table: str) -> None:
    pk = _PRIMARY_KEYS[table]
    lines = [f"[{name}] {_SQL_TYPES[type_]}" + (" PRIMARY KEY" if name == pk else "")
             for name, type_ in _COLUMNS[table].items()]
    for column, other in _FOREIGN_KEYS.get(table, {}).items():
        lines.append(f"FOREIGN KEY([{column}]) REFERENCES [{other}]([{_PRIMARY_KEYS[other]}])")
    db.execute(f"CREATE TABLE [{table}] (\n   " + ",\n   ".join(lines) + "\n)")


def ensure_schema(db) -> None:
    """Create missing tables, indexes and columns (older databases are upgraded in place)."""
    tables = set(db.table_names())
    with db.conn:
        for table in _PRIMARY_KEYS:
            if table not in tables:
                _create_table(db, table)
            have = {r[1] for r in db.execute(f"pragma table_info([{table}])")}
            for name, type_ in _COLUMNS[table].items():
                if name not in have:
                    db.execute(f"alter table [{table}] add column [{name}] {_SQL_TYPES[type_]}")
            for cols in _INDEXES.get(table, []):
                name = f"idx_{table}_{'_'.join(cols)}"
                db.execute(f"create index if not exists [{name}] on [{table}] "
                           f"({', '.join(f'[{c}]' for c in cols)})")
        db.execute("create unique index if not exists [idx_units_canonical] "
                   "on [units] ([canonical])")
        _fill_fact_keys(db)


def fact_key(text_sha256: str, metric: str, value_start: int | None,
             value_end: int | None) -> str:
    """A fact's name across runs (its text, metric and number's offsets), unlike its row id.

    A re-run that reads the same number of the same text as the same metric
    gives the same key, so a researcher's review of it re-attaches.
    """
    start = "" if value_start is None else value_start
    end = "" if value_end is None else value_end
    return f"{(text_sha256 or '')[:16]}:{metric}:{start}-{end}"


def _unique_keys(keys: list[str]) -> list[str]:
    """Keys made unique within one article: a second fact on one number gets '#2'."""
    seen: dict[str, int] = {}
    unique = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        unique.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return unique


def _fill_fact_keys(db) -> None:
    """Give facts written before keys existed their key (a no-op once every fact has one)."""
    if not db.execute("select 1 from facts where fact_key is null limit 1").fetchone():
        return
    rows = db.execute(
        "select f.rowid, f.article_id, coalesce(a.text_sha256, ''), a.text, f.metric, "
        "f.value_start, f.value_end from facts f left join articles a using (article_id) "
        "order by f.article_id, f.rowid").fetchall()
    by_article: dict[str, list] = {}
    for row in rows:
        by_article.setdefault(row[1], []).append(row)
    updates = []
    for facts in by_article.values():
        sha = facts[0][2] or (text_hash(facts[0][3]) if facts[0][3] is not None else "")
        keys = _unique_keys([fact_key(sha, r[4], r[5], r[6]) for r in facts])
        updates += [(key, r[0]) for key, r in zip(keys, facts, strict=True)]
    db.conn.executemany("update facts set fact_key = ? where rowid = ?", updates)


# --- runs and problems -------------------------------------------------------

def start_run(db: Connection, corpus: str, options: dict | None = None) -> int:
    """Record a new run; a run still 'running' was killed, so it becomes 'interrupted'."""
    with db.conn:
        db.execute("update runs set status = 'interrupted' where status = 'running'")
        cur = db.execute(
            "insert into runs (started, corpus, status, options) values (?, ?, 'running', ?)",
            [_now(), str(corpus), json.dumps(options or {}, ensure_ascii=False)],
        )
    return cur.lastrowid


def finish_run(db: Connection, run_id: int, status: str = "done", **counts) -> None:
    values = {"finished": _now(), "status": status, **counts}
    with db.conn:
        db.execute(f"update runs set {', '.join(f'[{k}] = ?' for k in values)} where run_id = ?",
                   [*values.values(), run_id])


def insert_problem(db: Connection, run_id: int, problem: Problem) -> None:
    """Insert a problem row inside the caller's transaction."""
    db.execute(
        "insert into problems (run_id, path, line, article_id, kind, reason, logged) "
        "values (?, ?, ?, ?, ?, ?, ?)",
        [run_id, problem.path, problem.line, problem.article_id, problem.kind, problem.reason,
         _now()],
    )


def log_problem(db: Connection, run_id: int, problem: Problem) -> None:
    with db.conn:
        insert_problem(db, run_id, problem)


# --- articles ----------------------------------------------------------------

def unit_canonical(level: str, name: str, province: str | None) -> str:
    """The key that makes 'huyện Long Mỹ' in Hậu Giang one unit across articles."""
    scope = "" if level == "tỉnh" else fold(province or "")
    return f"{scope}|{level}|{fold(name)}"


def _unit_id(db: Connection, level: str, name: str, province: str | None) -> int:
    canonical = unit_canonical(level, name, province)
    row = db.execute("select unit_id from units where canonical = ?", [canonical]).fetchone()
    if row:
        return row[0]
    cur = db.execute(
        "insert into units (level, name, canonical, province) values (?, ?, ?, ?)",
        [level, name, canonical, province if level != "tỉnh" else name],
    )
    return cur.lastrowid


class UnitIds:
    """The writer's memory of unit ids, so a unit seen in many articles is looked up once.

    Ids of units inserted for the article being written are provisional: the
    caller keeps them when the article is stored and drops them when its
    savepoint is rolled back (the rows are gone then).
    """

    def __init__(self) -> None:
        self.known: dict[tuple, int] = {}
        self.pending: dict[tuple, int] = {}
        self.parents: dict[int, int] = {}  # unit id -> parent id last written

    def get(self, db: Connection, level: str, name: str, province: str | None) -> int:
        key = (level, name, province)  # as written: skips folding for a unit seen before
        found = self.known.get(key) or self.pending.get(key)
        if found is None:
            found = self.pending[key] = _unit_id(db, level, name, province)
        return found

    def keep(self) -> None:
        self.known.update(self.pending)
        self.pending.clear()

    def drop(self) -> None:
        self.pending.clear()
        self.parents.clear()  # a rolled-back parent link must be written again


def text_hash(text: str) -> str:
    """Identity of an article's cleaned text: equal hashes are one article."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class PreparedArticle:
    """One article as rows ready to insert; unit ids are resolved at write time.

    Built in a worker so the parent only inserts; it drops the article's
    offset map (large) once the facts' source spans are computed.
    """

    article_id: str
    path: str
    text_sha256: str
    article: dict
    units: list[tuple] = field(default_factory=list)  # (level, name, province, parent_level, parent_name)
    facts: list[dict] = field(default_factory=list)
    directives: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    province: str | None = None
    line: int | None = None


def _folded(value: str | None) -> str | None:
    return None if value is None else strip_diacritics(value)


def prepare(article: Article, extraction: Extraction, line: int | None = None) -> PreparedArticle:
    province = extraction.province or article.province
    row = {
        "article_id": article.article_id, "path": article.path, "format": article.format,
        "title": article.title, "outlet": article.outlet, "outlet_name": article.outlet_name,
        "province": province, "published": article.published,
        "published_inferred": int(article.published_inferred), "url": article.url,
        "author": article.author, "text": article.text, "sha256": article.sha256,
        "n_facts": len(extraction.facts), "n_directives": len(extraction.directives),
        # Diacritics-free copies for search (publish.FOLDED_COLUMNS), made here
        # so workers fold in parallel instead of the parent after the run.
        "title_folded": _folded(article.title), "text_folded": _folded(article.text),
    }
    text, folded_text = article.text, row["text_folded"]
    sliceable = folded_text is not None and strips_char_by_char(text)
    facts = []
    for fact in extraction.facts:
        at, size = fact.sentence_start, len(fact.sentence)
        if sliceable and text[at:at + size] == fact.sentence:
            sentence_folded = folded_text[at:at + size]  # same as folding it again
        else:
            sentence_folded = _folded(fact.sentence)
        src_start, src_end = article.source_span(fact.start, fact.end)
        facts.append({
            "metric": fact.metric, "unit_level": fact.unit_level,
            "unit_name": fact.unit_name, "value": fact.value, "value_max": fact.value_max,
            "qualifier": fact.qualifier, "year_from": fact.year_from,
            "year_to": fact.year_to, "as_of": fact.as_of, "per_year": int(fact.per_year),
            "subgroup": fact.subgroup, "derived": int(fact.derived),
            "sentence": fact.sentence, "start": fact.start, "end": fact.end,
            "value_start": fact.value_start, "value_end": fact.value_end,
            "sentence_start": fact.sentence_start, "source_start": src_start,
            "source_end": src_end, "rule": fact.rule,
            "sentence_folded": sentence_folded,
        })
    directives = [
        {"kind": d.kind, "number": d.number, "suffix": d.suffix, "code": d.code,
         "date": d.date, "body": d.body, "mention": d.mention, "start": d.start,
         "end": d.end, "scored": int(d.scored)}
        for d in extraction.directives
    ]
    mentions = [
        {"level": m.level, "name": m.name, "surface": m.surface, "kind": m.kind,
         "start": m.start, "end": m.end}
        for m in extraction.mentions
    ]
    units = [(u.level, u.name, u.province, u.parent_level, u.parent_name) for u in extraction.units]
    return PreparedArticle(article.article_id, article.path, text_hash(article.text), row,
                           units, facts, directives, mentions, province, line)


def _insert_rows(db: Connection, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    cols = list(rows[0])
    sql = (f"insert into [{table}] ({', '.join(f'[{c}]' for c in cols)}) "
           f"values ({', '.join('?' for _ in cols)})")
    db.conn.executemany(sql, [[r[c] for c in cols] for r in rows])


def delete_article(db: Connection, article_id: str) -> None:
    for table in ("facts", "directives", "unit_mentions"):
        db.execute(f"delete from [{table}] where article_id = ?", [article_id])
    db.execute("delete from articles where article_id = ?", [article_id])


def write_prepared(db: Connection, prep: PreparedArticle,
                   paths: list[str] | None = None, *, units: UnitIds | None = None,
                   fresh: bool = False) -> None:
    """Insert one prepared article (replacing any under its id); no commit.

    ``fresh`` says the caller knows no article has this id, so there is nothing
    to delete; ``units`` carries unit ids over from the articles written before.
    """
    aid = prep.article_id
    units = units if units is not None else UnitIds()
    if not fresh:
        delete_article(db, aid)
    _insert_rows(db, "articles", [{
        **prep.article, "article_id": aid,
        "paths": json.dumps(paths or [prep.path], ensure_ascii=False),
        "text_sha256": prep.text_sha256,
    }])
    province = prep.province
    ids: dict[tuple[str, str], int] = {}
    for level, name, unit_province, _, _ in prep.units:
        ids[(level, name)] = units.get(db, level, name, unit_province or province)
    for level, name, _, parent_level, parent_name in prep.units:
        if parent_level and (parent_level, parent_name) in ids:
            child, parent = ids[(level, name)], ids[(parent_level, parent_name)]
            if units.parents.get(child) != parent:
                db.execute("update units set parent_id = ? where unit_id = ?", [parent, child])
                units.parents[child] = parent
    facts = []
    fact_keys = _unique_keys([fact_key(prep.text_sha256, f["metric"], f["value_start"],
                                       f["value_end"]) for f in prep.facts])
    for i, fact in enumerate(prep.facts):
        key = (fact["unit_level"], fact["unit_name"])
        if fact["unit_level"] and fact["unit_name"] and key not in ids:
            ids[key] = units.get(db, fact["unit_level"], fact["unit_name"], province)
        facts.append({"fact_id": f"{aid}:f{i}", "article_id": aid, "unit_id": ids.get(key),
                      **fact, "fact_key": fact_keys[i]})
    _insert_rows(db, "facts", facts)
    _insert_rows(db, "directives", [
        {"directive_id": f"{aid}:d{i}", "article_id": aid, **d}
        for i, d in enumerate(prep.directives)
    ])
    _insert_rows(db, "unit_mentions", [
        {"mention_id": f"{aid}:m{i}", "article_id": aid,
         "unit_id": ids.get((m["level"], m["name"])), **m}
        for i, m in enumerate(prep.mentions)
    ])


def write_article(db: Connection, article: Article, extraction: Extraction) -> None:
    """Replace everything stored for this article, in one transaction."""
    with db.conn:
        write_prepared(db, prepare(article, extraction))


# --- files -------------------------------------------------------------------

def get_file(db: Connection, path: str) -> tuple | None:
    """(sha256, size, mtime, article_ids, status, fingerprint) recorded for ``path``."""
    return db.execute(
        "select sha256, size, mtime, article_ids, status, fingerprint from files where path = ?",
        [path],
    ).fetchone()


def put_file(db: Connection, path: str, *, sha256: str | None, size: int | None,
             mtime: int | None, article_ids: list[str], run_id: int, status: str,
             fingerprint: str, n_problems: int) -> None:
    db.execute(
        "insert or replace into files (path, sha256, size, mtime, article_ids, last_run, "
        "status, fingerprint, n_problems) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [path, sha256, size, mtime, json.dumps(article_ids, ensure_ascii=False), run_id, status,
         fingerprint, n_problems],
    )
