"""Corpora built at test time: plain articles, and a hostile mix of everything
that turns up in a real folder of scraped news (nothing binary is committed).

Every sentence here is written for the tests, modelled on how Vietnamese
local news reports party-member recruitment.
"""

from __future__ import annotations

import json
import os
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

COMMUNES = ["Tân Lập", "Yên Bình", "Phú Xuân", "Hòa An", "Thanh Sơn", "Đông Hải", "Kim Sơn",
            "Long Phú", "Vĩnh Thạnh", "Sơn Hà", "Bình Minh", "Quảng Phú", "Hưng Đạo"]
DISTRICTS = ["Yên Lập", "Cẩm Khê", "Hạ Hòa", "Đoan Hùng", "Thanh Ba", "Lâm Thao"]


def rows(db_path, sql: str, *args) -> list[tuple]:
    """The rows a query gives on the database at ``db_path`` (opened and closed here)."""
    conn = sqlite3.connect(db_path, timeout=30)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def article_text(i: int) -> str:
    """A short, distinct article (number ``i`` makes it unique)."""
    commune = COMMUNES[i % len(COMMUNES)]
    district = DISTRICTS[i % len(DISTRICTS)]
    year = 2015 + i % 10
    return (
        f"Công tác phát triển đảng viên ở xã {commune} (bài {i})\n\n"
        f"Năm {year}, Đảng bộ xã {commune}, huyện {district} đã kết nạp được {5 + i % 40} "
        f"đảng viên mới, đạt {90 + i % 30}% chỉ tiêu huyện giao. "
        f"Toàn Đảng bộ hiện có {100 + i} đảng viên sinh hoạt tại {8 + i % 12} chi bộ.\n"
        f"Thực hiện Chỉ thị số 28-CT/TW của Ban Bí thư, Huyện ủy {district} chú trọng tạo nguồn "
        f"từ đoàn viên thanh niên, người lao động trong doanh nghiệp và học sinh trung học.\n"
        f"Bí thư Đảng ủy xã cho biết, năm tới xã phấn đấu kết nạp từ {6 + i % 9} đảng viên "
        f"trở lên, gắn với củng cố tổ chức cơ sở đảng ở các thôn chưa có chi bộ.\n"
    )


def write_articles(root: Path, n: int, *, start: int = 0, per_folder: int = 100) -> list[Path]:
    """``n`` distinct .txt articles under ``root``, in sub-folders; their paths."""
    paths = []
    for i in range(start, start + n):
        folder = root / f"part{i // per_folder:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"a{i:05d}.txt"
        path.write_text(article_text(i), encoding="utf-8")
        paths.append(path)
    return paths


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows software wrote it: base letter
    (â, ê, ơ, ư, ă, đ precomposed) followed by a combining tone mark."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        nfd = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in nfd if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def mojibake(text: str) -> str:
    """UTF-8 bytes misread as Windows-1252 (undefined bytes kept as Latin-1)."""
    chars = []
    for byte in text.encode("utf-8"):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return "".join(chars)


@dataclass
class Hostile:
    """What was written and what a run must make of it."""

    root: Path
    max_bytes: int
    good: dict[str, str] = field(default_factory=dict)  # path -> phrase its stored text holds
    bad: dict[str, str] = field(default_factory=dict)  # path -> expected problem kind
    jsonl_good: dict[str, int] = field(default_factory=dict)  # path -> good lines
    jsonl_bad: dict[str, int] = field(default_factory=dict)  # path -> bad lines
    duplicates: dict[str, str] = field(default_factory=dict)  # copy -> original
    either: list[str] = field(default_factory=list)  # stored or logged, never lost


