"""The database as pandas DataFrames, for analysis in a notebook.

``facts_frame(db)`` gives one row per fact with its article's outlet,
province and publication date, typed (nullable integers for years,
booleans for flags), ready for ``groupby``/``pivot_table``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd

_FACTS = """
select f.fact_id, f.article_id, a.outlet, a.province, a.published, f.metric, f.unit_level,
       f.unit_name, f.value, f.value_max, f.qualifier, f.year_from, f.year_to, f.as_of,
       f.per_year, f.subgroup, f.derived, f.sentence
from facts f join articles a on a.article_id = f.article_id
"""


def _read(db_path: str | Path, sql: str) -> pd.DataFrame:
    with sqlite3.connect(f"file:{Path(db_path)}?mode=ro", uri=True) as conn:
        return pd.read_sql_query(sql, conn)


def facts_frame(db_path: str | Path) -> pd.DataFrame:
    """Every fact with its article's metadata; years as nullable integers, flags as booleans."""
    df = _read(db_path, _FACTS)
    for col in ("year_from", "year_to"):
        df[col] = df[col].astype("Int64")
    for col in ("per_year", "derived"):
        df[col] = df[col].fillna(0).astype(bool)
    return df


def target_vs_admitted(db_path: str | Path) -> pd.DataFrame:
    """Single-year, whole-unit figures pivoted to one row per unit and year:
    target, admitted and completion side by side (the largest figure when
    several articles report one unit-year)."""
    df = facts_frame(db_path)
    single = df[(df.year_from == df.year_to) & df.subgroup.isna() & ~df.per_year]
    table = single.pivot_table(index=["province", "unit_level", "unit_name", "year_from"],
                               columns="metric", values="value", aggfunc="max")
    return table.reset_index().rename(columns={"year_from": "year"})
