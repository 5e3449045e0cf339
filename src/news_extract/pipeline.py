"""The pipeline, top-down: ingest → clean → extract → store → publish.

:func:`process_document` is the pure heart: one raw document in, one cleaned
article and what was extracted from it out. :func:`process_file` wraps it for
one corpus file (read, hash, extract every document, catch every error) and
is what workers map. :func:`run` is the parent: it walks the corpus, skips
files that have not changed since the last run, hands the rest to an executor
and writes the results into SQLite in batched transactions.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import store, timeouts
from .clean import clean
from .extract import extract
from .ingest import EXTENSIONS, discover, iter_file, jsonl_parts
from .model import Article, Extraction, Problem, RawDocument

DEFAULT_MAX_BYTES = 20_000_000
DEFAULT_FILE_TIMEOUT = 60.0
# A JSON Lines file larger than this is read as parts of about this size, each by
# whichever worker is free: one big file uses every core, and memory is bounded by the
# parts in flight (their results wait for the writer: 1 MB parts held 168 MB of them).
PART_BYTES = 250_000
COMMIT_EVERY_FILES = 256
COMMIT_EVERY_SECONDS = 1.0


def process_document(raw: RawDocument) -> tuple[Article, Extraction]:
    """Clean one document and extract its facts: pure, so workers can map it."""
    article = clean(raw)
    extraction = extract(article.text, published=article.published,
                         outlet=article.outlet_name or article.outlet, title=article.title)
    if extraction.province and not article.province:
        article.province = extraction.province
    return article, extraction


# Compiles the extractor's patterns (lazily cached) once in the parent, just
# before the worker pool forks, so every worker starts with them.
_WARM_UP_TEXT = (
    "Năm 2024, Đảng bộ xã Tân Lập kết nạp được 12 đảng viên mới, đạt 120% chỉ tiêu. "
    "Thực hiện Chỉ thị số 28-CT/TW ngày 21/1/2019, toàn huyện có 3.500 đảng viên."
)


def warm_up() -> None:
    with contextlib.suppress(Exception):  # the real articles will report any error
        process_document(RawDocument("warm-up", "", _WARM_UP_TEXT, "txt", ""))


def _warm_first(paths: Iterator[str]) -> Iterator[str]:
    """``paths``, warming up just before the first one (not at all when nothing changed)."""
    for i, path in enumerate(paths):
        if i == 0:
            warm_up()
        yield path


# --- one file ------------------------------------------------------------------

@dataclass(frozen=True)
class Part:
    """A slice of a large JSON Lines file: bytes [start, end), first line ``first_line``.
    The file's identity (size, mtime, hash) is read once, by the parent, for all parts."""

    path: str
    start: int
    end: int
    first_line: int
    index: int
    last: bool
    size: int
    mtime: int
    sha256: str | None  # known for the last part only


@dataclass
class FileResult:
    """What one corpus file (or part of one) gave: its identity on disk, its articles,
    its problems."""

    path: str
    size: int | None = None
    mtime: int | None = None
    sha256: str | None = None
    articles: list[store.PreparedArticle] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    part: tuple[int, bool] | None = None  # (index, is the last) for a part of a file
    timeout: float | None = None  # the limit a document of it ran over


