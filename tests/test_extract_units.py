"""Units (đơn vị): the party organisation or place each number belongs to."""

import os
import shutil
import subprocess
import sys

import pytest

from news_extract import extract
from news_extract.extract.units import province_from_outlet
from news_extract.patterns import patterns_dir


def units(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(u.level, u.name) for u in extract(text, **kwargs).units]


def fact_units(text: str, **kwargs) -> list[tuple[str | None, str | None, float]]:
    return [(f.unit_level, f.unit_name, f.value) for f in extract(text, **kwargs).facts]


@pytest.mark.parametrize(("subject", "unit"), [
    ("Đảng bộ huyện Mường Nhé", ("huyện", "Mường Nhé")),
    ("Đảng ủy xã Nậm Cang", ("xã", "Nậm Cang")),
    ("Chi bộ bản Huổi Só", ("bản", "Huổi Só")),
    ("Chi bộ thôn Séo Mý Tỷ", ("thôn", "Séo Mý Tỷ")),
    ("Huyện ủy Mường Nhé", ("huyện", "Mường Nhé")),
    ("Tỉnh ủy Điện Biên", ("tỉnh", "Điện Biên")),
    ("Thị ủy Hương Thủy", ("thị xã", "Hương Thủy")),
    ("Thành ủy Huế", ("thành phố", "Huế")),
    ("Quận ủy Cẩm Lệ", ("quận", "Cẩm Lệ")),
    ("Đảng bộ thị trấn Phong Thổ", ("thị trấn", "Phong Thổ")),
])
def test_a_party_organisation_gives_the_level_and_name_of_its_unit(subject, unit):
    text = f"Năm 2023, {subject} kết nạp được 25 đảng viên."
    assert fact_units(text) == [(*unit, 25)]


def test_a_numbered_ward_is_named_by_its_number():
    text = "Năm 2023, Đảng bộ Phường 3 kết nạp được 14 đảng viên."
    assert fact_units(text) == [("phường", "3", 14)]


def test_tp_abbreviation_is_a_city():
    text = "Năm 2023, Đảng bộ TP. Tam Kỳ kết nạp được 140 đảng viên."
    assert fact_units(text) == [("thành phố", "Tam Kỳ", 140)]


def test_the_bloc_of_provincial_agencies_is_a_khoi():
    text = "Năm 2023, Đảng bộ Khối các cơ quan tỉnh kết nạp được 75 đảng viên."
    assert fact_units(text)[0][0] == "khối"


def test_a_school_is_named_without_the_word_truong():
    text = "Năm 2023, Đảng bộ Trường THCS Nguyễn Du kết nạp được 4 đảng viên."
    assert fact_units(text) == [("trường", "THCS Nguyễn Du", 4)]


def test_an_enterprise_is_a_doanh_nghiep():
    text = "Năm 2023, Đảng bộ Công ty Cổ phần Cao su Chư Prông kết nạp được 6 đảng viên."
    level, name, _ = fact_units(text)[0]
    assert level == "doanh nghiệp" and "Cao su Chư Prông" in name


@pytest.mark.parametrize("force", ["Quân sự tỉnh Gia Lai", "Bộ đội Biên phòng tỉnh Quảng Trị"])
def test_a_province_military_command_and_border_guard_are_co_quan(force):
    text = f"Năm 2023, Đảng bộ {force} kết nạp được 40 đảng viên."
    assert fact_units(text) == [("cơ quan", force, 40)]


@pytest.mark.parametrize(("school", "name"), [("Trường Đại học Tây Nguyên", "Đại học Tây Nguyên"),
                                              ("Trường Tiểu học Kim Đồng", "Tiểu học Kim Đồng"),
                                              ("Trường Đại học Sư phạm", "Đại học Sư phạm"),
                                              ("Trường Đại học Y - Dược", "Đại học Y - Dược")])
def test_universities_and_primary_schools_are_truong(school, name):
    text = f"Năm 2023, Chi bộ {school} kết nạp được 2 đảng viên."
    assert fact_units(text) == [("trường", name, 2)]


