"""Clean: furniture goes, the article stays, and every cleaned span traces back to the source."""

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from news_extract.clean import clean, normalize_with_map, source_span
from news_extract.model import RawDocument
from news_extract.text import normalize

BODY = ("Năm 2023, Đảng bộ xã Tân Lập kết nạp được 14 đảng viên mới, vượt chỉ tiêu huyện giao. "
        "Chi bộ thôn Bản Sen có 31 đảng viên sinh hoạt thường xuyên.")
BODY2 = ("Để tạo nguồn, Đảng ủy xã giao cho các đoàn thể giới thiệu quần chúng ưu tú, theo dõi "
         "và bồi dưỡng họ trong quá trình công tác tại địa phương.")


def _clean(text: str, **meta):
    return clean(RawDocument("t", "t.txt", text, "txt", "0", meta=meta))


def _kinds(article):
    return [r["kind"] for r in article.removed]


def _traces(article, phrase):
    """The phrase's span in the cleaned text maps back to the same words in the source."""
    start = article.text.index(phrase)
    a, b = source_span(article, start, start + len(phrase))
    return normalize(article.source[a:b]) == phrase


# --- normalisation -----------------------------------------------------------

def test_nfd_input_is_composed_to_nfc():
    article = _clean(unicodedata.normalize("NFD", BODY))
    assert article.text == BODY


def test_the_eth_lookalike_becomes_d_with_stroke():
    article = _clean("Ðảng bộ xã có 31 đảng viên.")
    assert article.text == "Đảng bộ xã có 31 đảng viên."


def test_crlf_becomes_lf():
    article = _clean(BODY + "\r\n\r\n" + BODY2 + "\r\n")
    assert article.text == BODY + "\n\n" + BODY2


def test_offsets_trace_through_nfd_eth_crlf_and_removed_furniture():
    source = ("{title}\r\n" + unicodedata.normalize("NFD", "Ðảng bộ xã Tân Lập kết nạp 14 người.")
              + "\r\nẢnh: Minh Hà\r\n" + BODY2 + "\r\n")
    article = _clean(source)
    assert "{title}" not in article.text and "Ảnh" not in article.text
    assert _traces(article, "Đảng bộ xã Tân Lập kết nạp 14 người.")
    assert _traces(article, "giới thiệu quần chúng ưu tú")
    assert len(article.offsets) == len(article.text) + 1
    assert article.offsets[-1] == len(source)


def test_every_removed_record_points_at_its_text_in_the_source():
    article = _clean("{head}\n" + BODY + "\n0 bình luận\nChia sẻ\n" + BODY2)
    for item in article.removed:
        assert article.source[item["start"]:item["end"]] == item["text"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_cleans_and_every_letter_maps_to_the_same_letter(text):
    article = _clean(text)
    assert len(article.offsets) == len(article.text) + 1
    for i, ch in enumerate(article.text):
        if ch.isalnum():
            src = article.source[article.offsets[i]]
            assert unicodedata.normalize("NFD", normalize(ch))[0] == \
                unicodedata.normalize("NFD", normalize(src))[0]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Đảng", "viên", "kết", "nạp", "ủy", "Ở", "\r\n", "\n", " ", "Ð",
                                 "{title}", "Ảnh: P.D", "..."]), max_size=40))
def test_vietnamese_shaped_text_in_any_form_cleans_to_nfc(parts):
    text = unicodedata.normalize("NFD", "".join(parts))
    article = _clean(text)
    assert unicodedata.is_normalized("NFC", article.text)
    assert "\r" not in article.text


def test_normalize_with_map_is_identity_for_clean_text():
    assert normalize_with_map(BODY) == (BODY, None)


# --- furniture -----------------------------------------------------------------

def test_template_placeholders_are_removed():
    article = _clean("{title}\n{publish}\n{head}\n" + BODY)
    assert article.text == BODY and _kinds(article) == ["placeholder"]