def hash_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def process_file(item: str | Part, max_bytes: int = DEFAULT_MAX_BYTES,
                 timeout: float | None = None, notes: str | None = None) -> FileResult:
    """Read one file (or part) and extract every document in it; never raises.

    A document whose extraction fails becomes a problem of kind ``extract``; one
    that runs over ``timeout`` seconds, of kind ``timeout`` (``notes``: the run's
    folder of worker notes, see :mod:`timeouts`); anything else that goes wrong
    becomes a problem of kind ``internal``.
    """
    part = item if isinstance(item, Part) else None
    path = part.path if part else item
    result = FileResult(path, part=(part.index, part.last) if part else None)
    streamed = _streamed(path)
    try:
        if part:
            result.size, result.mtime, result.sha256 = part.size, part.mtime, part.sha256
        else:
            st = os.stat(path)
            result.size, result.mtime = st.st_size, st.st_mtime_ns
            if st.st_size <= max_bytes or streamed:
                result.sha256 = hash_file(path)
        ended = timeouts.recorded(notes, path) if timeout else {}
        if None in ended:  # this file ended a worker earlier in the run: do not try it again
            result.problems.append(_timed_out(path, None, None, ended[None], timeout, True))
            result.timeout = timeout
            return result
        span = (part.start, part.end, part.first_line) if part else None
        docs = iter_file(Path(path), max_bytes=max_bytes, part=span)
        while True:
            clock = None
            try:
                with timeouts.limit(timeout, path, notes, -1 if streamed else None) as clock:
                    doc = next(docs, None)
                    if doc is None:
                        break
                    if isinstance(doc, Problem):
                        result.problems.append(doc)
                        continue
                    if clock is not None and streamed:
                        clock.at_line(doc.line)
                    if doc.line in ended:
                        result.problems.append(_timed_out(path, doc.line, doc.article_id,
                                                          ended[doc.line], timeout, True))
                        result.timeout = timeout
                        continue
                    _process_one(doc, result)
            except timeouts.FileTimeout:
                line = clock.line if clock is not None and clock.line != -1 else None
                result.problems.append(_timed_out(path, line, f"{Path(path).stem}:{line}" if line else None,
                                                  clock.spent if clock else 0.0, timeout, False))
                result.timeout = timeout
    except Exception as exc:
        result.problems.append(Problem(path, "internal", f"{type(exc).__name__}: {exc}"))
    return result


def _streamed(path: str) -> bool:
    """A JSON Lines file: read line by line, so no size limit applies to it whole."""
    return EXTENSIONS.get(os.path.splitext(path)[1].lower()) == "jsonl"


def _process_one(doc: RawDocument, result: FileResult) -> None:
    try:
        article, extraction = process_document(doc)
        result.articles.append(store.prepare(article, extraction, doc.line))
    except Exception as exc:  # one bad article never stops the run
        result.problems.append(Problem(doc.path, "extract", f"{type(exc).__name__}: {exc}",
                                       doc.line, doc.article_id))


def _timed_out(path: str, line: int | None, article_id: str | None, spent: float,
               limit: float, ended: bool) -> Problem:
    what = "the article on this line" if line else "this file"
    how = ("did not stop when interrupted, so its worker process was ended and replaced"
           if ended else "was stopped")
    rest = "; the file's other lines are kept" if line else ""
    return Problem(path, "timeout", f"{what} ran {spent:.1f} s, over the --file-timeout of "
                   f"{limit:g} s, and {how}{rest}", line, article_id)


def crashed(item: str | Part, reason: str) -> FileResult:
    if isinstance(item, Part):
        where = f"{reason} (the part from line {item.first_line})"
        return FileResult(item.path, item.size, item.mtime, item.sha256,
                          problems=[Problem(item.path, "crash", where, item.first_line)],
                          part=(item.index, item.last))
    return FileResult(item, problems=[Problem(item, "crash", reason)])


# --- the run -------------------------------------------------------------------

@dataclass
class RunSummary:
    run_id: int
    files_seen: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    files_gone: int = 0  # gone from the corpus but kept (no --prune)
    articles_written: int = 0
    articles_unchanged: int = 0
    duplicates: int = 0
    problems: int = 0  # logged by this run
    open_problems: int = 0  # every problem known for the files of this corpus
    seconds: float = 0.0
    status: str = "done"

    def line(self, db_path) -> str:
        rate = self.articles_written / self.seconds if self.seconds else 0.0
        gone = f", {self.files_gone} gone (keep; --prune to remove)" if self.files_gone else ""
        return (
            f"run {self.run_id} {self.status}: {self.files_seen} files "
            f"({self.files_unchanged} unchanged, {self.files_removed} removed{gone}), "
            f"{self.articles_written} articles written, {self.duplicates} duplicates, "
            f"{self.problems} problems ({self.open_problems} open), "
            f"{self.seconds:.1f} s ({rate:.0f} articles/s) -> {db_path}"
        )


