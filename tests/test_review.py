"""Reviews: sheets out and back, decisions kept by stable key across every re-run.

The extractor is a small stub with "rules" a test can change (and a rules
fingerprint that changes with them, which is what makes the pipeline read a
file again), so these tests never depend on the real extraction rules. The
articles are written for these tests, modelled on provincial news about
party-member recruitment.
"""

from __future__ import annotations

import asyncio
import csv
import json
import re
import sqlite3
from dataclasses import dataclass, field

import pytest
from click.testing import CliRunner
from datasette.utils import tilde_encode

from news_extract import cli, pipeline, review
from news_extract.evaluate import evaluate_reviews, format_reviews_report
from news_extract.model import Extraction, Fact
from news_extract.publish import build_datasette, load_metadata

TAN_LAP = (
    "Đảng bộ xã Tân Lập, huyện Yên Lập, tỉnh Phú Thọ hiện có 320 đảng viên. "
    "Năm 2023, Đảng bộ xã kết nạp được 12 đảng viên mới. "
    "Huyện ủy giao chỉ tiêu kết nạp 10 đảng viên.\n"
)
MUONG_HUM = (
    "Năm 2024, Đảng bộ xã Mường Hum, huyện Bát Xát, tỉnh Lào Cai kết nạp được 8 đảng viên. "
    "Xã phấn đấu năm sau vượt chỉ tiêu kết nạp 9 đảng viên.\n"
)

# --- a stub extractor whose rules a test can change -------------------------------------------


@dataclass
class Rules:
    """What the stub reads: which phrase gives which metric, and where a year comes from."""

    version: int = 1
    metrics: dict = field(default_factory=lambda: {
        "kết nạp được": "admitted", "chỉ tiêu kết nạp": "target", "hiện có": "members"})
    unit_level: str = "xã"
    year_from_article: bool = False  # v1 takes a year only from the figure's own sentence

    def extract(self, text: str, **_) -> Extraction:
        phrases = "|".join(map(re.escape, self.metrics))
        province = re.search(r"tỉnh (\w+ \w+)", text)
        unit = re.search(r"xã ([A-ZĐ]\w* [A-ZĐ]\w*)", text)
        first_year = re.search(r"Năm (\d{4})", text)
        facts = []
        for found in re.finditer(rf"({phrases}) (\d+) đảng viên", text):
            start = text.rfind(". ", 0, found.start())
            start = 0 if start == -1 else start + 2
            end = text.find(".", found.end()) + 1
            sentence = text[start:end]
            year = re.search(r"Năm (\d{4})", sentence) or (
                first_year if self.year_from_article else None)
            year = int(year.group(1)) if year else None
            facts.append(Fact(
                self.metrics[found.group(1)], int(found.group(2)),
                unit_level=self.unit_level if unit else None,
                unit_name=unit.group(1) if unit else None, year_from=year, year_to=year,
                sentence=sentence, sentence_start=start, start=found.start(), end=found.end(),
                value_start=found.start(2), value_end=found.end(2), rule=f"stub-v{self.version}"))
        return Extraction(facts=facts, province=province.group(1) if province else None)


@pytest.fixture
def rules(monkeypatch):
    rules = Rules()
    monkeypatch.setattr(pipeline, "extract", lambda text, **kw: rules.extract(text, **kw))
    # The pipeline reads a file again when the rules' fingerprint changes.
    monkeypatch.setattr(pipeline, "fingerprint", lambda max_bytes: f"stub-rules-v{rules.version}")
    return rules


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "tan_lap.txt").write_text(TAN_LAP, encoding="utf-8")
    (folder / "muong_hum.txt").write_text(MUONG_HUM, encoding="utf-8")
    return folder


@pytest.fixture
def db(tmp_path, corpus, rules):
    path = tmp_path / "news.db"
    run(corpus, path)
    return path


# --- helpers ----------------------------------------------------------------------------------


def run(corpus, db_path, **options):
    return pipeline.run(corpus, db_path, workers=0, **options)


def query(db_path, sql: str, *args) -> list[dict]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, args)]
    finally:
        conn.close()


def export(db_path, tmp_path, name: str = "review.csv", **filters) -> list[dict]:
    path = tmp_path / name
    review.export_sheet(db_path, path, **filters)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def row_of(rows: list[dict], article_id: str, metric: str) -> dict:
    (found,) = [r for r in rows if r["article_id"] == article_id and r["metric"] == metric]
    return found


def blank_row(**cells) -> dict:
    return {**dict.fromkeys(review.SHEET_COLUMNS, ""), **cells}


def write_sheet(path, rows: list[dict], columns=review.SHEET_COLUMNS, *, delimiter=",",
                encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), delimiter=delimiter,
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def apply(db_path, tmp_path, rows: list[dict], name: str = "decided.csv", **kwargs):
    return review.apply_sheet(db_path, write_sheet(tmp_path / name, rows), reviewer="Lan",
                              **kwargs)


def reviewed(db_path) -> dict[tuple[str, str], dict]:
    """facts_reviewed by (article, metric)."""
    return {(r["article_id"], r["metric"]): r
            for r in query(db_path, "select * from facts_reviewed")}


def status(db_path) -> dict[str, dict]:
    return {r["fact_key"]: r for r in query(db_path, "select * from review_status")}