def test_image_markdown_and_bar_captions_are_removed():
    article = _clean(BODY + "\n![]() |\nBí thư Đảng ủy xã trao quyết định kết nạp - Ảnh: T.L |\n" + BODY2)
    assert article.text == BODY + "\n" + BODY2
    assert _kinds(article) == ["image", "caption"]


def test_a_caption_line_ending_in_a_photo_credit_is_removed():
    article = _clean(BODY + "\n\nĐảng ủy phường giao chỉ tiêu cho các chi bộ. Ảnh: P.D\n\n" + BODY2)
    assert "giao chỉ tiêu cho các chi bộ" not in article.text
    assert article.text == BODY + "\n\n" + BODY2


def test_a_caption_with_a_position_marker_is_removed():
    article = _clean("Ông Lê Văn Tám (phải) trao quyết định kết nạp cho đảng viên mới.\n" + BODY)
    assert article.text == BODY and _kinds(article) == ["caption"]


@pytest.mark.parametrize("credit", ["(ảnh: Văn An)", "(ẢNH: T.L)", "(Ảnh: T.L)"])
def test_an_inline_photo_credit_is_removed_in_any_case(credit):
    body = BODY.rstrip(".")
    article = _clean(f"{body} {credit}.\n" + BODY2)
    assert article.text == f"{body}.\n" + BODY2


def test_sentences_that_merely_mention_photos_stay():
    text = ("Ảnh hưởng của dịch bệnh khiến việc kết nạp chậm lại.\n"
            "Chi bộ đã trưng bày ảnh tư liệu về lịch sử Đảng bộ xã: 40 bức ảnh.\n" + BODY)
    assert _clean(text).text == text


def test_a_long_paragraph_ending_in_a_credit_loses_only_the_credit():
    long_paragraph = (BODY + " ") * 4 + "Ảnh: Minh Hà"
    article = _clean(long_paragraph + "\n" + BODY2)
    assert article.text.startswith((BODY + " ") * 3 + BODY)
    assert "Minh Hà" not in article.text


def test_a_line_repeating_the_previous_one_is_removed():
    article = _clean(BODY + "\n" + BODY2 + "\n" + BODY2 + "\n" + BODY)
    assert article.text == BODY + "\n" + BODY2 + "\n" + BODY
    assert _kinds(article) == ["repeat"]


@pytest.mark.parametrize("line", ["0 bình luận", "Bình luận (3)", "Gửi bình luận"])
def test_comment_counters_are_removed(line):
    assert _clean(BODY + "\n" + line + "\n" + BODY2).text == BODY + "\n" + BODY2


@pytest.mark.parametrize("line", ["Chia sẻ", "Facebook", "Zalo", "In bài", "Lưu",
                                  "Chia sẻ: Facebook | Zalo"])
def test_share_buttons_are_removed(line):
    assert _clean(BODY + "\n" + line + "\n" + BODY2).text == BODY + "\n" + BODY2


def test_design_credit_lines_are_removed_and_the_writer_becomes_the_author():
    article = _clean(BODY + "\n\n" + BODY2 + "\n\nNội dung: Hoàng Yến\nTrình bày: Quốc Bảo\n")
    assert article.text == BODY + "\n\n" + BODY2
    assert article.author == "Hoàng Yến"


@pytest.mark.parametrize("heading", ["Tin cùng chuyên mục", "Tin liên quan:", "Xem thêm",
                                     "Bài liên quan"])
def test_a_related_articles_heading_and_its_list_are_removed(heading):
    teasers = "\n".join(["Huyện Yên Lập kết nạp 200 đảng viên...",
                         "> Chi bộ thôn Đồng Tâm: tạo nguồn từ đoàn viên...",
                         "Lễ kết nạp đảng viên cho học sinh trường THPT"])
    article = _clean(BODY + "\n" + BODY2 + "\n" + heading + "\n" + teasers)
    assert article.text == BODY + "\n" + BODY2


