"""Datasette plugin: the evidence page, fact links, the ``strip_diacritics`` SQL function.

Registered through the ``datasette`` entry point, so a plain
``datasette outputs/news.db`` gets it too. Every hook is a no-op for
databases without this project's tables.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import NotFound, Response, asgi_static
from markupsafe import Markup

from .. import review as reviews
from . import register_functions

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
EVIDENCE_TEMPLATE = HERE / "templates" / "evidence.html"
PLUGIN_NAME = "news_extract"
STATIC_ROUTE = "/-/news-extract/static/"


def ensure_registered() -> None:
    """Register this module when the entry point was not loaded (source checkout, tests)."""
    from datasette.plugins import pm

    if not pm.is_registered(sys.modules[__name__]) and pm.get_plugin(PLUGIN_NAME) is None:
        pm.register(sys.modules[__name__], name=PLUGIN_NAME)


def _config(datasette) -> dict:
    return datasette.plugin_config(PLUGIN_NAME) or {}


@hookimpl
def prepare_connection(conn):
    register_functions(conn)


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path(STATIC_ROUTE + "news_extract.css")]


@hookimpl
def extra_body_script(template, request, datasette):
    """Open a chart query with its chart drawn: datasette-vega reads its settings from #g.*."""
    if template != "query.html" or request is None:
        return None
    charts = _config(datasette).get("charts", {})
    fragment = charts.get(request.url_vars.get("table", ""))
    if not fragment:
        return None
    return (
        "if (!location.hash) { history.replaceState(null, '', location.pathname + "
        f"location.search + '#' + {json.dumps(fragment)}); }}"
    )


def _number_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _evidence_url(datasette, fact_id: str) -> str:
    # Datasette routes on the raw path and redirects %-escapes to its ~ escapes.
    return datasette.urls.path("/-/evidence/" + tilde_encode(fact_id))


def _row_fact_id(row):
    """The row's fact_id, else its fact_key (an added figure has only a key)."""
    for column in ("fact_id", "fact_key"):
        try:
            fact_id = row[column]
        except (KeyError, IndexError, TypeError):
            continue
        if isinstance(fact_id, str) and fact_id:
            return fact_id
    return None


def _links_key(row, table) -> bool:
    """A fact_key has an evidence page unless its review is orphaned (or may be)."""
    if table in ("reviews", "review_status"):
        return False
    try:
        row["why"]
    except (KeyError, IndexError, TypeError):
        return True
    return False


@hookimpl
def render_cell(row, value, column, table, datasette):
    """Link facts to their evidence: the fact_id (in views and queries) and the sentence.

    In the facts table the fact_id cell is Datasette's link to the row, so the
    sentence cell carries the evidence link there.
    """
    if column == "fact_key" and not _links_key(row, table):
        return None
    if column in ("fact_id", "fact_key", "sentence") and isinstance(value, str) and value:
        fact_id = value if column in ("fact_id", "fact_key") else _row_fact_id(row)
        if fact_id:
            return Markup('<a href="{}" title="Show this figure in its article">{}</a>').format(
                _evidence_url(datasette, fact_id), value
            )
    if column in ("value", "value_max") and isinstance(value, float) and _row_fact_id(row):
        return _number_text(value)
    return None


def segments(text: str, marks: list[dict]) -> list[dict]:
    """Cut ``text`` where any mark starts or ends; each piece carries the marks covering it.

    A mark is ``{"start", "end", "cls"}`` with optional ``label`` (shown after the
    mark's last piece, displaCy style), ``href`` and ``id``.
    """
    n = len(text)
    marks = [
        {**m, "start": max(0, min(n, m["start"])), "end": max(0, min(n, m["end"]))}
        for m in marks
        if m.get("start") is not None and m.get("end") is not None
    ]
    marks = [m for m in marks if m["end"] > m["start"]]
    bounds = sorted({0, n, *(m["start"] for m in marks), *(m["end"] for m in marks)})
    pieces = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        covering = [m for m in marks if m["start"] <= a and b <= m["end"]]
        piece = {
            "text": text[a:b],
            "classes": " ".join(m["cls"] for m in covering),
            "labels": [m["label"] for m in covering if m.get("label") and m["end"] == b],
            "href": next((m["href"] for m in covering if m.get("href")), None),
            "id": next((m["id"] for m in covering if m.get("id") and m["start"] == a), None),
        }
        pieces.append(piece)
    return pieces


async def _dicts(db, sql: str, params: list) -> list[dict]:
    return [dict(row) for row in (await db.execute(sql, params)).rows]


async def _find_database(datasette, request):
    name = request.args.get("db")
    if name:
        if name not in datasette.databases:
            raise NotFound("No such database")
        return datasette.get_database(name)
    for db in datasette.databases.values():
        if db.name != "_internal" and await db.table_exists("facts"):
            return db
    raise NotFound("No database with a facts table")


def _period(fact: dict) -> str:
    y0, y1 = fact.get("year_from"), fact.get("year_to")
    parts = []
    if y0 is not None and y1 is not None and y0 != y1:
        parts.append(f"{y0}–{y1}")
    elif y0 is not None or y1 is not None:
        parts.append(str(y0 if y0 is not None else y1))
    if fact.get("per_year"):
        parts.append("per year")
    if fact.get("as_of"):
        parts.append(f"up to {fact['as_of']}")
    return ", ".join(parts) or "not stated"


