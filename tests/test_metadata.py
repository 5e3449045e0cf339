"""Metadata: outlet, province, publication date (written or inferred), url and author."""

import datetime as dt
import json
from pathlib import Path

import pytest

from news_extract.clean import clean
from news_extract.metadata import (
    date_from_url,
    infer_year,
    lookup_outlet,
    match_byline,
    match_dateline,
    outlet_by_domain,
)
from news_extract.model import RawDocument

BODY = ("Năm 2023, Đảng bộ xã Tân Lập kết nạp được 14 đảng viên mới, vượt chỉ tiêu huyện giao. "
        "Chi bộ thôn Bản Sen có 31 đảng viên sinh hoạt thường xuyên.")
TODAY = dt.date(2026, 6, 1)


def _clean(text: str, **meta):
    return clean(RawDocument("t", "t.txt", text, "txt", "0", meta=meta))


@pytest.mark.parametrize("dateline", ["(GLO)- ", "(GLO) - ", "GLO - "])
def test_an_outlet_code_at_the_start_of_the_body_names_the_outlet(dateline):
    article = _clean(dateline + BODY)
    assert (article.outlet, article.outlet_name, article.province) == ("GLO", "Báo Gia Lai", "Gia Lai")
    assert article.text == BODY


MASTHEAD_PAGE = ("BÁO BẮC GIANG ĐIỆN TỬ\nChính trị - Xây dựng Đảng\n\n"
                 "Tân Yên kết nạp 120 đảng viên\n\nThứ Hai, 04/12/2023 | 08:30\n\n" + BODY)


def test_a_masthead_above_the_title_names_the_outlet_and_leaves_the_text():
    article = _clean(MASTHEAD_PAGE)
    assert article.outlet_name == "Báo Bắc Giang"
    assert "ĐIỆN TỬ" not in article.text


def test_a_section_breadcrumb_above_the_title_is_not_the_title():
    article = _clean(MASTHEAD_PAGE)
    assert article.title == "Tân Yên kết nạp 120 đảng viên"
    assert "Chính trị" not in article.text


def test_a_dateline_below_masthead_section_and_title_gives_the_date():
    assert _clean(MASTHEAD_PAGE).published == "2023-12-04"


def test_a_place_name_alone_on_the_first_line_is_not_a_masthead():
    article = _clean("Cà Mau\n\n" + BODY)
    assert article.outlet_name is None
    assert article.text.startswith("Cà Mau")


def test_an_unknown_code_falls_back_to_the_outlet_named_by_the_masthead():
    article = _clean("Báo Cà Mau\n\nTiêu đề bài viết\n\n(XYZ) - " + BODY)
    assert (article.outlet, article.outlet_name) == ("XYZ", "Báo Cà Mau")


def test_an_unknown_code_in_parentheses_is_still_the_outlet():
    article = _clean("(XYZ) - " + BODY)
    assert (article.outlet, article.outlet_name) == ("XYZ", None)


def test_a_source_line_with_a_url_gives_outlet_by_domain_and_the_url():
    url = "https://baolaocai.vn/xa-tan-lap-ket-nap-dang-vien-post1234.html"
    article = _clean(BODY + "\n\nNguồn Lào Cai: " + url)
    assert (article.outlet, article.province, article.url) == ("Báo Lào Cai", "Lào Cai", url)
    assert "Nguồn" not in article.text


def test_a_source_line_naming_a_code_before_an_unknown_site_gives_that_code():
    article = _clean(BODY + "\n" + BODY + "\nNguồn VNEWS: https://vnews.gov.vn/video/bai-viet-112635.htm")
    assert article.outlet == "VNEWS"


def test_an_outlet_name_line_at_the_end_with_a_year_gives_outlet_and_year():
    article = _clean(BODY + "\n" + BODY + "\nMINH HÀ\nBáo Trà Vinh - 2024")
    assert (article.outlet, article.published, article.published_inferred) == ("Báo Trà Vinh", "2024", False)


