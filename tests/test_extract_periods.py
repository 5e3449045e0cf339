"""Periods: the years a number covers, relative years against the publication date, terms,
quarters, 'tính đến ngày' dates and per-year averages."""

import pytest

from news_extract import extract
from news_extract.extract.periods import PubDate, find_periods, term_of
from news_extract.text import fold

UNIT = "Đảng bộ huyện Ea Súp"


def one(text: str, **kwargs):
    found = extract(text, **kwargs).facts
    assert len(found) == 1, [(f.metric, f.value) for f in found]
    return found[0]


def years(text: str, **kwargs) -> tuple[int | None, int | None]:
    fact = one(text, **kwargs)
    return fact.year_from, fact.year_to


# --- PubDate and terms --------------------------------------------------------------------------

def test_a_publication_date_parses_into_year_month_and_day():
    assert PubDate.parse("2024-03-10") == PubDate(2024, 3, 10)


def test_a_publication_year_alone_parses_without_month():
    assert PubDate.parse("2024") == PubDate(2024, None, None)


def test_no_publication_date_parses_to_an_empty_date():
    assert PubDate.parse(None) == PubDate()


def test_party_terms_run_in_five_year_steps_from_2010():
    assert term_of(2023) == (2020, 2025)


def test_find_periods_reports_offsets_in_the_text():
    text = fold(f"Giai đoạn 2023-2025, {UNIT} kết nạp được 270 đảng viên.")
    period = find_periods(text, 0, len(text), PubDate())[0]
    assert text[period.start:period.end].endswith("2023-2025")


def test_a_term_range_in_brackets_starts_at_the_word_for_term():
    text = fold(f"Nhiệm kỳ ( 2020 - 2025 ), {UNIT} kết nạp được 270 đảng viên.")
    period = find_periods(text, 0, len(text), PubDate())[0]
    assert (period.start, period.kind, period.year_from, period.year_to) == (0, "range", 2020, 2025)


def test_a_year_after_a_count_of_months_starts_at_the_count():
    text = fold(f"Trong 6 tháng đầu năm 2024, {UNIT} kết nạp được 27 đảng viên.")
    period = find_periods(text, 0, len(text), PubDate())[0]
    assert text[period.start:period.end] == "6 tháng đầu năm 2024"


# --- years of facts -----------------------------------------------------------------------------

def test_an_explicit_year_is_both_ends_of_the_period():
    assert years(f"Năm 2023, {UNIT} kết nạp được 88 đảng viên.") == (2023, 2023)


def test_an_explicit_year_after_the_number_is_used():
    assert years(f"{UNIT} kết nạp được 88 đảng viên trong năm 2022.") == (2022, 2022)


def test_nam_nay_is_the_publication_year():
    text = f"Năm nay, {UNIT} phấn đấu kết nạp 90 đảng viên."
    assert years(text, published="2024-03-10") == (2024, 2024)


def test_nam_qua_early_in_the_year_is_the_year_before_publication():
    text = f"Năm qua, {UNIT} kết nạp được 88 đảng viên."
    assert years(text, published="2024-03-10") == (2023, 2023)


def test_nam_qua_at_the_end_of_the_year_is_the_publication_year():
    text = f"Năm qua, {UNIT} kết nạp được 88 đảng viên."
    assert years(text, published="2023-12-20") == (2023, 2023)


def test_nam_truoc_is_the_year_before_publication():
    text = f"Năm trước, {UNIT} kết nạp được 88 đảng viên."
    assert years(text, published="2024-06-10") == (2023, 2023)


@pytest.mark.parametrize("span", ["10 năm qua", "10 năm gần đây", "10 năm trở lại đây"])
def test_a_count_of_past_years_runs_up_to_the_publication_year(span):
    text = f"Trong {span}, {UNIT} kết nạp được 880 đảng viên."
    assert years(text, published="2024-06-10") == (2014, 2024)


def test_a_term_covers_its_first_and_last_year():
    text = f"Nhiệm kỳ 2020 - 2025, {UNIT} phấn đấu kết nạp 450 đảng viên."
    assert years(text) == (2020, 2025)


def test_a_stage_written_without_spaces_covers_its_years():
    text = f"Giai đoạn 2023-2025, {UNIT} kết nạp được 270 đảng viên."
    assert years(text) == (2023, 2025)


def test_a_school_year_covers_both_calendar_years():
    text = "Năm học 2023-2024, Chi bộ Trường THPT Pleiku kết nạp được 6 đảng viên là học sinh."
    assert years(text) == (2023, 2024)


def test_from_one_year_to_another_covers_both():
    text = f"Từ năm 2020 đến năm 2023, {UNIT} đã kết nạp 800 đảng viên."
    assert years(text) == (2020, 2023)


def test_a_day_and_month_without_a_year_take_the_publication_year():
    text = "Ngày 15/5, Chi bộ thôn Plei Ring tổ chức lễ kết nạp 2 đảng viên mới."
    assert years(text, published="2024-05-20") == (2024, 2024)


def test_quarter_two_of_a_year_is_that_year():
    text = f"Quý II năm 2024, {UNIT} kết nạp được 31 đảng viên."
    assert years(text, published="2025-02-01") == (2024, 2024)