async def _added_figure(db, key: str) -> list[dict]:
    """A figure only a reviewer gives, shaped like a facts row for the evidence page."""
    rows = await _dicts(db, "select * from facts_reviewed where fact_key = ? "
                            "and provenance = 'added'", [key])
    for row in rows:
        row.update(fact_id=key, added=True, rule=None)
        if row.get("sentence_start") is None and row.get("sentence"):
            text = await _dicts(db, "select text from articles where article_id = ?",
                                [row["article_id"]])
            at = (text[0]["text"] or "").find(row["sentence"]) if text else -1
            row["sentence_start"] = at if at >= 0 else None
        row["start"] = row["value_start"] if row["value_start"] is not None \
            else row["sentence_start"]
        row["end"] = row["value_end"] if row["value_end"] is not None else (
            None if row["sentence_start"] is None
            else row["sentence_start"] + len(row["sentence"] or ""))
    return rows


async def evidence(datasette, request):
    """The article of one fact, its sentence and number highlighted."""
    fact_id = tilde_decode(request.url_vars["fact_id"])
    db = await _find_database(datasette, request)
    await datasette.ensure_permissions(
        request.actor,
        [("view-table", (db.name, "facts")), ("view-database", db.name), "view-instance"],
    )
    rows = await _dicts(db, "select * from facts where fact_id = ?", [fact_id])
    reviewed = "review_status" in await db.view_names()
    if not rows and "fact_key" in await db.table_columns("facts"):
        rows = await _dicts(db, "select * from facts where fact_key = ?", [fact_id])
    if not rows and reviewed:
        rows = await _added_figure(db, fact_id)
    if not rows:
        raise NotFound(f"No fact {fact_id}")
    fact = rows[0]
    fact_id = fact["fact_id"]  # the page was asked for by key
    status = []
    if reviewed:
        where = "fact_key = ? and status = 'added'" if fact.get("added") else "fact_id = ?"
        status = await _dicts(db, f"select * from review_status where {where}",
                              [fact["fact_key" if fact.get("added") else "fact_id"]])
    article_rows = await _dicts(
        db, "select * from articles where article_id = ?", [fact["article_id"]]
    )
    article = article_rows[0] if article_rows else {"article_id": fact["article_id"], "text": ""}
    text = article.get("text") or ""
    others = await _dicts(
        db,
        "select fact_id, metric, value, value_max, qualifier, unit_level, unit_name, "
        "year_from, year_to, as_of, per_year, value_start, value_end "
        "from facts where article_id = ? order by start",
        [fact["article_id"]],
    )
    mentions = []
    if await db.table_exists("unit_mentions"):
        mentions = await _dicts(
            db,
            "select level, name, surface, start, end from unit_mentions "
            "where article_id = ? order by start",
            [fact["article_id"]],
        )
    directives = []
    if await db.table_exists("directives"):
        directives = await _dicts(
            db,
            "select kind, code, date, body, mention from directives "
            "where article_id = ? order by start",
            [fact["article_id"]],
        )

    sentence = fact.get("sentence") or ""
    s_start = fact.get("sentence_start")
    marks = []
    if s_start is not None and sentence:
        marks.append(
            {
                "start": s_start,
                "end": s_start + len(sentence),
                "cls": "ne-sentence",
                "id": "evidence",
            }
        )
    marks.append({"start": fact.get("start"), "end": fact.get("end"), "cls": "ne-span"})
    marks.append(
        {
            "start": fact.get("value_start"),
            "end": fact.get("value_end"),
            "cls": "ne-number",
            "label": fact["metric"],
        }
    )
    for other in others:
        if other["fact_id"] != fact_id:
            marks.append(
                {
                    "start": other["value_start"],
                    "end": other["value_end"],
                    "cls": "ne-other",
                    "label": other["metric"],
                    "href": _evidence_url(datasette, other["fact_id"]),
                }
            )
    for mention in mentions:
        marks.append(
            {
                "start": mention["start"],
                "end": mention["end"],
                "cls": "ne-unit",
                "label": mention["level"],
            }
        )

    config = _config(datasette)
    offsets_ok = (s_start is not None and text[s_start : s_start + len(sentence)] == sentence) or (
        fact.get("added") and s_start is None
    )
    number_text = text[fact.get("value_start") or 0 : fact.get("value_end") or 0]
    for other in others:
        other["href"] = _evidence_url(datasette, other["fact_id"])
        other["value_text"] = _number_text(other["value"])
        other["period"] = _period(other)
    context = {
        "fact": fact,
        "review": reviews.describe(fact, status[0] if status else None),
        "fact_value": _number_text(fact["value"]),
        "fact_value_max": _number_text(fact["value_max"])
        if fact.get("value_max") is not None
        else None,
        "metric_meaning": config.get("metrics", {}).get(fact["metric"], ""),
        "qualifier_words": config.get("qualifiers", {}).get(fact.get("qualifier") or "", ""),
        "period": _period(fact),
        "article": article,
        "pieces": segments(text, marks),
        "offsets_ok": offsets_ok,
        "number_text": number_text,
        "others": others,
        "directives": directives,
        "database": db.name,
        "fact_url": datasette.urls.row(db.name, "reviews", str(fact["review_id"]))
        if fact.get("added")
        else datasette.urls.row(db.name, "facts", tilde_encode(fact["fact_id"])),
        "article_url": datasette.urls.row(db.name, "articles", tilde_encode(article["article_id"])),
        "facts_query_url": datasette.urls.query(db.name, "facts_of_article")
        + "?article_id="
        + quote(article["article_id"], safe=""),
    }
    template = datasette.jinja_env.from_string(EVIDENCE_TEMPLATE.read_text(encoding="utf-8"))
    html = await datasette.render_template(template, context, request=request, view_name="evidence")
    return Response.html(html)


@hookimpl
def register_routes():
    return [
        (r"^/-/evidence/(?P<fact_id>.+)$", evidence),
        (r"^" + STATIC_ROUTE + r"(?P<path>.*)$", asgi_static(str(STATIC_DIR))),
    ]
