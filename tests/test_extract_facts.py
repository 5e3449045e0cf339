"""Facts: which numbers are admissions, targets, member totals or completion rates, which are
subgroups, which are not recruitment facts at all, and where each one was read."""

import pytest

from news_extract import extract


def facts(text: str, **kwargs):
    return extract(text, **kwargs).facts


def metrics_and_values(text: str, **kwargs) -> list[tuple[str, float]]:
    return [(f.metric, f.value) for f in facts(text, **kwargs)]


def only(text: str, metric: str, **kwargs):
    found = [f for f in facts(text, **kwargs) if f.metric == metric]
    assert len(found) == 1, metrics_and_values(text, **kwargs)
    return found[0]


# --- metrics ------------------------------------------------------------------------------------

def test_ket_nap_duoc_is_an_admission():
    assert metrics_and_values("Năm 2023, Đảng bộ xã Ngọc Chiến kết nạp được 14 đảng viên.") == [
        ("admitted", 14)]


@pytest.mark.parametrize("sentence", [
    "Năm 2024, Huyện ủy Si Ma Cai giao chỉ tiêu kết nạp 120 đảng viên.",
    "Kế hoạch năm 2024 của Đảng bộ huyện Si Ma Cai là kết nạp 120 đảng viên.",
    "Mục tiêu năm 2024, Đảng bộ huyện Si Ma Cai kết nạp 120 đảng viên.",
    "Năm 2024, Đảng bộ huyện Si Ma Cai phấn đấu kết nạp 120 đảng viên.",
    "Năm 2024, Đảng bộ huyện Si Ma Cai đề ra chỉ tiêu kết nạp 120 đảng viên.",
])
def test_quota_plan_goal_and_striving_words_make_a_target(sentence):
    assert metrics_and_values(sentence) == [("target", 120)]


@pytest.mark.parametrize("sentence", [
    "Năm 2022, huyện Đắk Song kết nạp 210 đảng viên mới (đạt 105% chỉ tiêu).",
    "Năm 2022, huyện Đắk Song kết nạp 210 đảng viên mới đạt chỉ tiêu.",
])
def test_an_admission_that_reaches_its_quota_is_still_an_admission(sentence):
    assert metrics_and_values(sentence)[0] == ("admitted", 210)


def test_having_n_members_is_a_membership_total():
    text = "Hiện nay, Đảng bộ xã Tả Van có 312 đảng viên sinh hoạt tại 14 chi bộ."
    assert metrics_and_values(text) == [("members", 312)]


def test_tong_so_dang_vien_is_a_membership_total():
    text = "Tổng số đảng viên của Đảng bộ xã Tả Van là 312 đồng chí."
    assert metrics_and_values(text) == [("members", 312)]


def test_a_membership_total_has_no_year_unless_the_text_gives_one():
    fact = only("Hiện nay, Đảng bộ xã Tả Van có 312 đảng viên.", "members")
    assert (fact.year_from, fact.year_to) == (None, None)


def test_a_percent_of_the_quota_reached_is_a_completion_rate():
    text = "Năm 2023, Đảng bộ huyện Tuần Giáo kết nạp được 95 đảng viên, đạt 105,57% chỉ tiêu."
    assert ("completion_pct", 105.57) in metrics_and_values(text)


@pytest.mark.parametrize("tail", ["chiếm tỷ lệ 86,5% so với chỉ tiêu Nghị quyết đề ra.",
                                  "đạt tỷ lệ 86,5% so với kế hoạch."])
def test_a_share_of_the_quota_is_a_completion_rate(tail):
    text = "Năm 2021, Đảng bộ huyện Tuy Phong kết nạp được 173 đảng viên, " + tail
    assert ("completion_pct", 86.5) in metrics_and_values(text)


@pytest.mark.parametrize("tail", ["trong đó đảng viên nữ chiếm 45%.", "đạt tỷ lệ 6,25%.",
                                  "chiếm 6,2% so với tổng số đảng viên."])
def test_a_share_of_something_else_is_no_completion_rate(tail):
    text = "Năm 2021, Đảng bộ huyện Tuy Phong kết nạp được 173 đảng viên, " + tail
    assert [m for m, _ in metrics_and_values(text)] == ["admitted"]


def test_a_completion_rate_belongs_to_the_unit_of_its_admission():
    text = "Năm 2023, Đảng bộ huyện Tuần Giáo kết nạp được 95 đảng viên, đạt 105,57% chỉ tiêu."
    fact = only(text, "completion_pct")
    assert (fact.unit_level, fact.unit_name) == ("huyện", "Tuần Giáo")


def test_a_bare_percent_right_after_an_admission_is_its_completion_rate():
    text = "Năm 2023, Đảng bộ huyện Chư Sê kết nạp được 179 đảng viên, đạt 71,6%."
    assert ("completion_pct", 71.6) in metrics_and_values(text)


def test_each_unit_of_a_list_after_a_completion_rate_gets_its_own_rate():
    text = ("Quý I, toàn Đảng bộ tỉnh Phú Yên kết nạp 210 đảng viên, đạt 26,2% kế hoạch. Trong đó, "
            "nhiều đơn vị đạt cao như: Đảng bộ huyện Sơn Hòa đạt 52,4%; Đảng bộ huyện Đồng Xuân 47,06%.")
    rates = [(f.unit_name, f.value) for f in facts(text) if f.metric == "completion_pct"]
    assert rates == [("Phú Yên", 26.2), ("Sơn Hòa", 52.4), ("Đồng Xuân", 47.06)]


def test_a_list_of_unit_rates_with_no_completion_context_is_not_read():
    text = "Tỷ lệ đảng viên nữ ở các đảng bộ như: Đảng bộ huyện Sơn Hòa 32,4%; Đảng bộ huyện Đồng Xuân 27,1%."
    assert [f for f in facts(text) if f.metric == "completion_pct"] == []