def first_review(db, tmp_path) -> dict[str, str]:
    """Decide a sheet of both articles: ok, wrong, fix and add; the keys decided on."""
    rows = export(db, tmp_path)
    admitted = row_of(rows, "tan_lap", "admitted")
    target = row_of(rows, "tan_lap", "target")
    wrong = row_of(rows, "muong_hum", "target")
    admitted["decision"] = "ok"
    target.update(decision="fix", period="2023", note="năm của chỉ tiêu")
    wrong["decision"] = "wrong"
    added = blank_row(article_id="muong_hum", metric="members", value="210", unit_level="xã",
                      unit_name="Mường Hum", period="2024", decision="add")
    apply(db, tmp_path, [*rows, added])
    return {"ok": admitted["key"], "fix": target["key"], "wrong": wrong["key"]}


# --- export -----------------------------------------------------------------------------------


def test_the_sheet_lists_every_figure_with_its_number_marked_and_no_decision(db, tmp_path):
    rows = export(db, tmp_path)
    assert len(rows) == 5
    admitted = row_of(rows, "tan_lap", "admitted")
    assert admitted["sentence"] == "Năm 2023, Đảng bộ xã kết nạp được [[12]] đảng viên mới."
    assert (admitted["value"], admitted["unit_level"], admitted["unit_name"],
            admitted["period"], admitted["province"]) == ("12", "xã", "Tân Lập", "2023", "Phú Thọ")
    assert all(r["decision"] == "" and r["note"] == "" for r in rows)


def test_a_sheet_key_is_the_text_hash_the_metric_and_the_offsets_of_the_number(db, tmp_path):
    key = row_of(export(db, tmp_path), "tan_lap", "admitted")["key"]
    sha = query(db, "select text_sha256 from articles where article_id = 'tan_lap'")[0]
    start = TAN_LAP.index("12 đảng viên")
    assert key == f"{sha['text_sha256'][:16]}:admitted:{start}-{start + 2}"


def test_an_excel_sheet_starts_with_a_byte_order_mark(db, tmp_path):
    review.export_sheet(db, tmp_path / "excel.csv", excel=True)
    review.export_sheet(db, tmp_path / "plain.csv")
    assert (tmp_path / "excel.csv").read_bytes().startswith(b"\xef\xbb\xbfkey,")
    assert (tmp_path / "plain.csv").read_bytes().startswith(b"key,")


def test_a_province_filter_ignores_accents(db, tmp_path):
    rows = export(db, tmp_path, province="lao cai")
    assert {r["article_id"] for r in rows} == {"muong_hum"} and len(rows) == 2


def test_a_metric_filter_keeps_only_that_metric(db, tmp_path):
    rows = export(db, tmp_path, metric="target")
    assert sorted(r["value"] for r in rows) == ["10", "9"]


def test_a_where_filter_is_an_sql_condition_on_the_figures(db, tmp_path):
    rows = export(db, tmp_path, where="value >= 10 and unit_name = 'Tân Lập'")
    assert sorted(r["value"] for r in rows) == ["10", "12", "320"]


def test_a_sheet_leaves_out_figures_already_reviewed_unless_all_are_asked_for(db, tmp_path):
    first_review(db, tmp_path)
    assert {r["metric"] for r in export(db, tmp_path, "again.csv")} == {"members", "admitted"}
    everything = export(db, tmp_path, "all.csv", include_reviewed=True)
    shown = {(r["article_id"], r["metric"]): r["reviewed"] for r in everything}
    assert shown == {("tan_lap", "members"): "", ("tan_lap", "admitted"): "confirmed",
                     ("tan_lap", "target"): "corrected", ("muong_hum", "admitted"): "",
                     ("muong_hum", "target"): "rejected", ("muong_hum", "members"): "added"}


def test_a_database_written_before_reviews_existed_gets_its_keys_on_export(db, tmp_path):
    keys = {r["fact_key"] for r in query(db, "select fact_key from facts")}
    conn = sqlite3.connect(db)
    for (view,) in conn.execute("select name from sqlite_master where type = 'view'").fetchall():
        conn.execute(f"drop view [{view}]")
    conn.execute("drop index idx_facts_fact_key")
    conn.execute("alter table facts drop column fact_key")
    conn.execute("drop table reviews")
    conn.commit()
    conn.close()
    assert {r["key"] for r in export(db, tmp_path)} == keys


# --- apply: the round trip --------------------------------------------------------------------


def test_an_undecided_sheet_applies_nothing(db, tmp_path):
    result = apply(db, tmp_path, export(db, tmp_path))
    assert sum(result.decisions.values()) == 0 and result.undecided == 5
    assert query(db, "select count(*) as n from reviews")[0]["n"] == 0


def test_ok_confirms_a_figure_as_extracted(db, tmp_path):
    keys = first_review(db, tmp_path)
    fact = reviewed(db)[("tan_lap", "admitted")]
    assert (fact["provenance"], fact["value"], fact["decision"]) == ("confirmed", 12, "ok")
    assert status(db)[keys["ok"]]["status"] == "attached"


def test_wrong_leaves_a_figure_out_of_facts_reviewed_but_not_out_of_facts(db, tmp_path):
    keys = first_review(db, tmp_path)
    assert ("muong_hum", "target") not in reviewed(db)
    assert query(db, "select value from facts where fact_key = ?", keys["wrong"]) == [
        {"value": 9}]


def test_fix_replaces_the_values_changed_and_records_old_and_new(db, tmp_path):
    keys = first_review(db, tmp_path)
    fact = reviewed(db)[("tan_lap", "target")]
    assert (fact["provenance"], fact["year_from"], fact["year_to"]) == ("corrected", 2023, 2023)
    (row,) = query(db, "select * from reviews where fact_key = ?", keys["fix"])
    assert row["changed"] == "period" and row["note"] == "năm của chỉ tiêu"
    assert json.loads(row["old"])["year_from"] is None
    assert json.loads(row["new"])["year_from"] == 2023


