"""Cited documents (văn bản): kind, number, suffix, date and issuing body."""

import pytest

from news_extract import extract
from news_extract.extract.directives import find_directives

CT28 = "Thực hiện Chỉ thị số 28-CT/TW ngày 21/1/2019 của Ban Bí thư, huyện đã làm tốt công tác này."


def one(text: str):
    found = find_directives(text)
    assert len(found) == 1, [(d.kind, d.number, d.suffix) for d in found]
    return found[0]


def test_a_full_citation_gives_kind_number_and_suffix():
    d = one(CT28)
    assert (d.kind, d.number, d.suffix) == ("Chỉ thị", "28", "CT/TW")


def test_a_full_citation_gives_its_date_as_iso():
    assert one(CT28).date == "2019-01-21"


def test_a_full_citation_gives_the_issuing_body():
    assert one(CT28).body == "Ban Bí thư"


def test_a_cited_number_is_scored():
    assert one(CT28).scored is True


def test_a_date_after_a_comma_with_dashes_is_read():
    d = one("Huyện ủy ban hành Kế hoạch số 207-KH/HU, ngày 30-1-2024 về phát triển đảng viên.")
    assert (d.kind, d.number, d.suffix, d.date) == ("Kế hoạch", "207", "KH/HU", "2024-01-30")


def test_a_resolution_is_a_nghi_quyet():
    d = one("Quán triệt Nghị quyết số 21-NQ/TW của Ban Chấp hành Trung ương, tỉnh củng cố tổ chức đảng.")
    assert (d.kind, d.number, d.suffix) == ("Nghị quyết", "21", "NQ/TW")


@pytest.mark.parametrize(("citation", "expected"), [
    ("Quy định số 24-QĐ/TW ngày 30/7/2021 của Ban Chấp hành Trung ương",
     ("Quy định", "24", "QĐ/TW", "2021-07-30")),
    ("Hướng dẫn số 12-HD/BTCTW ngày 6/6/2022 của Ban Tổ chức Trung ương",
     ("Hướng dẫn", "12", "HD/BTCTW", "2022-06-06")),
    ("Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị",
     ("Kết luận", "01", "KL/TW", "2021-05-18")),
])
def test_other_kinds_of_documents_are_cited_alike(citation, expected):
    d = one(f"Thực hiện {citation}, huyện làm tốt công tác này.")
    assert (d.kind, d.number, d.suffix, d.date) == expected


def test_spaces_around_the_dash_and_a_zero_padded_date_are_read():
    d = one("Thực hiện Chỉ thị số 28 - CT/TW ngày 21-01-2019 của Ban Bí thư.")
    assert (d.number, d.suffix, d.date) == ("28", "CT/TW", "2019-01-21")


def test_a_citation_without_so_is_still_read():
    d = one("Thực hiện Chỉ thị 28-CT/TW của Ban Bí thư, huyện làm tốt công tác tạo nguồn.")
    assert (d.number, d.suffix) == ("28", "CT/TW")


def test_an_issuing_body_named_before_the_verb_is_the_body():
    d = one("Huyện ủy ban hành Kế hoạch số 207-KH/HU về phát triển đảng viên.")
    assert d.body == "Huyện ủy"


def test_tu_in_the_suffix_is_written_tw():
    d = one("Thực hiện Chỉ thị số 28-CT/TƯ của Ban Bí thư, huyện kết nạp nhiều đảng viên.")
    assert d.suffix == "CT/TW"


def test_a_leading_zero_of_the_number_is_kept():
    d = one("Tỉnh ủy ban hành Kế hoạch số 05-KH/TU về công tác phát triển đảng viên.")
    assert d.number == "05"


def test_a_short_reference_after_the_full_citation_is_the_same_directive():
    text = CT28 + " Sau 5 năm thực hiện Chỉ thị 28, chất lượng đảng viên được nâng lên."
    d = one(text)
    assert (d.number, d.suffix, d.date) == ("28", "CT/TW", "2019-01-21")


def test_a_short_reference_before_the_full_citation_is_the_same_directive():
    text = ("Sau 5 năm thực hiện Chỉ thị 28, chất lượng đảng viên được nâng lên. "
            "Chỉ thị số 28-CT/TW ngày 21/1/2019 của Ban Bí thư được quán triệt sâu rộng.")
    d = one(text)
    assert (d.number, d.suffix, d.date) == ("28", "CT/TW", "2019-01-21")


def test_a_short_reference_alone_has_no_suffix():
    d = one("Sau 5 năm thực hiện Chỉ thị 28, chất lượng đảng viên được nâng lên.")
    assert (d.kind, d.number, d.suffix) == ("Chỉ thị", "28", None)


