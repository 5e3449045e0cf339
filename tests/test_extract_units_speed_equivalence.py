"""Unit patterns are tried only where a start word occurs: same matches as trying everywhere."""

import random
import sys

import regex

from news_extract.extract import rx, units
from news_extract.text import fold

# Written for these tests: phrases of a lead, a unit word, and what may follow it, in
# several spellings and spacings.
LEADS = ["", "", "Đảng bộ ", "đảng bộ ", "ĐẢNG ỦY ", "Đảng uỷ ", "Chi bộ ", "chi ủy ", "Ban Thường vụ ",
         "Ban Chấp hành ", "toàn ", "Toàn ", "cả ", "trong ", "của ", "cho ", "tại ", "và ", "các ", "những ",
         "Năm 2024, ", "(", "\n", ". ", "2024, ", "văn ", "kinh tế - ", "trên địa bàn ", "trực thuộc "]
UNITS = ["xã", "Xã", "XÃ", "huyện", "Huyện", "tỉnh", "Tỉnh", "phường", "Phường", "thị trấn", "thị  xã",
         "Thị xã", "thành phố", "Thành\nphố", "TP.", "Tp.", "TP", "TX.", "tx", "quận", "Quận", "thôn", "Thôn",
         "bản", "Bản", "ấp", "xóm", "làng", "buôn", "Buôn", "plei", "bon", "khu phố", "tổ dân phố",
         "Tổ dân phố", "khối phố", "Khối", "khối", "Trường", "trường", "Nhà trường", "nhà trường",
         "Huyện ủy", "huyện uỷ", "Tỉnh ủy", "tỉnh uỷ", "Thị ủy", "Quận ủy", "Thành ủy", "Công ty",
         "công ty", "Tổng Công ty", "Tổng công ty", "Tập đoàn", "Nhà máy", "Xí nghiệp", "Ngân hàng",
         "Hợp tác xã", "Trung đoàn", "Sư đoàn", "Lữ đoàn", "Tiểu đoàn", "Quân đoàn", "Hải đoàn", "Vùng",
         "Công an", "Quân sự", "Bộ đội Biên phòng", "Bộ Chỉ huy Quân sự", "Đồn Biên phòng", "Cơ quan",
         "Văn phòng", "Sở", "Bệnh viện", "Trung tâm", "Ủy ban nhân dân", "UBND", "Viện", "Cục", "Chi cục",
         "Khối các cơ quan", "Khối Doanh nghiệp", "Dân chính Đảng", "đơn vị", "đơn vị này", "Đảng bộ",
         "Đảng ủy", "chi bộ", "Chi bộ", "địa bàn tỉnh", "thuộc tỉnh", "tập huấn", "chiến sĩ", "cấp", "İ"]
FOLLOWERS = ["Sơn Hà", "Mỹ Lợi", "Lê Văn Tám", "Hòa Bình", "Thuỷ Nguyên", "A", "3", "12", "số 5", "số",
             "này", "đã", "đang", "kết nạp", "có", "đạt", "phấn đấu", "đề ra", "mới", "vượt", "hoàn thành",
             "ủy", "uỷ", "THPT Lê Lợi", "Tiểu học Mỹ Lợi", "TNHH Sơn Hà", "Cổ phần Hòa Bình", "các",
             "cơ quan", "doanh nghiệp", "chính quyền", ",", ".", ";", ")", "(", "-", "trực thuộc", "ở", "và",
             "tỉnh Hòa Bình", "huyện này", "xã đã", "bộ đã", "vị đã", ""]
GAPS = [" ", " ", " ", " ", "  ", "\t", "\n", "", ".", "\u00a0", "\u2003", "\x1c", " " * 12]


def _texts(count: int):
    rng = random.Random(2024)
    for _ in range(count):
        yield "".join(rng.choice(LEADS) + rng.choice(UNITS) + rng.choice(GAPS) + rng.choice(FOLLOWERS)
                      + rng.choice(GAPS) for _ in range(rng.randint(1, 12)))


ALL_CHARACTERS = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_each_pattern_finds_the_same_matches_when_tried_only_at_its_start_words():
    for text in _texts(3000):
        folded = fold(text)
        starts = units._starts(text, folded)
        if starts is None:
            continue
        for name, pattern in units._patterns().items():
            string = folded if name in ("whole_province", "backref_this", "backref_bare") else text
            everywhere = [m.span() for m in pattern.finditer(string)]
            assert [m.span() for m in rx.finditer_at(pattern, string, starts[name])] == everywhere, (name, text)


def test_a_party_word_spelled_with_a_dotted_capital_i_is_still_found():
    text = "Năm 2024, Chİ bộ thôn Nà Lừu kết nạp 3 đảng viên."
    mentions = units.find_mentions(text, fold(text))
    assert [m.surface for m in mentions] == ["Chİ bộ thôn Nà Lừu"]


def test_regex_matches_a_start_word_letter_case_blind_only_where_lower_gives_it_or_for_dotted_i_and_long_s():
    letters = {c for word in units._start_rules() for c in word if c.isalpha()}
    found = regex.findall("(?i)[" + "".join(sorted(letters)) + "]", ALL_CHARACTERS)
    assert {c for c in found if c.lower() not in letters} == {"İ", "ſ"}


def test_regex_whitespace_is_whitespace_to_python():
    assert all(c.isspace() for c in regex.findall(r"\s", ALL_CHARACTERS))


def test_no_lowercase_letter_nor_ascii_symbol_is_a_capital_or_digit_to_regex():
    found = regex.findall(r"[\p{Lu}\d]", ALL_CHARACTERS)
    assert not [c for c in found if c.islower() or (c.isascii() and not c.isalnum())]


def test_no_letter_is_a_digit_to_regex():
    assert not [c for c in regex.findall(r"\d", ALL_CHARACTERS) if c.isalpha()]


def test_the_start_scan_can_be_built_from_the_start_rules():
    from news_extract.extract.units import _scanner
    assert _scanner() is not None  # else every pattern scans every text (a start word begins another)
