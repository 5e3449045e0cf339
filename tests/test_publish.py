"""Publishing: folded search, views, canned queries, the evidence page, read-only serving."""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import re
import subprocess
import sys

import pytest
import sqlite_utils

from browser_support import make_sample_db, sample_articles
from news_extract import store
from news_extract.model import Extraction, Fact
from news_extract.publish import (
    FTS_COLUMNS,
    FTS_TOKENIZE,
    build_datasette,
    load_metadata,
    prepare_database,
    serve,
)
from news_extract.publish.plugin import segments


@pytest.fixture
def db_path(tmp_path):
    return make_sample_db(tmp_path / "news.db")


@pytest.fixture
def db(db_path):
    database = sqlite_utils.Database(db_path)
    yield database
    database.close()


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    path = make_sample_db(tmp_path_factory.mktemp("publish") / "news.db")
    datasette = build_datasette(path)
    asyncio.run(datasette.invoke_startup())
    return datasette


def get(ds, path: str, **kwargs):
    return asyncio.run(ds.client.get(path, **kwargs))


def search(db, table: str, query: str) -> list[str]:
    pk = "article_id" if table == "articles" else "fact_id"
    sql = (f"select {pk} from [{table}] where rowid in "
           f"(select rowid from [{table}_fts] where [{table}_fts] match ?) order by {pk}")
    return [row[0] for row in db.execute(sql, [query]).fetchall()]


# Search: folded shadow columns and FTS5


def test_an_unaccented_query_finds_an_article_written_with_accents(db):
    assert "muong_hum" in search(db, "articles", "ket nap dang vien")


def test_an_unaccented_query_finds_the_fact_sentence(db):
    assert "muong_hum:f2" in search(db, "facts", '"chi tieu ket nap"')


def test_d_with_stroke_folds_to_d_in_the_shadow_column(db):
    assert db["articles"].get("muong_hum")["title_folded"].startswith("dang bo xa muong hum")


def test_sqlite_alone_does_not_fold_d_with_stroke(db):
    # Why the shadow columns exist: unicode61 keeps đ, so "dang" misses "Đảng" in the text.
    assert search(db, "articles", "text: dang") == []
    assert "muong_hum" in search(db, "articles", "text_folded: dang")


def test_preparing_twice_leaves_the_index_unchanged(db):
    before = search(db, "articles", "muong hum")
    prepare_database(db)
    assert search(db, "articles", "muong hum") == before
    indexed = db.execute("select count(*) from articles_fts_docsize").fetchone()[0]
    assert indexed == db["articles"].count


def test_a_rewritten_article_is_found_by_its_new_words_only(db):
    article, extraction = sample_articles()[0]
    new_text = "Năm 2024, Đảng bộ xã Sàng Ma Sáo kết nạp được 9 đảng viên."
    article = dataclasses.replace(article, text=new_text, source=new_text,
                                  offsets=list(range(len(new_text) + 1)), title="Sàng Ma Sáo")
    store.write_article(db, article, dataclasses.replace(extraction, facts=[], mentions=[]))
    prepare_database(db)
    assert search(db, "articles", "sang ma sao") == ["muong_hum"]
    assert "muong_hum" not in search(db, "articles", "bat xat")


def test_a_deleted_article_leaves_the_search_index(db):
    store.delete_article(db, "lao_cai")
    prepare_database(db)
    assert "lao_cai" not in search(db, "articles", "lao cai")


def test_an_in_place_edit_of_the_text_refreshes_its_folded_copy(db):
    db.execute("update articles set text = 'Đảng ủy phường Đông Kinh' where article_id = 'lao_cai'")
    db.conn.commit()
    prepare_database(db)
    assert db["articles"].get("lao_cai")["text_folded"] == "dang uy phuong dong kinh"
    assert search(db, "articles", "dong kinh") == ["lao_cai"]


def test_the_search_index_is_the_one_sqlite_utils_would_make(db):
    made = {r[0]: r[1] for r in db.execute(
        "select name, sql from sqlite_master where name like 'articles%' "
        "and type in ('table', 'trigger')")}
    db["articles"].disable_fts()
    db["articles"].enable_fts(FTS_COLUMNS["articles"], create_triggers=True,
                              tokenize=FTS_TOKENIZE)
    theirs = {r[0]: r[1] for r in db.execute(
        "select name, sql from sqlite_master where name like 'articles%' "
        "and type in ('table', 'trigger')")}
    assert made == theirs


def test_an_index_missing_its_triggers_is_made_again(db):
    db.execute("drop trigger articles_ai")
    prepare_database(db)
    store.write_article(db, *sample_articles()[0])
    assert "muong_hum" in search(db, "articles", "muong hum")