def test_a_reprints_source_line_gives_the_journal_and_its_month():
    article = _clean(BODY + "\nCác chi bộ đều hoàn thành kế hoạch.\nBài đăng trên Tạp chí Cộng sản số 1010 (3-2023)")
    assert (article.outlet, article.published) == ("Tạp chí Cộng sản", "2023-03")
    assert "Bài đăng" not in article.text


def test_a_reprints_source_line_above_the_headline_gives_the_journal_and_its_month():
    article = _clean("Bài đăng trên Tạp chí Lý luận chính trị số 562 (12-2024)\nTS NGUYỄN VĂN AN\n" + BODY)
    assert (article.outlet, article.published) == ("Tạp chí Lý luận chính trị", "2024-12")
    assert "Bài đăng" not in article.text


def test_json_lines_fields_win_over_the_text():
    article = _clean("(GLO)- " + BODY, outlet="baolaocai.vn", published="2025-01-09T07:00:00",
                     title="Tiêu đề riêng")
    assert (article.outlet_name, article.published, article.title) == \
        ("Báo Lào Cai", "2025-01-09", "Tiêu đề riêng")


@pytest.mark.parametrize("line, iso", [
    ("Thứ Năm, 30/09/2021", "2021-09-30"),
    ("28/02/2024 09:01", "2024-02-28"),
    ("Cập nhật: 09/08/2012 | 08:45", "2012-08-09"),
    ("Cập nhật lúc 09:12, Thứ Ba, 02/01/2018 (GMT+7)", "2018-01-02"),
    ("THỨ SÁU, 25/11/2022 10:12:05", "2022-11-25"),
    ("Cập nhật, 10:20, Thứ Sáu, 05/02/2016 (GMT+7)", "2016-02-05"),
    ("Thứ ba, 12 Tháng 5 2015 10:15", "2015-05-12"),
    ("Thứ Bảy, 3 tháng 9, 2022", "2022-09-03"),
])
def test_dateline_forms_are_read(line, iso):
    assert match_dateline(line) == iso


def test_a_sentence_with_a_date_is_not_a_dateline():
    assert match_dateline("Ngày 7/5/2021, Ban Thường vụ ban hành chỉ thị.") is None


def test_a_byline_with_time_and_date_is_split_into_name_and_date():
    assert match_byline("Trinh An 09:01, 28/02/2024") == ("Trinh An", "2024-02-28")
    assert match_byline("kết nạp 09:01, 28/02/2024") is None


@pytest.mark.parametrize("line", ["Thứ Năm, 30/09/2021 - 09:01", "Chủ nhật, 02/01/2022 07:15"])
def test_a_weekday_before_a_time_stamp_is_not_an_author(line):
    assert match_byline(line) is None
    assert match_dateline(line) is not None


def test_a_date_prefix_gives_the_exact_date():
    article = _clean(" date 2026-02-06 (GLO)- " + BODY)
    assert (article.published, article.published_inferred) == ("2026-02-06", False)


@pytest.mark.parametrize("url, iso", [("https://x.vn/2024/02/28/bai.html", "2024-02-28"),
                                      ("https://x.vn/tin-20240228093015.htm", "2024-02-28"),
                                      ("https://x.vn/post382951.html", None)])
def test_dates_in_urls_are_read(url, iso):
    assert date_from_url(url) == iso


def test_the_url_date_is_used_when_the_text_has_none():
    article = _clean(BODY, url="https://baolaocai.vn/2023/11/05/bai-viet.html")
    assert article.published == "2023-11-05"


def test_the_inferred_year_is_the_latest_present_or_past_year():
    text = ("Đầu năm 2021, Ban Tổ chức Tỉnh ủy khảo sát các chi bộ. Chỉ thị số 05-CT/TU ngày 7/5/2021 "
            "đề ra chỉ tiêu nhiệm kỳ 2020 - 2025 và định hướng đến năm 2030.")
    assert infer_year(text, today=TODAY) == "2021"


def test_plans_and_range_ends_do_not_count_as_the_present():
    text = "Năm 2024, toàn tỉnh kết nạp 1.214 người; tập trung tạo nguồn cho năm 2025, giai đoạn 2023-2026."
    assert infer_year(text, today=TODAY) == "2024"


