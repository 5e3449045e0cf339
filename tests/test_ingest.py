"""Ingest: every format becomes RawDocuments, every failure a Problem with a kind and a reason."""

import hashlib
import json
import os

import pytest

from news_extract.ingest import discover, iter_documents, read_file
from news_extract.model import Problem, RawDocument

ARTICLE = ("Xã Yên Bình kết nạp 12 đảng viên mới\n\n"
           "Năm 2023, Đảng bộ xã Yên Bình kết nạp được 12 đảng viên mới, đạt 120% chỉ tiêu.\n")


def _only(items):
    assert len(items) == 1
    return items[0]


def test_a_text_file_becomes_one_document_named_by_its_stem(tmp_path):
    path = tmp_path / "bai_01.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = _only(read_file(path))
    assert isinstance(doc, RawDocument)
    assert (doc.article_id, doc.format, doc.text) == ("bai_01", "txt", ARTICLE)
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_html_main_text_is_extracted_with_its_metadata(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in ARTICLE.splitlines() if line)
    html = ("<html><head><title>Xã Yên Bình kết nạp đảng viên</title>"
            "<meta name='author' content='Minh Châu'>"
            "<meta property='article:published_time' content='2024-03-05T08:00:00+07:00'></head>"
            "<body><nav><a href='/'>Trang chủ</a> | <a href='/tin'>Tin tức</a></nav>"
            f"<article>{body}</article><footer>Bản quyền thuộc về tòa soạn</footer></body></html>")
    path = tmp_path / "trang.html"
    path.write_text(html, encoding="utf-8")
    doc = _only(read_file(path))
    assert doc.format == "html"
    assert "kết nạp được 12 đảng viên mới" in doc.text
    assert "Trang chủ" not in doc.text and "Bản quyền" not in doc.text
    assert doc.meta["published"] == "2024-03-05"
    assert doc.meta["author"] == "Minh Châu"


def test_html_without_any_text_is_an_html_problem(tmp_path):
    path = tmp_path / "rong.htm"
    path.write_text("<html><head><title></title></head><body><div></div></body></html>")
    problem = _only(read_file(path))
    assert isinstance(problem, Problem) and problem.kind == "html"


def test_json_lines_give_one_document_per_good_line_with_its_fields(tmp_path):
    path = tmp_path / "feed.jsonl"
    records = [{"id": "a1", "text": ARTICLE, "title": "Tiêu đề", "url": "https://baolaocai.vn/x",
                "published": "2024-02-28", "outlet": "Báo Lào Cai", "author": "Tuấn Ngọc"},
               {"text": "Chi bộ thôn có 20 đảng viên."}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                    encoding="utf-8")
    first, second = read_file(path)
    assert first.article_id == "a1" and first.line == 1
    assert first.meta == {"title": "Tiêu đề", "url": "https://baolaocai.vn/x",
                          "published": "2024-02-28", "outlet": "Báo Lào Cai", "author": "Tuấn Ngọc"}
    line = json.dumps(records[0], ensure_ascii=False)
    assert first.sha256 == hashlib.sha256(line.encode()).hexdigest()
    assert second.article_id == "feed:2"


def test_a_bad_json_line_is_a_problem_with_its_line_number_and_good_lines_survive(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "ok", "text": "Năm 2023 kết nạp 5 đảng viên."}\n'
                    '{"id": "cut", "text": "Năm 2023\n'
                    '{"id": "no-text", "title": "Chỉ có tiêu đề"}\n', encoding="utf-8")
    good, broken, missing = read_file(path)
    assert isinstance(good, RawDocument) and good.article_id == "ok"
    assert (broken.kind, broken.line) == ("jsonl", 2)
    assert (missing.kind, missing.line) == ("jsonl", 3)
    assert '"text"' in missing.reason


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n "])
def test_an_empty_or_blank_file_is_an_empty_problem(tmp_path, data):
    path = tmp_path / "trong.txt"
    path.write_bytes(data)
    assert _only(read_file(path)).kind == "empty"


@pytest.mark.parametrize("data, word", [(b"\x89PNG\r\n\x1a\n" + bytes(50), "PNG"),
                                        (b"\xff\xd8\xff\xe0" + bytes(50), "JPEG"),
                                        (b"abc\x00\x01\x02def" * 10, "NUL")])