def build_hostile_corpus(root: Path, *, n_good: int = 900, max_bytes: int = 50_000) -> Hostile:
    """A folder of ≥ ``n_good`` + 100 files of every kind a crawl leaves behind."""
    h = Hostile(root, max_bytes)
    root.mkdir(parents=True, exist_ok=True)
    good_dir, bad_dir, enc_dir = root / "good", root / "bad", root / "encodings"
    for folder in (good_dir, bad_dir, enc_dir):
        folder.mkdir(exist_ok=True)
    for i in range(n_good):
        path = good_dir / f"g{i:05d}.txt"
        path.write_text(article_text(i), encoding="utf-8")
        h.good[str(path)] = f"(bài {i})"

    k = 100_000  # article numbers for the special files, far from the plain ones

    def bad(name: str, data: bytes, kind: str) -> None:
        path = bad_dir / name
        path.write_bytes(data)
        h.bad[str(path)] = kind

    for j in range(10):
        bad(f"empty{j}.txt", b"", "empty")
        bad(f"blank{j}.txt", b" \n\t\r\n  " * (j + 1), "empty")
        bad(f"nul{j}.txt", b"\x00\x01\x02binary\x00" * 50 + os.urandom(64), "binary")
        bad(f"picture{j}.txt", b"\x89PNG\r\n\x1a\n" + os.urandom(200), "binary")
        bad(f"huge{j}.txt", (article_text(k + j) * (max_bytes // 500)).encode()[: max_bytes + 1000],
            "too_large")
        bad(f"image{j}.html", b"\x89PNG\r\n\x1a\n" + os.urandom(100), "binary")
        bad(f"nothing{j}.html", b"<html><head><title></title></head><body></body></html>", "html")

    # Broken HTML with real text: stored if the text can be recovered, else logged.
    for j in range(5):
        path = root / "html" / f"broken{j}.html"
        path.parent.mkdir(exist_ok=True)
        body = article_text(k + 100 + j).replace("\n", "</p><p>")
        path.write_text(f"<html><body><div><p>{body}<div><span>", encoding="utf-8")
        h.either.append(str(path))
    for j in range(5):
        path = root / "html" / f"page{j}.html"
        paragraphs = "".join(f"<p>{line}</p>" for line in article_text(k + 150 + j).splitlines())
        path.write_text(f"<!doctype html><html><head><meta charset='utf-8'><title>Tin {j}"
                        f"</title></head><body><article>{paragraphs}</article></body></html>",
                        encoding="utf-8")
        h.either.append(str(path))

    # JSON Lines: good records, broken JSON, records without text, one blank line.
    for j in range(5):
        path = root / "feeds" / f"feed{j}.jsonl"
        path.parent.mkdir(exist_ok=True)
        lines = [json.dumps({"id": f"feed{j}-{n}", "text": article_text(k + 200 + 10 * j + n)},
                            ensure_ascii=False) for n in range(3)]
        lines += ['{"id": "cut", "text": "Năm 2023 kết nạp', json.dumps({"id": "no-text"}), "",
                  "[1, 2, 3]"]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        h.jsonl_good[str(path)] = 3
        h.jsonl_bad[str(path)] = 3

    # Encodings and forms that must all come out as the same clean text.
    def encoded(name: str, data: bytes, n: int) -> None:
        path = enc_dir / name
        path.write_bytes(data)
        h.good[str(path)] = f"(bài {n})"

    for j in range(5):
        base = 300 + 10 * j
        encoded(f"bom{j}.txt", b"\xef\xbb\xbf" + article_text(k + base).encode(), k + base)
        encoded(f"utf16_{j}.txt", article_text(k + base + 1).encode("utf-16"), k + base + 1)
        encoded(f"crlf{j}.txt", article_text(k + base + 2).replace("\n", "\r\n").encode(),
                k + base + 2)
        encoded(f"nfd{j}.txt", unicodedata.normalize("NFD", article_text(k + base + 3)).encode(),
                k + base + 3)
        encoded(f"cp1258_{j}.txt", encode_cp1258(article_text(k + base + 4)), k + base + 4)
        encoded(f"mojibake{j}.txt", mojibake(article_text(k + base + 5)).encode(), k + base + 5)

    # Duplicates: the same bytes, and the same text with a BOM. The folder
    # sorts last, so the original is read first and gives the article its id.
    for j in range(5):
        original = good_dir / f"g{j:05d}.txt"
        copy = root / "zcopies" / f"copy{j}.txt"
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(original.read_bytes())
        h.duplicates[str(copy)] = str(original)
    copy = root / "zcopies" / "copy_bom.txt"
    copy.write_bytes(b"\xef\xbb\xbf" + (good_dir / "g00005.txt").read_bytes())
    h.duplicates[str(copy)] = str(good_dir / "g00005.txt")

    # Paths that cannot be read: no permission (root reads anyway), a link to
    # nowhere, a folder that links back to its parent.
    locked = root / "locked" / "locked.txt"
    locked.parent.mkdir(exist_ok=True)
    locked.write_text(article_text(k + 400), encoding="utf-8")
    locked.chmod(0)
    h.either.append(str(locked))
    dangling = root / "links" / "dangling.txt"
    dangling.parent.mkdir(exist_ok=True)
    dangling.symlink_to(root / "links" / "no-such-file.txt")
    h.bad[str(dangling)] = "unreadable"
    (root / "links" / "loop").symlink_to(root / "links", target_is_directory=True)
    h.bad[str(root / "links" / "loop")] = "symlink_loop"
    # Files that are not articles at all are ignored, not logged.
    (root / "notes.md").write_text("ghi chú", encoding="utf-8")
    (root / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return h


def count_files(root: Path) -> int:
    return sum(1 for p in root.rglob("*") if p.is_file() or p.is_symlink())