def test_add_puts_a_missed_figure_into_facts_reviewed(db, tmp_path):
    first_review(db, tmp_path)
    fact = reviewed(db)[("muong_hum", "members")]
    assert (fact["provenance"], fact["fact_id"], fact["value"], fact["unit_name"],
            fact["year_from"]) == ("added", None, 210, "Mường Hum", 2024)
    assert fact["unit_id"] == reviewed(db)[("muong_hum", "admitted")]["unit_id"]


def test_unreviewed_figures_keep_the_provenance_extracted(db, tmp_path):
    first_review(db, tmp_path)
    assert reviewed(db)[("tan_lap", "members")]["provenance"] == "extracted"
    assert reviewed(db)[("muong_hum", "admitted")]["provenance"] == "extracted"


def test_a_review_records_its_reviewer_time_and_the_sheet_line_it_came_from(db, tmp_path):
    rows = export(db, tmp_path)
    row_of(rows, "muong_hum", "admitted")["decision"] = "ok"
    apply(db, tmp_path, rows)
    line = 2 + rows.index(row_of(rows, "muong_hum", "admitted"))
    (row,) = query(db, "select reviewer, sheet, reviewed from reviews")
    assert row["reviewer"] == "Lan" and row["sheet"] == f"decided.csv:{line}"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", row["reviewed"])


def test_the_summary_counts_decisions_by_kind(db, tmp_path):
    rows = export(db, tmp_path)
    row_of(rows, "tan_lap", "admitted")["decision"] = "ok"
    row_of(rows, "tan_lap", "target")["decision"] = "wrong"
    result = apply(db, tmp_path, rows)
    assert result.decisions == {"ok": 1, "wrong": 1, "fix": 0, "add": 0}
    assert result.undecided == 3 and result.orphaned == 0


def test_vietnamese_decision_words_are_understood(db, tmp_path):
    rows = export(db, tmp_path)
    row_of(rows, "tan_lap", "admitted")["decision"] = "Đúng"
    row_of(rows, "tan_lap", "target")["decision"] = "sai"
    row_of(rows, "tan_lap", "members").update(decision="sửa", value="322")
    result = apply(db, tmp_path, rows)
    assert result.decisions == {"ok": 1, "wrong": 1, "fix": 1, "add": 0}