def test_a_completion_rate_in_brackets_is_read():
    text = "Năm 2023, Đảng bộ huyện Chư Sê kết nạp được 179 đảng viên (đạt 71,6% kế hoạch)."
    assert ("completion_pct", 71.6) in metrics_and_values(text)


def test_completing_a_percent_of_the_quota_is_a_completion_rate():
    text = "Năm 2023, Đảng bộ huyện Chư Sê hoàn thành 110% chỉ tiêu kết nạp đảng viên."
    assert metrics_and_values(text) == [("completion_pct", 110)]


def test_over_a_hundred_percent_is_a_completion_rate_more_than_100():
    text = "Năm 2023, Đảng bộ huyện Chư Sê kết nạp được 265 đảng viên, đạt trên 100% chỉ tiêu."
    fact = only(text, "completion_pct")
    assert (fact.value, fact.qualifier) == (100, "more_than")


def test_a_share_of_women_among_members_is_not_a_completion_rate():
    assert facts("Năm 2023, tỷ lệ đảng viên nữ của huyện Chư Sê đạt 38%.") == []


def test_raising_the_total_to_n_is_a_membership_total():
    text = ("Năm 2023, Đảng bộ huyện Chư Sê kết nạp được 179 đảng viên, "
            "nâng tổng số đảng viên toàn huyện lên 3.120 đồng chí.")
    assert metrics_and_values(text) == [("admitted", 179), ("members", 3120)]


def test_two_clauses_for_two_years_give_two_admissions():
    text = "Năm 2023, Đảng bộ huyện Chư Sê kết nạp 179 đảng viên; năm 2024 kết nạp 190 đảng viên."
    assert [(f.value, f.year_from) for f in facts(text)] == [(179, 2023), (190, 2024)]


def test_people_admitted_in_the_passive_are_admissions():
    text = "Năm 2023, Đảng bộ xã Ia Pếch có 5 quần chúng được kết nạp vào Đảng."
    assert metrics_and_values(text) == [("admitted", 5)]


# --- subgroups ----------------------------------------------------------------------------------

ADMITTED_120 = "Năm 2023, Đảng bộ huyện Sa Pa kết nạp được 120 đảng viên, trong đó có "


@pytest.mark.parametrize("tail", [
    "7 đảng viên là học sinh.",
    "7 đảng viên nữ.",
    "7 đảng viên là người dân tộc thiểu số.",
    "7 đảng viên là người có đạo.",
    "7 đảng viên làm việc trong doanh nghiệp.",
])
def test_a_part_of_the_admissions_is_a_subgroup(tail):
    found = [f for f in facts(ADMITTED_120 + tail) if f.value == 7]
    assert len(found) == 1 and found[0].metric == "admitted" and found[0].subgroup


def test_the_whole_of_the_admissions_has_no_subgroup():
    text = ADMITTED_120 + "7 đảng viên là học sinh."
    assert [f.subgroup for f in facts(text) if f.value == 120] == [None]


def test_a_subgroup_label_names_the_trait():
    fact = [f for f in facts(ADMITTED_120 + "7 đảng viên là học sinh.") if f.value == 7][0]
    assert "học sinh" in fact.subgroup


@pytest.mark.parametrize(("text", "label"), [
    ("Năm 2021, Đảng bộ huyện Kim Thành có 9 đảng viên mới được kết nạp là học sinh giỏi của trường.",
     "học sinh"),
    ("Năm 2024, Chi bộ khoa Toán kết nạp 04 quần chúng ưu tú là sinh viên tiêu biểu của khoa.", "sinh viên"),
    ("Năm 2024, Chi bộ khoa Toán kết nạp 04 quần chúng ưu tú là sinh viên xuất sắc.", "sinh viên"),
])
def test_admissions_of_praised_pupils_or_students_are_that_kind_of_person(text, label):
    assert [f.subgroup for f in facts(text)] == [label]


def test_a_breakdown_of_the_admissions_by_status_is_two_subgroups():
    text = "Năm 2022, Chi bộ Công ty May Việt Tiến kết nạp 12 đảng viên, trong đó có 9 đảng viên chính thức và 3 đảng viên dự bị."
    assert [(f.value, f.subgroup) for f in facts(text)] == [(12, None), (9, "chính thức"), (3, "dự bị")]


def test_members_made_full_members_are_no_admission():
    assert facts("Năm 2022, Đảng bộ xã Tân Lập xét chuyển 15 đảng viên dự bị thành đảng viên chính thức.") == []


@pytest.mark.parametrize("text", [
    "Năm 2022, toàn huyện kết nạp 46 đảng viên mới tại các bản vùng cao biên giới.",
    "Năm 2022, toàn huyện kết nạp 46 đảng viên ở những thôn chưa có chi bộ.",
])
def test_admissions_made_at_some_kind_of_place_are_a_subgroup(text):
    assert [f.subgroup for f in facts(text)][0]


@pytest.mark.parametrize("text", [
    "Năm 2022, Đảng bộ huyện kết nạp 46 đảng viên mới tại các chi bộ trực thuộc.",
    "Năm 2022, Đảng bộ huyện kết nạp 46 đảng viên tại các xã, thị trấn.",
    "Năm 2022, Đảng bộ huyện kết nạp 46 đảng viên trong các đợt kỷ niệm.",
])
def test_admissions_at_all_the_units_or_at_some_time_are_no_subgroup(text):
    assert [f.subgroup for f in facts(text)] == [None]


def test_a_subgroup_in_the_next_sentence_belongs_to_the_admission_before():
    text = ("Năm 2023, Đảng bộ huyện Krông Pa kết nạp được 95 đảng viên. "
            "Trong đó, 60 đảng viên là người dân tộc thiểu số.")
    fact = [f for f in facts(text) if f.value == 60][0]
    assert (fact.metric, bool(fact.subgroup), fact.unit_name) == ("admitted", True, "Krông Pa")


