"""The extractor as a spaCy component: facts, units and directives as span groups."""

import pytest

spacy = pytest.importorskip("spacy")

TEXT = ("Năm 2023, toàn tỉnh kết nạp được 1.900 đảng viên. "
        "Đảng bộ huyện Chư Păh kết nạp được 85 đảng viên. "
        "Thực hiện Chỉ thị số 28-CT/TW của Ban Bí thư, các xã làm tốt công tác tạo nguồn.")


@pytest.fixture(scope="module")
def doc():
    from news_extract.spacy_component import blank

    return blank(published="2024-01-05", outlet="GLO")(TEXT)


def test_the_component_is_found_by_name_on_a_blank_pipeline():
    from news_extract.spacy_component import NO_PYVI

    nlp = spacy.blank("vi", config=NO_PYVI)
    nlp.add_pipe("news_extract")
    assert nlp.pipe_names == ["news_extract"]


def test_the_pipeline_needs_no_word_segmenter():
    import sys

    from news_extract.spacy_component import blank

    blank()("Năm 2023, toàn tỉnh kết nạp được 1.900 đảng viên.")
    assert "pyvi" not in sys.modules


def test_facts_are_spans_over_their_numbers(doc):
    assert [span.text for span in doc.spans["facts"]] == ["1.900", "85"]


def test_a_fact_span_is_labelled_with_its_metric(doc):
    assert {span.label_ for span in doc.spans["facts"]} == {"admitted"}


def test_a_fact_span_carries_its_record(doc):
    record = doc.spans["facts"][1]._.record
    assert (record["value"], record["unit_level"], record["unit_name"]) == (85, "huyện", "Chư Păh")


def test_the_configured_outlet_names_the_province_of_toan_tinh(doc):
    assert doc.spans["facts"][0]._.record["unit_name"] == "Gia Lai"


def test_units_are_spans_labelled_with_their_level(doc):
    labelled = {(span.label_, span._.record["name"]) for span in doc.spans["units"]}
    assert ("huyện", "Chư Păh") in labelled


def test_directives_are_spans_with_their_citation(doc):
    spans = doc.spans["directives"]
    assert len(spans) == 1 and spans[0].text.startswith("Chỉ thị số 28-CT/TW")


def test_a_directive_span_record_keeps_number_and_suffix(doc):
    record = doc.spans["directives"][0]._.record
    assert (record["kind"], record["number"], record["suffix"]) == ("Chỉ thị", "28", "CT/TW")


def test_a_text_without_recruitment_news_has_empty_span_groups():
    from news_extract.spacy_component import blank

    nlp = blank()
    empty = nlp("Trời hôm nay nắng đẹp.")
    assert [len(empty.spans[key]) for key in ("facts", "units", "directives")] == [0, 0, 0]