def test_a_birth_year_is_not_the_present():
    text = "Sáng 12-9, Chi bộ kết nạp Đảng cho quần chúng Lò Văn Tâm (sinh năm 2005), học sinh lớp 12."
    assert infer_year(text, today=TODAY) is None


def test_an_article_with_no_year_has_no_inferred_date():
    article = _clean("Chi bộ thôn có 20 đảng viên.\nNăm nay chi bộ kết nạp thêm 2 người.")
    assert (article.published, article.published_inferred) == (None, False)


def test_an_inferred_year_is_marked_inferred():
    article = _clean(BODY)
    assert (article.published, article.published_inferred) == ("2023", True)


def test_a_lead_day_and_month_complete_the_inferred_year():
    article = _clean("(BĐT) - Sáng 18-5, Đảng ủy xã kết nạp 3 đảng viên trong đợt 5-2023.\n" + BODY)
    assert article.published == "2023-05-18"


def test_a_lead_day_without_a_dateline_still_dates_the_article():
    article = _clean("Chi bộ trường kết nạp học sinh\nSáng 12-9, Chi bộ Trường THPT Hòa Bình kết nạp 4 học sinh.\n" + BODY)
    assert article.published == "2023-09-12"


def test_a_spring_lead_day_in_a_school_year_falls_in_its_second_year():
    article = _clean("Chiều 20-5, Chi bộ Trường THPT Lê Lợi kết nạp 6 học sinh ưu tú.\n"
                     "Năm học 2024-2025 là năm thứ hai nhà trường kết nạp đảng viên là học sinh.")
    assert article.published == "2025-05-20"


def test_outlets_are_found_by_code_domain_and_name():
    assert lookup_outlet("QTO")["name"] == "Báo Quảng Trị"
    assert lookup_outlet("https://www.baohaugiang.com.vn/x")["province"] == "Hậu Giang"
    assert lookup_outlet("BÁO LÂM ĐỒNG")["domain"] == "baolamdong.vn"
    assert outlet_by_domain("m.baolaocai.vn")["name"] == "Báo Lào Cai"


def test_national_outlets_have_no_province():
    assert lookup_outlet("nhandan.vn")["province"] == ""


SEEDS_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "seeds.jsonl"
DEV_GOLD = Path(__file__).resolve().parent / "dev_gold"


@pytest.mark.skipif(not SEEDS_GOLD.is_file(), reason="shared gold not present")
def test_seed_dates_and_outlets_match_the_gold():
    from news_extract.ingest import iter_documents

    gold = {json.loads(line)["article_id"]: json.loads(line) for line in SEEDS_GOLD.open()}
    for raw in iter_documents(SEEDS_GOLD.parents[1] / "seeds"):
        article = clean(raw)
        expected = gold[raw.article_id]
        assert (article.published, article.outlet) == (expected["published"], expected["outlet"])


@pytest.mark.skipif(not (DEV_GOLD / "articles").is_dir(), reason="dev gold not present")
def test_dev_gold_dates_and_outlets_mostly_match():
    from news_extract.ingest import iter_documents

    gold = {}
    for part in DEV_GOLD.glob("gold_part*.jsonl"):
        for line in part.open(encoding="utf-8"):
            if line.strip():
                record = json.loads(line)
                gold[record["article_id"]] = record
    hits = total = 0
    for raw in iter_documents(DEV_GOLD / "articles"):
        if raw.article_id in gold:
            article = clean(raw)
            total += 1
            hits += (article.published, article.outlet) == (
                gold[raw.article_id]["published"], gold[raw.article_id]["outlet"])
    assert total and hits / total >= 0.9


@pytest.mark.parametrize(("line", "iso"), [
    ("12 Tháng Sáu, 2023", "2023-06-12"),
    ("(Ngày đăng: 12/06/2023)", "2023-06-12"),
])
def test_a_dateline_with_the_month_in_words_or_in_brackets_gives_the_date(line, iso):
    assert match_dateline(line) == iso