def test_two_different_documents_stay_two():
    text = ("Thực hiện Chỉ thị số 28-CT/TW của Ban Bí thư và Kế hoạch số 207-KH/HU của Huyện ủy, "
            "huyện đã làm tốt công tác này.")
    assert [(d.kind, d.number) for d in find_directives(text)] == [("Chỉ thị", "28"), ("Kế hoạch", "207")]


def test_an_unnumbered_central_resolution_is_kept_unscored():
    d = one("Thực hiện Nghị quyết Trung ương 4 (khóa XII), huyện đẩy mạnh công tác xây dựng Đảng.")
    assert (d.kind, d.number, d.scored) == ("Nghị quyết", None, False)


def test_the_party_statute_is_kept_unscored():
    assert one("Theo Điều lệ Đảng, quần chúng phải đủ 18 tuổi.").scored is False


@pytest.mark.parametrize("text", [
    "Năm 2023, Đảng bộ huyện Ea Súp thực hiện tốt kế hoạch 2023 về phát triển đảng viên.",
    "Huyện triển khai Chương trình 135 ở các xã đặc biệt khó khăn.",
])
def test_a_year_or_a_programme_name_is_not_a_citation(text):
    assert [d for d in find_directives(text) if d.scored] == []


def test_the_mention_span_slices_to_the_citation():
    d = one(CT28)
    assert CT28[d.start:d.end].startswith("Chỉ thị số 28-CT/TW")


def test_extract_returns_the_directives_of_the_text():
    assert [d.code for d in extract(CT28).directives] == ["28-CT/TW"]


def test_a_kind_in_capitals_is_read_as_the_kind():
    d = one("HUYỆN THỰC HIỆN TỐT CHỈ THỊ 28-CT/TW CỦA BAN BÍ THƯ.")
    assert (d.kind, d.number, d.suffix) == ("Chỉ thị", "28", "CT/TW")


def test_a_kind_that_starts_inside_the_words_of_another_is_still_found():
    # "nghị quyết" is no citation here, but the "quyết định" overlapping it is
    d = one("Ông đề nghị quyết định số 15/QĐ-UBND được thực hiện ngay.")
    assert (d.kind, d.number, d.suffix) == ("Quyết định", "15", "QĐ-UBND")


def test_a_citation_is_found_in_text_with_letters_that_lower_case_changes_in_length():
    # İ lower-cases to two characters, so positions in the lower-cased text shift
    d = one("İzmir. Thực hiện Chỉ thị số 28-CT/TW của Ban Bí thư.")
    assert (d.kind, d.number) == ("Chỉ thị", "28")


def test_a_directive_cited_in_capitals_is_found_with_its_date_and_body():
    (d,) = find_directives("QUÁN TRIỆT CHỈ THỊ SỐ 28-CT/TW NGÀY 21/1/2019 CỦA BAN BÍ THƯ")
    assert (d.code, d.date, d.body) == ("28-CT/TW", "2019-01-21", "Ban Bí thư")


def test_so_written_with_a_capital_still_counts_as_a_number_sign():
    (d,) = find_directives("Triển khai Kế hoạch Số 45 về phát triển đảng viên")
    assert (d.kind, d.number) == ("Kế hoạch", "45")


def test_a_date_written_in_words_is_the_directives_date():
    found = find_directives("Thực hiện Quyết định số 745-QĐ/HU ngày 12 tháng 05 năm 2021 của Ban Thường vụ Huyện ủy.")
    assert [(d.number, d.suffix, d.date, d.body) for d in found] == [("745", "QĐ/HU", "2021-05-12", "Ban Thường vụ Huyện ủy")]


def test_decisions_listed_after_one_kind_word_are_each_a_directive_with_the_shared_date():
    found = find_directives("Đảng ủy công bố các quyết định số 171-QĐ/ĐU, 173-QĐ/ĐU, 174-QĐ/ĐU ngày 20/9/2023 "
                            "của Đảng ủy Công ty về việc kết nạp đảng viên.")
    assert [(d.kind, d.number, d.suffix, d.date) for d in found] == [
        ("Quyết định", n, "QĐ/ĐU", "2023-09-20") for n in ("171", "173", "174")]


def test_a_decision_cited_by_number_and_date_without_a_suffix_is_a_directive():
    d = one("Năm nay, thực hiện Quyết định 07 ngày 14-3-2019 của Ban Bí thư, chi bộ đã kết nạp 2 quần chúng.")
    assert (d.kind, d.number, d.suffix, d.date) == ("Quyết định", "07", None, "2019-03-14")


def test_a_number_without_a_suffix_keeps_the_body_after_it():
    assert one("Theo Quy định số 29 của Ban Chấp hành Trung ương, việc kết nạp được xem xét kỹ.").body \
        == "Ban Chấp hành Trung ương"