@pytest.mark.parametrize("joint", [">> ", "» ", ": "])
def test_a_see_also_line_with_its_teaser_on_the_same_line_is_removed(joint):
    teasers = "\n".join(["Xem thêm" + joint + "Yên Lập kết nạp 200 đảng viên",
                         "Xem thêm" + joint + "Tam Nông: 9 tháng kết nạp 128 đảng viên"])
    article = _clean(BODY + "\n" + BODY2 + "\n" + teasers)
    assert article.text == BODY + "\n" + BODY2


def test_a_teaser_list_at_the_end_is_removed_without_a_heading():
    teasers = "\n".join([
        "Xác định phát triển đảng viên là nhiệm vụ thường xuyên, thời gian qua, Đảng bộ huyện đã tập ...",
        "QTO - Thời gian qua, phong trào thi đua yêu nước ở các xã biên giới được đẩy mạnh...",
        "(QTO) - Ban Thường vụ Tỉnh ủy vừa ban hành kế hoạch về công tác cán bộ...",
        "QTO - > Cách làm mới trong tạo nguồn đảng viên. Bài 2: Những mô hình hay",
    ])
    article = _clean(BODY + "\n" + BODY2 + "\n" + teasers)
    assert article.text == BODY + "\n" + BODY2 and _kinds(article) == ["teaser"]


def test_one_closing_paragraph_ending_in_an_ellipsis_is_kept():
    text = BODY + "\n" + BODY2 + "\nĐảng bộ tiếp tục chú trọng tạo nguồn trong thanh niên, dân quân…"
    assert _clean(text).text == text


def test_a_closing_name_line_is_a_byline():
    article = _clean(BODY + "\n" + BODY2 + "\nMinh Hà - Quốc Tuấn")
    assert article.text == BODY + "\n" + BODY2
    assert article.author == "Minh Hà - Quốc Tuấn" and _kinds(article) == ["byline"]


def test_a_byline_with_a_time_gives_author_and_date():
    article = _clean("Xã Tân Lập tạo nguồn đảng viên\n\nMinh Hà 07:45, 12/03/2024\n\n" + BODY)
    assert "07:45" not in article.text
    assert (article.author, article.published) == ("Minh Hà", "2024-03-12")


def test_theo_line_gives_author_and_outlet_and_is_removed():
    article = _clean(BODY + "\n" + BODY2 + "\nTheo MINH HÀ (Báo Lào Cai)")
    assert article.text == BODY + "\n" + BODY2
    assert (article.author, article.outlet, article.province) == ("MINH HÀ", "Báo Lào Cai", "Lào Cai")


def test_a_sentence_starting_with_theo_stays():
    text = BODY + "\nTheo ông Nguyễn Văn Hòa, Bí thư Đảng ủy xã, năm nay xã kết nạp 9 người."
    assert _clean(text).text == text


def test_a_sentence_starting_with_nguon_stays():
    text = "Nguồn phát triển đảng viên ở khu dân cư đang thu hẹp: thanh niên đi làm ăn xa.\n" + BODY
    assert _clean(text).text == text


def test_junk_punctuation_lines_are_removed():
    assert _clean(BODY + "\n;\n.\n" + BODY2).text == BODY + "\n" + BODY2


# --- title -------------------------------------------------------------------------

def test_a_short_first_line_without_a_period_is_the_title_and_stays_in_the_text():
    article = _clean("Xã Tân Lập vượt chỉ tiêu kết nạp đảng viên\n\n" + BODY)
    assert article.title == "Xã Tân Lập vượt chỉ tiêu kết nạp đảng viên"
    assert article.text.startswith(article.title)


def test_a_first_line_that_is_a_sentence_is_not_a_title():
    assert _clean(BODY + "\n" + BODY2).title is None


def test_an_outlet_arrow_line_carries_the_title():
    article = _clean("QTO - > Tạo nguồn đảng viên ở vùng biên. Bài 1: Khó khăn\n" + BODY)
    assert article.title == "Tạo nguồn đảng viên ở vùng biên. Bài 1: Khó khăn"
    assert article.outlet == "QTO" and article.text.startswith(article.title)


