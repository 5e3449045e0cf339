"""CSV export: one file per table and view, UTF-8, a BOM for Excel."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from browser_support import make_sample_db
from news_extract.cli import main
from news_extract.export import export_csv

BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return make_sample_db(tmp_path_factory.mktemp("export") / "news.db")


def read_rows(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_export_writes_one_csv_per_table_and_view(db_path, tmp_path):
    names = {p.name for p in export_csv(db_path, tmp_path)}
    expected = {"articles.csv", "facts.csv", "directives.csv", "units.csv", "unit_mentions.csv",
                "runs.csv", "problems.csv", "unit_year.csv", "directive_citations.csv",
                "facts_in_context.csv"}
    assert expected <= names
    assert names == {p.name for p in tmp_path.glob("*.csv")}


def test_export_leaves_out_the_search_index(db_path, tmp_path):
    names = {p.stem for p in export_csv(db_path, tmp_path)}
    assert not any(name.startswith(("articles_fts", "facts_fts")) for name in names)


def test_export_leaves_out_the_folded_search_columns(db_path, tmp_path):
    export_csv(db_path, tmp_path)
    header = (tmp_path / "articles.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "text" in header.split(",")
    assert "text_folded" not in header


def test_an_excel_export_starts_with_a_byte_order_mark(db_path, tmp_path):
    export_csv(db_path, tmp_path, excel=True)
    assert (tmp_path / "facts.csv").read_bytes().startswith(BOM)


def test_a_plain_export_is_utf8_without_a_byte_order_mark(db_path, tmp_path):
    export_csv(db_path, tmp_path)
    data = (tmp_path / "units.csv").read_bytes()
    assert not data.startswith(BOM)
    assert "Mường Hum" in data.decode("utf-8")


def test_counts_are_written_as_whole_numbers(db_path, tmp_path):
    export_csv(db_path, tmp_path)
    values = {r["fact_id"]: r["value"] for r in read_rows(tmp_path / "facts.csv")}
    assert values["lao_cai:f0"] == "1214"


def test_an_article_text_with_commas_and_quotes_round_trips(db_path, tmp_path):
    export_csv(db_path, tmp_path)
    rows = {r["article_id"]: r for r in read_rows(tmp_path / "articles.csv")}
    assert rows["injection"]["text"].startswith("Bản tin <script>alert('x')</script> của xã")


def test_the_export_command_prints_each_file_it_writes(db_path, tmp_path):
    result = CliRunner().invoke(main, ["export", "--db", str(db_path), "--out", str(tmp_path),
                                       "--excel"])
    assert result.exit_code == 0, result.output
    assert str(tmp_path / "unit_year.csv") in result.output.splitlines()