def test_a_subgroup_after_a_derived_target_belongs_to_the_admission():
    text = ("Năm 2023, Đảng bộ huyện Krông Pa kết nạp được 95 đảng viên, vượt 5 đảng viên so với "
            "chỉ tiêu; trong đó có 60 đảng viên là người dân tộc thiểu số.")
    fact = [f for f in facts(text) if f.value == 60][0]
    assert (fact.metric, bool(fact.subgroup)) == ("admitted", True)


def test_a_subgroup_after_the_plan_of_an_admission_belongs_to_the_admission():
    text = ("Năm 2023, Đảng bộ huyện Krông Pa kết nạp được 95 đảng viên, đạt 105% kế hoạch "
            "(kế hoạch 90 đảng viên). Trong đó, đảng viên nữ là 41 đồng chí.")
    fact = [f for f in facts(text) if f.value == 41][0]
    assert (fact.metric, bool(fact.subgroup)) == ("admitted", True)


def test_a_subgroup_of_next_years_target_stays_with_the_target():
    text = ("Năm 2023, Đảng bộ huyện Krông Pa kết nạp được 95 đảng viên; năm 2024 phấn đấu kết nạp "
            "100 đảng viên, trong đó có 30 đảng viên là học sinh.")
    fact = [f for f in facts(text) if f.value == 30][0]
    assert (fact.metric, bool(fact.subgroup)) == ("target", True)


def test_a_sentence_opening_with_the_count_of_new_members_lists_subgroups():
    text = ("Năm 2023, Đảng bộ huyện Krông Pa kết nạp được 95 đảng viên. "
            "Trong 95 đảng viên mới có 60 người Jrai, 5 người Ê Đê.")
    assert [(f.metric, f.value, bool(f.subgroup)) for f in facts(text)] == [
        ("admitted", 95, False), ("admitted", 60, True), ("admitted", 5, True)]


def test_people_set_apart_with_rieng_are_a_subgroup_of_the_admissions():
    text = ("Năm 2023, Đảng bộ huyện Krông Pa kết nạp được 95 đảng viên. "
            "Riêng đồng bào Jrai có 60 người được đứng vào hàng ngũ của Đảng.")
    fact = [f for f in facts(text) if f.value == 60][0]
    assert (fact.metric, fact.subgroup) == ("admitted", "đồng bào jrai")


def test_new_members_of_a_trait_counted_after_la_are_a_subgroup():
    text = ("Năm 2023, Đảng bộ huyện Krông Pa kết nạp được 95 đảng viên. "
            "Số đảng viên mới là người dân tộc Jrai là 60 đồng chí.")
    fact = [f for f in facts(text) if f.value == 60][0]
    assert (fact.metric, bool(fact.subgroup)) == ("admitted", True)


def test_among_the_new_members_reaches_back_past_a_paragraph_about_the_plan():
    text = ("Năm 2023, Đảng bộ huyện Krông Pa kết nạp được 95 đảng viên.\n\n"
            "Đầu năm, Huyện ủy giao chỉ tiêu kết nạp 90 đảng viên cho các chi bộ. Các chi bộ rà soát "
            "nguồn từ quý I. Nhiều lớp bồi dưỡng được mở sớm. Các xã đều có quần chúng ưu tú.\n\n"
            "Trong số đảng viên mới, 60 đồng chí là đoàn viên thanh niên.")
    fact = [f for f in facts(text) if f.value == 60][0]
    assert (fact.metric, bool(fact.subgroup)) == ("admitted", True)


def test_pupils_and_teachers_listed_after_trong_do_are_subgroups_of_a_ceremony():
    text = ("Chi bộ Trường THPT Lam Sơn tổ chức lễ kết nạp đảng viên cho 6 quần chúng ưu tú, "
            "trong đó có 5 học sinh lớp 12 và 1 giáo viên.")
    assert [(f.value, f.subgroup) for f in facts(text, published="2023-06-27")] == [
        (6, None), (5, "học sinh"), (1, "giáo viên")]


def test_pupils_counted_outside_a_subgroup_list_are_not_admissions():
    text = "Năm 2023, xã Tân Lập kết nạp 6 đảng viên. Có 5 học sinh được khen thưởng."
    assert metrics_and_values(text) == [("admitted", 6)]


def test_two_subgroups_in_one_list_are_both_read():
    text = ("Năm 2023, toàn huyện Krông Pa kết nạp được 95 đảng viên, trong đó có 20 đảng viên nữ "
            "và 30 đảng viên là người dân tộc thiểu số.")
    assert [(f.value, bool(f.subgroup)) for f in facts(text)] == [(95, False), (20, True), (30, True)]


def test_women_among_all_members_are_a_subgroup_of_the_members_not_of_admissions():
    text = "Năm 2023, Đảng bộ huyện Krông Pa có 2.100 đảng viên, trong đó có 400 đảng viên nữ."
    assert [(f.metric, f.value, f.subgroup) for f in facts(text)] == [("members", 2100, None),
                                                                       ("members", 400, "nữ")]


def test_a_subgroup_inherits_the_unit_and_year_of_its_parent():
    fact = [f for f in facts(ADMITTED_120 + "45 đảng viên nữ.") if f.value == 45][0]
    assert (fact.unit_name, fact.year_from) == ("Sa Pa", 2023)