def test_a_sheet_saved_by_excel_with_a_bom_and_semicolons_applies(db, tmp_path):
    review.export_sheet(db, tmp_path / "excel.csv", excel=True)
    with (tmp_path / "excel.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    row_of(rows, "tan_lap", "admitted")["decision"] = "ok"
    path = write_sheet(tmp_path / "semicolons.csv", rows, delimiter=";", encoding="utf-8-sig")
    assert review.apply_sheet(db, path, reviewer="Lan").decisions["ok"] == 1
    assert reviewed(db)[("tan_lap", "admitted")]["provenance"] == "confirmed"


def test_the_latest_decision_on_a_figure_is_the_one_in_force_and_both_are_kept(db, tmp_path):
    rows = export(db, tmp_path)
    row_of(rows, "tan_lap", "members")["decision"] = "wrong"
    apply(db, tmp_path, rows, "first.csv")
    again = export(db, tmp_path, "again.csv", include_reviewed=True)
    row_of(again, "tan_lap", "members").update(decision="fix", value="322")
    apply(db, tmp_path, again, "second.csv")
    fact = reviewed(db)[("tan_lap", "members")]
    assert (fact["provenance"], fact["value"]) == ("corrected", 322)
    key = row_of(again, "tan_lap", "members")["key"]
    assert status(db)[key]["n_reviews"] == 2
    assert [r["decision"] for r in query(db, "select decision from reviews order by review_id")
            ] == ["wrong", "fix"]


def test_a_fixed_unit_moves_the_figure_to_that_units_yearly_series(db, tmp_path):
    rows = export(db, tmp_path)
    row_of(rows, "tan_lap", "admitted").update(decision="fix", unit_level="huyện",
                                               unit_name="Yên Lập")
    apply(db, tmp_path, rows)
    series = {(r["level"], r["name"], r["year"]): r["admitted"]
              for r in query(db, "select * from unit_year")}
    assert series[("huyện", "Yên Lập", 2023)] == 12
    assert ("xã", "Tân Lập", 2023) not in series


def test_the_yearly_series_reads_the_facts_as_reviewed(db, tmp_path):
    first_review(db, tmp_path)
    series = {(r["name"], r["year"]): r for r in query(db, "select * from unit_year")}
    tan_lap, muong_hum = series[("Tân Lập", 2023)], series[("Mường Hum", 2024)]
    assert (tan_lap["target"], tan_lap["admitted"], tan_lap["completion_pct"]) == (10, 12, 120.0)
    assert (muong_hum["members"], muong_hum["target"], muong_hum["n_reviewed"]) == (210, None, 1)


def test_an_added_figure_marked_in_its_sentence_gets_the_offsets_of_its_number(db, tmp_path):
    sentence = "Xã phấn đấu năm sau vượt chỉ tiêu kết nạp [[9]] đảng viên."
    apply(db, tmp_path, [blank_row(article_id="muong_hum", metric="admitted", value="9",
                                   sentence=sentence, decision="add")])
    start = MUONG_HUM.index("9 đảng viên")
    (row,) = query(db, "select value_start, value_end, fact_key from reviews")
    assert (row["value_start"], row["value_end"]) == (start, start + 1)
    assert row["fact_key"].endswith(f":admitted:{start}-{start + 1}")


def test_an_added_figure_may_give_the_offsets_of_its_number_in_columns(db, tmp_path):
    start = MUONG_HUM.index("8 đảng viên")
    added = blank_row(article_id="muong_hum", metric="target", value="8", decision="add",
                      value_start=str(start), value_end=str(start + 1))
    path = write_sheet(tmp_path / "offsets.csv", [added],
                       [*review.SHEET_COLUMNS, "value_start", "value_end"])
    review.apply_sheet(db, path, reviewer="Lan")
    fact = reviewed(db)[("muong_hum", "target")]
    assert fact["provenance"] == "added" and fact["value_start"] == start
    assert fact["sentence"].startswith("Năm 2024, Đảng bộ xã Mường Hum")


def test_an_addition_marked_wrong_later_is_withdrawn(db, tmp_path):
    first_review(db, tmp_path)
    rows = export(db, tmp_path, "all.csv", include_reviewed=True)
    added = row_of(rows, "muong_hum", "members")
    added["decision"] = "wrong"
    apply(db, tmp_path, [added], "withdraw.csv")
    assert ("muong_hum", "members") not in reviewed(db)
    assert status(db)[added["key"]]["status"] == "withdrawn"


# --- re-runs: reviews re-attach by key --------------------------------------------------------


def test_reviews_reattach_after_a_rerun_with_changed_rules(db, tmp_path, corpus, rules):
    keys = first_review(db, tmp_path)
    rules.version, rules.year_from_article = 2, True
    summary = run(corpus, db)
    assert summary.files_unchanged == 0 and summary.articles_written == 2  # read again
    assert query(db, "select distinct rule from facts") == [{"rule": "stub-v2"}]
    assert {status(db)[k]["status"] for k in keys.values()} == {"attached"}
    assert reviewed(db)[("tan_lap", "admitted")]["provenance"] == "confirmed"
    assert ("muong_hum", "target") not in reviewed(db)


def test_a_rerun_with_the_same_rules_reads_nothing_and_keeps_the_reviews(db, tmp_path, corpus):
    keys = first_review(db, tmp_path)
    assert run(corpus, db).files_unchanged == 2
    assert {status(db)[k]["status"] for k in keys.values()} == {"attached"}


def test_reviews_follow_their_figure_when_new_rules_renumber_the_facts(db, tmp_path, corpus,
                                                                      rules):
    keys = first_review(db, tmp_path)
    (before,) = query(db, "select fact_id from facts where fact_key = ?", keys["fix"])
    rules.version = 2
    del rules.metrics["hiện có"]  # the first figure of tan_lap is no longer read
    run(corpus, db)
    (after,) = query(db, "select fact_id from facts where fact_key = ?", keys["fix"])
    assert (before["fact_id"], after["fact_id"]) == ("tan_lap:f2", "tan_lap:f1")
    fact = reviewed(db)[("tan_lap", "target")]
    assert (fact["fact_id"], fact["provenance"], fact["year_from"]) == (
        "tan_lap:f1", "corrected", 2023)


def test_a_figure_marked_wrong_stays_out_after_a_rerun(db, tmp_path, corpus, rules):
    first_review(db, tmp_path)
    rules.version = 2
    run(corpus, db)
    assert query(db, "select count(*) as n from facts where metric = 'target' "
                     "and article_id = 'muong_hum'")[0]["n"] == 1
    assert ("muong_hum", "target") not in reviewed(db)


def test_a_correction_stays_applied_when_new_rules_still_get_it_wrong(db, tmp_path, corpus, rules):
    keys = first_review(db, tmp_path)
    rules.version, rules.unit_level = 2, "phường"
    run(corpus, db)
    assert reviewed(db)[("tan_lap", "target")]["year_from"] == 2023
    confirmed = reviewed(db)[("tan_lap", "admitted")]
    # The reviewer confirmed 'xã'; the new rules say 'phường': the reviewer's values hold.
    assert (confirmed["unit_level"], confirmed["provenance"]) == ("xã", "corrected")
    assert status(db)[keys["ok"]]["status"] == "attached"


def test_a_correction_the_new_rules_agree_with_becomes_confirmed(db, tmp_path, corpus, rules):
    first_review(db, tmp_path)
    rules.version, rules.year_from_article = 2, True
    run(corpus, db)
    fact = reviewed(db)[("tan_lap", "target")]
    assert (fact["provenance"], fact["year_from"]) == ("confirmed", 2023)


def test_a_metric_fix_reattaches_when_the_rules_come_to_read_that_metric(db, tmp_path, corpus,
                                                                        rules):
    rows = export(db, tmp_path)
    target = row_of(rows, "muong_hum", "target")
    target.update(decision="fix", metric="admitted")
    apply(db, tmp_path, rows)
    key = target["key"]
    rules.version = 2
    rules.metrics = {**rules.metrics, "chỉ tiêu kết nạp": "admitted"}
    run(corpus, db)
    assert status(db)[key]["status"] == "attached"
    facts = [r for r in query(db, "select * from facts_reviewed where article_id = 'muong_hum'")
             if r["value"] == 9]
    assert [(f["metric"], f["provenance"]) for f in facts] == [("admitted", "confirmed")]


def test_an_added_figure_the_new_rules_read_counts_as_now_extracted(db, tmp_path, corpus, rules):
    sentence = "Đảng bộ xã Tân Lập, huyện Yên Lập, tỉnh Phú Thọ hiện có [[320]] đảng viên."
    rules.metrics.pop("hiện có")
    rules.version = 2
    run(corpus, db)
    apply(db, tmp_path, [blank_row(article_id="tan_lap", metric="members", value="320",
                                   unit_level="xã", unit_name="Tân Lập", sentence=sentence,
                                   decision="add")])
    assert evaluate_reviews(db)["added"] == {"still_missed": 1, "now_extracted": 0}
    rules.version, rules.metrics["hiện có"] = 3, "members"
    run(corpus, db)
    assert evaluate_reviews(db)["added"] == {"still_missed": 0, "now_extracted": 1}
    assert [r["provenance"] for r in query(db, "select * from facts_reviewed "
                                               "where metric = 'members'")] == ["confirmed"]


# --- orphaned reviews -------------------------------------------------------------------------


def test_a_review_whose_article_text_changed_is_kept_as_orphaned(db, tmp_path, corpus):
    keys = first_review(db, tmp_path)
    (corpus / "tan_lap.txt").write_text(TAN_LAP.replace("12", "13"), encoding="utf-8")
    run(corpus, db)
    orphan = status(db)[keys["ok"]]
    assert orphan["status"] == "orphaned"
    assert orphan["why"] == "the article's text changed or it was removed"
    assert query(db, "select count(*) as n from reviews")[0]["n"] == 4
    assert reviewed(db)[("tan_lap", "admitted")]["provenance"] == "extracted"


def test_a_review_of_a_figure_no_rule_reads_any_more_is_kept_as_orphaned(db, tmp_path, corpus,
                                                                       rules):
    keys = first_review(db, tmp_path)
    rules.version = 2
    del rules.metrics["chỉ tiêu kết nạp"]
    run(corpus, db)
    assert status(db)[keys["fix"]]["status"] == "orphaned"
    assert status(db)[keys["fix"]]["why"] == "no rule reads this figure any more"
    assert status(db)[keys["ok"]]["status"] == "attached"


def test_a_review_of_a_removed_article_is_kept_as_orphaned(db, tmp_path, corpus):
    keys = first_review(db, tmp_path)
    (corpus / "tan_lap.txt").unlink()
    run(corpus, db, prune=True)
    assert status(db)[keys["ok"]]["status"] == "orphaned"
    assert status(db)[keys["ok"]]["article_id"] == "tan_lap"


def test_an_orphaned_review_reattaches_when_the_text_comes_back(db, tmp_path, corpus):
    keys = first_review(db, tmp_path)
    (corpus / "tan_lap.txt").write_text(TAN_LAP.replace("12", "13"), encoding="utf-8")
    run(corpus, db)
    (corpus / "tan_lap.txt").write_text(TAN_LAP, encoding="utf-8")
    run(corpus, db)
    assert status(db)[keys["fix"]]["status"] == "attached"
    assert reviewed(db)[("tan_lap", "target")]["year_from"] == 2023


def test_applying_a_sheet_counts_the_orphaned_reviews(db, tmp_path, corpus):
    first_review(db, tmp_path)
    (corpus / "tan_lap.txt").write_text(TAN_LAP.replace("12", "13"), encoding="utf-8")
    run(corpus, db)
    rows = export(db, tmp_path, "later.csv")
    row_of(rows, "muong_hum", "admitted")["decision"] = "ok"
    result = apply(db, tmp_path, rows, "later.csv")
    assert result.orphaned == 2 and "2 orphaned reviews" in result.line()


def test_a_sheet_naming_an_orphaned_figure_says_its_review_is_kept(db, tmp_path, corpus):
    stale = export(db, tmp_path)
    first_review(db, tmp_path)
    (corpus / "tan_lap.txt").write_text(TAN_LAP.replace("12", "13"), encoding="utf-8")
    run(corpus, db)
    row_of(stale, "tan_lap", "admitted")["decision"] = "ok"
    with pytest.raises(review.SheetError) as refused:
        apply(db, tmp_path, stale, "stale.csv")
    (line, why), = refused.value.problems
    assert "no figure has the key" in why and "kept as orphaned" in why


# --- bad sheets: refused whole, each bad row with its line and why ----------------------------


BAD_ROWS = {
    "unknown key": ({"decision": "ok", "key": "0123456789abcdef:admitted:1-3"},
                    "no figure has the key '0123456789abcdef:admitted:1-3'"),
    "unknown decision": ({"decision": "maybe"}, "decision 'maybe' is not ok, wrong, fix or add"),
    "value not a number": ({"decision": "fix", "value": "mười hai"}, "'mười hai' is not a number"),
    "thousands separator": ({"decision": "fix", "value": "1.214"}, "a whole number"),
    "empty value": ({"decision": "fix", "value": ""}, "value is empty"),
    "unknown metric": ({"decision": "fix", "metric": "đảng viên"}, "is not one of admitted"),
    "bad period": ({"decision": "fix", "period": "năm ngoái"}, "is not a year"),
    "implausible period": ({"decision": "fix", "period": "2025-2020"}, "plausible span"),
    "bad date": ({"decision": "fix", "as_of": "31/2/2024"}, "is not a date"),
    "bad flag": ({"decision": "fix", "per_year": "thường"}, "is not 1 or empty"),
    "unknown level": ({"decision": "fix", "unit_level": "làng"}, "is not a known level"),
    "range running down": ({"decision": "fix", "value_max": "5"}, "is below value 12"),
    "fix that changes nothing": ({"decision": "fix"}, "fix, but no value differs"),
    "ok that changes a value": ({"decision": "ok", "value": "13"}, "ok, but value changed"),
    "wrong that changes a value": ({"decision": "wrong", "period": "2022"},
                                   "wrong, but period changed"),
    "decision without a key": ({"decision": "ok", "key": ""}, "the key is empty"),
    "add with a key": ({"decision": "add"}, "add, but the row has a key"),
}


@pytest.mark.parametrize("cells, reason", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_bad_row_is_refused_with_its_line_and_reason_and_nothing_is_applied(db, tmp_path,
                                                                             cells, reason):
    rows = export(db, tmp_path)
    bad = row_of(rows, "tan_lap", "admitted")
    row_of(rows, "tan_lap", "target")["decision"] = "ok"  # a good row, not applied either
    bad.update(cells)
    line = 2 + rows.index(bad)
    with pytest.raises(review.SheetError) as refused:
        apply(db, tmp_path, rows)
    assert [problem[0] for problem in refused.value.problems] == [line]
    assert reason in refused.value.problems[0][1]
    assert f"decided.csv:{line}: " in str(refused.value)
    assert query(db, "select count(*) as n from reviews")[0]["n"] == 0


BAD_ADDS = {
    "no article": ({"article_id": ""}, "article_id is empty"),
    "unknown article": ({"article_id": "khong_co"}, "no article has the id 'khong_co'"),
    "no value": ({"value": ""}, "metric or value is empty"),
    "a number the tool reads": ({"sentence": "Năm 2024, Đảng bộ xã Mường Hum, huyện Bát Xát, "
                                             "tỉnh Lào Cai kết nạp được [[8]] đảng viên.",
                                 "metric": "admitted", "value": "8"},
                                "the tool already reads this number as admitted"),
    "a sentence not in the article": ({"sentence": "Xã kết nạp [[7]] đảng viên."},
                                      "is not in the article's text"),
    "an unclosed mark": ({"sentence": "Xã phấn đấu [[9 đảng viên."}, "does not close it"),
    "offsets outside the article": ({"value_start": "5000", "value_end": "5001"},
                                    "are not offsets of a number"),
}


@pytest.mark.parametrize("cells, reason", BAD_ADDS.values(), ids=BAD_ADDS.keys())
def test_a_bad_addition_is_refused_with_its_line_and_reason(db, tmp_path, cells, reason):
    added = blank_row(article_id="muong_hum", metric="members", value="210", decision="add")
    added.update(cells)
    path = write_sheet(tmp_path / "add.csv", [blank_row(), added],
                       [*review.SHEET_COLUMNS, "value_start", "value_end"])
    with pytest.raises(review.SheetError) as refused:
        review.apply_sheet(db, path, reviewer="Lan")
    (line, why), = refused.value.problems
    assert line == 3 and reason in why
    assert query(db, "select count(*) as n from reviews")[0]["n"] == 0


def test_a_sheet_missing_a_column_is_refused_on_its_header_line(db, tmp_path):
    rows = export(db, tmp_path)
    row_of(rows, "tan_lap", "admitted")["decision"] = "ok"
    columns = [c for c in review.SHEET_COLUMNS if c not in ("period", "unit_name")]
    path = write_sheet(tmp_path / "narrow.csv", rows, columns)
    with pytest.raises(review.SheetError) as refused:
        review.apply_sheet(db, path)
    assert refused.value.problems == [
        (1, "missing columns: unit_name, period (export a fresh sheet)")]
    assert query(db, "select count(*) as n from reviews")[0]["n"] == 0


def test_a_sheet_without_a_decision_column_is_refused(db, tmp_path):
    columns = [c for c in review.SHEET_COLUMNS if c != "decision"]
    path = write_sheet(tmp_path / "no_decision.csv", export(db, tmp_path), columns)
    with pytest.raises(review.SheetError, match="missing column: decision"):
        review.apply_sheet(db, path)


def test_a_sheet_in_a_windows_code_page_is_refused_on_its_first_line_not_in_utf8(db, tmp_path):
    rows = export(db, tmp_path)
    row_of(rows, "tan_lap", "admitted")["decision"] = "ok"
    path = write_sheet(tmp_path / "latin.csv", rows)
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].decode("utf-8").encode("cp1252", errors="replace")  # 'Tân' as 0xE2
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(review.SheetError) as refused:
        review.apply_sheet(db, path)
    (line, why), = refused.value.problems
    assert line == 4 and "not UTF-8" in why
    assert query(db, "select count(*) as n from reviews")[0]["n"] == 0


def test_every_bad_row_of_a_sheet_is_reported_at_once(db, tmp_path):
    rows = export(db, tmp_path)
    row_of(rows, "tan_lap", "admitted").update(decision="fix", value="abc")
    row_of(rows, "tan_lap", "members")["decision"] = "fix"
    row_of(rows, "muong_hum", "target")["decision"] = "có lẽ"
    row_of(rows, "muong_hum", "admitted")["decision"] = "ok"
    lines = {2 + rows.index(row_of(rows, a, m)) for a, m in
             [("tan_lap", "admitted"), ("tan_lap", "members"), ("muong_hum", "target")]}
    with pytest.raises(review.SheetError) as refused:
        apply(db, tmp_path, rows)
    assert {line for line, _ in refused.value.problems} == lines


def test_one_figure_decided_twice_in_a_sheet_is_refused_on_the_second_line(db, tmp_path):
    rows = export(db, tmp_path)
    row_of(rows, "tan_lap", "admitted")["decision"] = "ok"
    twice = [*rows, {**row_of(rows, "tan_lap", "admitted"), "decision": "wrong"}]
    with pytest.raises(review.SheetError) as refused:
        apply(db, tmp_path, twice)
    (line, why), = refused.value.problems
    first = 2 + rows.index(row_of(rows, "tan_lap", "admitted"))
    assert line == len(twice) + 1 and f"already decided on line {first}" in why


def test_a_refused_sheet_adds_no_unit(db, tmp_path):
    rows = export(db, tmp_path)
    row_of(rows, "tan_lap", "admitted").update(decision="fix", unit_level="huyện",
                                               unit_name="Yên Lập")
    row_of(rows, "tan_lap", "target")["decision"] = "không biết"
    units = query(db, "select count(*) as n from units")
    with pytest.raises(review.SheetError):
        apply(db, tmp_path, rows)
    assert query(db, "select count(*) as n from units") == units


# --- the command line -------------------------------------------------------------------------


def invoke(*args):
    return CliRunner().invoke(cli.main, [str(a) for a in args])


def test_review_export_writes_the_sheet_and_says_how_many_figures(db, tmp_path):
    result = invoke("review", "export", "--db", db, "--metric", "admitted", "--province",
                    "Phú Thọ", "--out", tmp_path / "s.csv", "--excel")
    assert result.exit_code == 0 and result.stdout == f"1 figures -> {tmp_path / 's.csv'}\n"
    assert (tmp_path / "s.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_review_export_reports_a_bad_where_clause_in_one_line(db, tmp_path):
    result = invoke("review", "export", "--db", db, "--where", "valu > 1",
                    "--out", tmp_path / "s.csv")
    assert result.exit_code == 1 and "--where: no such column: valu" in result.stderr


def test_review_apply_records_the_reviewer_and_prints_a_summary(db, tmp_path):
    rows = export(db, tmp_path)
    row_of(rows, "tan_lap", "admitted")["decision"] = "ok"
    sheet = write_sheet(tmp_path / "s.csv", rows)
    result = invoke("review", "apply", sheet, "--db", db, "--reviewer", "Nguyễn Thị Lan")
    assert result.exit_code == 0
    assert result.stdout.startswith("applied 1 decisions (1 ok, 0 wrong, 0 fix, 0 add)")
    assert query(db, "select reviewer from reviews") == [{"reviewer": "Nguyễn Thị Lan"}]


def test_review_apply_of_a_bad_sheet_lists_each_bad_line_and_exits_1(db, tmp_path):
    rows = export(db, tmp_path)
    row_of(rows, "tan_lap", "admitted")["decision"] = "fix"
    row_of(rows, "tan_lap", "target").update(decision="fix", value="x")
    sheet = write_sheet(tmp_path / "s.csv", rows)
    result = invoke("review", "apply", sheet, "--db", db)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert [line.split(": ")[0] for line in lines[:-1]] == [
        f"{sheet}:{2 + rows.index(row_of(rows, 'tan_lap', m))}" for m in ("admitted", "target")]
    assert lines[-1] == "news-extract: 2 bad rows: nothing applied"
    assert query(db, "select count(*) as n from reviews")[0]["n"] == 0


def test_a_reviewed_database_survives_a_rerun_from_the_command_line(db, tmp_path, corpus, rules):
    keys = first_review(db, tmp_path)
    rules.version = 2
    result = invoke("run", corpus, "--out", db, "--quiet", "--workers", "0")
    assert result.exit_code == 0 and "2 articles written" in result.stdout
    assert {status(db)[k]["status"] for k in keys.values()} == {"attached"}


# --- measured: eval --reviews -----------------------------------------------------------------


def test_eval_reviews_gives_precision_per_metric_and_the_additions(db, tmp_path):
    first_review(db, tmp_path)
    report = evaluate_reviews(db)
    assert (report["reviewed"], report["unreviewed"], report["orphaned"]) == (3, 2, 0)
    assert report["metrics"]["admitted"] == {
        "reviewed": 1, "correct": 1, "precision": 1.0, "precision_lenient": 1.0,
        "wrong": 0, "corrected": 0, "added": 0}
    target = report["metrics"]["target"]
    assert (target["reviewed"], target["correct"], target["precision"],
            target["precision_lenient"], target["wrong"], target["corrected"]) == (
        2, 0, 0.0, 0.5, 1, 1)
    assert report["metrics"]["members"]["added"] == 1
    assert (report["all"]["precision"], report["all"]["precision_lenient"]) == (0.3333, 0.6667)
    assert report["corrected_fields"]["period"] == 1
    assert report["added"] == {"still_missed": 1, "now_extracted": 0}


def test_eval_reviews_scores_the_current_rules(db, tmp_path, corpus, rules):
    first_review(db, tmp_path)
    rules.version, rules.year_from_article = 2, True
    run(corpus, db)
    target = evaluate_reviews(db)["metrics"]["target"]
    assert (target["correct"], target["precision"]) == (1, 0.5)


def test_eval_reviews_on_a_database_nobody_reviewed_has_no_precision(db):
    report = evaluate_reviews(db)
    assert report["reviewed"] == 0 and report["unreviewed"] == 5
    assert report["all"]["precision"] is None
    assert "figures reviewed: 0 (5 not yet reviewed)" in format_reviews_report(report)


def test_eval_reviews_from_the_command_line_prints_a_table_or_json(db, tmp_path):
    first_review(db, tmp_path)
    table = invoke("eval", "--reviews", "--db", db)
    assert table.exit_code == 0
    assert re.search(r"^target\s+2\s+0\s+0\.000\s+0\.500\s+1\s+1\s+0$", table.stdout, re.M)
    assert "figures reviewers had to add: 1" in table.stdout
    as_json = invoke("eval", "--reviews", "--db", db, "--json")
    assert json.loads(as_json.stdout)["all"]["reviewed"] == 3


def test_eval_reviews_takes_no_gold_file(db, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("", encoding="utf-8")
    result = invoke("eval", gold, "--reviews", "--db", db)
    assert result.exit_code == 2 and "--reviews scores the reviews" in result.stderr


# --- published: canned queries and the evidence page ------------------------------------------


def serve_reviewed(db, tmp_path):
    first_review(db, tmp_path)
    datasette = build_datasette(db)
    asyncio.run(datasette.invoke_startup())
    return datasette


def get(ds, path: str, **kwargs):
    return asyncio.run(ds.client.get(path, **kwargs))


def test_the_canned_query_of_unreviewed_figures_lists_only_those(db, tmp_path):
    ds = serve_reviewed(db, tmp_path)
    rows = get(ds, "/news/facts_not_reviewed.json",
               params={"province": "", "metric": "", "_shape": "array"}).json()
    assert sorted((r["article_id"], r["metric"]) for r in rows) == [
        ("muong_hum", "admitted"), ("tan_lap", "members")]
    only = get(ds, "/news/facts_not_reviewed.json",
               params={"province": "phu tho", "metric": "", "_shape": "array"}).json()
    assert [(r["article_id"], r["metric"]) for r in only] == [("tan_lap", "members")]


def test_the_canned_query_of_orphaned_reviews_lists_them(db, tmp_path, corpus):
    first_review(db, tmp_path)
    (corpus / "tan_lap.txt").write_text(TAN_LAP.replace("12", "13"), encoding="utf-8")
    run(corpus, db)
    ds = build_datasette(db)
    rows = get(ds, "/news/orphaned_reviews.json", params={"_shape": "array"}).json()
    assert sorted(r["decision"] for r in rows) == ["fix", "ok"]
    assert {r["why"] for r in rows} == {"the article's text changed or it was removed"}


def test_the_review_queries_are_in_the_published_metadata():
    queries = load_metadata()["databases"]["news"]["queries"]
    assert {"facts_not_reviewed", "orphaned_reviews"} <= set(queries)


def test_the_facts_reviewed_view_is_served(db, tmp_path):
    ds = serve_reviewed(db, tmp_path)
    rows = get(ds, "/news/facts_reviewed.json", params={"_shape": "array"}).json()
    assert sorted(r["provenance"] for r in rows) == [
        "added", "confirmed", "corrected", "extracted", "extracted"]


def test_the_keys_in_facts_reviewed_link_to_evidence_pages_but_orphaned_ones_do_not(
        db, tmp_path, corpus):
    first_review(db, tmp_path)
    (corpus / "tan_lap.txt").write_text(TAN_LAP.replace("12", "13"), encoding="utf-8")
    run(corpus, db)
    ds = build_datasette(db)
    added = reviewed(db)[("muong_hum", "members")]["fact_key"]
    assert f'href="/-/evidence/{tilde_encode(added)}"' in get(ds, "/news/facts_reviewed").text
    orphaned = get(ds, "/news/orphaned_reviews").text
    assert ":admitted:" in orphaned and 'href="/-/evidence/' not in orphaned


def evidence_url(db, article_id: str, metric: str) -> str:
    (row,) = query(db, "select fact_id from facts where article_id = ? and metric = ?",
                   article_id, metric)
    return f"/-/evidence/{tilde_encode(row['fact_id'])}"


def test_the_evidence_page_shows_a_correction_its_reviewer_and_note(db, tmp_path):
    ds = serve_reviewed(db, tmp_path)
    html = get(ds, evidence_url(db, "tan_lap", "target")).text
    assert "Corrected by a reviewer</strong>" in html and "fix by Lan" in html
    assert re.search(r"<td>period</td><td>—</td><td><strong>2023</strong></td>", html)
    assert "Note: năm của chỉ tiêu" in html


def test_the_evidence_page_shows_a_confirmation(db, tmp_path):
    ds = serve_reviewed(db, tmp_path)
    html = get(ds, evidence_url(db, "tan_lap", "admitted")).text
    assert "Confirmed by a reviewer</strong>" in html and "ne-review-changes" not in html


def test_the_evidence_page_shows_a_figure_marked_wrong(db, tmp_path):
    ds = serve_reviewed(db, tmp_path)
    html = get(ds, evidence_url(db, "muong_hum", "target")).text
    assert "Marked wrong by a reviewer" in html


def test_the_evidence_page_of_an_unreviewed_figure_says_so(db, tmp_path):
    ds = serve_reviewed(db, tmp_path)
    assert "Not yet reviewed" in get(ds, evidence_url(db, "tan_lap", "members")).text


def test_the_evidence_page_opens_by_fact_key(db, tmp_path):
    ds = serve_reviewed(db, tmp_path)
    (row,) = query(db, "select fact_key from facts where article_id = 'tan_lap' "
                       "and metric = 'target'")
    page = get(ds, f"/-/evidence/{tilde_encode(row['fact_key'])}")
    assert page.status_code == 200 and "Corrected by a reviewer" in page.text


def test_an_added_figure_has_an_evidence_page(db, tmp_path):
    ds = serve_reviewed(db, tmp_path)
    key = reviewed(db)[("muong_hum", "members")]["fact_key"]
    page = get(ds, f"/-/evidence/{tilde_encode(key)}")
    assert page.status_code == 200
    assert "Added by a reviewer (the tool missed it)" in page.text and "add by Lan" in page.text
