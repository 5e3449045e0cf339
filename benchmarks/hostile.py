"""Seconds per MB of hostile input shapes, and how cost grows with size.

    python benchmarks/hostile.py                 # every shape at 10 KB, 100 KB, 1 MB
    python benchmarks/hostile.py --shape periods --sizes 10000,100000
    python benchmarks/hostile.py --limit 60      # give up on one measurement after 60 s
    python benchmarks/hostile.py --jsonl-memory  # peak memory of whole runs on growing .jsonl files

Crawls bring back pages that are not articles: figures with no full stop,
tables of periods, endless lists, deep markup. Each shape below is text
written here, repeated to the size asked, and run through what one worker
does with a file (read, decode, clean, extract, prepare the rows). Prints
seconds, seconds per MB and the growth exponent between the two largest
sizes (1.0 is linear, 2.0 quadratic). Each measurement runs in its own
process, so a shape that stalls is reported as over the limit instead of
holding the benchmark. Never run as a timed test.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing as mp
import platform
import sys
import tempfile
import time
from pathlib import Path

HEAD = "Công tác phát triển đảng viên\n\n"
# One short article, as a line of a JSON Lines crawl holds it.
ARTICLE = ("Xã Tân Lập kết nạp 12 đảng viên mới\n\nNăm 2024, Đảng bộ xã Tân Lập, huyện Yên Bình "
           "đã kết nạp được 12 đảng viên mới, đạt 120% chỉ tiêu huyện giao. Toàn Đảng bộ hiện có "
           "312 đảng viên sinh hoạt tại 14 chi bộ. Thực hiện Chỉ thị số 28-CT/TW, Huyện ủy chú "
           "trọng tạo nguồn từ đoàn viên thanh niên.\n")

# name -> (file suffix, repeated unit, text before, text after)
SHAPES: dict[str, tuple[str, str, str, str]] = {
    "periods": (".txt", "năm 2020 - 2025 ", HEAD, ""),
    "fact_clauses": (".txt", "Đảng bộ xã Tân Lập kết nạp được 12 đảng viên mới, đạt 120% chỉ tiêu, ",
                     HEAD, ""),
    "numbers": (".txt", "12 ", HEAD + "Kết nạp ", " đảng viên."),
    "unit_words": (".txt", "Đảng bộ xã Tân Lập, Chi bộ thôn Bản Lầu, huyện Yên Bình, ", HEAD, ""),
    "list_items": (".txt", "xã Tân Lập kết nạp 12 đảng viên; ", HEAD + "Năm 2024, ", "."),
    "lan_luot": (".txt", "12, ", HEAD + "Các xã Tân Lập, Yên Bình lần lượt kết nạp ", " đảng viên."),
    "directives": (".txt", "Chỉ thị số 28-CT/TW ngày 21/1/2019, ", HEAD + "Thực hiện ", ""),
    "dates": (".txt", "tính đến ngày 2-10-2024, ", HEAD, ""),
    "parentheses": (".txt", "(", HEAD + "Đảng bộ kết nạp 12 đảng viên ", ""),
    "one_word": (".txt", "a", HEAD, ""),
    "short_lines": (".txt", "Năm 2024, xã Tân Lập kết nạp 12 đảng viên.\n", HEAD, ""),
    "sentences": (".txt", "Năm 2024, Đảng bộ xã Tân Lập kết nạp được 12 đảng viên mới. ", HEAD, ""),
    "nested_html": (".html", "<div>", "<html><body>", "<p>Đảng bộ kết nạp 12 đảng viên.</p>"),
    "jsonl_lines": (".jsonl", json.dumps({"text": ARTICLE}, ensure_ascii=False) + "\n", "", ""),
}


def build(shape: str, size: int) -> tuple[str, bytes]:
    suffix, unit, before, after = SHAPES[shape]
    body = unit * max(1, (size - len(before) - len(after)) // len(unit.encode()))
    return suffix, (before + body + after).encode("utf-8")


def _measure(shape: str, size: int, out) -> None:
    from news_extract.pipeline import process_file, warm_up

    warm_up()
    suffix, data = build(shape, size)
    if suffix == ".html":  # trafilatura's first call loads its models: a cost per process, not per MB
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "w.html").write_text("<html><body><p>Đảng viên.</p></body></html>")
            process_file(str(Path(tmp) / "w.html"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{shape}{suffix}"
        path.write_bytes(data)
        started = time.process_time()
        result = process_file(str(path))
        seconds = time.process_time() - started
    facts = sum(len(a.facts) for a in result.articles) if hasattr(
        result.articles[0] if result.articles else None, "facts") else None
    out.put((seconds, len(data), len(result.articles), len(result.problems), facts))


def measure(shape: str, size: int, limit: float) -> tuple[float | None, int]:
    """CPU seconds for one file of ``shape`` near ``size`` bytes (None: over ``limit``)."""
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else None)
    queue = ctx.Queue()
    proc = ctx.Process(target=_measure, args=(shape, size, queue))
    proc.start()
    proc.join(limit)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None, size
    seconds, nbytes, *_ = queue.get(timeout=5)
    return seconds, nbytes


def jsonl_memory(sizes_mb: list[int]) -> None:
    """Whole runs (two workers) on one .jsonl file of each size: seconds and peak memory."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench import RUN, timed_run

    print("# news-extract run on one JSON Lines file, 2 workers; peak RSS of the process tree")
    print(f"{'file MB':>8}{'articles':>10}{'seconds':>9}{'peak MB':>9}")
    for size in sizes_mb:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "c"
            corpus.mkdir()
            n = 0
            with open(corpus / "feed.jsonl", "w", encoding="utf-8") as fh:
                while fh.tell() < size * 1_000_000:
                    text = ARTICLE.replace("12", str(n % 97 + 1)).replace("312", str(n))
                    fh.write(json.dumps({"id": f"a{n}", "text": text + f" (số {n})"},
                                        ensure_ascii=False) + "\n")
                    n += 1
            seconds, peak, _, _ = timed_run([sys.executable, "-c", RUN, "run", str(corpus),
                                             "--out", str(Path(tmp) / "n.db"), "--quiet",
                                             "--workers", "2"])
            print(f"{size:>8}{n:>10}{seconds:>9.1f}{peak / 2**20:>9.0f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES),
                        help="only this shape (repeatable)")
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="comma-separated sizes in bytes")
    parser.add_argument("--limit", type=float, default=120.0,
                        help="seconds before one measurement is given up")
    parser.add_argument("--jsonl-memory", action="store_true",
                        help="instead: peak memory of whole runs on .jsonl files of 10, 40, 160 MB")
    args = parser.parse_args(argv)
    if args.jsonl_memory:
        jsonl_memory([10, 40, 160])
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"# {platform.platform()}, Python {platform.python_version()}, "
          f"{mp.cpu_count()} cores; CPU seconds of one worker per file")
    print(f"{'shape':<14}" + "".join(f"{f'{s // 1000} KB s':>12}{'s/MB':>8}" for s in sizes)
          + f"{'exponent':>10}")
    worst = 0.0
    for shape in args.shape or list(SHAPES):
        cells, points = [], []
        for size in sizes:
            seconds, nbytes = measure(shape, size, args.limit)
            if seconds is None:
                cells.append(f"{'>' + format(args.limit, '.0f'):>12}{'-':>8}")
                break
            per_mb = seconds / (nbytes / 1e6)
            worst = max(worst, per_mb) if size == sizes[-1] else worst
            cells.append(f"{seconds:>12.3f}{per_mb:>8.2f}")
            points.append((nbytes, max(seconds, 1e-4)))
        exponent = "-"
        if len(points) >= 2:
            (n1, t1), (n2, t2) = points[-2], points[-1]
            exponent = f"{math.log(t2 / t1) / math.log(n2 / n1):.2f}"
        print(f"{shape:<14}" + "".join(cells) + f"{exponent:>10}", flush=True)
    print(f"# worst at {sizes[-1] // 1000} KB: {worst:.2f} s/MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
