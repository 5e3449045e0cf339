"""Export: one CSV per table and view, for spreadsheets, R or pandas.

Rows stream from SQLite (sqlite-utils) to the csv module, so a large
database never sits in memory. Search machinery (FTS tables and the
``*_folded`` shadow columns) is left out: it is derived and adds nothing.
"""

from __future__ import annotations

import csv
from pathlib import Path

import sqlite_utils

FOLDED_SUFFIX = "_folded"


def _search_tables(db: sqlite_utils.Database) -> set[str]:
    """FTS virtual tables and their shadow tables (_data, _idx, _docsize, _config, _content)."""
    fts = set(db.table_names(fts4=True)) | set(db.table_names(fts5=True))
    return {
        name for name in db.table_names()
        if name in fts or any(name.startswith(f + "_") for f in fts)
    }


def _cell(value):
    # Counts are stored as REAL; 172.0 reads as 172 in a spreadsheet.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def export_csv(db_path: str | Path, out_dir: str | Path, excel: bool = False) -> list[Path]:
    """Write ``<name>.csv`` for every table and view of ``db_path``; return the paths.

    UTF-8 throughout; ``excel=True`` starts each file with a byte-order mark,
    without which Excel reads Vietnamese as mojibake.
    """
    db = sqlite_utils.Database(db_path)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    skip = _search_tables(db)
    names = [n for n in db.table_names() if n not in skip] + db.view_names()
    written = []
    try:
        for name in names:
            columns = [c.name for c in db[name].columns if not c.name.endswith(FOLDED_SUFFIX)]
            select = ", ".join(f"[{c}]" for c in columns)
            path = out_dir / f"{name}.csv"
            with path.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(columns)
                for row in db.execute(f"select {select} from [{name}]"):
                    writer.writerow([_cell(v) for v in row])
            written.append(path)
    finally:
        db.close()
    return written
