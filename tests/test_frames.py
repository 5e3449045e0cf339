"""pandas views of the database (news_extract.frames)."""

from news_extract import store
from news_extract.frames import facts_frame, target_vs_admitted
from news_extract.model import Article, Extraction, Fact


def _db(tmp_path):
    text = "Năm 2024, huyện Krông Búk đề ra chỉ tiêu kết nạp 120 đảng viên và đã kết nạp được 98 đảng viên."
    article = Article("a1", "a1.txt", text, text, list(range(len(text) + 1)), "0", province="Đắk Lắk",
                      published="2024-11-02")
    facts = [
        Fact("target", 120, "huyện", "Krông Búk", year_from=2024, year_to=2024, sentence=text),
        Fact("admitted", 98, "huyện", "Krông Búk", year_from=2024, year_to=2024, sentence=text),
        Fact("admitted", 12, "huyện", "Krông Búk", year_from=2024, year_to=2024, subgroup="nữ", sentence=text),
    ]
    db = store.open_db(tmp_path / "f.db")
    store.write_article(db, article, Extraction(facts=facts))
    db.close()
    return tmp_path / "f.db"


def test_facts_frame_types_years_as_nullable_integers_and_flags_as_booleans(tmp_path):
    df = facts_frame(_db(tmp_path))
    assert str(df.year_from.dtype) == "Int64"
    assert df.derived.dtype == bool
    assert set(df.metric) == {"target", "admitted"}


def test_target_vs_admitted_puts_a_units_target_and_admissions_side_by_side(tmp_path):
    table = target_vs_admitted(_db(tmp_path))
    row = table.iloc[0]
    assert (row["unit_name"], row["year"], row["target"], row["admitted"]) == ("Krông Búk", 2024, 120, 98)