def test_a_run_does_not_import_pandas(tmp_path):
    code = ("import sys; from news_extract import cli; cli.main(sys.argv[1:]); "
            "assert 'pandas' not in sys.modules, 'pandas was imported'")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Năm 2024, xã Tân Lập kết nạp 5 đảng viên.", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", code, "run", str(corpus), "--out",
                           str(tmp_path / "n.db"), "--quiet", "--workers", "0"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# Views


def unit_year(db, name: str, year: int) -> dict:
    rows = list(db.query("select * from unit_year where name = ? and year = ?", [name, year]))
    assert len(rows) == 1
    return rows[0]


def test_unit_year_puts_target_and_admitted_of_a_unit_on_one_row(db):
    row = unit_year(db, "Lào Cai", 2023)
    assert (row["level"], row["target"], row["admitted"]) == ("tỉnh", 1200, 1302)


def test_unit_year_computes_completion_when_no_article_states_it(db):
    row = unit_year(db, "Lào Cai", 2022)
    assert (row["completion_pct"], row["completion_source"]) == (110.4, "computed")


def test_unit_year_keeps_the_completion_an_article_states(db):
    row = unit_year(db, "Mường Hum", 2023)
    assert (row["completion_pct"], row["completion_source"]) == (120.0, "article")


def test_unit_year_counts_a_figure_reported_by_two_articles_once(db):
    row = unit_year(db, "Mường Hum", 2023)
    assert (row["admitted"], row["n_articles"]) == (18, 2)


def test_unit_year_leaves_out_a_target_for_a_whole_term(db):
    years = [r["year"] for r in db.query("select year from unit_year where name = 'Lào Cai'")]
    assert sorted(years) == [2022, 2023]


def test_facts_in_context_reads_a_term_as_a_period_without_a_single_year(db):
    row = next(db.query("select year, period from facts_in_context where value = 6000"))
    assert row == {"year": None, "period": "2020-2025"}


def test_directive_citations_counts_articles_and_their_first_and_last_dates(db):
    row = next(db.query("select * from directive_citations where code = '28-CT/TW'"))
    assert (row["n_articles"], row["first_published"], row["last_published"], row["body"]) == (
        2, "2024-01-10", "2024-03-15", "Ban Bí thư")


# Metadata


def test_the_metadata_describes_every_table_of_the_schema():
    tables = load_metadata()["databases"]["news"]["tables"]
    for name in ("articles", "facts", "directives", "units", "unit_mentions", "runs", "problems",
                 "unit_year", "directive_citations"):
        assert tables[name]["description"], name


def test_a_database_of_another_name_gets_the_same_description():
    metadata = load_metadata("corpus2024")
    assert "corpus2024" in metadata["databases"]
    assert 'href="corpus2024/facts_in_context"' in metadata["description_html"]


def test_the_metadata_explains_each_metric_of_the_facts():
    metric = load_metadata()["databases"]["news"]["tables"]["facts"]["columns"]["metric"]
    for name in ("admitted", "target", "members", "completion_pct"):
        assert name in metric


# Datasette pages


def test_the_index_page_shows_the_packaged_title(ds):
    response = get(ds, "/")
    assert "<h1>Party-member recruitment in Vietnamese news</h1>" in response.text


def test_the_articles_search_box_finds_unaccented_words(ds):
    rows = get(ds, "/news/articles.json", params={"_search": "Muong Hum", "_shape": "array"}).json()
    assert {r["article_id"] for r in rows} == {"muong_hum", "injection"}


def test_the_facts_table_offers_its_facets(ds):
    facets = get(ds, "/news/facts.json").json()["facet_results"]
    assert {"metric", "unit_level", "year_from", "qualifier"} <= set(facets)


def test_target_vs_admitted_lists_a_province_by_unit_and_year_without_accents(ds):
    rows = get(ds, "/news/target_vs_admitted.json",
               params={"province": "Lao Cai", "unit": "", "_shape": "array"}).json()
    assert [(r["unit"], r["year"], r["target"], r["admitted"]) for r in rows] == [
        ("Lào Cai", 2022, 1100, 1214), ("Lào Cai", 2023, 1200, 1302),
        ("Mường Hum", 2023, 15, 18),
    ]


def test_the_chart_query_gives_one_row_per_year_and_series(ds):
    rows = get(ds, "/news/target_vs_admitted_chart.json",
               params={"province": "Lào Cai", "unit": "", "_shape": "array"}).json()
    assert rows == [
        {"year": 2022, "series": "admitted", "value": 1214},
        {"year": 2022, "series": "target", "value": 1100},
        {"year": 2023, "series": "admitted", "value": 1302},
        {"year": 2023, "series": "target", "value": 1200},
    ]


