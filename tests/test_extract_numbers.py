"""Numbers as Vietnamese news writes them, and how the extractor reads counts in sentences."""

import pytest

from news_extract import extract
from news_extract.extract.numbers import (
    NUMBER_RE,
    format_number,
    parse_number,
    parse_number_words,
    second_of_range,
)


def only(text: str, metric: str, **kwargs):
    """The single fact of ``metric`` extracted from ``text``."""
    facts = [f for f in extract(text, **kwargs).facts if f.metric == metric]
    assert len(facts) == 1, [(f.metric, f.value) for f in extract(text, **kwargs).facts]
    return facts[0]


# --- parse_number / format_number / parse_number_words ------------------------------------------

@pytest.mark.parametrize(("written", "value"), [("1.214", 1214), ("7.500", 7500), ("152.000", 152000)])
def test_a_dot_between_digit_groups_separates_thousands(written, value):
    assert parse_number(written) == value


def test_a_comma_is_the_decimal_mark():
    assert parse_number("105,57") == 105.57


def test_thousands_and_a_decimal_comma_combine():
    assert parse_number("1.005,5") == 1005.5


def test_a_leading_zero_is_dropped_from_a_count():
    assert parse_number("08") == 8


def test_a_count_parses_as_an_int_not_a_float():
    assert isinstance(parse_number("214"), int)


@pytest.mark.parametrize(("value", "written"), [(1214, "1.214"), (7500, "7.500"), (105.57, "105,57"),
                                               (96.5, "96,5"), (43, "43"), (1000000, "1.000.000")])
def test_format_number_writes_the_vietnamese_style(value, written):
    assert format_number(value) == written


@pytest.mark.parametrize("value", [0, 7, 1214, 7500, 152000, 96.5, 105.57, 1005.25])
def test_format_number_and_parse_number_round_trip(value):
    assert parse_number(format_number(value)) == value


@pytest.mark.parametrize(("words", "value"), [
    ("hai", 2), ("mười", 10), ("mười hai", 12), ("mười lăm", 15), ("hai mươi", 20),
    ("hai mươi lăm", 25), ("bốn mươi tư", 44), ("một trăm", 100), ("ba trăm hai mươi", 320),
    ("hai nghìn", 2000),
])
def test_number_words_read_as_their_value(words, value):
    assert parse_number_words(words) == value


def test_words_that_are_not_number_words_are_not_a_number():
    assert parse_number_words("đảng viên") is None


# --- numbers read in sentences ------------------------------------------------------------------

def test_an_admission_written_with_a_thousands_dot_is_read_in_full():
    fact = only("Năm 2023, Đảng bộ huyện Mường Lát kết nạp được 1.214 đảng viên mới.", "admitted")
    assert fact.value == 1214


def test_a_target_written_with_a_thousands_dot_is_read_in_full():
    fact = only("Nhiệm kỳ 2020 - 2025, Đảng bộ tỉnh Gia Lai phấn đấu kết nạp 7.500 đảng viên.", "target")
    assert fact.value == 7500


def test_a_completion_rate_with_a_decimal_comma_is_a_decimal():
    text = "Năm 2023, Đảng bộ huyện Tuần Giáo kết nạp được 95 đảng viên, đạt 105,57% chỉ tiêu."
    assert only(text, "completion_pct").value == 105.57


def test_a_fraction_gives_the_admitted_count_from_its_numerator():
    fact = only("Năm 2022, Đảng bộ xã Tà Xùa kết nạp được 43/60 đảng viên.", "admitted")
    assert fact.value == 43


def test_a_fraction_gives_the_target_from_its_denominator():
    fact = only("Năm 2022, Đảng bộ xã Tà Xùa kết nạp được 43/60 đảng viên.", "target")
    assert fact.value == 60


def test_from_n_to_m_is_a_range_with_both_ends():
    fact = only("Năm 2024, Chi bộ thôn Lao Chải phấn đấu kết nạp từ 1 đến 3 đảng viên.", "target")
    assert (fact.value, fact.value_max, fact.qualifier) == (1, 3, "range")


def test_two_numbers_joined_by_a_dash_are_a_range():
    fact = only("Năm 2024, Đảng bộ huyện Bắc Yên phấn đấu kết nạp 100 - 170 đảng viên mới.", "target")
    assert (fact.value, fact.value_max, fact.qualifier) == (100, 170, "range")


def test_a_term_written_with_a_dash_is_not_read_as_a_range_of_members():
    text = "Nhiệm kỳ 2020 - 2025, Đảng bộ huyện Bắc Yên phấn đấu kết nạp 600 đảng viên."
    fact = only(text, "target")
    assert (fact.value, fact.value_max) == (600, None)


@pytest.mark.parametrize(("phrase", "qualifier"), [
    ("kết nạp được từ 50 đảng viên trở lên", "at_least"),
    ("kết nạp được ít nhất 50 đảng viên", "at_least"),
    ("kết nạp được tối thiểu 50 đảng viên", "at_least"),
    ("kết nạp được trên 50 đảng viên", "more_than"),
    ("kết nạp được hơn 50 đảng viên", "more_than"),
    ("kết nạp được gần 50 đảng viên", "approx"),
    ("kết nạp được khoảng 50 đảng viên", "approx"),
    ("kết nạp được 50 đảng viên", "exact"),
])
def test_a_word_before_or_after_the_number_sets_its_qualifier(phrase, qualifier):
    fact = only(f"Năm 2023, Đảng bộ huyện Văn Chấn {phrase}.", "admitted")
    assert (fact.value, fact.qualifier) == (50, qualifier)


