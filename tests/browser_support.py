"""A small database of hand-written articles for the publish, export and browser tests.

The sentences are written for these tests (modelled on how provincial papers
report recruitment), and the facts are built by hand with their offsets, so
the tests never depend on the extractor.
"""

from __future__ import annotations

import hashlib
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from news_extract import store
from news_extract.model import Article, Directive, Extraction, Fact, Unit, UnitMention
from news_extract.publish import prepare_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"

MUONG_HUM = (
    "Năm 2023, Đảng bộ xã Mường Hum kết nạp được 18 đảng viên mới, đạt 120% chỉ tiêu. "
    "Trước đó, huyện Bát Xát giao cho xã chỉ tiêu kết nạp 15 đảng viên. "
    "Xã thực hiện nghiêm Chỉ thị số 28-CT/TW ngày 21-1-2019 của Ban Bí thư."
)
LAO_CAI = (
    "Năm 2022, toàn tỉnh Lào Cai kết nạp 1.214 đảng viên, chỉ tiêu đề ra là 1.100 đảng viên. "
    "Năm 2023, Đảng bộ tỉnh Lào Cai kết nạp được 1.302 đảng viên, chỉ tiêu là 1.200 đảng viên. "
    "Kết quả này góp phần thực hiện Chỉ thị 28 về nâng cao chất lượng kết nạp đảng viên. "
    "Nhiệm kỳ 2020 - 2025, tỉnh phấn đấu kết nạp 6.000 đảng viên."
)
# Markup in an article must come out as text, never as HTML.
INJECTION = (
    "Bản tin <script>alert('x')</script> của xã Mường Hum: "
    "năm 2023 xã kết nạp được 18 đảng viên, theo Chỉ thị số 28-CT/TW."
)