_NOT_EXTRACTION = {"cli.py", "evaluate.py", "export.py", "executors.py", "spacy_component.py"}


@functools.cache
def _code_digest() -> str:
    """Hash of the code and rule data that decide what is extracted."""
    from .patterns import patterns_dir

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    sources = [p for p in sorted(package.rglob("*.py"))
               if p.name not in _NOT_EXTRACTION and "publish" not in p.relative_to(package).parts]
    try:
        pattern_root = patterns_dir()
        sources += sorted(p for p in pattern_root.rglob("*") if p.is_file())
    except FileNotFoundError:
        pass
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(max_bytes: int) -> str:
    """Files read under another fingerprint are read again (new rules, new limit)."""
    return hashlib.sha256(f"{_code_digest()}|{max_bytes}".encode()).hexdigest()[:16]


class _Writer:
    """The parent's side: decides what to read and writes what comes back."""

    def __init__(self, db, root: str, run_id: int, fp: str, summary: RunSummary, progress,
                 file_timeout: float | None = None):
        self.db, self.root, self.run_id, self.fp = db, root, run_id, fp
        self.file_timeout = file_timeout
        self.file_ids: list[str] = []  # what the parts of the file being written gave so far
        self.file_problems = 0
        self.file_timed_out: float | None = None
        self.summary, self.progress = summary, progress
        self.prefix = root.rstrip(os.sep) + os.sep
        self.since_commit = 0
        self.last_commit = time.monotonic()
        self.changed = False  # anything written or removed: views and FTS need a refresh
        self.committed = _counts(summary)
        self.units = store.UnitIds()
        # Files found absent from the ``files`` table while scanning: nothing to retire.
        self.unrecorded: set[str] = set()

    # deciding
    def unchanged(self, path: str) -> int | None:
        """The number of articles ``path`` gave, if it is as recorded (stat, else
        content hash) and so can be skipped; None if it must be read."""
        row = store.get_file(self.db, path)
        if row is None:
            self.unrecorded.add(path)
            return None
        sha, size, mtime, ids, status, fp = row
        if status in ("stale", "partial"):
            return None
        if status == "timeout":
            # Read again only under a longer limit (or none) than the one it ran over.
            fp, _, limit = fp.partition("|timeout=")
            if not self.file_timeout or self.file_timeout > float(limit or 0):
                return None
        if fp != self.fp:
            return None
        try:
            st = os.stat(path)
        except OSError:
            return None
        if (st.st_size, st.st_mtime_ns) != (size, mtime):
            # Touched or copied over: it is unchanged only if the bytes are.
            if sha is None or st.st_size != size:
                return None
            try:
                if hash_file(path) != sha:
                    return None
            except OSError:
                return None
            self.db.execute("update files set mtime = ? where path = ?", [st.st_mtime_ns, path])
        self.db.execute("update files set last_run = ? where path = ?", [self.run_id, path])
        return len(json.loads(ids)) if ids else 0

    def scan(self, root: Path) -> Iterator[str]:
        """Paths to read, in order; unchanged files and walk problems are handled here."""
        for item in discover(root):
            if isinstance(item, Problem):
                self.summary.files_seen += 1
                self.db.execute("delete from problems where path = ?", [item.path])
                self._problem(item)
                self.maybe_commit()
                continue
            path = str(item)
            self.summary.files_seen += 1
            n_articles = self.unchanged(path)
            if n_articles is not None:
                self.summary.files_unchanged += 1
                self.summary.articles_unchanged += n_articles
                self.maybe_commit()
                continue
            yield from self.items([path])

    def items(self, paths) -> Iterator[Part | str]:
        """What workers are given for ``paths``: a path, or the parts of a large JSON Lines file."""
        for path in paths:
            try:
                large = _streamed(path) and os.path.getsize(path) > PART_BYTES
            except OSError:
                large = False
            if large:
                yield from self.parts(path)
            else:
                yield path

    def parts(self, path: str) -> Iterator[Part | str]:
        """A large JSON Lines file as parts, found one ahead of the workers; the hash is
        taken in the same pass and travels with the last part (the others are written
        as ``partial``)."""
        try:
            st = os.stat(path)
            digest = hashlib.sha256()
            spans = jsonl_parts(path, PART_BYTES, digest)
            ahead = next(spans)
        except OSError:
            yield path  # the worker reports what is wrong with it
            return
        index = 0
        for span in spans:
            yield Part(path, *ahead, index, False, st.st_size, st.st_mtime_ns, None)
            ahead, index = span, index + 1
        yield Part(path, *ahead, index, True, st.st_size, st.st_mtime_ns, digest.hexdigest())

    # writing
    def _problem(self, problem: Problem) -> None:
        store.insert_problem(self.db, self.run_id, problem)
        self.summary.problems += 1
        if self.progress is not None:
            self.progress.set_postfix(problems=self.summary.problems, refresh=False)

    def retire(self, path: str) -> None:
        """Take back what ``path`` gave last time (its articles, its problems).

        An article first read from ``path`` is deleted; the other files that
        had the same text are marked stale so this run reads them again.
        """
        self.db.execute("delete from problems where path = ?", [path])
        if path in self.unrecorded:
            self.unrecorded.discard(path)
            return
        row = store.get_file(self.db, path)
        if row is None:
            return
        ids = json.loads(row[3] or "[]")
        if row[4] == "partial":  # a run stopped inside a large file: its ids were not recorded
            ids += [r[0] for r in self.db.execute("select article_id from articles where path = ?",
                                                  [path])]
        for aid in ids:
            found = self.db.execute("select path, paths from articles where article_id = ?",
                                    [aid]).fetchone()
            if found is None:
                continue
            first, paths = found[0], json.loads(found[1] or "[]")
            if path not in paths and first != path:
                continue
            if first == path:
                store.delete_article(self.db, aid)
                others = [p for p in paths if p != path]
                self.db.conn.executemany("update files set status = 'stale' where path = ?",
                                    [(p,) for p in others])
            else:
                paths.remove(path)
                self.db.execute("update articles set paths = ? where article_id = ?",
                                [json.dumps(paths, ensure_ascii=False), aid])

    def _free_id(self, article_id: str, path: str, line: int | None) -> str:
        """An id no stored article has: ``article_id`` itself when it is free."""
        if not self.db.execute("select 1 from articles where article_id = ?",
                               [article_id]).fetchone():
            return article_id
        # Same name in two folders: keep the first, suffix the other by its path.
        salt = f"{path}:{line or 0}"
        for n in range(8, 65, 4):
            candidate = f"{article_id}~{hashlib.sha256(salt.encode()).hexdigest()[:n]}"
            if not self.db.execute("select 1 from articles where article_id = ?",
                                   [candidate]).fetchone():
                return candidate
        raise RuntimeError(f"no free article id for {path}")

    def write(self, result: FileResult) -> None:
        """Replace what ``result.path`` gave before; one file, one unit of commit."""
        path = result.path
        self.changed = True
        if result.part is None or result.part[0] == 0:
            self.retire(path)
            self.file_ids, self.file_problems, self.file_timed_out = [], 0, None
        ids = self.file_ids if result.part else []
        written = 0
        problems = list(result.problems)
        for prep in result.articles:
            dup = self.db.execute(
                "select article_id, path, paths from articles where text_sha256 = ? limit 1",
                [prep.text_sha256],
            ).fetchone()
            if dup is not None:
                aid, first, paths = dup[0], dup[1], json.loads(dup[2] or "[]")
                if path not in paths:
                    paths.append(path)
                    self.db.execute("update articles set paths = ? where article_id = ?",
                                    [json.dumps(paths, ensure_ascii=False), aid])
                problems.append(Problem(
                    path, "duplicate",
                    f"same text as {first} (stored once, as article {aid}, with both paths)",
                    prep.line, aid))
                self.summary.duplicates += 1
                if aid not in ids:
                    ids.append(aid)
                continue
            prep.article_id = self._free_id(prep.article_id, path, prep.line)
            # One article that cannot be stored must not take the run (or the batch) with it.
            self.db.execute("savepoint article")
            try:
                store.write_prepared(self.db, prep, [path], units=self.units, fresh=True)
            except Exception as exc:  # noqa: BLE001 - logged as a problem row
                self.db.execute("rollback to savepoint article")
                self.db.execute("release savepoint article")
                self.units.drop()
                problems.append(Problem(path, "store", f"could not be stored: {exc!r}",
                                        prep.line, prep.article_id))
                continue
            self.db.execute("release savepoint article")
            self.units.keep()
            ids.append(prep.article_id)
            written += 1
        for problem in problems:
            self._problem(problem)
        self.file_problems += len(problems)
        n_problems = self.file_problems if result.part else len(problems)
        fp = self.fp
        status = "ok" if not n_problems else "problem"
        self.file_timed_out = result.timeout or self.file_timed_out
        timed_out = self.file_timed_out if result.part else result.timeout
        if timed_out is not None:
            status, fp = "timeout", f"{self.fp}|timeout={timed_out:g}"
        if result.part and not result.part[1]:
            # An interrupted run reads the whole file again. The ids are recorded with the
            # last part only: rewriting a growing list at every part would cost its square.
            status = "partial"
        if not result.part or result.part[0] == 0 or result.part[1]:
            store.put_file(self.db, path, sha256=result.sha256, size=result.size,
                           mtime=result.mtime, article_ids=ids if status != "partial" else [],
                           run_id=self.run_id, status=status, fingerprint=fp, n_problems=n_problems)
        self.summary.articles_written += written
        if self.progress is not None:
            self.progress.update(written)
        self.since_commit += 1
        self.maybe_commit()

    def maybe_commit(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or self.since_commit >= COMMIT_EVERY_FILES or \
                now - self.last_commit >= COMMIT_EVERY_SECONDS:
            self.db.conn.commit()
            self.since_commit, self.last_commit = 0, now
            self.committed = _counts(self.summary)  # what an interrupted run reports

    # after the walk
    def _under_root(self, extra: str = "") -> tuple[str, list]:
        return (f"substr(path, 1, ?) = ?{extra}", [len(self.prefix), self.prefix])

    def gone(self) -> list[str]:
        where, args = self._under_root(" and last_run != ?")
        return [r[0] for r in self.db.execute(
            f"select path from files where {where} order by path", [*args, self.run_id])]

    def prune(self, paths: list[str]) -> None:
        for path in paths:
            self.changed = True
            self.retire(path)
            self.db.execute("delete from files where path = ?", [path])
            self.summary.files_removed += 1
            self.since_commit += 1
            self.maybe_commit()

    def stale(self) -> list[str]:
        # Not only under this root: a copy in another corpus lost its article too.
        return [r[0] for r in self.db.execute(
            "select path from files where status = 'stale' order by path")
            if os.path.lexists(r[0])]

    def open_problems(self) -> int:
        return self.db.execute(
            "select count(*) from problems p where p.run_id = ? or exists "
            "(select 1 from files f where f.path = p.path and f.last_run = ?)",
            [self.run_id, self.run_id]).fetchone()[0]


def _weight(item: str | Part) -> int:
    """What an item costs in files: a part holds about this many articles."""
    return PART_BYTES // 4_000 if isinstance(item, Part) else 1


def _executor(name: str, workers: int | None, scheduler: str | None, dask_processes: bool):
    from . import executors

    if name == "dask":
        return functools.partial(executors.dask_map, scheduler=scheduler, workers=workers,
                                 processes=dask_processes, weight=_weight)
    if name == "inline" or workers == 0:
        return executors.inline_map
    if name == "local":
        return functools.partial(executors.local_map, workers=workers, weight=_weight)
    raise ValueError(f"unknown executor: {name}")


def run(corpus: str | Path, db_path: str | Path, *, workers: int | None = None,
        executor: str = "local", scheduler: str | None = None, prune: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES, progress: bool = False,
        file_timeout: float | None = DEFAULT_FILE_TIMEOUT,
        dask_processes: bool = True) -> RunSummary:
    """Bring the database up to date with the files under ``corpus``.

    Raises :class:`store.StoreError` when the database cannot be used and
    ``FileNotFoundError`` when the corpus folder does not exist.
    """
    root = Path(os.path.abspath(corpus))
    if not root.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    started = time.monotonic()
    db = store.connect(db_path)
    options = {"workers": workers, "executor": executor, "scheduler": scheduler,
               "prune": prune, "max_bytes": max_bytes, "file_timeout": file_timeout}
    last = db.execute("select status from runs order by run_id desc limit 1").fetchone()
    summary = RunSummary(store.start_run(db, str(root), options))
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)
    writer = _Writer(db, str(root), summary.run_id, fingerprint(max_bytes), summary, bar,
                     file_timeout)
    # Beside the database, which every worker (Dask ones too) can reach: see timeouts.py.
    notes = tempfile.mkdtemp(prefix=f".timeouts-run{summary.run_id}-",
                             dir=Path(os.path.abspath(db_path)).parent) if file_timeout else None
    mapper = _executor(executor, workers, scheduler, dask_processes)
    work = functools.partial(process_file, max_bytes=max_bytes, timeout=file_timeout, notes=notes)
    try:
        # Dask workers are separate processes started by dask: nothing to share.
        paths = writer.scan(root) if executor == "dask" else _warm_first(writer.scan(root))
        for _, result in mapper(work, paths, crashed):
            writer.write(result)
        writer.maybe_commit(force=True)
        gone = writer.gone()
        if prune:
            writer.prune(gone)
        else:
            summary.files_gone = len(gone)
        # Files that shared text with a changed or removed file are read again.
        for _ in range(5):
            again = writer.stale()
            if not again:
                break
            for _, result in mapper(work, writer.items(again), crashed):
                writer.write(result)
        writer.maybe_commit(force=True)
    except BaseException:
        # Files committed so far stay; a file half-written is rolled back whole.
        try:
            db.conn.rollback()
            summary.status = "interrupted"
            counts = {**writer.committed, "seconds": round(time.monotonic() - started, 3)}
            store.finish_run(db, summary.run_id, status="interrupted", **counts)
        finally:
            if bar is not None:
                bar.close()
            if notes:
                shutil.rmtree(notes, ignore_errors=True)
        raise
    if bar is not None:
        bar.close()
    if notes:
        shutil.rmtree(notes, ignore_errors=True)
    summary.open_problems = writer.open_problems()
    if writer.changed or last is None or last[0] != "done":
        summary.status = _publish(db, summary.run_id)
    summary.seconds = time.monotonic() - started
    store.finish_run(db, summary.run_id, status=summary.status, **_counts(summary))
    db.conn.close()
    return summary


def _counts(summary: RunSummary) -> dict:
    return {"files_seen": summary.files_seen, "files_unchanged": summary.files_unchanged,
            "files_removed": summary.files_removed,
            "articles_written": summary.articles_written,
            "articles_unchanged": summary.articles_unchanged, "duplicates": summary.duplicates,
            "problems": summary.problems, "seconds": round(summary.seconds, 3)}


def _publish(db, run_id: int) -> str:
    """Refresh views and full-text search for Datasette; the run's final status.

    Skipped when the run changed nothing and the last run had published. A
    failure here loses no data: the run is marked ``publish_failed`` and the
    next run publishes again.
    """
    from .publish import prepare_database

    try:
        prepare_database(db)
    except Exception as exc:
        store.log_problem(db, run_id, Problem("", "publish", f"{type(exc).__name__}: {exc}"))
        return "publish_failed"
    return "done"