def test_a_border_post_is_a_unit_of_its_own_kind():
    text = "Năm 2023, Chi bộ Đồn Biên phòng Lũng Cú kết nạp được 3 đảng viên."
    assert fact_units(text) == [("khác", "Đồn Biên phòng Lũng Cú", 3)]


def test_a_police_unit_is_co_quan():
    text = "Năm 2023, Đảng bộ Công an tỉnh Gia Lai kết nạp được 45 đảng viên."
    level, name, _ = fact_units(text)[0]
    assert level == "cơ quan" and name.startswith("Công an")


# --- back-references ----------------------------------------------------------------------------

def test_huyen_nay_refers_to_the_last_named_district():
    text = ("Năm 2023, Đảng bộ huyện Krông Pa kết nạp được 95 đảng viên. "
            "Năm 2024, huyện này phấn đấu kết nạp 100 đảng viên.")
    assert fact_units(text)[1] == ("huyện", "Krông Pa", 100)


def test_dang_bo_xa_without_a_name_refers_to_the_last_named_commune():
    text = ("Năm 2023, Đảng bộ xã Chư Gu kết nạp được 9 đảng viên. "
            "Năm 2024, Đảng bộ xã đề ra chỉ tiêu kết nạp 10 đảng viên.")
    assert fact_units(text)[1] == ("xã", "Chư Gu", 10)


def test_truong_without_a_name_refers_to_the_last_named_school():
    text = ("Chi bộ Trường THPT Trần Phú có 40 đảng viên. "
            "Năm 2023, Trường kết nạp được 5 đảng viên.")
    assert fact_units(text)[1] == ("trường", "THPT Trần Phú", 5)


def test_toan_huyen_refers_to_the_last_named_district():
    text = ("Đảng bộ huyện Krông Pa có 3.200 đảng viên. "
            "Năm 2023, toàn huyện kết nạp được 95 đảng viên.")
    assert fact_units(text)[1] == ("huyện", "Krông Pa", 95)


def test_a_level_word_ending_a_sentence_does_not_name_a_unit_from_the_next_one():
    text = "Huyện Krông Pa có 20 xã. Năm 2023, toàn huyện kết nạp được 95 đảng viên."
    assert units(text) == [("huyện", "Krông Pa")]


def test_a_back_reference_resolves_to_the_latest_of_two_named_units():
    text = ("Năm 2023, Đảng bộ xã Ia Mlah kết nạp được 8 đảng viên. "
            "Đảng bộ xã Phú Cần kết nạp được 6 đảng viên. "
            "Năm 2024, Đảng bộ xã phấn đấu kết nạp 7 đảng viên.")
    assert fact_units(text)[2] == ("xã", "Phú Cần", 7)


# --- the province -------------------------------------------------------------------------------

def test_toan_tinh_is_the_province_named_in_the_text():
    text = ("Năm 2023, toàn tỉnh Gia Lai kết nạp được 1.900 đảng viên. "
            "Năm 2024, toàn tỉnh phấn đấu kết nạp 2.000 đảng viên.")
    assert fact_units(text)[1] == ("tỉnh", "Gia Lai", 2000)


@pytest.mark.parametrize(("outlet", "province"), [("GLO", "Gia Lai"), ("QTO", "Quảng Trị")])
def test_toan_tinh_is_the_province_of_the_outlet_code(outlet, province):
    text = "Năm 2023, toàn tỉnh kết nạp được 1.500 đảng viên."
    assert fact_units(text, published="2024-01-05", outlet=outlet) == [("tỉnh", province, 1500)]


def test_an_outlet_code_names_its_province():
    assert province_from_outlet("GLO") == "Gia Lai"


def test_toan_tinh_is_the_province_of_the_districts_named():
    text = ("Huyện Hướng Hóa và huyện Gio Linh làm tốt công tác phát triển đảng viên. "
            "Năm 2023, toàn tỉnh kết nạp được 1.500 đảng viên.")
    assert fact_units(text) == [("tỉnh", "Quảng Trị", 1500)]


