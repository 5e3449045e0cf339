"""Publish: make the database searchable and explained, and serve it with Datasette.

``prepare_database`` runs at the end of every pipeline run. It adds
diacritics-free shadow columns (``*_folded``: "Mường Hum" -> "muong hum",
``đ`` -> ``d``, which SQLite's tokenizer never folds), FTS5 indexes over the
text and its folded copy, and the views researchers query (``unit_year``,
``directive_citations``, ``facts_in_context``). ``serve`` starts Datasette on
the file, immutable (read-only) and on the loopback interface by default, with
the packaged metadata (titles, descriptions, facets, canned queries).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from urllib.parse import quote

from ..review import VIEWS as REVIEW_VIEWS
from ..text import strip_diacritics

HERE = Path(__file__).parent
METADATA_PATH = HERE / "metadata.json"
# The metadata file describes the database as "news" (outputs/news.db); a
# database of another name gets the same description under its own name.
METADATA_DB_KEY = "news"

# Shadow columns: source column -> folded copy, per table.
FOLDED_COLUMNS = {
    "articles": {"title": "title_folded", "text": "text_folded"},
    "facts": {"sentence": "sentence_folded"},
}
# Columns indexed for full-text search: the text and its folded copy, so an
# accented and an unaccented query both hit.
FTS_COLUMNS = {
    "articles": ["title", "text", "title_folded", "text_folded"],
    "facts": ["sentence", "sentence_folded"],
}
# unicode61 drops tone marks and circumflexes (kết -> ket) but keeps đ.
FTS_TOKENIZE = "unicode61 remove_diacritics 2"
FOLD_FUNCTION = "strip_diacritics"


def _fold_or_none(value):
    return None if value is None else strip_diacritics(str(value))


def register_functions(conn) -> None:
    """Make ``strip_diacritics(text)`` available in SQL (views never use it; queries may)."""
    conn.create_function(FOLD_FUNCTION, 1, _fold_or_none, deterministic=True)


VIEWS = {
    # One row per unit and calendar year: what was planned, what was done (as reviewed).
    "unit_year": """
with yearly as (
    select
        f.unit_id,
        coalesce(f.year_from, cast(substr(f.as_of, 1, 4) as integer)) as year,
        f.metric, f.value, f.article_id, f.provenance
    from facts_reviewed f
    where f.unit_id is not null
      and coalesce(f.year_from, f.as_of) is not null
      and (f.year_to is null or f.year_from is null or f.year_to = f.year_from)
      and coalesce(f.per_year, 0) = 0
      and f.subgroup is null
),
per_unit as (
    select
        unit_id, year,
        max(case when metric = 'target' then value end) as target,
        max(case when metric = 'admitted' then value end) as admitted,
        max(case when metric = 'completion_pct' then value end) as completion_reported,
        max(case when metric = 'members' then value end) as members,
        count(distinct article_id) as n_articles,
        count(*) as n_facts,
        sum(provenance != 'extracted') as n_reviewed
    from yearly
    group by unit_id, year
)
select
    u.unit_id, u.level, u.name, u.province, p.year,
    cast(p.target as integer) as target,
    cast(p.admitted as integer) as admitted,
    coalesce(
        p.completion_reported,
        case when p.target > 0 and p.admitted is not null
             then round(100.0 * p.admitted / p.target, 1) end
    ) as completion_pct,
    case
        when p.completion_reported is not null then 'article'
        when p.target > 0 and p.admitted is not null then 'computed'
    end as completion_source,
    cast(p.members as integer) as members,
    p.n_articles, p.n_facts, p.n_reviewed
from per_unit p join units u on u.unit_id = p.unit_id
""",
    # Every numbered document cited, with how widely and when.
    "directive_citations": """
select
    d.code, d.kind,
    max(d.body) as body,
    max(d.date) as date,
    count(distinct d.article_id) as n_articles,
    count(*) as n_mentions,
    min(a.published) as first_published,
    max(a.published) as last_published