def test_a_target_of_at_least_n_is_qualified_at_least():
    text = "Năm 2024, Đảng bộ huyện Văn Chấn phấn đấu kết nạp tối thiểu 60 đảng viên."
    assert only(text, "target").qualifier == "at_least"


def test_a_count_written_in_words_is_read_as_a_number():
    fact = only("Năm 2023, Chi bộ thôn Nà Hẩu kết nạp được hai đảng viên.", "admitted")
    assert fact.value == 2


def test_a_larger_count_written_in_words_is_read_as_a_number():
    fact = only("Năm 2023, Đảng bộ xã Bản Mế kết nạp được mười hai đảng viên.", "admitted")
    assert fact.value == 12


@pytest.mark.parametrize(("words", "value"), [("một", 1), ("năm", 5), ("hai mươi lăm", 25)])
def test_number_words_before_dang_vien_are_counts(words, value):
    fact = only(f"Năm 2023, Chi bộ thôn Sín Chải kết nạp được {words} đảng viên.", "admitted")
    assert (fact.value, fact.year_from) == (value, 2023)


def test_a_year_before_chi_bo_is_not_a_count_of_cells_that_admitted_nobody():
    text = ("Chi bộ Công an huyện Ea Súp kết nạp 4 đảng viên trong năm nay, trong khi năm 2022 "
            "chi bộ không kết nạp được đảng viên nào.")
    assert [(f.value, f.year_from) for f in extract(text, published="2023-06-27").facts] == [
        (4, 2023), (0, 2022)]


def test_admitting_no_member_at_all_is_an_admission_of_zero():
    fact = only("Năm 2023, Chi bộ thôn Nà Hẩu không kết nạp được đảng viên nào.", "admitted")
    assert fact.value == 0


def test_not_yet_admitting_anyone_is_also_zero():
    fact = only("Đến nay, Chi bộ bản Phiêng Ban vẫn chưa kết nạp được đảng viên nào.", "admitted",
                published="2024-05-01")
    assert fact.value == 0


def test_zero_written_with_the_abbreviation_dv_is_also_zero():
    fact = only("Năm 2024, phường Thới An vẫn chưa kết nạp được ĐV nào.", "admitted")
    assert fact.value == 0


def test_pupils_who_stand_in_the_ranks_of_the_party_are_admissions():
    text = "Năm 2023, tại Trường THPT Sìn Hồ, 12 em được đứng vào hàng ngũ của Đảng."
    assert only(text, "admitted").value == 12


def test_newly_admitted_written_as_ket_nap_moi_is_an_admission():
    assert only("Năm 2023, Đảng bộ xã Pà Cò kết nạp mới 9 đảng viên.", "admitted").value == 9


def test_phat_trien_duoc_is_an_admission():
    fact = only("Năm 2023, Đảng bộ xã Pà Cò phát triển được 11 đảng viên mới.", "admitted")
    assert fact.value == 11


def test_exceeding_the_quota_by_n_derives_the_target():
    text = "Năm 2023, Đảng bộ xã Pà Cò kết nạp được 16 đảng viên, vượt 7 so với chỉ tiêu."
    fact = only(text, "target")
    assert (fact.value, fact.derived) == (9, True)


def test_the_derived_target_belongs_to_the_unit_and_year_of_the_admission():
    text = "Năm 2023, Đảng bộ xã Pà Cò kết nạp được 16 đảng viên, vượt 7 đảng viên so với chỉ tiêu."
    fact = only(text, "target")
    assert (fact.unit_name, fact.year_from, fact.year_to) == ("Pà Cò", 2023, 2023)


def test_an_admission_written_out_is_not_derived():
    text = "Năm 2023, Đảng bộ xã Pà Cò kết nạp được 16 đảng viên, vượt 7 so với chỉ tiêu."
    assert only(text, "admitted").derived is False


def test_reaching_a_percent_of_the_plan_is_a_completion_rate():
    text = "Năm 2023, Đảng bộ huyện Mai Châu kết nạp được 193 đảng viên, đạt 96,5% kế hoạch."
    fact = only(text, "completion_pct")
    assert (fact.value, fact.derived) == (96.5, False)


def test_exceeding_the_plan_by_a_percent_derives_the_completion_rate():
    text = "Năm 2023, Đảng bộ huyện Mai Châu kết nạp được 216 đảng viên, vượt 8% kế hoạch."
    fact = only(text, "completion_pct")
    assert (fact.value, fact.derived) == (108, True)


@pytest.mark.parametrize(("text", "figures"), [
    ("từ 240-250 đảng viên", ["240", "250"]),
    ("Chỉ thị 28-CT/TW", ["28"]),
    ("tháng 10-2020", ["10"]),
    ("ngày 5-10-2020", ["5"]),
])
def test_a_figure_after_a_hyphen_counts_only_after_another_figure_of_two_or_three_digits(text, figures):
    found = []
    for m in NUMBER_RE.finditer(text):
        found.append(m.group(1))
        if (second := second_of_range(text, m)) is not None:
            found.append(second.group(1))
    assert found == figures
