"""Decoding: every encoding a Vietnamese news file turns up in comes out as the same text."""

import codecs
import unicodedata

import pytest

from news_extract.decode import (
    decode,
    decode_tcvn3,
    decode_vni,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
    repair_mojibake,
    vietnamese_score,
)
from news_extract.model import Problem

SENTENCE = ("Năm 2023, Đảng bộ xã Tân Lập kết nạp được 14 đảng viên mới, vượt chỉ tiêu của huyện. "
            "Chi bộ thôn Bản Sen hiện có 31 đảng viên; nhiều đoàn viên ưu tú đang được bồi dưỡng "
            "để giới thiệu cho Đảng xem xét kết nạp trong những tháng cuối năm.")
# TCVN3 has no capitals with tones: a sentence that stays within its table.
LOWER_SENTENCE = ("Năm nay, Đảng ủy phường giao chỉ tiêu kết nạp cho từng chi bộ trực thuộc; "
                  "quần chúng ưu tú được các đoàn thể giới thiệu và theo dõi thường xuyên.")


def _mojibake(text: str) -> str:
    """UTF-8 bytes read as Windows-1252, the way a careless scraper saves them."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def test_plain_utf8_is_returned_unchanged():
    assert decode(SENTENCE.encode()) == (SENTENCE, "utf-8")


def test_a_utf8_byte_order_mark_is_dropped():
    assert decode(codecs.BOM_UTF8 + SENTENCE.encode()) == (SENTENCE, "utf-8-sig")


def test_utf16_with_a_byte_order_mark_decodes():
    text, encoding = decode(SENTENCE.encode("utf-16"))
    assert (text, encoding) == (SENTENCE, "utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_recognised_by_its_nul_bytes(codec):
    assert decode(SENTENCE.encode(codec)) == (SENTENCE, codec)


def test_windows_1258_combining_tone_marks_are_composed_to_nfc():
    data = encode_cp1258(SENTENCE)
    assert b"\xd2" in data or b"\xec" in data  # tone marks travel as separate bytes
    text, encoding = decode(data)
    assert encoding == "cp1258"
    assert text == SENTENCE and unicodedata.is_normalized("NFC", text)


def test_mojibake_is_repaired_to_the_original_letters():
    broken = _mojibake(SENTENCE)
    assert broken.startswith("NÄƒm")
    text, encoding = decode(broken.encode("utf-8"))
    assert (text, encoding) == (SENTENCE, "utf-8+mojibake")


def test_mojibake_repair_leaves_real_vietnamese_alone():
    assert repair_mojibake(SENTENCE) == SENTENCE
    assert repair_mojibake("Ðảng viên à, ôi, Ô…") == "Ðảng viên à, ôi, Ô…"


def test_mojibake_mixed_with_clean_text_is_repaired_word_by_word():
    mixed = "Chi bộ " + _mojibake("Mường Hum") + " có 16 đảng viên"
    assert repair_mojibake(mixed) == "Chi bộ Mường Hum có 16 đảng viên"


def test_a_garbled_letter_in_otherwise_clean_utf8_is_repaired_by_decode():
    # "đ" as mojibake is "Ä‘": its second character is a curly quote, not a Latin-1 one
    mixed = SENTENCE + " Thôn Bản Sen có 9 " + _mojibake("đ") + "ảng viên trẻ."
    assert "Ä‘ảng" in mixed
    text, encoding = decode(mixed.encode("utf-8"))
    assert (text, encoding) == (SENTENCE + " Thôn Bản Sen có 9 đảng viên trẻ.", "utf-8+mojibake")


def test_tcvn3_table_round_trips_every_letter_it_has():
    letters = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵĂÂÊÔƠƯĐ"
    assert decode_tcvn3(encode_tcvn3(letters)) == letters


def test_tcvn3_bytes_are_detected_and_converted():
    text, encoding = decode(encode_tcvn3(LOWER_SENTENCE))
    assert (text, encoding) == (LOWER_SENTENCE, "tcvn3")


def test_tcvn3_seen_as_latin1_inside_a_utf8_file_is_converted():
    shown = encode_tcvn3(LOWER_SENTENCE).decode("latin-1")
    assert "§¶ng" in shown
    text, encoding = decode(shown.encode("utf-8"))
    assert (text, encoding) == (LOWER_SENTENCE, "utf-8+tcvn3")


def test_vni_table_round_trips_upper_and_lower_case():
    words = "Đảng Ủy Ấp Ặc ỨNG Ỵ ĩ ị ỉ ơ ư Ơ Ư ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự"
    assert decode_vni(encode_vni(words)) == unicodedata.normalize("NFC", words)


def test_vni_bytes_are_detected_and_converted():
    text, encoding = decode(encode_vni(SENTENCE))
    assert (text, encoding) == (SENTENCE, "vni")


def test_vni_seen_as_latin1_inside_a_utf8_file_is_converted():
    shown = encode_vni(SENTENCE).decode("latin-1")
    assert "Ñaûng" in shown
    assert decode(shown.encode("utf-8")) == (SENTENCE, "utf-8+vni")


def test_bytes_that_read_as_nothing_vietnamese_give_a_decode_problem():
    result = decode(bytes(range(128, 256)) * 4, path="x.txt")
    assert isinstance(result, Problem) and result.kind == "decode"
    assert "no legacy encoding" in result.reason


def test_vietnamese_scores_higher_than_its_garbled_forms():
    good = vietnamese_score(SENTENCE)
    assert good > 1.0
    assert vietnamese_score(encode_vni(SENTENCE).decode("latin-1")) < good - 0.5
    assert vietnamese_score(encode_tcvn3(LOWER_SENTENCE).decode("latin-1")) < good - 0.5
