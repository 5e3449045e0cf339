"""Vietnamese administrative units from the data underthesea ships (offline).

Used to name the province an article is about when the text and outlet do
not (from the districts and communes it names), and to tell the level of a
bare district name in an enumeration ("Hội An 110; Điện Bàn 150").
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter, defaultdict
from functools import cache, lru_cache
from pathlib import Path

from ..text import fold, fold_cached

_PREFIXES = {
    "thành phố ": "thành phố", "thị xã ": "thị xã", "huyện ": "huyện", "quận ": "quận",
    "xã ": "xã", "phường ": "phường", "thị trấn ": "thị trấn", "tỉnh ": "tỉnh",
}


def _split(full: str) -> tuple[str, str]:
    low = full.lower()
    for prefix, level in _PREFIXES.items():
        if low.startswith(prefix):
            return level, full[len(prefix):]
    return "", full


def _data() -> dict:
    # Only the package's data file: importing underthesea itself takes most of a second.
    try:
        spec = importlib.util.find_spec("underthesea")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:  # the gazetteer is an aid, never a requirement
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "address" / "data" / "mapping.json"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def _tables() -> tuple[dict, dict, dict]:
    """(provinces, districts, wards) from one read of the data file, which is
    then let go (the parsed JSON is ~13 MB a process)."""
    data = _data()
    return (_provinces(data), *_places(data))


def provinces() -> dict[str, str]:
    """Folded short province name -> its written short name (old 63 and new 34)."""
    return _tables()[0]


def _provinces(data: dict) -> dict[str, str]:
    out = {}
    for table in ("old_province_names", "province_names"):
        for entry in data.get(table, {}).values():
            out[fold(entry["short"])] = entry["short"]
    return out


def _places(data: dict) -> tuple[dict, dict]:
    """(district index, ward index): folded name -> {(level, province short): count}."""
    districts: dict[str, dict] = defaultdict(dict)  # plain dicts: Counter() is slow to make
    wards: dict[str, dict] = defaultdict(dict)
    parsed: dict[str, tuple[str, str]] = {}  # each name recurs in many rows: split and fold it once

    def count(index: dict[str, dict], full: str, province: str) -> None:
        if full not in parsed:
            level, name = _split(full)
            parsed[full] = (level, fold(name))
        level, key = parsed[full]
        if key:
            votes = index[key]
            votes[level, province] = votes.get((level, province), 0) + 1

    old_names = {k: v["short"] for k, v in data.get("old_province_names", {}).items()}
    new_names = {k: v["short"] for k, v in data.get("province_names", {}).items()}
    for row in data.get("ward_mapping", []):
        old_prov = old_names.get(row.get("old_province_key"), "")
        count(districts, row.get("old_district", ""), old_prov)
        count(wards, row.get("old_ward", ""), old_prov)
        count(wards, row.get("new_ward", ""), new_names.get(row.get("new_province_key"), ""))
    return dict(districts), dict(wards)


@lru_cache(maxsize=8192)
def province_name(name: str) -> str | None:
    """'hậu giang' -> 'Hậu Giang' when it is a province."""
    return provinces().get(fold(name.strip()))


@lru_cache(maxsize=8192)
def district_level(name: str) -> str | None:
    """The level of a district-level name if unambiguous: 'Điện Bàn' -> 'thị xã'."""
    entry = _tables()[1].get(fold(name))
    if not entry:
        return None
    levels = Counter()
    for (level, _prov), n in entry.items():
        levels[level] += n
    return levels.most_common(1)[0][0] or None


def guess_province(places: list[tuple[str, str]]) -> str | None:
    """Vote for the province from (level, name) pairs the article names; None if unclear."""
    _, districts, wards = _tables()
    votes: Counter = Counter()
    for level, name in places:
        key = fold_cached(name)
        if level in ("huyện", "thị xã", "thành phố", "quận"):
            for (_lvl, prov) in districts.get(key, {}):
                votes[prov] += 2 / max(1, len(districts[key]))
        elif level in ("xã", "phường", "thị trấn"):
            for (_lvl, prov) in wards.get(key, {}):
                votes[prov] += 1 / max(1, len(wards[key]))
    if not votes:
        return None
    (best, score), *rest = votes.most_common(2) + [(None, 0)]
    second = rest[0][1] if rest else 0
    return best if best and score >= 1 and score > 1.5 * second else None
