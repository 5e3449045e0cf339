"""Scoring against gold: each matching rule of GOLD_FORMAT.md, one test each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from news_extract.evaluate import (
    evaluate,
    format_errors,
    format_report,
    load_gold,
    published_matches,
    split_of,
)
from news_extract.model import Article, Directive, Extraction, Fact, UnitMention
from news_extract.store import open_db, write_article
from news_extract.text import normalize


def gold_fact(**over) -> dict:
    fact = {"metric": "admitted", "unit_level": "huyện", "unit_name": "Phú Lương", "value": 172,
            "value_max": None, "qualifier": "exact", "year_from": 2023, "year_to": 2023,
            "as_of": None, "per_year": False, "subgroup": None, "derived": False,
            "evidence": "Năm 2023, Đảng bộ huyện Phú Lương kết nạp được 172 đảng viên mới"}
    fact.update(over)
    return fact


def out_fact(**over) -> Fact:
    fields = {"metric": "admitted", "value": 172, "unit_level": "huyện", "unit_name": "Phú Lương",
              "year_from": 2023, "year_to": 2023, "sentence": "kết nạp được 172 đảng viên"}
    fields.update(over)
    return Fact(**fields)


def gold_record(article_id="a1", facts=(), directives=(), units=(), published=None, outlet=None):
    return {"article_id": article_id, "published": published, "outlet": outlet,
            "facts": list(facts), "directives": list(directives), "units": list(units)}


def article(article_id="a1", published=None, outlet=None, outlet_name=None) -> Article:
    return Article(article_id=article_id, path=f"{article_id}.txt", text="x", source="x",
                   offsets=[0, 1], sha256=article_id, published=published, outlet=outlet,
                   outlet_name=outlet_name)


@pytest.fixture
def score(tmp_path):
    """Write gold records and stored outputs, return the report."""

    def run(records, outputs=()):
        gold = tmp_path / "gold.jsonl"
        gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                        encoding="utf-8")
        db_path = tmp_path / "out.db"
        db = open_db(db_path)
        for art, extraction in outputs:
            write_article(db, art, extraction)
        db.close()
        return evaluate(gold, db_path)

    return run


def test_an_identical_fact_is_a_strict_true_positive(score):
    report = score([gold_record(facts=[gold_fact()])],
                   [(article(), Extraction(facts=[out_fact(value=172.0)]))])
    assert report["facts"]["strict"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "tp": 1, "fp": 0, "fn": 0}


def test_a_gold_null_year_matches_any_output_year(score):
    report = score([gold_record(facts=[gold_fact(year_from=None, year_to=None)])],
                   [(article(), Extraction(facts=[out_fact(year_from=2019, year_to=2021)]))])
    assert report["facts"]["strict"]["tp"] == 1


def test_a_wrong_year_fails_strict_but_passes_lenient(score):
    report = score([gold_record(facts=[gold_fact()])],
                   [(article(), Extraction(facts=[out_fact(year_from=2024, year_to=2024)]))])
    assert (report["facts"]["strict"]["tp"], report["facts"]["lenient"]["tp"]) == (0, 1)


def test_a_subgroup_must_be_present_on_both_sides_or_neither(score):
    report = score([gold_record(facts=[gold_fact(subgroup="học sinh")])],
                   [(article(), Extraction(facts=[out_fact()]))])
    assert report["facts"]["strict"]["fn"] == 1


def test_subgroup_labels_need_not_agree_word_for_word(score):
    report = score([gold_record(facts=[gold_fact(subgroup="học sinh THPT")])],
                   [(article(), Extraction(facts=[out_fact(subgroup="học sinh")]))])
    assert report["facts"]["strict"]["tp"] == 1


def test_a_range_needs_the_same_value_max_in_strict(score):
    report = score([gold_record(facts=[gold_fact(value=100, value_max=170, qualifier="range")])],
                   [(article(), Extraction(facts=[out_fact(value=100, value_max=150)]))])
    assert (report["facts"]["strict"]["tp"], report["facts"]["lenient"]["tp"]) == (0, 1)


def test_percentages_compare_to_two_decimals(score):
    report = score([gold_record(facts=[gold_fact(metric="completion_pct", value=105.57)])],
                   [(article(), Extraction(facts=[out_fact(metric="completion_pct",
                                                            value=105.570001)]))])
    assert report["facts"]["strict"]["tp"] == 1


def test_a_gold_derived_fact_counts_toward_recall_only_with_derived(score):
    report = score([gold_record(facts=[gold_fact(), gold_fact(metric="target", value=9,
                                                              derived=True)])],
                   [(article(), Extraction(facts=[out_fact()]))])
    assert report["facts"]["strict"]["fn"] == 0
    assert report["facts"]["with_derived"]["fn"] == 1


def test_a_correct_derived_output_fact_is_never_a_false_positive(score):
    report = score([gold_record(facts=[gold_fact(metric="target", value=9, derived=True)])],
                   [(article(), Extraction(facts=[out_fact(metric="target", value=9,
                                                            derived=True)]))])
    for name in ("strict", "lenient", "with_derived"):
        assert report["facts"][name]["fp"] == 0
    assert report["facts"]["with_derived"]["tp"] == 1


def test_matching_is_one_to_one(score):
    report = score([gold_record(facts=[gold_fact()])],
                   [(article(), Extraction(facts=[out_fact(), out_fact()]))])
    assert (report["facts"]["strict"]["tp"], report["facts"]["strict"]["fp"]) == (1, 1)


def test_matching_finds_the_pairing_that_covers_most_gold(score):
    # Greedy would give the year-less gold the first output and leave the 2024 gold unmatched.
    golds = [gold_fact(year_from=None, year_to=None), gold_fact(year_from=2024, year_to=2024)]
    outs = [out_fact(year_from=2024, year_to=2024), out_fact(year_from=2020, year_to=2020)]
    report = score([gold_record(facts=golds)], [(article(), Extraction(facts=outs))])
    assert report["facts"]["strict"]["tp"] == 2


def test_unit_names_match_across_tone_placement(score):
    gold = gold_fact(unit_level="xã", unit_name="Thanh Hoà")
    report = score([gold_record(facts=[gold])],
                   [(article(), Extraction(facts=[out_fact(unit_level="xã",
                                                            unit_name="thanh hòa")]))])
    assert report["facts"]["strict"]["tp"] == 1


def test_the_lookalike_eth_matches_d_with_stroke(score):
    gold = {"level": "xã", "name": "Đông Sơn"}
    mention = UnitMention(level="xã", name="\u00d0ông Sơn", start=0, end=1, surface="x")
    report = score([gold_record(units=[gold])], [(article(), Extraction(mentions=[mention]))])
    assert report["units"]["tp"] == 1


def test_a_unit_at_another_level_is_another_unit(score):
    gold = {"level": "thị xã", "name": "Long Mỹ"}
    mention = UnitMention(level="huyện", name="Long Mỹ", start=0, end=1, surface="huyện Long Mỹ")
    report = score([gold_record(units=[gold])], [(article(), Extraction(mentions=[mention]))])
    assert (report["units"]["tp"], report["units"]["fp"], report["units"]["fn"]) == (0, 1, 1)


def test_repeated_mentions_of_one_unit_score_once(score):
    mentions = [UnitMention(level="xã", name="Húc", start=i, end=i + 1, surface="xã Húc")
                for i in range(3)]
    report = score([gold_record(units=[{"level": "xã", "name": "Húc"}])],
                   [(article(), Extraction(mentions=mentions))])
    assert (report["units"]["tp"], report["units"]["fp"]) == (1, 0)


def test_a_fact_unit_at_another_level_fails_strict(score):
    report = score([gold_record(facts=[gold_fact(unit_level="thị xã", unit_name="Long Mỹ")])],
                   [(article(), Extraction(facts=[out_fact(unit_level="huyện",
                                                            unit_name="Long Mỹ")]))])
    assert report["facts"]["strict"]["tp"] == 0


def directive(**over) -> dict:
    d = {"kind": "Chỉ thị", "number": "28", "suffix": "CT/TW", "date": "2019-01-21",
         "body": "Ban Bí thư", "scored": True}
    d.update(over)
    return d


def test_a_gold_null_suffix_matches_on_kind_and_number(score):
    report = score([gold_record(directives=[directive(suffix=None)])],
                   [(article(), Extraction(directives=[Directive("Chỉ thị", "28", "CT/TW")]))])
    assert report["directives"]["tp"] == 1


def test_a_different_suffix_is_another_directive(score):
    report = score([gold_record(directives=[directive(number="05", suffix="CT/TU")])],
                   [(article(), Extraction(directives=[Directive("Chỉ thị", "05", "CT/TW")]))])
    assert (report["directives"]["fp"], report["directives"]["fn"]) == (1, 1)


def test_directive_numbers_keep_their_leading_zero(score):
    report = score([gold_record(directives=[directive(number="05")])],
                   [(article(), Extraction(directives=[Directive("Chỉ thị", "5", "CT/TW")]))])
    assert report["directives"]["tp"] == 0


def test_an_unscored_gold_directive_is_not_needed_for_recall(score):
    unscored = directive(kind="Nghị quyết", number=None, suffix=None, scored=False)
    report = score([gold_record(directives=[directive(), unscored])],
                   [(article(), Extraction(directives=[Directive("Chỉ thị", "28", "CT/TW")]))])
    assert (report["directives"]["tp"], report["directives"]["fn"]) == (1, 0)


def test_an_output_directive_matching_an_unscored_gold_one_is_not_a_false_positive(score):
    unscored = directive(kind="Nghị quyết", number="4", suffix=None, scored=False)
    report = score([gold_record(directives=[unscored])],
                   [(article(), Extraction(directives=[Directive("Nghị quyết", "4", None)]))])
    assert report["directives"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 0}


def test_a_short_reference_stored_twice_costs_a_false_positive(score):
    outs = [Directive("Chỉ thị", "28", "CT/TW"), Directive("Chỉ thị", "28", None)]
    report = score([gold_record(directives=[directive()])],
                   [(article(), Extraction(directives=outs))])
    assert (report["directives"]["tp"], report["directives"]["fp"]) == (1, 1)


def test_output_articles_outside_the_gold_are_ignored(score):
    report = score([gold_record(facts=[gold_fact()])],
                   [(article(), Extraction(facts=[out_fact()])),
                    (article("other"), Extraction(facts=[out_fact(value=3)]))])
    assert report["facts"]["strict"]["fp"] == 0


def test_a_gold_article_missing_from_the_db_counts_every_item_as_missed(score):
    record = gold_record(facts=[gold_fact()], directives=[directive()],
                         units=[{"level": "huyện", "name": "Phú Lương"}], published="2024")
    report = score([record])
    assert report["articles"]["missing_from_db"] == ["a1"]
    assert (report["facts"]["strict"]["fn"], report["directives"]["fn"],
            report["units"]["fn"], report["published"]["fn"]) == (1, 1, 1, 1)


def test_a_year_only_gold_date_accepts_a_full_date_in_that_year():
    assert published_matches("2024", "2024-10-02")


def test_a_full_gold_date_rejects_an_output_that_gives_only_the_year():
    assert not published_matches("2024-02-28", "2024")


def test_a_full_gold_date_needs_the_same_day():
    assert not published_matches("2024-02-28", "2024-02-27")


def test_publication_accuracy_counts_only_gold_articles_with_a_date(score):
    records = [gold_record("a1", published="2021"), gold_record("a2", published=None)]
    outputs = [(article("a1", published="2021-09-30"), Extraction()),
               (article("a2", published="2020"), Extraction())]
    report = score(records, outputs)
    assert (report["published"]["tp"], report["published"]["fn"]) == (1, 0)


def test_an_outlet_code_matches_the_stored_code(score):
    report = score([gold_record(outlet="GLO")],
                   [(article(outlet="GLO", outlet_name="Báo Gia Lai"), Extraction())])
    assert report["outlet"]["tp"] == 1


def test_the_per_metric_table_splits_the_strict_counts(score):
    golds = [gold_fact(), gold_fact(metric="target", value=184)]
    report = score([gold_record(facts=golds)],
                   [(article(), Extraction(facts=[out_fact(), out_fact(metric="members",
                                                                        value=5930)]))])
    metrics = report["metrics"]
    assert (metrics["admitted"]["tp"], metrics["target"]["fn"], metrics["members"]["fp"]) == \
        (1, 1, 1)


def test_a_missed_fact_is_listed_with_the_field_that_kept_it_apart(score):
    report = score([gold_record(facts=[gold_fact()])],
                   [(article(), Extraction(facts=[out_fact(year_from=2022, year_to=2022)]))])
    missed = [m for m in report["mismatches"]["facts"] if m["type"] == "missed"]
    assert missed[0]["differs_in"] == ["year_from", "year_to"]
    assert missed[0]["evidence"].startswith("Năm 2023")


def test_a_false_positive_is_listed_with_its_sentence(score):
    report = score([gold_record()],
                   [(article(), Extraction(facts=[out_fact(sentence="có 1.200 đảng viên")]))])
    fps = [m for m in report["mismatches"]["facts"] if m["type"] == "false_positive"]
    assert fps[0]["sentence"] == "có 1.200 đảng viên"


def test_the_text_report_has_a_row_for_every_score(score):
    report = score([gold_record(facts=[gold_fact()])],
                   [(article(), Extraction(facts=[out_fact()]))])
    text = format_report(report)
    for label in ("facts strict", "facts lenient", "facts with-derived", "admitted",
                  "completion_pct", "directives", "units", "publication date"):
        assert label in text
    assert "mismatches" in text and "differs_in" not in text


def test_the_eval_command_prints_json_with_the_mismatches(score, tmp_path):
    from click.testing import CliRunner

    from news_extract.cli import main

    score([gold_record(facts=[gold_fact()])], [(article(), Extraction())])
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "gold.jsonl"),
                                       "--db", str(tmp_path / "out.db"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["mismatches"]["facts"][0]["type"] == "missed"


def test_the_split_of_an_id_is_fixed_and_takes_about_a_third_for_check():
    ids = [f"P_{n:03d}" for n in range(300)]
    checks = [i for i in ids if split_of(i) == "check"]
    assert [split_of(i) for i in ids] == [split_of(i) for i in ids]
    assert 80 <= len(checks) <= 120


def test_a_gold_folder_is_read_part_by_part_and_filtered_by_split(tmp_path):
    (tmp_path / "gold_part1.jsonl").write_text(json.dumps(gold_record("P_001")) + "\n")
    (tmp_path / "gold_part2.jsonl").write_text(json.dumps(gold_record("P_002")) + "\n")
    everything = [r["article_id"] for r in load_gold(tmp_path)]
    tuned = [r["article_id"] for r in load_gold(tmp_path, "tune")]
    assert everything == ["P_001", "P_002"]
    assert tuned == [i for i in everything if split_of(i) == "tune"]


def test_gold_evidence_given_as_offsets_is_read_from_the_source_file(score, tmp_path):
    source = tmp_path / "a1.txt"
    clause = "Năm 2023, huyện kết nạp được 172 đảng viên"
    source.write_text(f"Tiêu đề\n{clause}.", encoding="utf-8")
    gold = gold_fact(evidence_start=8, evidence_end=8 + len(clause))
    del gold["evidence"]
    stored = article()
    stored.path = str(source)
    report = score([gold_record(facts=[gold])], [(stored, Extraction())])
    missed = report["mismatches"]["facts"][0]
    assert missed["evidence"] == clause
    assert missed["why"] == "not found"


def test_a_missed_fact_whose_sentence_gave_another_metric_is_a_metric_error(score):
    report = score([gold_record(facts=[gold_fact(evidence="kết nạp được 172 đảng viên")])],
                   [(article(), Extraction(facts=[out_fact(metric="target")]))])
    missed = [m for m in report["mismatches"]["facts"] if m["type"] == "missed"]
    assert missed[0]["why"] == "metric"


def test_the_error_list_shows_the_near_miss_and_its_sentence(score):
    report = score([gold_record(facts=[gold_fact()])],
                   [(article(), Extraction(facts=[out_fact(unit_name="Đại Từ")]))])
    text = format_errors(report)
    assert "MISSED    admitted 172 | huyện Phú Lương | 2023-2023   why: unit" in text
    assert "output had: admitted 172 | huyện Đại Từ" in text
    assert "SPURIOUS" in text and "near miss of a gold fact" in text


def test_the_eval_command_never_shows_the_check_splits_errors(score, tmp_path):
    from click.testing import CliRunner

    from news_extract.cli import main

    score([gold_record(facts=[gold_fact()])], [(article(), Extraction())])
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "gold.jsonl"), "--db",
                                       str(tmp_path / "out.db"), "--split", "check", "--errors"])
    assert result.exit_code != 0
    assert "never inspected" in result.output


DEV_GOLD = Path(__file__).parent / "dev_gold"
FACT_FIELDS = {"metric", "unit_level", "unit_name", "value", "value_max", "qualifier", "year_from",
               "year_to", "as_of", "per_year", "subgroup", "derived", "evidence"}


def dev_records() -> list[dict]:
    path = DEV_GOLD / "gold_part1.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_every_dev_gold_fact_has_every_field():
    for record in dev_records():
        for fact in record["facts"]:
            assert set(fact) == FACT_FIELDS, record["article_id"]


SECOND_GOLD = Path(__file__).parent / "heldout_gold"


def second_records() -> list[dict]:
    path = SECOND_GOLD / "gold.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize(("folder", "records"), [(DEV_GOLD, dev_records),
                                                (SECOND_GOLD, second_records)])
def test_every_gold_evidence_is_quoted_from_its_article(folder, records):
    for record in records():
        text = normalize((folder / "articles" / f"{record['article_id']}.txt")
                         .read_text(encoding="utf-8"))
        for fact in record["facts"]:
            for piece in fact["evidence"].split("..."):
                assert normalize(piece.strip()) in text, (record["article_id"], piece)


def test_the_dev_gold_scores_perfectly_against_itself(score):
    outputs = []
    for r in dev_records():
        facts = [Fact(**{k: v for k, v in f.items() if k != "evidence"}) for f in r["facts"]]
        directives = [Directive(d["kind"], d["number"], d["suffix"], scored=d["scored"])
                      for d in r["directives"]]
        mentions = [UnitMention(u["level"], u["name"], 0, 1, u["name"]) for u in r["units"]]
        outputs.append((article(r["article_id"], r["published"], r["outlet"]),
                        Extraction(facts=facts, directives=directives, mentions=mentions)))
    report = score(dev_records(), outputs)
    assert report["facts"]["with_derived"]["f1"] == 1.0
    assert report["directives"]["f1"] == report["units"]["f1"] == 1.0