# --- numbers that are not recruitment facts -----------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Toàn huyện Sa Pa hiện có 172/214 trưởng xóm là đảng viên.",
    "Năm 2023, huyện Sa Pa mở 5 lớp bồi dưỡng nhận thức về Đảng cho 410 quần chúng ưu tú.",
    "Dịp này, 35 đảng viên được trao huy hiệu 30 năm tuổi Đảng.",
    "Đảng bộ xã Tả Van hiện có 14 chi bộ trực thuộc.",
    "Năm 2023, huyện Sa Pa đã xóa tên 12 đảng viên khỏi danh sách.",
    "Đảng viên nữ chiếm 35% tổng số đảng viên của Đảng bộ huyện Sa Pa.",
    "Toàn huyện Sa Pa có 23 đảng viên đang làm trưởng bản.",
    "Trong năm 2023, huyện Sa Pa có 96 đảng viên dự bị được công nhận đảng viên chính thức.",
])
def test_numbers_that_do_not_count_recruitment_are_not_facts(sentence):
    assert facts(sentence) == []


def test_an_increase_over_last_year_is_not_a_second_admission():
    text = ("Năm 2023, Đảng bộ huyện Sa Pa kết nạp được 140 đảng viên, "
            "tăng 12 đảng viên so với cùng kỳ.")
    assert metrics_and_values(text) == [("admitted", 140)]


def test_a_year_is_not_a_count():
    text = "Năm 2023, Đảng bộ huyện Sa Pa kết nạp được 140 đảng viên."
    assert all(f.value != 2023 for f in facts(text))


def test_a_directive_number_is_not_a_count():
    text = ("Thực hiện Chỉ thị số 28-CT/TW của Ban Bí thư, năm 2023 Đảng bộ huyện Sa Pa "
            "kết nạp được 140 đảng viên.")
    assert metrics_and_values(text) == [("admitted", 140)]


def test_a_date_is_not_a_count():
    text = "Ngày 3-2, Đảng bộ xã Tả Van tổ chức lễ kết nạp 5 đảng viên mới."
    assert all(f.value not in (3, 2) for f in facts(text, published="2024-02-05"))


# --- offsets ------------------------------------------------------------------------------------

ARTICLE = (
    "Năm 2023, Đảng bộ huyện Mường Nhé kết nạp được 1.214 đảng viên, đạt 105,57% chỉ tiêu. "
    "Trong đó có 312 đảng viên là người dân tộc thiểu số.\n"
    "Chi bộ bản Huổi Lếch có 40 đảng viên. Năm 2024, Chi bộ phấn đấu kết nạp từ 2 đến 3 đảng viên.\n"
    "Năm 2023, Chi bộ bản Nậm Pồ không kết nạp được đảng viên nào."
)

WRITTEN = {1214: "1.214", 105.57: "105,57", 312: "312", 40: "40", 2: "2 đến 3"}


def test_the_value_span_slices_to_the_number_as_written():
    found = facts(ARTICLE)
    assert found
    for fact in found:
        if fact.value in WRITTEN:
            # A percent may keep its sign in the span.
            assert ARTICLE[fact.value_start:fact.value_end].rstrip("%") == WRITTEN[fact.value]


def test_every_written_number_of_the_article_is_found():
    assert {f.value for f in facts(ARTICLE)} >= set(WRITTEN) | {0}


def test_the_evidence_span_contains_the_value_span():
    for fact in facts(ARTICLE):
        assert fact.start <= fact.value_start < fact.value_end <= fact.end


def test_the_evidence_span_contains_the_number_as_written():
    for fact in facts(ARTICLE):
        assert ARTICLE[fact.value_start:fact.value_end] in ARTICLE[fact.start:fact.end]


def test_the_sentence_is_a_slice_of_the_text_at_its_start():
    for fact in facts(ARTICLE):
        start = fact.sentence_start
        assert ARTICLE[start:start + len(fact.sentence)] == fact.sentence


def test_the_value_lies_inside_its_sentence():
    for fact in facts(ARTICLE):
        assert fact.sentence_start <= fact.value_start
        assert fact.value_end <= fact.sentence_start + len(fact.sentence)


def test_a_zero_admission_points_at_the_words_that_say_so():
    fact = [f for f in facts(ARTICLE) if f.value == 0][0]
    assert ARTICLE[fact.value_start:fact.value_end] == "không kết nạp được đảng viên nào"


def test_offsets_index_the_callers_text_even_after_a_leading_line():
    text = "Tin tức\n\n" + "Năm 2023, Đảng bộ xã Ngọc Chiến kết nạp được 14 đảng viên."
    fact = only(text, "admitted")
    assert text[fact.value_start:fact.value_end] == "14"


def test_units_of_a_kind_after_trong_do_are_a_subgroup_of_the_total():
    text = ("Từ năm 2015 đến nay, Đảng bộ huyện Đạ Tẻh kết nạp được 820 đảng viên. "
            "Trong đó, Đảng bộ các xã, thị trấn đã kết nạp 610 đảng viên.")
    part = [f for f in facts(text) if f.value == 610][0]
    assert (part.unit_name, part.subgroup) == ("Đạ Tẻh", "đảng bộ các xã, thị trấn")


# --- real-page phrasings (tune split, sentences written here) -----------------------------------

def test_a_count_in_thousands_is_one_number():
    found = only("Năm 2021, Đảng bộ huyện Ea Súp kết nạp 250 đảng viên, nâng tổng số đảng viên "
                 "của huyện lên gần 4 nghìn đảng viên.", "members")
    assert (found.value, found.qualifier) == (4000, "approx")


def test_a_raised_total_needs_no_noun_after_its_number():
    found = only("Năm 2021, Khối Doanh nghiệp tỉnh kết nạp 120 đảng viên, nâng tổng số đảng viên "
                 "của khối lên hơn 3 ngàn", "members")
    assert found.value == 3000 and found.year_from == 2021


