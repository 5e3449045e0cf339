"""Cases the extractor once got wrong (found by the test helper), kept as regressions."""


from news_extract import extract
from news_extract.extract.directives import find_directives

UNIT = "Đảng bộ huyện Ea Súp"


def test_quarter_one_slash_year_is_that_year():
    f = extract(f"Quý I/2024, {UNIT} kết nạp được 31 đảng viên.", published="2025-02-01").facts
    assert [(x.year_from, x.year_to) for x in f] == [(2024, 2024)]


def test_moi_nam_after_the_count_noun_is_per_year():
    f = extract(f"{UNIT} kết nạp được 80 đảng viên mỗi năm.").facts
    assert [x.per_year for x in f] == [True]


def test_people_of_a_commune_admitted_to_the_party_are_admissions():
    text = "Trong năm 2023, 8 quần chúng ưu tú của xã Ia Pếch được kết nạp vào Đảng."
    f = extract(text).facts
    assert [(x.metric, x.value, x.unit_name) for x in f] == [("admitted", 8, "Ia Pếch")]


def test_cells_that_admitted_nobody_are_not_an_admission_of_zero():
    text = "Năm 2023, huyện Chư Sê có 5/7 chi bộ thôn không kết nạp được đảng viên nào."
    assert extract(text).facts == []


def test_a_state_decision_number_keeps_its_suffix():
    d = find_directives("Thực hiện Quyết định số 1234/QĐ-UBND ngày 5/6/2023 của UBND tỉnh.")
    assert [(x.number, x.suffix, x.date) for x in d] == [("1234", "QĐ-UBND", "2023-06-05")]


def test_a_fraction_value_span_is_its_own_number():
    text = "Năm 2022, Đảng bộ xã Tà Xùa kết nạp được 43/60 đảng viên."
    spans = {x.metric: text[x.value_start:x.value_end] for x in extract(text).facts}
    assert spans == {"admitted": "43", "target": "60"}


def test_a_place_name_with_can_is_not_a_target_word():
    f = extract("Năm 2023, Đảng bộ thành phố Cần Thơ kết nạp được 1.950 đảng viên.").facts
    assert [(x.metric, x.value) for x in f] == [("admitted", 1950)]


def test_toan_huyen_with_no_named_district_is_not_the_last_commune():
    text = ("Năm 2023, xã Ia Mlah kết nạp được 8 đảng viên; xã Ia Tul kết nạp được "
            "6 đảng viên; toàn huyện kết nạp được 95 đảng viên.")
    f = [x for x in extract(text).facts if x.value == 95][0]
    assert f.unit_level != "xã"


def test_a_place_name_with_giao_is_not_a_target_word():
    f = extract("Năm 2023, Đảng bộ huyện Giao Thủy kết nạp được 200 đảng viên.").facts
    assert [(x.metric, x.value) for x in f] == [("admitted", 200)]


def test_how_many_party_units_reached_a_rate_is_not_a_completion():
    text = ("Năm 2022, Đảng bộ huyện Ninh Hải kết nạp được 120 đảng viên. "
            "Trong đó có 4 đảng bộ cơ sở kết nạp mới đạt trên 50% chỉ tiêu được giao.")
    assert [f.value for f in extract(text).facts if f.metric == "completion_pct"] == []


def test_membership_of_the_province_written_cua_tinh_belongs_to_the_province():
    text = ("Năm 2022, Đảng bộ huyện Ninh Sơn kết nạp được 13 đảng viên, "
            "nâng tổng số đảng viên của tỉnh lên 20.952 đồng chí.")
    members = [f for f in extract(text, outlet="baoninhthuan.com.vn").facts if f.metric == "members"]
    assert [(m.unit_level, m.unit_name, m.value) for m in members] == [("tỉnh", "Ninh Thuận", 20952)]


def test_a_back_reference_before_the_unit_is_named_takes_the_next_unit_of_its_level():
    text = ("Nghị quyết Đại hội Đảng bộ xã đặt chỉ tiêu kết nạp 40 đảng viên trong nhiệm kỳ 2020 - 2025. "
            "Năm 2023, Đảng bộ xã Nậm Cắn kết nạp được 9 đảng viên.")
    target = [f for f in extract(text).facts if f.metric == "target"]
    assert [(t.unit_level, t.unit_name) for t in target] == [("xã", "Nậm Cắn")]


def test_a_committee_name_with_two_spaces_inside_keeps_its_whole_span():
    text = "Năm 2024, Huyện ủy Bát  Xát kết nạp được 5 đảng viên."
    (m,) = [m for m in extract(text).mentions if m.name == "Bát Xát"]
    assert text[m.start:m.end] == "Huyện ủy Bát  Xát"


def test_a_commune_name_with_a_tab_inside_keeps_its_last_letter():
    text = "Đảng bộ xã Mường\tHum có 120 đảng viên."
    (m,) = [m for m in extract(text).mentions if m.name == "Mường Hum"]
    assert text[m.start:m.end] == "Đảng bộ xã Mường\tHum"
