"""Bounded windows: what keeps the extractor's cost linear on pages that are not articles.

benchmarks/hostile.py measures the cost; these tests check the windows' behaviour
(where a long sentence is cut, what a bounded look-ahead still finds), never time.
"""

import regex

from news_extract.extract import extract, rx
from news_extract.extract.periods import PubDate, find_periods
from news_extract.extract.sentences import MAX_SENTENCE, split_sentences
from news_extract.extract.spans import DisjointSpans
from news_extract.text import fold

CLAUSE = "xã Tân Lập kết nạp 12 đảng viên; "


def test_a_sentence_under_the_limit_is_one_sentence():
    text = "Năm 2024, " + CLAUSE * 10 + "toàn huyện đạt 105% chỉ tiêu."
    assert len(text) < MAX_SENTENCE
    assert len(split_sentences(text)) == 1


def test_an_over_long_sentence_is_cut_into_windows_no_longer_than_the_limit():
    text = "Năm 2024, " + CLAUSE * 500
    windows = split_sentences(text)
    assert len(windows) > 1
    assert all(len(w.text) <= MAX_SENTENCE for w in windows)


def test_windows_end_at_a_clause_mark():
    windows = split_sentences("Năm 2024, " + CLAUSE * 500)
    assert all(w.text.endswith(";") for w in windows[:-1])


def test_windows_cover_the_sentence_without_gaps_or_overlaps():
    text = "Năm 2024, " + CLAUSE * 500
    windows = split_sentences(text)
    assert windows[0].start == 0 and windows[-1].end == len(text.rstrip())
    for before, after in zip(windows, windows[1:], strict=False):
        assert text[before.end:after.start].isspace()


def test_windows_without_clause_marks_end_at_a_blank():
    windows = split_sentences("kết nạp " + "12 " * 2000)
    assert len(windows) > 1
    assert all(w.text.endswith("12") for w in windows)


def test_one_endless_word_is_cut_at_the_limit():
    windows = split_sentences("a" * (MAX_SENTENCE * 3))
    assert [len(w.text) for w in windows] == [MAX_SENTENCE] * 3


def test_windows_stay_in_their_paragraph_and_are_numbered_in_order():
    windows = split_sentences("Tiêu đề\n" + CLAUSE * 200)
    assert {w.paragraph for w in windows[1:]} == {1}
    assert [w.index for w in windows] == list(range(len(windows)))


FIRST = ["Tân", "Yên", "Phú", "Hòa", "Thanh", "Đông", "Kim", "Long", "Vĩnh", "Sơn"]
SECOND = ["Lập", "Bình", "Xuân", "An", "Hà", "Hải", "Thạnh", "Minh", "Phong", "Lợi",
          "Hưng", "Quang", "Thịnh", "Tiến", "Lộc", "Nghĩa", "Trung", "Đức", "Thái", "Hiệp"]


def test_every_item_of_a_list_longer_than_a_window_is_a_fact_of_its_own_unit():
    items = [(f"{a} {b}", 1 + (i * 7) % 40) for i, (a, b) in
             enumerate((a, b) for a in FIRST for b in SECOND)]
    text = "Năm 2024, " + "".join(f"xã {name} kết nạp được {n} đảng viên; " for name, n in items)
    assert len(text) > 5 * MAX_SENTENCE
    facts = extract(text, published="2024-12-01").facts
    assert {(f.unit_name, f.value) for f in facts if f.metric == "admitted"} == set(items)


def test_every_period_of_a_table_of_periods_is_found():
    folded = fold("năm 2020 - 2025 " * 3000)
    assert len(find_periods(folded, 0, len(folded), PubDate(2024))) == 3000


def test_a_span_that_overlaps_a_kept_span_is_refused():
    spans = DisjointSpans()
    assert spans.take(10, 20)
    assert not spans.take(15, 25)
    assert not spans.take(5, 11)
    assert not spans.take(12, 18)
    assert not spans.take(0, 40)


def test_spans_that_touch_are_both_kept():
    spans = DisjointSpans()
    assert spans.take(10, 20)
    assert spans.take(20, 30)
    assert spans.take(0, 10)


def test_spans_kept_out_of_order_are_tested_against_their_neighbours():
    spans = DisjointSpans()
    for start in (500, 100, 300, 900, 700):
        assert spans.take(start, start + 50)
    assert not spans.take(340, 360)
    assert spans.take(360, 500)


def test_a_bounded_look_ahead_finds_matches_that_fit_the_window():
    pattern = regex.compile(r"đến\s+năm\s+(\d{4})")
    text = "phấn đấu đến năm 2025 " + "x " * 5000 + "đến năm 2030"
    starts = [m.start() for m in regex.finditer("đến", text)]
    found = [m.group(1) for m in rx.finditer_at(pattern, text, starts, window=40)]
    assert found == ["2025", "2030"]


def test_a_bounded_look_ahead_misses_a_match_longer_than_the_window():
    pattern = regex.compile(r"đến.*?2030")
    text = "đến " + "x" * 100 + " 2030"
    assert list(rx.finditer_at(pattern, text, [0], window=40)) == []
    assert len(list(rx.finditer_at(pattern, text, [0]))) == 1
