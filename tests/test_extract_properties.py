"""Properties of the extractor that hold for any input (hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from news_extract import extract
from news_extract.extract.numbers import NUMBER_RE, format_number, parse_number, parse_number_words
from news_extract.text import fold, normalize

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of recruitment news written for these tests; shuffled with random text they make inputs
# that reach every stage of the extractor, not only its early exits.
FRAGMENTS = [
    "Năm 2023, ", "Đảng bộ xã Tân Phú ", "kết nạp được ", "12", " đảng viên", ", đạt ",
    "105,57%", " chỉ tiêu", ". ", "\n", "1.214", "43/60", "từ 1 đến 3", " trở lên", "hai ",
    "không kết nạp được đảng viên nào", "vượt 7 so với chỉ tiêu", "Chỉ thị số 28-CT/TW ",
    "ngày 21/1/2019 ", "toàn tỉnh ", "huyện này ", "Phường 3 ", "TP. Tam Kỳ ", "; Hội An ",
    "trong đó có ", " là học sinh", "tính đến ngày 2-10, ", "nhiệm kỳ 2020 - 2025 ",
    "mỗi năm ", "quý I/2024 ", "phấn đấu kết nạp ", "có ", "(", ")", "%", "-", "/",
]
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join),
)


def _check_offsets(text: str) -> None:
    result = extract(text, published="2024-06-01", outlet="GLO")
    for fact in result.facts:
        assert 0 <= fact.start <= fact.value_start < fact.value_end <= fact.end <= len(text)
        assert 0 <= fact.sentence_start <= fact.value_start
        assert text[fact.sentence_start:fact.sentence_start + len(fact.sentence)] == fact.sentence
    for unit in result.mentions:
        assert 0 <= unit.start < unit.end <= len(text)
    for directive in result.directives:
        assert 0 <= directive.start < directive.end <= len(text)


@FAST
@given(TEXTS)
def test_any_nfc_text_gives_offsets_that_lie_inside_it(text):
    _check_offsets(normalize(text))


@FAST
@given(TEXTS)
def test_any_text_at_all_is_extracted_without_an_error(text):
    extract(text, published="2024-06-01", outlet="GLO")


@FAST
@given(TEXTS)
def test_every_fact_of_any_text_slices_to_its_number_as_written(text):
    text = normalize(text)
    for fact in extract(text).facts:
        written = text[fact.value_start:fact.value_end]
        if fact.derived or (fact.value == 0 and not any(ch.isdigit() for ch in written)):
            continue  # "vượt 7 so với chỉ tiêu" points at the 7; "không kết nạp được ... nào" at words
        digits = NUMBER_RE.match(written)
        if digits is None:
            assert parse_number_words(fold(written)) == fact.value, written
        elif "/" in written and fact.value_max is None:
            assert fact.value in {parse_number(part) for part in written.split("/")}, written
        else:
            assert parse_number(digits.group(1)) == fact.value, written


@FAST
@given(st.integers(min_value=0, max_value=10**9))
def test_a_formatted_count_parses_back_to_itself(n):
    assert parse_number(format_number(n)) == n


@FAST
@given(st.integers(min_value=1, max_value=10**7).filter(lambda c: c % 100).map(lambda c: c / 100))
def test_a_formatted_two_decimal_number_parses_back_to_itself(x):
    assert parse_number(format_number(x)) == x


# --- template sentences -------------------------------------------------------------------------

SYLLABLES = ["Tân", "Phú", "Lộc", "Hòa", "Bình", "An", "Thạnh", "Mỹ", "Hưng", "Sơn", "Thủy",
             "Đông", "Tây", "Hiệp", "Phước", "Quang", "Vinh", "Xuân", "Yên", "Khánh"]
NAMES = st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=2, unique=True).map(" ".join)
LEVELS = st.sampled_from(["xã", "huyện", "phường", "thị trấn"])
COUNTS = st.integers(min_value=1, max_value=99_999)
YEARS = st.integers(min_value=2005, max_value=2030)
TEMPLATES = {
    "admitted": "Năm {year}, Đảng bộ {level} {name} kết nạp được {n} đảng viên mới.",
    "target": "Năm {year}, Đảng bộ {level} {name} phấn đấu kết nạp {n} đảng viên.",
    "members": "Hiện nay, Đảng bộ {level} {name} có {n} đảng viên.",
}


@FAST
@given(st.sampled_from(sorted(TEMPLATES)), LEVELS, NAMES, COUNTS, YEARS)
def test_a_template_sentence_yields_the_number_put_into_it(metric, level, name, n, year):
    text = TEMPLATES[metric].format(year=year, level=level, name=name, n=format_number(n))
    facts = extract(text).facts
    assert [(f.metric, f.value) for f in facts] == [(metric, n)]


@FAST
@given(LEVELS, NAMES, COUNTS, YEARS)
def test_a_template_sentence_yields_the_unit_put_into_it(level, name, n, year):
    text = TEMPLATES["admitted"].format(year=year, level=level, name=name, n=format_number(n))
    fact = extract(text).facts[0]
    assert (fact.unit_level, fact.unit_name) == (level, name)


@FAST
@given(LEVELS, NAMES, COUNTS, YEARS)
def test_a_template_sentence_yields_the_year_put_into_it(level, name, n, year):
    text = TEMPLATES["admitted"].format(year=year, level=level, name=name, n=format_number(n))
    fact = extract(text).facts[0]
    assert (fact.year_from, fact.year_to) == (year, year)


@FAST
@given(LEVELS, NAMES, COUNTS, YEARS)
def test_a_template_number_is_found_where_it_was_written(level, name, n, year):
    written = format_number(n)
    text = TEMPLATES["admitted"].format(year=year, level=level, name=name, n=written)
    fact = extract(text).facts[0]
    assert text[fact.value_start:fact.value_end] == written


@FAST
@given(st.lists(st.tuples(NAMES, COUNTS), min_size=2, max_size=5, unique_by=lambda p: p[0]), YEARS)
def test_each_commune_in_a_paragraph_keeps_its_own_number(pairs, year):
    text = " ".join(f"Năm {year}, Đảng bộ xã {name} kết nạp được {format_number(n)} đảng viên."
                    for name, n in pairs)
    facts = extract(text).facts
    assert [(f.unit_name, f.value) for f in facts] == list(pairs)


@FAST
@given(st.integers(min_value=1, max_value=500), st.integers(min_value=1, max_value=500), NAMES)
def test_a_range_yields_both_numbers_put_into_it(low, extra, name):
    text = f"Năm 2024, Đảng bộ xã {name} phấn đấu kết nạp từ {low} đến {low + extra} đảng viên."
    fact = extract(text).facts[0]
    assert (fact.value, fact.value_max, fact.qualifier) == (low, low + extra, "range")