@pytest.mark.parametrize("tail", ["đưa tổng số đảng viên toàn huyện đạt 2.860 đảng viên",
                                  "nâng tổng số đảng viên của huyện lên 2.860 đồng chí",
                                  "đưa tổng số đảng viên toàn huyện là 2.860 đảng viên"])
def test_a_total_raised_or_brought_to_a_figure_is_a_member_total(tail):
    found = only(f"Năm 2022, Đảng bộ huyện Bảo Lạc kết nạp 95 đảng viên, {tail}.", "members")
    assert found.value == 2860


def test_a_breakdown_of_the_admissions_of_a_period_keeps_the_totals_period():
    text = ("Từ năm 2016 đến năm 2020, Đảng bộ huyện Kon Plông kết nạp 512 đảng viên. Trong tổng số "
            "đảng viên được kết nạp 5 năm qua, có 301 đảng viên là người dân tộc thiểu số.")
    found = facts(text, published="2021-03-02")
    part = [f for f in found if f.value == 301]
    assert [(f.subgroup, f.year_from, f.year_to) for f in part] == [("người dân tộc thiểu số", 2016, 2020)]


def test_a_total_raised_beside_a_breakdown_takes_the_admissions_period():
    text = ("Từ năm 2016 đến năm 2020, Đảng bộ huyện Kon Plông kết nạp 512 đảng viên. Trong tổng số "
            "đảng viên được kết nạp 5 năm qua, có 301 đảng viên nữ; nâng tổng số đảng viên của huyện lên 2.040 đồng chí.")
    found = only(text, "members", published="2021-03-02")
    assert (found.year_from, found.year_to) == (2016, 2020)


def test_a_subgroup_label_drops_the_copula_before_its_figure():
    text = "Năm 2019, toàn tỉnh Quảng Trị kết nạp 900 đảng viên, trong đó: đảng viên nữ là 410 đồng chí."
    assert [f.subgroup for f in facts(text) if f.value == 410] == ["nữ"]


def test_members_counted_after_a_count_of_party_bodies():
    assert metrics_and_values("Hiện nay, Đảng bộ huyện Yên Châu có 68 tổ chức cơ sở đảng và 4.120 đảng viên.") == [
        ("members", 4120)]


def test_members_of_a_kind_carry_it_as_subgroup():
    found = only("Toàn huyện hiện có 1.500 đảng viên là người dân tộc thiểu số.", "members")
    assert found.subgroup == "dân tộc thiểu số"


def test_the_organisation_people_come_from_does_not_part_the_count_from_its_verb():
    found = only("Sáng 8/5, 12 sinh viên ưu tú của Trường Đại học Tây Bắc (Sơn La) đã được kết nạp vào Đảng.",
                 "admitted")
    assert (found.value, found.unit_name, found.subgroup) == (12, "Đại học Tây Bắc", "sinh viên")


def test_a_set_apart_plural_subject_is_a_part_of_the_earlier_total():
    text = ("Năm 2019, Đảng bộ huyện Lâm Hà kết nạp 210 đảng viên. Riêng các tổ chức cơ sở đảng khối xã, "
            "thị trấn kết nạp mới 95 đảng viên, nâng tổng số đảng viên trong toàn Đảng bộ lên 4.500 đồng chí.")
    part = [f for f in facts(text) if f.value == 95][0]
    total = only(text, "members")
    assert (part.unit_name, part.subgroup is not None) == ("Lâm Hà", True)
    assert (total.unit_name, total.year_from) == ("Lâm Hà", 2019)


def test_a_time_phrase_with_nhung_is_no_plural_subject():
    text = ("Huyện Mường Chà có nhiều đồng bào dân tộc. Bản Nậm Mươi có 40 hộ. Trong những năm qua, Huyện ủy "
            "quan tâm phát triển đảng viên ở những chi, đảng bộ vùng cao và hằng năm kết nạp được trên 90 đảng viên mới.")
    assert only(text, "admitted").unit_name == "Mường Chà"


def test_a_breakdown_of_members_goes_on_after_a_semicolon():
    text = ("Đảng bộ tỉnh hiện có 80.000 đảng viên, trong đó đảng viên nữ 25.100 đồng chí; "
            "đảng viên dự bị 3.900 đồng chí.")
    assert [(f.value, f.subgroup) for f in facts(text)] == [(80000, None), (25100, "nữ"), (3900, "dự bị")]


def test_new_members_by_schooling_are_subgroups_of_the_admissions():
    text = ("Năm 2020, Đảng bộ huyện Ninh Phước kết nạp 60 đảng viên mới. Về chuyên môn, có 12 đảng viên "
            "trình độ đại học; cao đẳng 8; trung cấp 15.")
    parts = [(f.metric, f.value, f.subgroup, f.unit_name) for f in facts(text) if f.subgroup]
    assert parts == [("admitted", 12, "trình độ đại học", "Ninh Phước"),
                     ("admitted", 8, "trình độ cao đẳng", "Ninh Phước"),
                     ("admitted", 15, "trình độ trung cấp", "Ninh Phước")]


def test_a_parts_share_in_parentheses_is_no_completion():
    text = ("Quý I, toàn tỉnh kết nạp 40 đảng viên; có 20 đảng viên trình độ đại học (50%) "
            "và 8 đảng viên trình độ cao đẳng (20%).")
    assert "completion_pct" not in [f.metric for f in facts(text)]


def test_the_lowest_quota_in_a_list_of_extremes_is_a_target_of_its_unit():
    text = ("Năm 2023, Đảng bộ thành phố Pleiku được giao chỉ tiêu kết nạp cao nhất là 300 đảng viên, "
            "thấp nhất là Đảng bộ Quân sự tỉnh 15 đảng viên.")
    lowest = [f for f in facts(text) if f.value == 15][0]
    assert (lowest.metric, lowest.unit_name, lowest.year_from) == ("target", "Quân sự tỉnh", 2023)