def test_the_chart_of_a_city_of_province_rank_shows_the_city_as_a_whole(db_path):
    text = "Năm 2023, Đảng bộ thành phố Cần Thơ kết nạp được 1.530 đảng viên."
    article, _ = sample_articles()[0]
    article = dataclasses.replace(article, article_id="can_tho", text=text, source=text,
                                  offsets=list(range(len(text) + 1)), province="Cần Thơ")
    fact = Fact(metric="admitted", value=1530, unit_level="thành phố", unit_name="Cần Thơ",
                year_from=2023, year_to=2023, sentence=text, start=10, end=len(text),
                value_start=text.index("1.530"), value_end=text.index("1.530") + 5)
    db = store.open_db(db_path)
    store.write_article(db, article, Extraction(facts=[fact], province="Cần Thơ"))
    prepare_database(db)
    db.close()
    city = build_datasette(db_path)
    rows = get(city, "/news/target_vs_admitted_chart.json",
               params={"province": "Can Tho", "unit": "", "_shape": "array"}).json()
    assert rows == [{"year": 2023, "series": "admitted", "value": 1530}]


def test_the_chart_page_preselects_a_line_chart_for_datasette_vega(ds):
    html = get(ds, "/news/target_vs_admitted_chart", params={"province": "Lào Cai"}).text
    assert "g.mark=line" in html
    assert "datasette_vega" in html


def test_articles_citing_a_directive_include_bare_citations_of_its_number(ds):
    rows = get(ds, "/news/articles_citing_directive.json",
               params={"code": "28-CT/TW", "_shape": "array"}).json()
    assert [(r["article_id"], r["matched_on"]) for r in rows] == [
        ("muong_hum", "full code"), ("lao_cai", "number only"), ("injection", "full code")]


def test_facts_of_an_article_come_in_reading_order(ds):
    rows = get(ds, "/news/facts_of_article.json",
               params={"article_id": "muong_hum", "_shape": "array"}).json()
    assert [r["metric"] for r in rows] == ["admitted", "completion_pct", "target"]


def test_fact_sentences_link_to_their_evidence_page(ds):
    html = get(ds, "/news/facts").text
    assert 'href="/-/evidence/muong_hum~3Af0"' in html


def test_the_evidence_link_of_a_fact_opens_its_page(ds):
    assert get(ds, "/-/evidence/muong_hum~3Af0").status_code == 200


def test_counts_show_without_a_decimal_point(ds):
    html = get(ds, "/news/facts", params={"fact_id": "lao_cai:f0"}).text
    assert re.search(r'class="col-value type-float">1214<', html)


# The evidence page


def test_the_evidence_page_marks_the_sentence_and_the_number(ds):
    html = get(ds, "/-/evidence/lao_cai:f2").text
    assert '<span class="ne-sentence" id="evidence">Năm 2023, ' in html
    assert re.search(r'<span class="ne-sentence ne-span ne-number">1\.302</span>', html)


def test_the_evidence_page_labels_units_like_displacy(ds):
    html = get(ds, "/-/evidence/muong_hum:f0").text
    assert re.search(r'Mường Hum</span><span class="ne-label">xã</span>', html)


def test_the_evidence_page_escapes_markup_from_the_article(ds):
    html = get(ds, "/-/evidence/injection:f0").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "<b>Tin</b>" not in html


def test_an_unknown_fact_has_no_evidence_page(ds):
    assert get(ds, "/-/evidence/nothing:f9").status_code == 404


def test_segments_cut_overlapping_marks_without_losing_text():
    text = "kết nạp được 18 đảng viên"
    pieces = segments(text, [{"start": 0, "end": 25, "cls": "s"},
                             {"start": 13, "end": 15, "cls": "n", "label": "admitted"},
                             {"start": 40, "end": 50, "cls": "outside"}])
    assert "".join(p["text"] for p in pieces) == text
    assert [(p["text"], p["classes"], p["labels"]) for p in pieces] == [
        ("kết nạp được ", "s", []), ("18", "s n", ["admitted"]), (" đảng viên", "s", [])]


# Read-only


def test_the_database_is_served_immutable(ds):
    assert ds.get_database("news").is_mutable is False


def test_writing_sql_is_refused(ds):
    response = get(ds, "/news.json", params={"sql": "delete from facts"})
    assert response.status_code == 400
    rows = get(ds, "/news.json", params={"sql": "select count(*) as n from facts",
                                         "_shape": "array"}).json()
    assert rows == [{"n": 9}]


def test_a_post_to_a_table_is_refused(ds):
    response = asyncio.run(ds.client.post("/news/facts", data={"metric": "target"}))
    assert response.status_code >= 400


def test_serve_listens_on_loopback_unless_told_otherwise():
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