def test_the_province_named_in_the_text_wins_over_the_outlet():
    text = "Năm 2023, toàn tỉnh Kon Tum kết nạp được 1.100 đảng viên."
    assert extract(text, outlet="GLO").province == "Kon Tum"


# --- which unit a number belongs to -------------------------------------------------------------

def test_a_quota_the_district_assigns_to_a_commune_belongs_to_the_commune():
    text = "Năm 2024, Huyện ủy Krông Pa giao chỉ tiêu cho Đảng ủy xã Chư Drăng kết nạp 8 đảng viên."
    assert fact_units(text) == [("xã", "Chư Drăng", 8)]


def test_a_commune_given_a_quota_by_the_district_owns_the_quota():
    text = "Năm 2024, xã Ia Mlah được Huyện ủy Krông Pa giao chỉ tiêu kết nạp 12 đảng viên."
    assert fact_units(text) == [("xã", "Ia Mlah", 12)]


def test_a_quota_given_to_a_district_named_without_its_level_belongs_to_that_district():
    text = ("Huyện Si Ma Cai có 1.200 đảng viên. Năm 2024, Ban Thường vụ Tỉnh ủy Lào Cai "
            "giao cho Si Ma Cai chỉ tiêu kết nạp 120 đảng viên.")
    assert fact_units(text)[-1] == ("huyện", "Si Ma Cai", 120)


def test_a_quota_given_to_the_district_by_its_level_word_belongs_to_the_district():
    text = ("Năm 2023, huyện Mù Cang Chải kết nạp 130 đảng viên. Chỉ tiêu Ban Thường vụ Tỉnh ủy "
            "giao cho huyện trong năm 2024 là 140 đảng viên.")
    assert fact_units(text)[-1] == ("huyện", "Mù Cang Chải", 140)


def test_the_committee_that_gave_a_quota_named_after_it_does_not_own_it():
    text = ("Năm 2024, huyện Bắc Yên kết nạp 100 đảng viên. Huyện dự kiến sẽ vượt chỉ tiêu "
            "120 đảng viên mà Ban Thường vụ Tỉnh ủy giao.")
    assert fact_units(text)[-1] == ("huyện", "Bắc Yên", 120)


def test_a_committee_giving_a_cell_its_admissions_sets_a_target():
    text = "Năm 2024, Huyện ủy giao chi bộ thôn Séo Pờ Hồ kết nạp 2 đảng viên."
    found = extract(text, published="2024-02-01").facts
    assert [(f.metric, f.unit_name, f.value) for f in found] == [("target", "Séo Pờ Hồ", 2)]


def test_a_rate_after_another_unit_is_named_belongs_to_that_unit():
    text = ("Năm 2023, Đảng bộ huyện Tháp Mười kết nạp 142 đảng viên, đạt 118% chỉ tiêu; "
            "Đảng bộ thành phố Sa Đéc đã hoàn thành 100% chỉ tiêu.")
    assert fact_units(text)[-1] == ("thành phố", "Sa Đéc", 100)


def test_a_unit_named_in_the_next_clause_does_not_own_the_number_before_it():
    text = ("Năm 2024, Đảng bộ quận Ninh Kiều kết nạp 197 đảng viên. Các chi bộ cơ sở trên địa bàn "
            "kết nạp 31 đảng viên; riêng Chi bộ Trường THPT Châu Văn Liêm kết nạp 12 đảng viên.")
    assert [unit for *unit, value in fact_units(text) if value == 31] == [["quận", "Ninh Kiều"]]


@pytest.mark.parametrize(("written", "unit"), [
    ("huyện vùng cao Lâm Bình", ("huyện", "Lâm Bình")),
    ("Đảng bộ huyện miền núi Tương Dương", ("huyện", "Tương Dương")),
    ("xã biên giới Ia Mơ", ("xã", "Ia Mơ")),
])
def test_a_word_between_the_level_and_the_name_keeps_the_unit(written, unit):
    assert fact_units(f"Năm 2024, {written} kết nạp được 18 đảng viên.") == [(*unit, 18)]