def test_the_admissions_counted_above_open_a_subgroup():
    text = ("Năm 2019, Đảng bộ huyện Tân Phú kết nạp 180 đảng viên. Trong số đảng viên mới kết nạp nói trên, "
            "có 15 đảng viên được kết nạp trong doanh nghiệp tư nhân.")
    part = [f for f in facts(text) if f.value == 15][0]
    assert (part.subgroup, part.year_from, part.unit_name) == ("doanh nghiệp tư nhân", 2019, "Tân Phú")


def test_a_lan_luot_list_gives_each_named_unit_its_figure_in_order():
    text = "Năm 2022, huyện Mường Khương, huyện Bát Xát và thị xã Sa Pa lần lượt kết nạp được 120, 95 và 80 đảng viên."
    assert [(f.metric, f.value, f.unit_name) for f in facts(text)] == [
        ("admitted", 120, "Mường Khương"), ("admitted", 95, "Bát Xát"), ("admitted", 80, "Sa Pa")]


def test_a_second_lan_luot_list_of_rates_goes_to_the_same_units():
    text = ("Năm 2022, xã Tả Van và xã Bản Hồ kết nạp lần lượt là 6 và 4 đảng viên, "
            "đạt lần lượt 120% và 80% kế hoạch.")
    rates = [(f.value, f.unit_name) for f in facts(text) if f.metric == "completion_pct"]
    assert rates == [(120, "Tả Van"), (80, "Bản Hồ")]


def test_a_lan_luot_list_with_fewer_units_than_figures_is_left_to_the_other_rules():
    text = "Năm 2022, huyện Mường Khương lần lượt kết nạp được 120, 95 và 80 đảng viên qua ba đợt."
    assert all(f.rule != "respectively" for f in facts(text))


def test_a_weighing_before_a_done_admission_is_no_future():
    text = "Năm 2015, Đảng bộ huyện Long Phú xét giới thiệu cho Huyện ủy xem xét và đã kết nạp 120 quần chúng vào Đảng."
    assert metrics_and_values(text) == [("admitted", 120)]


def test_a_completion_against_the_total_quota_is_no_rate():
    text = ("Tháng 3, toàn tỉnh kết nạp 44 đảng viên, đạt 0,2% so với tổng số đảng viên và đạt "
            "gần 4,9% so với tổng số chỉ tiêu năm.")
    assert [f.value for f in facts(text) if f.metric == "completion_pct"] == [4.9]


def test_a_raised_total_takes_the_period_of_the_admissions_before_it():
    text = ("Đến ngày 17/9/2016, các chi bộ ở huyện Lạc Dương đã kết nạp mới 40 đảng viên, nâng tổng số đảng viên "
            "trong toàn Đảng bộ lên 2.100 đồng chí.")
    total = only(text, "members")
    assert (total.year_from, total.as_of) == (2016, "2016-09-17")


def test_new_members_by_kind_of_cell_are_a_breakdown():
    text = ("Năm 2022, Đảng bộ xã Đông Phong kết nạp được 7 đảng viên mới, trong đó có 5 đảng viên chi bộ "
            "nông thôn, 2 đảng viên chi bộ giáo dục.")
    assert [(f.value, f.subgroup) for f in facts(text)] == [(7, None), (5, "chi bộ nông thôn"),
                                                            (2, "chi bộ giáo dục")]


def test_among_the_new_members_with_cac_opens_a_breakdown():
    text = ("Năm 2018, Huyện ủy Yên Thế kết nạp 150 đảng viên mới. Trong số các đảng viên mới có 4 đồng chí "
            "là trưởng thôn, 11 đảng viên là học sinh.")
    assert [(f.value, f.subgroup) for f in facts(text)] == [(150, None), (11, "học sinh")]


def test_provinces_listed_by_bare_name_take_their_figures():
    text = ("Nhiệm kỳ 2015-2020, các tỉnh kết nạp nhiều đảng viên: Đắk Lắk 12.100 đảng viên, "
            "Gia Lai 13.500 đảng viên, Kon Tum 5.200 đảng viên.")
    assert [(f.unit_level, f.unit_name, f.value) for f in facts(text)] == [
        ("tỉnh", "Đắk Lắk", 12100), ("tỉnh", "Gia Lai", 13500), ("tỉnh", "Kon Tum", 5200)]


def test_a_vague_count_in_thousands_is_no_figure():
    assert facts("Nhiều năm qua, các tỉnh đã kết nạp hàng chục nghìn đảng viên là người dân tộc.") == []


def test_a_list_after_a_total_in_the_sentence_before_takes_its_metric_and_year():
    text = ("Năm 2021, Đảng bộ tỉnh Đắk Lắk kết nạp 1.200 đảng viên. Các huyện dẫn đầu là: Ea Kar "
            "(120 đảng viên), Krông Pắc (110 đảng viên).")
    items = [(f.metric, f.unit_name, f.value, f.year_from) for f in facts(text)][1:]
    assert items == [("admitted", "Ea Kar", 120, 2021), ("admitted", "Krông Pắc", 110, 2021)]


def test_the_next_item_after_a_fraction_is_an_admission_too():
    text = "Năm 2022, cụ thể: huyện Ea Kar kết nạp 120/100 đảng viên; huyện Krông Pắc 110/100."
    assert [(f.metric, f.value) for f in facts(text) if f.unit_name == "Krông Pắc"] == [
        ("admitted", 110), ("target", 100)]


def test_a_plural_list_of_communes_names_each_for_a_lan_luot_list():
    text = "Năm 2022, các xã Ea Kmút, Cư Huê và Ea Ô kết nạp lần lượt 12, 10 và 8 đảng viên."
    assert [(f.unit_name, f.value) for f in facts(text)] == [("Ea Kmút", 12), ("Cư Huê", 10), ("Ea Ô", 8)]


