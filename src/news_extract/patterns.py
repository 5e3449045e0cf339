"""Load the rule data in ``patterns/`` (lexicons, regexes, outlet codes, unit levels).

Rules are data so a researcher can extend them without touching code. The
directory is found, in order: ``$NEWS_EXTRACT_PATTERNS``, the copy shipped
inside the installed package, the ``patterns/`` folder of a source checkout.
"""

from __future__ import annotations

import csv
import json
import os
from functools import cache
from pathlib import Path


@cache
def patterns_dir() -> Path:
    env = os.environ.get("NEWS_EXTRACT_PATTERNS")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve().parent
    candidates += [here / "patterns", here.parents[1] / "patterns"]
    for path in candidates:
        if path.is_dir():
            return path
    raise FileNotFoundError("patterns/ not found; set NEWS_EXTRACT_PATTERNS")


def _path(name: str) -> Path:
    return patterns_dir() / name


@cache
def load_csv(name: str) -> tuple[dict, ...]:
    """Rows of a CSV file as dicts; lines starting with '#' are comments."""
    with _path(name).open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.lstrip().startswith("#")]
    return tuple(
        {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items()}
        for row in csv.DictReader(lines)
    )


@cache
def load_json(name: str):
    with _path(name).open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a text lexicon."""
    with _path(name).open(encoding="utf-8") as fh:
        return tuple(
            line.strip() for line in fh if line.strip() and not line.lstrip().startswith("#")
        )