def test_a_level_and_a_descriptor_without_a_name_are_no_unit():
    text = "Năm 2024, các xã vùng cao kết nạp được 30 đảng viên."
    assert [level for level, _, _ in fact_units(text)] != ["xã"]


def test_an_enumeration_gives_one_fact_per_unit():
    text = ("Năm 2023, các đảng bộ trực thuộc kết nạp được: "
            "TP. Tam Kỳ 140; Hội An 105; Điện Bàn 160.")
    assert [(name, value) for _, name, value in fact_units(text)] == [
        ("Tam Kỳ", 140), ("Hội An", 105), ("Điện Bàn", 160)]


def test_an_assigned_quota_list_gives_one_target_per_unit():
    text = ("Năm 2024, Tỉnh ủy giao chỉ tiêu kết nạp đảng viên cho các đảng bộ: "
            "TP. Tam Kỳ 140; Hội An 105; Núi Thành 120.")
    found = extract(text, published="2024-02-01", outlet="QNO").facts
    assert [(f.metric, f.unit_name, f.value) for f in found] == [
        ("target", "Tam Kỳ", 140), ("target", "Hội An", 105), ("target", "Núi Thành", 120)]


def test_a_quota_list_item_the_gazetteer_does_not_know_takes_the_level_of_the_item_before():
    text = ("Năm 2025, Tỉnh ủy giao chỉ tiêu kết nạp đảng viên cho các đảng bộ: "
            "Thăng Bình 95; Ngọc Tân Hạ 40; Hiệp Đức 52.")
    assert fact_units(text) == [("huyện", "Thăng Bình", 95), ("huyện", "Ngọc Tân Hạ", 40),
                                ("huyện", "Hiệp Đức", 52)]


def test_a_police_or_military_cell_listed_bare_beside_districts_is_the_provinces():
    text = ("Năm 2025, Tỉnh ủy giao chỉ tiêu kết nạp đảng viên cho các đảng bộ: "
            "Thăng Bình 95; Hiệp Đức 52; Công an 14; Quân sự 21; Biên phòng 9.")
    assert fact_units(text)[2:] == [("cơ quan", "Công an tỉnh", 14), ("cơ quan", "Quân sự tỉnh", 21),
                                    ("cơ quan", "Bộ đội Biên phòng tỉnh", 9)]


def test_a_place_named_in_a_headline_in_capitals_is_the_same_unit_as_in_the_body():
    text = ("XÃ TÂN HƯNG KẾT NẠP 9 ĐẢNG VIÊN MỚI\n\n"
            "Năm 2024, Đảng bộ xã Tân Hưng kết nạp được 9 đảng viên mới, đạt 112% chỉ tiêu.")
    assert units(text) == [("xã", "Tân Hưng")]


def test_a_town_and_a_district_of_the_same_name_stay_two_units():
    text = ("Năm 2023, Đảng bộ thị xã Long Mỹ kết nạp được 60 đảng viên, "
            "Đảng bộ huyện Long Mỹ kết nạp được 75 đảng viên.")
    assert fact_units(text) == [("thị xã", "Long Mỹ", 60), ("huyện", "Long Mỹ", 75)]


def test_a_town_and_a_district_of_the_same_name_are_listed_as_two_units():
    text = ("Năm 2023, Đảng bộ thị xã Long Mỹ kết nạp được 60 đảng viên, "
            "Đảng bộ huyện Long Mỹ kết nạp được 75 đảng viên.")
    assert ("thị xã", "Long Mỹ") in units(text) and ("huyện", "Long Mỹ") in units(text)


def test_a_persons_name_after_a_title_is_not_part_of_the_unit():
    text = ("Theo Bí thư Đảng ủy xã Húc Nguyễn Văn An, năm 2023 Đảng bộ xã "
            "kết nạp được 6 đảng viên.")
    assert fact_units(text) == [("xã", "Húc", 6)]


def test_a_persons_name_after_a_title_is_not_listed_as_a_unit():
    text = ("Bí thư Đảng ủy xã Ia Hrú Phạm Văn Thành cho biết, năm 2023 xã "
            "kết nạp được 7 đảng viên.")
    assert units(text) == [("xã", "Ia Hrú")]