@pytest.mark.parametrize("sentence", [
    "Năm 2022, Ban Thường vụ Huyện ủy Mèo Vạc xem xét, chuẩn y kết nạp 57 đảng viên mới.",
    "Năm 2022, Đảng ủy xã Pả Vi xem xét, ra quyết định kết nạp 57 đảng viên.",
])
def test_weighing_then_approving_an_admission_is_an_admission(sentence):
    assert metrics_and_values(sentence) == [("admitted", 57)]


def test_raising_the_number_of_members_gives_a_member_total():
    text = ("Năm 2022, Đảng bộ huyện Mèo Vạc kết nạp 300 đảng viên, "
            "nâng số lượng đảng viên toàn đảng bộ lên 5.210 đồng chí.")
    assert metrics_and_values(text) == [("admitted", 300), ("members", 5210)]


def test_a_rate_reached_by_the_remaining_units_is_no_fact():
    text = "Năm 2022, Đảng bộ huyện Mèo Vạc kết nạp 300 đảng viên. Các đảng bộ còn lại đạt trên 80% chỉ tiêu."
    assert metrics_and_values(text) == [("admitted", 300)]


def test_a_figure_only_the_headline_gives_is_a_fact():
    text = ("Hải Dương kết nạp được 848 đảng viên\nẢnh: Lễ kết nạp ở một chi bộ trường học.\n\n"
            "Năm 2023, thị xã Kinh Môn kết nạp 98 đảng viên, huyện Ninh Giang 87 đảng viên.")
    assert sorted(metrics_and_values(text, published="2023-12-01")) == [
        ("admitted", 87), ("admitted", 98), ("admitted", 848)]


def test_a_headline_rounding_a_body_figure_is_the_body_fact_once():
    text = ("Vĩnh Long: Trên 6.800 đoàn viên ưu tú được kết nạp Đảng\nẢnh minh họa\n\n"
            "Từ năm 2010 đến nay, các cấp công đoàn đã giới thiệu cho Đảng nhiều đoàn viên ưu tú, "
            "được các cấp ủy xem xét, kết nạp 6.811 người. Tỉnh có nhiều cố gắng.")
    assert metrics_and_values(text, published="2016-08-01") == [("admitted", 6811)]


def test_by_how_much_the_quota_was_exceeded_is_no_admission():
    assert metrics_and_values("Năm 2022, Đảng bộ Khối các cơ quan tỉnh kết nạp vượt chỉ tiêu 11 đảng viên.") == []


def test_exceeding_a_quota_the_province_gave_names_the_quota():
    text = "Năm 2022, huyện Bắc Yên dự kiến sẽ vượt chỉ tiêu 120 đảng viên mà Ban Thường vụ Tỉnh ủy giao."
    assert metrics_and_values(text) == [("target", 120)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Năm 2023, các cấp công đoàn giới thiệu quần chúng và được cấp ủy xem xét, kết nạp 15 người.",
     [("admitted", 15)]),
    ("Năm 2023, Đảng ủy xã Pả Vi đã xem xét, kết nạp 15 đảng viên.", [("admitted", 15)]),
    ("Năm 2023, hồ sơ đã được gửi lên để Huyện ủy xem xét kết nạp 15 quần chúng.", []),
    ("Năm 2023, các chi bộ đã đề nghị Huyện ủy xem xét kết nạp 15 quần chúng.", []),
])
def test_a_weighing_already_done_admits_and_one_still_asked_for_does_not(sentence, expected):
    assert metrics_and_values(sentence) == expected


def test_a_rate_list_item_after_va_takes_its_own_unit():
    text = ("Năm 2017, các đảng bộ vượt chỉ tiêu gồm có: huyện Đức Linh (105%) và "
            "Đảng bộ Khối các cơ quan tỉnh (104,61%).")
    assert [(f.unit_name, f.value) for f in facts(text)] == [("Đức Linh", 105), ("các cơ quan tỉnh", 104.61)]


def test_two_units_joined_by_va_share_the_rate_after_them():
    text = ("Năm 2017, các đảng bộ vượt chỉ tiêu gồm có: huyện Đức Linh (105%); "
            "Đảng bộ huyện Tánh Linh và huyện Hàm Tân đạt 100%.")
    assert [(f.unit_name, f.value) for f in facts(text)] == [
        ("Đức Linh", 105), ("Tánh Linh", 100), ("Hàm Tân", 100)]


def test_a_range_written_with_a_bare_hyphen_is_one_figure():
    text = "Năm 2018, Đảng ủy Khối Doanh nghiệp tỉnh phấn đấu kết nạp 240-250 đảng viên."
    fact = only(text, "target")
    assert (fact.value, fact.value_max) == (240, 250)


def test_what_a_unit_strives_it_will_admit_is_a_target():
    text = "Phấn đấu đến hết năm 2018, Đảng ủy Khối Doanh nghiệp tỉnh sẽ kết nạp được 240 đảng viên."
    assert metrics_and_values(text) == [("target", 240)]


def test_what_a_unit_will_admit_without_striving_is_no_fact():
    assert metrics_and_values("Năm 2018, Đảng ủy xã Pả Vi sẽ kết nạp 12 quần chúng vào tháng tới.") == []


def test_the_parts_of_a_count_that_is_no_fact_are_no_facts():
    text = ("Quý I/2018, Đảng ủy Tập đoàn kết nạp 40 đảng viên mới. Đảng ủy cũng giới thiệu chuyển sinh hoạt "
            "cho 89 đảng viên, trong đó có 63 đảng viên chuyển đi và 12 đảng viên chuyển đến.")
    assert metrics_and_values(text) == [("admitted", 40)]