from directives d join articles a on a.article_id = d.article_id
where d.code is not null
group by d.code, d.kind
""",
    # Facts beside their article's metadata, with a single ``year`` to facet on.
    "facts_in_context": """
select
    f.fact_id, f.metric,
    case when f.value = cast(f.value as integer) then cast(f.value as integer)
         else f.value end as value,
    f.qualifier, f.unit_level, f.unit_name,
    coalesce(u.province, a.province) as province,
    case when f.year_to is null or f.year_to = f.year_from then f.year_from end as year,
    case
        when f.year_from is null then null
        when f.year_to is null or f.year_to = f.year_from then cast(f.year_from as text)
        else f.year_from || '-' || f.year_to
    end as period,
    f.as_of, f.per_year, f.subgroup, f.derived, f.sentence,
    f.article_id, a.title, a.published, coalesce(a.outlet_name, a.outlet) as outlet
from facts f
join articles a on a.article_id = f.article_id
left join units u on u.unit_id = f.unit_id
""",
}
# Reviews first: unit_year reads facts_reviewed.
VIEWS = {**REVIEW_VIEWS, **VIEWS}


def _connection(db) -> sqlite3.Connection:
    return db if isinstance(db, sqlite3.Connection) else db.conn


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"pragma table_info([{table}])")]


def _fill_folded(conn: sqlite3.Connection, table: str, columns: dict[str, str]) -> None:
    existing = set(_columns(conn, table))
    for folded in columns.values():
        if folded not in existing:
            conn.execute(f"alter table [{table}] add column [{folded}] TEXT")
    # Rows written since the last run have NULL folded copies (the store
    # replaces rows; the trigger below clears them on an in-place update).
    for source, folded in columns.items():
        conn.execute(
            f"update [{table}] set [{folded}] = {FOLD_FUNCTION}([{source}]) "
            f"where [{folded}] is null and [{source}] is not null"
        )
    trigger = f"{table}_folded_stale"
    sources = ", ".join(f"[{s}]" for s in columns)
    nulls = ", ".join(f"[{f}] = null" for f in columns.values())
    conn.execute(f"drop trigger if exists [{trigger}]")
    conn.execute(
        f"create trigger [{trigger}] after update of {sources} on [{table}] "
        f"begin update [{table}] set {nulls} where rowid = new.rowid; end"
    )


def fts_sql(table: str, columns: list[str]) -> tuple[str, str]:
    """The FTS5 table and its three triggers, written exactly as sqlite-utils'
    ``enable_fts(create_triggers=True)`` writes them, so Datasette and
    sqlite-utils recognise the index as their own (and ``replace`` keeps it)."""
    fts = f"{table}_fts"
    cols = ", ".join(f'"{c}"' for c in columns)
    new = ", ".join(f'new."{c}"' for c in columns)
    old = ", ".join(f'old."{c}"' for c in columns)
    create = (f'CREATE VIRTUAL TABLE "{fts}" USING FTS5 (\n    {cols},\n'
              f"    tokenize='{FTS_TOKENIZE}',\n    content=\"{table}\"\n)")
    insert = f'INSERT INTO "{fts}" (rowid, {cols}) VALUES (new.rowid, {new});'
    delete = f'INSERT INTO "{fts}" ("{fts}", rowid, {cols}) VALUES(\'delete\', old.rowid, {old});'
    triggers = (
        f'CREATE TRIGGER "{table}_ai" AFTER INSERT ON "{table}" BEGIN\n  {insert}\nEND;\n'
        f'CREATE TRIGGER "{table}_ad" AFTER DELETE ON "{table}" BEGIN\n  {delete}\nEND;\n'
        f'CREATE TRIGGER "{table}_au" AFTER UPDATE ON "{table}" BEGIN\n  {delete}\n  {insert}\nEND;'
    )
    return create, triggers


def _ensure_fts(conn: sqlite3.Connection, table: str, columns: list[str]) -> None:
    """Create the index (or recreate it when its columns, tokenizer or triggers
    differ from what is wanted); the triggers keep it in step with every insert,
    delete and update the store makes. Plain SQL: sqlite-utils would import
    pandas, half a second every run."""
    fts = f"{table}_fts"
    create, triggers = fts_sql(table, columns)
    found = conn.execute("select sql from sqlite_master where name = ?", [fts]).fetchone()
    have = {r[0] for r in conn.execute(
        "select name from sqlite_master where type = 'trigger' and tbl_name = ?", [table])}
    wanted = {f"{table}_ai", f"{table}_ad", f"{table}_au"}
    if found is None or found[0] != create or not wanted <= have:
        with conn:
            for name in wanted:
                conn.execute(f'drop trigger if exists "{name}"')
            conn.execute(f'drop table if exists "{fts}"')
            conn.execute(create)
            conn.execute(f'INSERT INTO "{fts}" (rowid, {", ".join(f"[{c}]" for c in columns)}) '
                         f'SELECT rowid, {", ".join(f"[{c}]" for c in columns)} FROM [{table}]')
        conn.executescript(triggers)
        return
    indexed = conn.execute(f'select count(*) from "{fts}_docsize"').fetchone()[0]
    if indexed != conn.execute(f"select count(*) from [{table}]").fetchone()[0]:
        with conn:
            conn.execute(f'INSERT INTO "{fts}" ("{fts}") VALUES (\'rebuild\')')


def prepare_database(db) -> None:
    """Add search columns, FTS indexes and views; safe to run after every run.

    ``db`` is a ``sqlite3.Connection`` or anything with one as ``.conn`` (the
    store's connection, a ``sqlite_utils.Database``).
    """
    conn = _connection(db)
    register_functions(conn)
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    with conn:
        for table, columns in FOLDED_COLUMNS.items():
            if table in tables:
                _fill_folded(conn, table, columns)
    for table, columns in FTS_COLUMNS.items():
        if table in tables:
            _ensure_fts(conn, table, columns)
    with conn:
        for name, sql in VIEWS.items():
            conn.execute(f"drop view if exists [{name}]")
            conn.execute(f"create view [{name}] as {sql.strip()}")
    # Datasette opens the file immutable, which ignores a -wal file: fold
    # everything into the main file now.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def load_metadata(db_name: str = METADATA_DB_KEY) -> dict:
    """The packaged metadata, describing the database called ``db_name``."""
    metadata = json.loads(METADATA_PATH.read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    if db_name != METADATA_DB_KEY and METADATA_DB_KEY in databases:
        databases[db_name] = databases.pop(METADATA_DB_KEY)
        # Links in the descriptions are relative to the site root.
        text = json.dumps(metadata, ensure_ascii=False)
        text = text.replace(f'href=\\"{METADATA_DB_KEY}/', f'href=\\"{quote(db_name)}/')
        metadata = json.loads(text)
    return metadata


SETTINGS = {
    # Article texts are long; the evidence page shows them whole.
    "truncate_cells_html": 240,
    "default_page_size": 50,
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 500,
    "allow_download": True,
}


def _checkpoint_if_needed(db_path: Path) -> None:
    """Merge a leftover -wal file, which an immutable open would not see."""
    wal = Path(f"{db_path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        try:
            conn = sqlite3.connect(db_path)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()
        except sqlite3.Error:  # read-only media: serve what the main file holds
            pass


def build_datasette(db_path: str | Path):
    """A configured, read-only ``Datasette`` for ``db_path`` (used by ``serve`` and tests)."""
    from datasette.app import Datasette

    from . import plugin

    plugin.ensure_registered()
    db_path = Path(db_path)
    _checkpoint_if_needed(db_path)
    return Datasette(
        [],
        immutables=[str(db_path)],
        metadata=load_metadata(db_path.stem),
        settings=SETTINGS,
    )


def serve(db_path: str | Path, port: int = 8001, host: str = "127.0.0.1") -> None:
    """Serve ``db_path`` read-only until interrupted (like ``datasette serve -i``)."""
    import asyncio

    import uvicorn

    ds = build_datasette(db_path)
    asyncio.run(ds.invoke_startup())
    print(f"Serving {db_path} read-only at http://{host}:{port}/", flush=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