def test_a_number_without_a_unit_in_its_sentence_takes_the_unit_of_the_sentence_before():
    text = ("Đảng bộ huyện Đắk Mil luôn coi trọng công tác phát triển đảng viên. "
            "Năm 2023, đã kết nạp được 120 đảng viên.")
    assert fact_units(text) == [("huyện", "Đắk Mil", 120)]


def test_a_locating_district_after_a_commune_is_not_a_unit_of_its_own():
    text = "Năm 2023, Đảng bộ xã Ia Mlah, huyện Krông Pa kết nạp được 8 đảng viên."
    assert units(text) == [("xã", "Ia Mlah")]


def test_a_level_word_added_to_the_rules_is_found_without_touching_the_code(tmp_path):
    # The unit patterns are tried only at their start words: a new level word
    # in unit_levels.csv must become a start word too.
    rules = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), rules)
    with (rules / "unit_levels.csv").open("a", encoding="utf-8") as fh:
        fh.write("khóm,khóm,1,0\n")
    code = ("from news_extract import extract; "
            "e = extract('Năm 2024, Chi bộ khóm Tân Hòa kết nạp được 3 đảng viên.'); "
            "print([(f.unit_level, f.unit_name) for f in e.facts])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "NEWS_EXTRACT_PATTERNS": str(rules)})
    assert done.stdout.strip() == "[('khóm', 'Tân Hòa')]", done.stderr


def test_a_name_ending_in_dong_keeps_it():
    assert ("tỉnh", "Lâm Đồng") in units("Năm 2023, Tỉnh ủy Lâm Đồng chỉ đạo kết nạp 900 đảng viên.")


def test_dong_chi_after_a_name_is_not_part_of_it():
    assert ("xã", "Hòa Bình") in units("Bí thư Đảng ủy xã Hòa Bình Đồng chí Lò Văn Sơn cho biết xã kết nạp 5 đảng viên.")


def test_a_hospital_keeps_its_lower_case_descriptor_and_its_province():
    assert units("Đảng bộ Bệnh viện Đa khoa tỉnh Hà Giang kết nạp 12 đảng viên.") == [
        ("cơ quan", "Bệnh viện Đa khoa tỉnh Hà Giang")]


def test_a_province_inside_an_agencys_name_is_the_articles_province():
    assert extract("Đảng bộ Bệnh viện Đa khoa tỉnh Hà Giang kết nạp 12 đảng viên.").province == "Hà Giang"


def test_a_school_type_is_written_as_gold_writes_it():
    assert units("Chi bộ Trường MN Hoa Sen kết nạp 2 đảng viên.") == [("trường", "Mầm non Hoa Sen")]


def test_a_bloc_of_agencies_and_mass_organisations_keeps_its_whole_name():
    text = "Năm 2022, Đảng bộ Khối Cơ quan Dân Chính Đảng thành phố kết nạp 210 đảng viên."
    assert fact_units(text) == [("khối", "Cơ quan Dân Chính Đảng thành phố", 210)]


def test_an_export_processing_zone_party_committee_is_a_unit():
    text = "Năm 2022, Đảng ủy Các Khu chế xuất và công nghiệp thành phố kết nạp 31 đảng viên."
    assert fact_units(text) == [("khác", "Các Khu chế xuất và công nghiệp thành phố", 31)]


def test_an_industrial_park_named_without_its_party_word_is_a_unit():
    text = "Năm 2022, Khu công nghiệp Tam Thăng có 5 đảng viên mới được kết nạp."
    assert fact_units(text)[0][:2] == ("khác", "Khu công nghiệp Tam Thăng")


def test_industrial_parks_in_general_are_no_unit():
    assert units("Các khu công nghiệp thu hút nhiều lao động trẻ.") == []


def test_an_academy_is_a_school_named_with_its_word():
    text = "Năm 2023, Đảng ủy Học viện Ngân hàng kết nạp 80 đảng viên."
    assert fact_units(text) == [("trường", "Học viện Ngân hàng", 80)]


def test_a_ceremony_verb_ends_a_school_name():
    text = "Sáng 3/6, Đảng ủy Trường Đại học Quy Nhơn trao Quyết định kết nạp đảng viên cho 15 sinh viên."
    assert fact_units(text) == [("trường", "Đại học Quy Nhơn", 15)]


def test_a_zone_named_with_its_city_level_is_not_given_the_citys_name():
    text = ("Thành phố Cần Thơ kết nạp 1.500 đảng viên. Đảng ủy Các Khu chế xuất và công nghiệp thành phố "
            "kết nạp 20 đảng viên.")
    assert ("khác", "Các Khu chế xuất và công nghiệp thành phố", 20) in fact_units(text)


def test_a_locator_in_parentheses_is_a_unit():
    text = "Sáng 2-7, Chi bộ Trường THPT Nguyễn Trãi (huyện Chư Sê) kết nạp Đảng cho 3 học sinh."
    assert ("huyện", "Chư Sê") in units(text)


def test_a_persons_name_with_the_word_truong_in_it_is_not_a_school():
    text = "Chi bộ Trường THPT Na Hang kết nạp Đảng cho 2 quần chúng ưu tú: Hà Trường Giang và Ma Thị Hoa."
    assert units(text) == [("trường", "THPT Na Hang")]


def test_a_locator_in_a_persons_title_is_not_a_unit():
    text = ("Năm 2023, Chi bộ thôn Tân Mỹ kết nạp 2 đảng viên. Ông Lê Văn Hòa, Bí thư Chi bộ thôn Tân Mỹ, "
            "xã Triệu Phong, huyện Triệu Phong cho biết chi bộ sẽ tiếp tục tạo nguồn.")
    assert ("xã", "Triệu Phong") not in units(text)


def test_a_heading_place_names_the_district():
    text = "Bảo Thắng: Kết nạp 95 đảng viên mới\nNăm 2022, toàn huyện đã kết nạp 95 đảng viên mới."
    assert fact_units(text, title="Bảo Thắng: Kết nạp 95 đảng viên mới") == [("huyện", "Bảo Thắng", 95)]


def test_a_district_alone_on_the_line_above_the_headline_names_the_district():
    text = ("Mường Khương\n\nKết nạp 64 đảng viên mới\n\n"
            "Trong năm 2022, có 64 đảng viên mới được kết nạp, nâng tổng số đảng viên toàn huyện lên 3.410.")
    assert fact_units(text, title="Kết nạp 64 đảng viên mới") == [
        ("huyện", "Mường Khương", 64), ("huyện", "Mường Khương", 3410)]


def test_a_place_whose_last_word_ends_other_names_keeps_it():
    assert units("Huyện Đại Từ hiện có gần 1.000 đảng viên.") == [("huyện", "Đại Từ")]


def test_an_industrial_park_abbreviation_is_a_zone():
    assert ("khác", "KCN Quế Võ") in units("Năm 2022, Chi bộ Công ty An Phát tại KCN Quế Võ kết nạp 3 đảng viên.")


def test_a_cell_located_in_a_zone_keeps_its_own_unit():
    text = "Năm 2022, Chi bộ Công ty An Phát tại KCN Quế Võ kết nạp 3 đảng viên."
    assert fact_units(text) == [("doanh nghiệp", "Công ty An Phát", 3)]


def test_a_provinces_police_and_military_command_without_a_party_word_are_co_quan():
    text = ("Năm 2022, Đảng bộ tỉnh kết nạp 2.100 đảng viên; Công an tỉnh đạt 158,18%, "
            "Bộ Chỉ huy Quân sự tỉnh đạt 120%.")
    assert fact_units(text)[1:] == [("cơ quan", "Công an tỉnh", 158.18), ("cơ quan", "Bộ Chỉ huy Quân sự tỉnh", 120)]


def test_a_company_name_keeps_the_number_after_its_lower_case_words():
    text = "Năm 2023, Đảng bộ Công ty Truyền tải điện 2 (PTC2) kết nạp 3 đảng viên."
    assert fact_units(text) == [("doanh nghiệp", "Công ty Truyền tải điện 2", 3)]


def test_a_company_in_a_list_drops_the_count_after_its_name():
    text = "Năm 2022, các đơn vị kết nạp nhiều là: Đảng bộ Công ty Than Hà Lầm 12 đảng viên, Công ty Than Mạo Khê 9."
    assert fact_units(text)[0] == ("doanh nghiệp", "Công ty Than Hà Lầm", 12)


def test_tong_cong_ty_ends_an_agency_name():
    assert ("cơ quan", "Văn phòng Tổng Công ty") in units("Năm 2022, Đảng ủy Văn phòng Tổng Công ty cùng đến chúc mừng.")


def test_the_ordinal_of_a_congress_in_capitals_is_no_province():
    text = "NGHỊ QUYẾT ĐẠI HỘI ĐẢNG BỘ TỈNH LẦN THỨ XIII\n\nNăm 2017, Đảng bộ tỉnh kết nạp 10 đảng viên."
    assert all(name == "" for _, name in units(text))


def test_a_school_named_after_its_commune_drops_the_level_word():
    assert fact_units("Năm 2023, Chi bộ Trường Mầm non xã Hà Thanh kết nạp 2 đảng viên.") == [
        ("trường", "Mầm non Hà Thanh", 2)]


def test_a_company_drops_the_state_group_printed_after_a_dash():
    text = "Năm 2021, Đảng ủy Công ty CP Than Mông Dương - Vinacomin kết nạp 10 đảng viên."
    assert fact_units(text) == [("doanh nghiệp", "Công ty CP Than Mông Dương", 10)]


def test_a_museum_is_an_agency_with_its_whole_name():
    text = "Ngày 16/03/2023, Chi bộ Bảo tàng Văn hóa các dân tộc Việt Nam kết nạp 2 đảng viên."
    assert fact_units(text) == [("cơ quan", "Bảo tàng Văn hóa các dân tộc Việt Nam", 2)]


def test_a_department_named_bare_keeps_the_commas_of_its_name():
    text = "Học viên đến từ các cơ quan: Sở Văn hóa, Thể thao và Du lịch, Sở Nông nghiệp và Phát triển nông thôn."
    assert units(text) == [("cơ quan", "Sở Văn hóa, Thể thao và Du lịch"),
                           ("cơ quan", "Sở Nông nghiệp và Phát triển nông thôn")]


def test_health_facilities_in_lower_case_are_no_department():
    assert units("Năm 2023, các cơ sở y tế trong tỉnh đều có chi bộ.") == []


def test_a_province_named_bare_is_a_unit_of_the_article():
    text = "Lần đầu tiên huyện Duy Xuyên (Quảng Nam) kết nạp 2 đảng viên. Qua 7 năm, Hà Nội đã đạt nhiều kết quả."
    assert ("tỉnh", "Quảng Nam") in units(text) and ("thành phố", "Hà Nội") in units(text)


@pytest.mark.parametrize("text", [
    "Ông Nguyễn Thái Bình phát biểu tại hội nghị.",
    "Đảng viên học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
])
def test_a_province_name_inside_a_persons_name_or_the_leaders_is_no_unit(text):
    assert units(text) == []


def test_a_province_inside_a_company_name_is_not_listed_again():
    assert units("Năm 2023, Đảng bộ Công ty Than Quảng Ninh kết nạp 5 đảng viên.") == [
        ("doanh nghiệp", "Công ty Than Quảng Ninh")]


def test_trung_uong_ends_an_institutes_name():
    text = "Tính đến tháng 11/2019, Đảng bộ Viện Vệ sinh dịch tễ Trung ương có 112 đảng viên."
    assert fact_units(text) == [("cơ quan", "Viện Vệ sinh dịch tễ Trung ương", 112)]


def test_a_school_is_not_its_numbered_namesake():
    text = "Năm 2021, Trường THPT Nam Sách kết nạp 14 học sinh, Trường THPT Nam Sách II kết nạp 2 học sinh."
    assert [(name, value) for _, name, value in fact_units(text)] == [("THPT Nam Sách", 14), ("THPT Nam Sách II", 2)]


def test_a_place_inside_a_quoted_class_name_is_not_the_subjects_unit():
    text = ("Sáng 21/10, Đảng ủy Công ty Cổ phần Than Hà Tu tổ chức lễ kết nạp “Lớp đảng viên 60 năm thành lập "
            "tỉnh Quảng Ninh” và trao quyết định kết nạp đảng viên cho 15 quần chúng ưu tú.")
    assert fact_units(text, published="2023-10-21") == [("doanh nghiệp", "Công ty Cổ phần Than Hà Tu", 15)]


def test_a_type_word_typed_twice_is_read_once():
    text = ("Được sự đồng ý của Đảng ủy Học viện Học viện Kỹ thuật Miền Trung, Chi bộ khoa Điện "
            "tổ chức lễ kết nạp đảng viên cho 04 sinh viên.")
    assert fact_units(text, published="2024-05-16") == [("trường", "Học viện Kỹ thuật Miền Trung", 4)]


@pytest.mark.parametrize(("text", "faculty"), [
    ("Chi bộ khoa Ngữ văn tổ chức lễ kết nạp đảng viên.", "Khoa Ngữ văn"),
    ("Chi bộ khoa Luật long trọng tổ chức lễ kết nạp đảng viên.", "Khoa Luật"),
    ("Các chi bộ Khoa Khoa học xã hội đã giới thiệu 5 sinh viên.", "Khoa Khoa học xã hội"),
    ("Sinh viên thuộc các Chi bộ: Khoa Kinh tế & QTKD, Khoa Sư phạm.", "Khoa Kinh tế & QTKD"),
    ("Chi bộ Khoa Giáo dục Tiểu học và Mầm non có 12 đảng viên.", "Khoa Giáo dục Tiểu học và Mầm non"),
])
def test_a_faculty_is_a_unit_named_with_its_lower_case_syllables(text, faculty):
    assert ("khác", faculty) in [(u.level, u.name) for u in extract(text, published="2024-05-16").units]


@pytest.mark.parametrize("text", [
    "Năm 2024, khoa học công nghệ được chú trọng.",
    "Anh Nguyễn Đăng Khoa Trần Văn Nam cho biết.",
    "Chi bộ thôn kết nạp bạn Lê Văn An, sinh viên năm 3 Khoa Công nghệ thông tin.",
    "Báo cáo viên là ThS. Lê Thị Hoa - Khoa Xây dựng Đảng.",
])
def test_khoa_hoc_a_persons_name_or_description_are_no_faculty(text):
    assert not [u for u in extract(text, published="2024-05-16").units if u.name.startswith("Khoa")]


def test_a_faculty_cell_admits_for_its_school():
    text = ("Được sự đồng ý của Đảng ủy Trường Đại học Tây Nguyên, Chi bộ khoa Chăn nuôi và Chi bộ "
            "khoa Thú y tổ chức lễ kết nạp đảng viên cho 05 sinh viên.")
    assert fact_units(text, published="2024-05-16") == [("trường", "Đại học Tây Nguyên", 5)]


def test_a_school_after_its_faculty_is_a_unit_not_a_locator():
    text = "Năm 2024, Khoa Lịch sử của Trường Đại học Vinh kết nạp 7 sinh viên."
    assert ("trường", "Đại học Vinh") in [(u.level, u.name) for u in extract(text, published="2024-05-16").units]


def test_the_places_where_something_happened_are_each_a_unit():
    text = ("Lễ kỷ niệm được tổ chức tại xã Tân Hòa, huyện Phú Bình, tỉnh Thái Nguyên. "
            "Năm 2023, Đảng bộ xã Tân Hòa kết nạp 9 đảng viên.")
    assert {("huyện", "Phú Bình"), ("tỉnh", "Thái Nguyên")} <= set(units(text))


def test_a_locator_after_an_organisation_is_not_a_unit():
    text = "Năm 2023, Đảng ủy xã Tân Hòa, huyện Phú Bình kết nạp 9 đảng viên."
    assert ("huyện", "Phú Bình") not in units(text)