def test_binary_content_is_a_binary_problem_that_says_why(tmp_path, data, word):
    path = tmp_path / "anh.txt"
    path.write_bytes(data)
    problem = _only(read_file(path))
    assert problem.kind == "binary" and word in problem.reason


def test_a_file_over_the_size_limit_is_too_large(tmp_path):
    path = tmp_path / "lon.txt"
    path.write_text(ARTICLE * 50, encoding="utf-8")
    problem = _only(read_file(path, max_bytes=1000))
    assert problem.kind == "too_large" and "1,000" in problem.reason


def test_undecodable_bytes_are_a_decode_problem(tmp_path):
    path = tmp_path / "hong.txt"
    path.write_bytes(bytes(range(128, 256)) * 3)
    assert _only(read_file(path)).kind == "decode"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without permission")
def test_a_file_without_read_permission_is_unreadable(tmp_path):
    path = tmp_path / "khoa.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)
    assert _only(read_file(path)).kind == "unreadable"


def test_a_file_that_vanished_is_a_vanished_problem(tmp_path):
    assert _only(read_file(tmp_path / "da_xoa.txt")).kind == "vanished"


def test_a_file_that_changes_while_read_is_a_changed_problem(tmp_path, monkeypatch):
    path = tmp_path / "dang_ghi.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    real_open = type(path).open

    def open_and_append(self, *args, **kwargs):
        fh = real_open(self, *args, **kwargs)
        with real_open(self, "ab") as writer:
            writer.write(b" them chu")
        return fh

    monkeypatch.setattr(type(path), "open", open_and_append)
    assert _only(read_file(path)).kind == "changed"


def test_a_file_that_grows_past_the_limit_while_read_is_too_large(tmp_path, monkeypatch):
    path = tmp_path / "dang_lon.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    real_open = type(path).open

    def open_and_grow(self, *args, **kwargs):
        fh = real_open(self, *args, **kwargs)
        with real_open(self, "ab") as writer:
            writer.write(ARTICLE.encode("utf-8") * 200)
        return fh

    monkeypatch.setattr(type(path), "open", open_and_grow)
    problem = _only(read_file(path, max_bytes=10_000))
    assert problem.kind == "too_large" and "grew past" in problem.reason


def test_discover_lists_article_files_sorted_and_ignores_others(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("b/2.html", "a.txt", "c.jsonl", "b/1.htm", "notes.md", "photo.png", "D.TXT"):
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)]
    assert found == ["D.TXT", "a.txt", "b/1.htm", "b/2.html", "c.jsonl"]


def test_a_symlink_loop_is_a_problem_not_an_endless_walk(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub" / "back").symlink_to(tmp_path, target_is_directory=True)
    items = list(discover(tmp_path))
    assert [i.kind for i in items if isinstance(i, Problem)] == ["symlink_loop"]
    assert [i.name for i in items if not isinstance(i, Problem)] == ["a.txt"]


def test_a_dangling_symlink_is_unreadable(tmp_path):
    (tmp_path / "mat.txt").symlink_to(tmp_path / "khong_co.txt")
    assert _only(list(discover(tmp_path))).kind == "unreadable"


def test_symlinks_are_skipped_when_not_followed(tmp_path):
    (tmp_path / "that.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "lien_ket.txt").symlink_to(tmp_path / "that.txt")
    assert [p.name for p in discover(tmp_path, follow_symlinks=False)] == ["that.txt"]


def test_a_missing_root_is_a_problem(tmp_path):
    assert _only(list(discover(tmp_path / "khong"))).kind == "missing"


def test_iter_documents_chains_discovery_and_reading(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    kinds = [type(i).__name__ if isinstance(i, RawDocument) else i.kind
             for i in iter_documents(tmp_path)]
    assert kinds == ["RawDocument", "empty"]


def test_an_encoded_file_is_decoded_and_names_its_encoding(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))
    doc = _only(read_file(path))
    assert (doc.text, doc.encoding) == (ARTICLE, "utf-16")


def test_a_permission_error_while_opening_is_unreadable(tmp_path, monkeypatch):
    path = tmp_path / "khoa.txt"
    path.write_text(ARTICLE, encoding="utf-8")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(path), "open", refuse)
    problem = _only(read_file(path))
    assert problem.kind == "unreadable" and "permission" in problem.reason
