"""Benchmark the whole pipeline on a generated corpus.

    python benchmarks/bench.py --n 1000            # generate, full run, unchanged re-run
    python benchmarks/bench.py --n 10000 --workers 2 --keep /tmp/bench
    python benchmarks/bench.py --n 2000 --stages    # and ms per article of each stage

The corpus is made from the project's own sample articles (``corpus/*.txt``
and ``tests/dev_gold/articles/*.txt``; sentences written here when those are
absent) with the numbers, years and unit names varied, so every file is a
distinct article. Prints articles/s, characters/s, the peak memory of the
whole process tree, the time of a plain read-and-regex scan of the same files
(the floor no pipeline can beat) and the re-run time as a share of the full
run. Never run as a timed test.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]

# Used only when the repository has no sample articles.
FALLBACK = [
    "Năm 2023, Đảng bộ xã Tân Lập kết nạp được 12 đảng viên mới, đạt 120% chỉ tiêu huyện giao.",
    "Thực hiện Chỉ thị số 28-CT/TW ngày 21-1-2019 của Ban Bí thư, Huyện ủy Yên Bình đã ban hành "
    "kế hoạch phát triển đảng viên trong đoàn viên thanh niên.",
    "Tính đến nay, Đảng bộ huyện Yên Bình có 5.214 đảng viên, sinh hoạt tại 52 tổ chức cơ sở đảng.",
    "Phấn đấu mỗi năm kết nạp từ 150 đảng viên trở lên; riêng năm 2024, chỉ tiêu là 160 đảng viên.",
    "Trong nhiệm kỳ 2020 - 2025, toàn tỉnh đã kết nạp 3.120 đảng viên, trong đó có 410 đảng viên "
    "là người dân tộc thiểu số.",
]
NAMES = ["Tân Lập", "Yên Bình", "Phú Xuân", "Hòa An", "Mường Khương", "Bản Lầu", "Thanh Sơn",
         "Đông Hải", "Kim Sơn", "Long Phú", "Ea Tiêu", "Nậm Pồ", "Sơn Hà", "Vĩnh Thạnh"]
LEVEL_NAME = re.compile(r"\b(xã|huyện|phường|thị trấn|thị xã|thôn|bản) ([A-ZĐ][\w]*(?: [A-ZĐ][\w]*)?)")
NUMBER = re.compile(r"\d+")
FLOOR = re.compile(r"kết nạp[^.]{0,80}?(\d[\d.,]*)", re.IGNORECASE)


RUN = "import sys; from news_extract import cli; cli.main(sys.argv[1:])"
STUBBED = ("import sys; from news_extract import cli, pipeline; "
           "from news_extract.model import Extraction; "
           "pipeline.extract = lambda text, **_: Extraction(); cli.main(sys.argv[1:])")


def sample_texts() -> list[str]:
    texts = []
    for folder in (REPO / "corpus", REPO / "tests" / "dev_gold" / "articles"):
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            text = path.read_text(encoding="utf-8", errors="replace").strip()
            if len(text) > 200:
                texts.append(text)
    return texts or [" ".join(random.Random(i).sample(FALLBACK, 4)) for i in range(5)]


def vary(text: str, rng: random.Random) -> str:
    def number(match: re.Match) -> str:
        digits = match.group(0)
        if len(digits) == 4 and digits.startswith(("19", "20")):
            return str(rng.randint(2005, 2025))
        return str(rng.randint(1, 10 ** len(digits) - 1))

    text = NUMBER.sub(number, text)
    return LEVEL_NAME.sub(lambda m: f"{m.group(1)} {rng.choice(NAMES)}", text)


def generate(root: Path, n: int, seed: int = 1) -> int:
    """Write ``n`` varied articles in folders of 1,000; return their total characters."""
    rng = random.Random(seed)
    texts = sample_texts()
    chars = 0
    for i in range(n):
        text = vary(texts[i % len(texts)], rng) + f"\n\n(Bài số {i})\n"
        folder = root / f"part{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"a{i:06d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def floor_scan(root: Path) -> float:
    """Read every file and run one regex over it: the cost of touching the data."""
    started = time.perf_counter()
    hits = 0
    for path in sorted(root.rglob("*.txt")):
        hits += len(FLOOR.findall(path.read_bytes().decode("utf-8")))
    return time.perf_counter() - started


def snapshot(dest: Path) -> dict:
    """Run a frozen copy of the code and rules: an edit made during the benchmark
    would change the extractor's fingerprint and make the re-run read everything."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(REPO / "src", dest / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "patterns", dest / "patterns")
    # Byte-compiled as an installed package is, so the first run does not pay for it.
    compileall.compile_dir(dest / "src", quiet=1)
    return {**os.environ, "PYTHONPATH": str(dest / "src"),
            "NEWS_EXTRACT_PATTERNS": str(dest / "patterns")}


PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and its descendants, read from /proc (Linux).

    Follows /proc/PID/task/TID/children rather than psutil's children(), which
    reads every process on the machine: at a few samples a second that took
    7 % of a core from the run being measured (measured on the 2-core VM).
    """
    total, todo = 0, [pid]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as fh:
                total += int(fh.read().split()[1]) * PAGE
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    todo += [int(child) for child in fh.read().split()]
        except (OSError, ValueError):
            continue  # exited between two reads
    return total


def _tree_rss_psutil(pid: int) -> int:
    parent = psutil.Process(pid)
    total = 0
    for p in [parent, *parent.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


TREE_RSS = _tree_rss if os.path.exists(f"/proc/{os.getpid()}/task") else _tree_rss_psutil


def timed_run(args: list[str], env: dict | None = None) -> tuple[float, int, float, str]:
    """Run a command; return seconds, peak RSS of its process tree (bytes, sampled
    every 50 ms), CPU seconds of the whole tree (user + system) and stdout.

    CPU comes from the kernel's accounting of waited-for children, which is
    exact and costs nothing while the command runs.
    """
    peak = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.wait(0.05):
            with contextlib.suppress(psutil.Error, OSError):
                peak = max(peak, TREE_RSS(proc.pid))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    watcher.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode:
        sys.exit(f"run failed ({proc.returncode}): {err.strip()}")
    return seconds, peak, cpu, out.strip()


def stage_times(root: Path, limit: int = 1000) -> dict[str, float]:
    """Milliseconds per article of each stage of a worker, in this process (no pool)."""
    import pickle

    from news_extract import pipeline, store
    from news_extract.clean import clean
    from news_extract.extract import extract
    from news_extract.ingest import read_file

    pipeline.warm_up()
    totals = dict.fromkeys(("read", "clean", "extract", "prepare", "pickle"), 0.0)
    n = 0
    for path in sorted(root.rglob("*.txt"))[:limit]:
        t0 = time.perf_counter()
        docs = list(read_file(path))
        t1 = time.perf_counter()
        totals["read"] += t1 - t0
        for raw in docs:
            t1 = time.perf_counter()
            article = clean(raw)
            t2 = time.perf_counter()
            extraction = extract(article.text, published=article.published,
                                 outlet=article.outlet_name or article.outlet, title=article.title)
            t3 = time.perf_counter()
            prepared = store.prepare(article, extraction)
            t4 = time.perf_counter()
            pickle.dumps(prepared)
            t5 = time.perf_counter()
            for key, seconds in zip(("clean", "extract", "prepare", "pickle"),
                                    (t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
                totals[key] += seconds
            n += 1
    figures = {key: round(1000 * seconds / max(n, 1), 3) for key, seconds in totals.items()}
    figures["total"] = round(sum(figures.values()), 3)
    return figures


def git_version() -> str:
    try:
        return subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%h %cs %s"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = psutil.virtual_memory().total / 2**30
    return f"{os.cpu_count()} cores, {model}, {ram:.0f} GiB RAM, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="articles to generate (≤ 100000)")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--executor", choices=["local", "dask"], default="local")
    parser.add_argument("--no-extract", action="store_true",
                        help="stub the extractor out: measures the pipeline's own cost")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--stages", action="store_true",
                        help="also time each stage of a worker on up to 1,000 of the articles")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="news-bench-"))
    corpus, db = work / "corpus", work / "news.db"
    shutil.rmtree(corpus, ignore_errors=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    chars = generate(corpus, args.n)
    version = "stubbed out" if args.no_extract else git_version()  # what the snapshot holds
    env = snapshot(work / "code")
    floor = floor_scan(corpus)
    cmd = [sys.executable, "-c", STUBBED if args.no_extract else RUN, "run", str(corpus),
           "--out", str(db), "--quiet", "--executor", args.executor]
    if args.workers is not None:
        cmd += ["--workers", str(args.workers)]
    stages = stage_times(corpus) if args.stages else None
    full, peak, cpu, summary = timed_run(cmd, env)
    rerun, rerun_peak, _, rerun_summary = timed_run(cmd, env)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    figures = {
        "machine": machine(),
        "extractor": version,
        "articles": args.n,
        "characters": chars,
        "full_run_s": round(full, 2),
        "articles_per_s": round(args.n / full),
        "characters_per_s": round(chars / full),
        # CPU of every process of the run over the articles: what a core costs
        # per article, whatever the number of cores.
        "cpu_ms_per_article": round(1000 * cpu / args.n, 2),
        "peak_rss_mb": round(max(peak, rerun_peak) / 2**20),
        "floor_scan_s": round(floor, 3),
        "ratio_to_floor": round(full / floor, 1),
        "rerun_s": round(rerun, 2),
        "rerun_pct_of_full": round(100 * rerun / full, 1),
        **({"worker_ms_per_article": stages} if stages else {}),
        "summary": summary,
        "rerun_summary": rerun_summary,
    }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    for key, value in figures.items():
        print(f"{key:>18}: {value}")


if __name__ == "__main__":
    main()
