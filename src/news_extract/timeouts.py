"""A time limit per document: no file can hold up a run.

Two steps. At the limit, the work is interrupted where it stands: ``FileTimeout``
is raised in the thread doing it (by SIGALRM in a main thread, which also breaks
a sleep or a long regex match; by an asynchronous exception from a watchdog
thread in a Dask worker's thread). The worker unwinds and goes on with the next
file. If it has not unwound ``GRACE`` seconds of CPU time later (stuck in C
code that holds the interpreter), the kernel ends the process: a CPU-time timer
(ITIMER_PROF, whose signal's default action is to terminate) needs neither the
interpreter nor a thread of ours. The pool replaces the worker and tries the
file again; so that the retry does not run over the limit once more, each
worker keeps what it is working on in a small memory-mapped note under the
run's notes folder (a memory copy per document, no system call), and
``recorded`` reads the notes of ended workers back.

Only a worker process is ever ended; in the parent (``--workers 0``, Dask with
threads) the limit is the interruption alone.
"""

from __future__ import annotations

import ctypes
import mmap
import multiprocessing
import os
import signal
import threading
import time
import uuid
from pathlib import Path

GRACE = 5.0  # CPU seconds past the limit before a worker that does not unwind is ended
_NOTE_SIZE = 8192
_RUNNING, _DONE = b"R", b"D"


class FileTimeout(BaseException):
    """Raised where the work stands when it runs over the limit.

    A BaseException, so the per-article ``except Exception`` nets let it through
    to the file's own handler.
    """


def _raise_timeout(signum, frame):  # noqa: ARG001 - a signal handler's signature
    raise FileTimeout


class _Note:
    """This process's note: what it is working on, in a memory-mapped file."""

    folder: str | None = None
    pid: int | None = None
    map: mmap.mmap | None = None

    @classmethod
    def ready(cls, folder: str) -> bool:
        if cls.folder == folder and cls.pid == os.getpid():
            return True
        try:
            path = Path(folder) / f"{os.getpid()}-{uuid.uuid4().hex[:8]}.note"
            with open(path, "w+b") as fh:
                fh.write(b"\0" * _NOTE_SIZE)
                fh.flush()
                cls.map = mmap.mmap(fh.fileno(), _NOTE_SIZE)
        except OSError:
            cls.folder = None
            return False
        cls.folder, cls.pid = folder, os.getpid()
        return True

    @classmethod
    def write(cls, state: bytes, path: str, line: int | None, started: float, seconds: float) -> None:
        data = f"{path}\0{'' if line is None else line}\0{started!r}\0{seconds!r}\0".encode()
        data = state + data[:_NOTE_SIZE - 2] + b"\0"
        cls.map[:len(data)] = data

    @classmethod
    def done(cls) -> None:
        cls.map[:1] = _DONE


class _Watchdog:
    """One thread per process that interrupts other threads at their deadlines
    (a signal reaches only the main thread)."""

    deadlines: dict[int, float] = {}
    thread: threading.Thread | None = None
    pid: int | None = None

    @classmethod
    def arm(cls, ident: int, deadline: float) -> None:
        if cls.thread is None or cls.pid != os.getpid():
            cls.deadlines, cls.pid = {}, os.getpid()
            cls.thread = threading.Thread(target=cls._watch, name="news-extract-timeouts", daemon=True)
            cls.thread.start()
        cls.deadlines[ident] = deadline

    @classmethod
    def disarm(cls, ident: int) -> None:
        cls.deadlines.pop(ident, None)

    @classmethod
    def _watch(cls) -> None:
        while True:
            time.sleep(0.05)
            now = time.monotonic()
            for ident, deadline in list(cls.deadlines.items()):
                if now >= deadline and cls.deadlines.pop(ident, None) is not None:
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident),
                                                               ctypes.py_object(FileTimeout))


def _may_end_process(main: bool) -> bool:
    """Only a worker process, and only where no other thread runs documents."""
    if multiprocessing.parent_process() is None:
        return False
    if main:
        return True
    try:
        from distributed import get_worker

        return get_worker().state.nthreads == 1
    except Exception:
        return False


class limit:  # noqa: N801 - used as a context manager, like a function
    """``with limit(seconds, path, notes) as clock:`` runs the block under a limit of
    ``seconds`` (None or 0: none). ``line``: the JSON Lines line being read (-1 until
    it is known: between lines); ``clock.at_line`` records it once known."""

    __slots__ = ("seconds", "path", "notes", "line", "started", "_main", "_hard", "_previous")

    def __init__(self, seconds: float | None, path: str, notes: str | None = None,
                 line: int | None = None) -> None:
        self.seconds, self.path, self.notes, self.line = seconds, path, notes, line

    def __enter__(self) -> limit | None:
        if not self.seconds:
            return None
        self.started = time.time()
        self._main = threading.current_thread() is threading.main_thread()
        self._hard = bool(self.notes) and _may_end_process(self._main) and _Note.ready(self.notes)
        if self._hard:
            _Note.write(_RUNNING, self.path, self.line, self.started, self.seconds)
            signal.setitimer(signal.ITIMER_PROF, self.seconds + GRACE)
        if self._main:
            self._previous = signal.signal(signal.SIGALRM, _raise_timeout)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        else:
            _Watchdog.arm(threading.get_ident(), time.monotonic() + self.seconds)
        return self

    def __exit__(self, *exc) -> None:
        if not self.seconds:
            return
        if self._main:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
        else:
            _Watchdog.disarm(threading.get_ident())
        if self._hard:
            signal.setitimer(signal.ITIMER_PROF, 0)
            _Note.done()

    def at_line(self, line: int | None) -> None:
        self.line = line
        if self._hard:
            _Note.write(_RUNNING, self.path, line, self.started, self.seconds)

    @property
    def spent(self) -> float:
        return time.time() - self.started


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (ValueError, OSError):
        return True  # not ours to signal (EPERM), or not a pid: treat as alive
    return True


def recorded(notes: str | None, path: str) -> dict[int | None, float]:
    """Documents of ``path`` whose worker was ended while it ran over the limit in this
    run: {line (None for the whole file): seconds it had run}. A note still marked
    running whose document began longer ago than its limit is such a document:
    a live worker is past it within the limit, or the limit has ended it."""
    if not notes:
        return {}
    found: dict[int | None, float] = {}
    try:
        # Only an ended worker's note can hold a timeout: a live one is still within its
        # limit or about to be ended. Skipping them keeps this check off every file's cost.
        entries = [entry.path for entry in os.scandir(notes)
                   if entry.name.endswith(".note") and not _alive(entry.name.split("-", 1)[0])]
    except OSError:
        return {}
    now = time.time()
    for entry in entries:
        try:
            raw = Path(entry).read_bytes()
        except OSError:
            continue
        if raw[:1] != _RUNNING:
            continue
        try:
            where, line, started, seconds = raw[1:].decode("utf-8").split("\0")[:4]
            started, seconds = float(started), float(seconds)
        except ValueError:
            continue
        if where != path or line == "-1" or now - started < seconds:
            continue
        found[int(line) if line else None] = now - started
    return found