# --- the seeds ----------------------------------------------------------------------

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FURNITURE = ["{title}", "{head}", "Ảnh: P.D", "Ảnh: P.C", "Ảnh: K.S", "![]()", "Trình bày",
             "Nội dung:", "Nguồn Lào Cai", "Theo TRƯỜNG SƠN", "Phi Cường - Kăn Sương",
             "Trinh An 09:01", " date 2026", "(GLO)-", "(phải)"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not present")
def test_no_furniture_survives_in_the_seeds():
    from news_extract.ingest import iter_documents

    docs = list(iter_documents(SEEDS))
    assert len(docs) == 5
    for raw in docs:
        article = clean(raw)
        for marker in FURNITURE:
            assert marker not in article.text, (raw.article_id, marker)
        teaser_lines = [ln for ln in article.text.split("\n") if ln.endswith(" ...")]
        assert not teaser_lines, raw.article_id
        assert not any(ln.startswith(("QTO -", "(QTO)")) for ln in article.text.split("\n"))
        for phrase in ("kết nạp", "đảng viên"):
            assert _traces(article, phrase)


def _first_chars(items) -> set:
    """Characters a parsed regex can start with (digits as "\\d"); fails on constructs it does not know."""
    import re._constants as c
    out: set = set()
    for op, av in items:
        if op is c.AT:
            continue
        if op is c.LITERAL:
            out.add(chr(av))
        elif op is c.IN:
            for iop, iav in av:
                assert iop is c.CATEGORY and iav is c.CATEGORY_DIGIT or iop is c.LITERAL, (iop, iav)
                out.add("\\d" if iop is c.CATEGORY else chr(iav))
        elif op is c.SUBPATTERN:
            out |= _first_chars(av[-1])
        elif op is c.BRANCH:
            for branch in av[1]:
                out |= _first_chars(branch)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            out |= _first_chars(av[2])
            if av[0] > 0:
                return out
            continue
        else:
            raise AssertionError(op)
        return out
    raise AssertionError("a pattern that may match the empty string")


def test_every_comment_counter_starts_with_a_character_the_line_pass_looks_for():
    import re._parser

    from news_extract import clean as clean_module
    from news_extract.patterns import load_json

    for pattern in load_json("furniture.json")["comment_counters"]:
        firsts = _first_chars(re._parser.parse(pattern))
        assert firsts - {"\\d"} <= set(clean_module._COMMENT_FIRST), pattern


def test_a_short_section_line_above_the_headline_is_not_the_title():
    text = ("Bảo Thắng\n\nNăm 2020: Kết nạp 180 đảng viên\n\nCập nhật, 08:14, Thứ Năm, 07/01/2021 (GMT+7)\n\n"
            "Trong năm 2020, Đảng bộ huyện Bảo Thắng đã kết nạp 180 quần chúng ưu tú vào Đảng.")
    assert clean(RawDocument("a", "", text, "txt", "")).title == "Năm 2020: Kết nạp 180 đảng viên"


def test_a_headline_printed_again_under_a_breadcrumb_is_read_once():
    text = ("Chi bộ thôn Nà Chì kết nạp 2 đảng viên\n\nTin tức - Sự kiện Tin hoạt động\n"
            "Chi bộ thôn Nà Chì kết nạp 2 đảng viên\n" + BODY)
    article = clean(RawDocument("a", "", text, "txt", ""))
    assert article.title == "Chi bộ thôn Nà Chì kết nạp 2 đảng viên"
    assert article.text.count("Nà Chì") == 1 and "Tin hoạt động" not in article.text


def test_skip_links_above_a_portal_page_are_not_its_title():
    text = "Skip Ribbon Commands\nSkip to main content\n\nChi bộ thôn Nà Chì kết nạp 2 đảng viên\n\n" + BODY
    assert clean(RawDocument("a", "", text, "txt", "")).title == "Chi bộ thôn Nà Chì kết nạp 2 đảng viên"