def test_admitted_youth_union_cadres_carry_their_kind():
    text = "Ngày 3-2-2026, Trường Đại học Thủ Dầu Một kết nạp Đảng cho 8 quần chúng ưu tú là cán bộ đoàn, sinh viên."
    assert only(text, "admitted").subgroup == "cán bộ đoàn"


def test_dvtn_is_a_count_of_youth_union_members_admitted():
    text = "Ngày 26/3/2021, Đảng ủy Công ty CP Than Mông Dương tổ chức lễ kết nạp Đảng cho 10 ĐVTN ưu tú."
    fact = only(text, "admitted")
    assert (fact.value, fact.subgroup) == (10, "đoàn viên")


def test_a_ceremony_date_gives_the_year_when_nothing_else_does():
    fact = only("Ngày 26/3/2021, Đảng ủy xã Tân Lập đã kết nạp 10 đảng viên.", "admitted")
    assert (fact.year_from, fact.year_to) == (2021, 2021)


def test_a_figure_restated_in_a_later_sentence_without_its_kind_is_one_fact():
    text = ("Ngày 3-2, Trường Đại học Thủ Dầu Một kết nạp Đảng cho 8 quần chúng ưu tú là sinh viên. "
            "Tại buổi lễ, Đảng ủy trao quyết định kết nạp Đảng cho 8 quần chúng ưu tú.")
    assert [(f.value, f.subgroup) for f in facts(text, published="2026-02-04")] == [(8, "sinh viên")]


def test_a_figure_told_again_without_a_period_of_its_own_is_one_fact():
    text = ("Sáng 4-7, Chi bộ Trường THPT Bắc Hà kết nạp Đảng cho 4 học sinh lớp 12. Từ năm học "
            "2019-2020 đến nay, chi bộ đã kết nạp Đảng cho 11 học sinh. Tại Chi bộ Trường THPT Bắc Hà, "
            "4 học sinh được kết nạp Đảng đợt này đều học lớp 12A1.")
    assert [f.value for f in facts(text, published="2022-07-05")] == [4, 11]


def test_an_admission_by_a_past_year_takes_that_year():
    fact = only("Đến năm 2012, chi bộ xóm Hợp Tiến kết nạp được thêm 1 đảng viên mới.", "admitted",
                published="2019-05-01")
    assert (fact.year_from, fact.year_to) == (2012, 2012)


def test_only_so_many_members_left_is_a_member_total():
    assert metrics_and_values("Sau nhiệm kỳ đầu, chi bộ xóm Hợp Tiến chỉ còn 3 đảng viên.") == [("members", 3)]


def test_a_plan_word_closed_in_a_parenthesis_governs_no_later_admission():
    text = ("Năm 2021, Đảng bộ quận Thốt Nốt kết nạp 119 ĐV (đạt 119% kế hoạch) và "
            "Đảng bộ quận Ô Môn kết nạp 150 ĐV (đạt 101% kế hoạch).")
    assert metrics_and_values(text) == [("admitted", 119), ("completion_pct", 119),
                                        ("admitted", 150), ("completion_pct", 101)]


def test_tong_so_after_a_count_of_cells_gives_the_member_total_and_its_breakdown():
    text = "Đảng bộ xã Pả Vi có 21/21 thôn có chi bộ, tổng số 412 đảng viên, trong đó 215 đảng viên nữ."
    assert [(f.metric, f.value, f.subgroup) for f in facts(text)] == [
        ("members", 412, None), ("members", 215, "nữ")]


def test_a_quota_for_every_unnamed_unit_is_the_parents_target_with_that_subgroup():
    text = ("Năm 2023, huyện Vị Thủy đề ra chỉ tiêu kết nạp 160 đảng viên; "
            "mỗi chi bộ ấp phấn đấu kết nạp từ 1 đến 2 đảng viên.")
    quota = facts(text)[1]
    assert (quota.metric, quota.value, quota.value_max, quota.unit_name, quota.subgroup) == (
        "target", 1, 2, "Vị Thủy", "mỗi chi bộ")


@pytest.mark.parametrize("sentence", [
    "Năm 2022, mỗi chi bộ có từ 3 đảng viên trở lên.",
    "Đến nay, 45/48 chi bộ có từ 3 đảng viên trở lên.",
])
def test_how_many_units_reach_a_size_is_no_member_total(sentence):
    assert metrics_and_values(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Năm 2023, Đoàn xã Pả Vi kết nạp 50 đoàn viên mới.",
    "Năm 2023, Liên đoàn Lao động huyện phát triển 1.200 đoàn viên công đoàn.",
    "Năm 2023, Hội Nông dân xã kết nạp mới 35 hội viên.",
    "Năm 2023, CĐ ngành Y tế kết nạp 240 đoàn viên mới.",
    "Năm 2023, LĐLĐ huyện Mèo Vạc phát triển 310 đoàn viên.",
])
def test_a_mass_organisation_recruiting_its_own_members_is_no_fact(sentence):
    assert metrics_and_values(sentence) == []


def test_youth_union_members_the_party_admits_are_an_admission():
    text = "Năm 2023, Đoàn xã giới thiệu 20 đoàn viên ưu tú, Đảng ủy xã đã kết nạp 12 đoàn viên."
    assert metrics_and_values(text) == [("admitted", 12)]


def test_each_school_named_before_its_figure_in_parentheses_keeps_it():
    text = ("Kể từ năm 2016, huyện Nam Sách có 29 học sinh được kết nạp vào Đảng. Trường THPT Nam Sách có số "
            "học sinh được kết nạp Đảng nhiều nhất (14 em), tiếp đến là Trường THPT Mạc Đĩnh Chi (13 em).")
    assert [(f.unit_name, f.value) for f in facts(text)] == [
        ("Nam Sách", 29), ("THPT Nam Sách", 14), ("THPT Mạc Đĩnh Chi", 13)]