def test_the_first_six_months_without_a_year_are_of_the_publication_year():
    text = f"6 tháng đầu năm, {UNIT} kết nạp được 40 đảng viên."
    assert years(text, published="2024-07-15") == (2024, 2024)


def test_the_first_six_months_of_a_named_year_are_that_year():
    text = f"6 tháng đầu năm 2023, {UNIT} kết nạp được 40 đảng viên."
    assert years(text, published="2024-07-15") == (2023, 2023)


def test_since_the_start_of_the_year_is_the_publication_year():
    text = f"Từ đầu năm đến nay, {UNIT} kết nạp được 52 đảng viên."
    assert years(text, published="2024-08-01") == (2024, 2024)


def test_from_a_year_to_the_end_of_a_month_of_another_covers_both_years():
    text = f"Từ năm 2020 đến hết tháng 5/2024, {UNIT} đã kết nạp 712 đảng viên."
    assert years(text, published="2024-06-18") == (2020, 2024)


def test_from_now_to_a_year_runs_from_the_publication_year():
    text = f"{UNIT} đặt mục tiêu từ nay đến năm 2025 kết nạp thêm 60 đảng viên."
    assert years(text, published="2024-06-18") == (2024, 2025)


def test_the_highest_since_the_start_of_the_term_does_not_set_the_next_sentences_period():
    text = (f"Năm qua, {UNIT} kết nạp được 214 đảng viên. Đây là năm có số đảng viên mới cao nhất "
            "kể từ đầu nhiệm kỳ. Chi bộ Trường THPT Ea Súp kết nạp 8 đảng viên.")
    found = extract(text, published="2022-12-21").facts
    assert [(f.value, f.year_from, f.year_to) for f in found] == [(214, 2022, 2022), (8, 2022, 2022)]


def test_a_year_carries_to_the_next_sentence():
    text = (f"Năm 2022, {UNIT} đẩy mạnh công tác tạo nguồn. "
            "Nhờ vậy, huyện kết nạp được 77 đảng viên.")
    assert years(text, published="2024-01-10") == (2022, 2022)


# --- as_of --------------------------------------------------------------------------------------

def test_tinh_den_ngay_without_a_year_is_dated_in_the_publication_year():
    text = f"Tính đến ngày 2-10, {UNIT} kết nạp được 75 đảng viên."
    assert one(text, published="2024-10-05").as_of == "2024-10-02"


def test_tinh_den_ngay_with_a_year_gives_that_date():
    text = f"Tính đến ngày 2-10-2023, {UNIT} kết nạp được 75 đảng viên."
    assert one(text).as_of == "2023-10-02"


def test_tinh_den_ngay_with_a_year_sets_the_year_of_the_fact():
    text = f"Tính đến ngày 2-10-2023, {UNIT} kết nạp được 75 đảng viên."
    assert years(text) == (2023, 2023)


def test_a_fact_without_a_cut_off_date_has_no_as_of():
    assert one(f"Năm 2023, {UNIT} kết nạp được 75 đảng viên.").as_of is None


# --- per year -----------------------------------------------------------------------------------

@pytest.mark.parametrize("opening", ["Mỗi năm,", "Hằng năm,", "Giai đoạn 2020-2024, bình quân mỗi năm"])
def test_a_yearly_average_is_per_year(opening):
    assert one(f"{opening} {UNIT} kết nạp được 80 đảng viên.").per_year is True


def test_an_average_keeps_the_years_of_its_stage():
    text = f"Giai đoạn 2020-2024, bình quân mỗi năm {UNIT} kết nạp được 80 đảng viên."
    assert years(text) == (2020, 2024)


def test_a_total_for_one_year_is_not_per_year():
    assert one(f"Năm 2023, {UNIT} kết nạp được 80 đảng viên.").per_year is False


def test_from_the_start_of_the_year_to_a_dated_day_takes_that_days_year():
    text = "Từ đầu năm đến ngày 15/11/2018, Đảng bộ huyện Bảo Yên kết nạp được 210 đảng viên."
    assert years(text, published="2019-01-10") == (2018, 2018)


def test_nhiem_ky_qua_at_the_start_of_a_sentence_is_the_term_of_the_publication():
    assert years(f"Nhiệm kỳ qua, {UNIT} kết nạp 900 đảng viên.", published="2024-01-15") == (2020, 2025)


@pytest.mark.parametrize("month", ["tháng 6.2016", "tháng 6-2016", "tháng 6/2016", "tháng 6 năm 2016"])
def test_a_range_may_end_at_a_month_written_with_a_dot_or_a_dash(month):
    text = f"Từ năm 2012 đến {month}, {UNIT} đã kết nạp 1.215 đảng viên."
    assert years(text, published="2017-03-01") == (2012, 2016)


def test_up_to_a_month_of_another_year_is_that_year_not_this_one():
    text = f"Tính đến tháng 9.2016, {UNIT} kết nạp 140 đảng viên."
    assert years(text, published="2017-03-01") == (2016, 2016)


def test_in_the_year_is_the_period_of_a_member_total():
    text = "Công ty TNHH Minh Phát thành lập chi bộ vào năm 2014, với 7 đảng viên."
    assert years(text, published="2024-03-01") == (2014, 2014)