def _at(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def _fact(text: str, metric: str, value, sentence: str, evidence: str, number: str,
          unit: tuple[str, str] | None, year: int | None, **extra) -> Fact:
    s_start, _ = _at(text, sentence)
    e_start, e_end = _at(text, evidence, s_start)
    v_start, v_end = _at(text, number, e_start)
    return Fact(
        metric=metric, value=value, unit_level=unit[0] if unit else None,
        unit_name=unit[1] if unit else None, year_from=year, year_to=year,
        sentence=sentence, sentence_start=s_start, start=e_start, end=e_end,
        value_start=v_start, value_end=v_end, rule="test", **extra,
    )


def _term_fact(text: str, metric: str, value, sentence: str, evidence: str, number: str,
               unit: tuple[str, str], year_from: int, year_to: int) -> Fact:
    fact = _fact(text, metric, value, sentence, evidence, number, unit, year_from)
    fact.year_to = year_to
    return fact


def _mention(text: str, surface: str, level: str, name: str, after: int = 0) -> UnitMention:
    start, end = _at(text, surface, after)
    return UnitMention(level=level, name=name, start=start, end=end, surface=surface)


def _article(article_id: str, text: str, title: str, province: str, published: str,
             outlet: str) -> Article:
    return Article(
        article_id=article_id, path=f"{article_id}.txt", text=text, source=text,
        offsets=list(range(len(text) + 1)), sha256=hashlib.sha256(text.encode()).hexdigest(),
        title=title, outlet=outlet, outlet_name=outlet, province=province, published=published,
    )


def sample_articles() -> list[tuple[Article, Extraction]]:
    s1 = MUONG_HUM[: MUONG_HUM.index("tiêu.") + 5]
    s2 = MUONG_HUM[MUONG_HUM.index("Trước") : MUONG_HUM.index("viên. Xã") + 5]
    commune = ("xã", "Mường Hum")
    muong_hum = Extraction(
        facts=[
            _fact(MUONG_HUM, "admitted", 18, s1, "kết nạp được 18 đảng viên mới", "18",
                  commune, 2023),
            _fact(MUONG_HUM, "completion_pct", 120.0, s1, "đạt 120% chỉ tiêu", "120",
                  commune, 2023),
            _fact(MUONG_HUM, "target", 15, s2, "chỉ tiêu kết nạp 15 đảng viên", "15",
                  commune, 2023),
        ],
        directives=[Directive(kind="Chỉ thị", number="28", suffix="CT/TW", date="2019-01-21",
                              body="Ban Bí thư", mention="Chỉ thị số 28-CT/TW",
                              start=_at(MUONG_HUM, "Chỉ thị")[0],
                              end=_at(MUONG_HUM, "28-CT/TW")[1])],
        units=[Unit("xã", "Mường Hum", "Lào Cai", "huyện", "Bát Xát"),
               Unit("huyện", "Bát Xát", "Lào Cai")],
        mentions=[_mention(MUONG_HUM, "Đảng bộ xã Mường Hum", "xã", "Mường Hum"),
                  _mention(MUONG_HUM, "huyện Bát Xát", "huyện", "Bát Xát")],
        province="Lào Cai",
    )
    province = ("tỉnh", "Lào Cai")
    p1 = LAO_CAI[: LAO_CAI.index("viên. Năm 2023") + 5]
    p2 = LAO_CAI[LAO_CAI.index("Năm 2023") : LAO_CAI.index("viên. Kết") + 5]
    p3 = LAO_CAI[LAO_CAI.index("Nhiệm kỳ") :]
    lao_cai = Extraction(
        facts=[
            _fact(LAO_CAI, "admitted", 1214, p1, "kết nạp 1.214 đảng viên", "1.214", province,
                  2022),
            _fact(LAO_CAI, "target", 1100, p1, "chỉ tiêu đề ra là 1.100", "1.100", province,
                  2022),
            _fact(LAO_CAI, "admitted", 1302, p2, "kết nạp được 1.302 đảng viên", "1.302",
                  province, 2023),
            _fact(LAO_CAI, "target", 1200, p2, "chỉ tiêu là 1.200", "1.200", province, 2023),
            _term_fact(LAO_CAI, "target", 6000, p3, "phấn đấu kết nạp 6.000 đảng viên", "6.000",
                       province, 2020, 2025),
        ],
        directives=[Directive(kind="Chỉ thị", number="28", suffix=None, mention="Chỉ thị 28",
                              start=_at(LAO_CAI, "Chỉ thị 28")[0],
                              end=_at(LAO_CAI, "Chỉ thị 28")[1])],
        units=[Unit("tỉnh", "Lào Cai", "Lào Cai")],
        mentions=[_mention(LAO_CAI, "toàn tỉnh Lào Cai", "tỉnh", "Lào Cai"),
                  _mention(LAO_CAI, "Đảng bộ tỉnh Lào Cai", "tỉnh", "Lào Cai")],
        province="Lào Cai",
    )
    inj_sentence = INJECTION[INJECTION.index("năm 2023") :]
    injection = Extraction(
        facts=[_fact(INJECTION, "admitted", 18, inj_sentence, "kết nạp được 18 đảng viên",
                     "18", commune, 2023)],
        directives=[Directive(kind="Chỉ thị", number="28", suffix="CT/TW",
                              mention="Chỉ thị số 28-CT/TW",
                              start=_at(INJECTION, "Chỉ thị")[0],
                              end=_at(INJECTION, "28-CT/TW")[1])],
        units=[Unit("xã", "Mường Hum", "Lào Cai")],
        mentions=[_mention(INJECTION, "xã Mường Hum", "xã", "Mường Hum")],
        province="Lào Cai",
    )
    return [
        (_article("muong_hum", MUONG_HUM, "Đảng bộ xã Mường Hum vượt chỉ tiêu kết nạp đảng viên",
                  "Lào Cai", "2024-01-10", "Báo Lào Cai"), muong_hum),
        (_article("lao_cai", LAO_CAI, "Lào Cai nâng cao chất lượng phát triển đảng viên",
                  "Lào Cai", "2024-02-03", "Báo Lào Cai"), lao_cai),
        (_article("injection", INJECTION, "<b>Tin</b> ngắn từ Mường Hum", "Lào Cai",
                  "2024-03-15", "Báo <i>Thử</i>"), injection),
    ]


def make_sample_db(path: Path) -> Path:
    """Write the sample articles through the store, then prepare the database for publishing."""
    db = store.open_db(path)
    for article, extraction in sample_articles():
        store.write_article(db, article, extraction)
    prepare_database(db)
    db.close()
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db_path: Path, port: int, timeout: float = 30.0) -> subprocess.Popen:
    """Run ``news-extract serve`` in a subprocess and wait until it answers."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "news_extract.cli", "serve", "--db", str(db_path),
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stdout.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start in time")
