"""Ingest: find article files under a folder and turn each into RawDocuments.

Formats: ``.txt`` (one article), ``.html``/``.htm`` (main text extracted by
trafilatura, offline), ``.jsonl`` (one article per line, ``text`` required).
Every failure is a ``Problem`` row with a kind and a reason a researcher can
act on; nothing here raises for a bad file.

Problem kinds: ``missing`` (root not found), ``symlink_loop``, ``unreadable``
(permissions, broken link, I/O error), ``vanished`` (deleted while reading),
``changed`` (modified while reading), ``too_large``, ``empty``, ``binary``,
``decode``, ``html`` (no extractable main text), ``jsonl`` (bad line or
missing ``text``).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from .decode import decode, looks_utf16
from .model import Problem, RawDocument

EXTENSIONS = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
META_FIELDS = ("title", "url", "published", "outlet", "author")
MAX_BYTES = 20_000_000

# Leading bytes of files that are certainly not text, named for the reason.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF (WebP/AVI/WAV) file"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office (DOC/XLS) file"),
    (b"\x7fELF", "an executable"),
)


def discover(root: str | Path, *, follow_symlinks: bool = True) -> Iterator[Path | Problem]:
    """Article files under ``root``, depth-first in name order; loops and unreadable folders as Problems."""
    root = Path(root)
    if root.is_file():
        if root.suffix.lower() in EXTENSIONS:
            yield root
        return
    if not root.exists():
        yield Problem(str(root), "missing", "folder not found")
        return
    seen: set[tuple[int, int]] = set()
    yield from _walk(root, seen, follow_symlinks)


def _walk(folder: Path, seen: set, follow: bool) -> Iterator[Path | Problem]:
    try:
        info = folder.stat()
    except OSError as exc:
        yield Problem(str(folder), "unreadable", f"cannot read folder: {exc.strerror or exc}")
        return
    key = (info.st_dev, info.st_ino)
    if key in seen:
        yield Problem(str(folder), "symlink_loop",
                      "symbolic link leads back to a folder already read; skipped")
        return
    seen.add(key)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Problem(str(folder), "unreadable", f"cannot list folder: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            is_link = entry.is_symlink()
            if is_link and not follow:
                continue
            if entry.is_dir(follow_symlinks=True):
                yield from _walk(path, seen, follow)
                continue
            if path.suffix.lower() not in EXTENSIONS:
                continue
            if is_link and not path.exists():
                yield Problem(str(path), "unreadable", "broken symbolic link: its target does not exist")
                continue
            if entry.is_file(follow_symlinks=True):
                yield path
        except OSError as exc:
            if exc.errno == 40:  # ELOOP: a link that points at itself
                yield Problem(str(path), "symlink_loop", "symbolic link points at itself")
            else:
                yield Problem(str(path), "unreadable", f"cannot inspect: {exc.strerror or exc}")


_SHA256 = hashlib.sha256()  # copied per use: cheaper than looking the digest up again


def _sha(data: bytes) -> str:
    digest = _SHA256.copy()
    digest.update(data)
    return digest.hexdigest()


_MAGIC_PREFIXES = tuple(magic for magic, _ in _MAGIC)


def _binary_reason(data: bytes) -> str | None:
    if data.startswith(_MAGIC_PREFIXES):
        for magic, what in _MAGIC:
            if data.startswith(magic):
                return f"binary file: looks like {what}"
    if data.find(b"\x00", 0, 8192) != -1 and not looks_utf16(data) and not data.startswith(
        (b"\xff\xfe", b"\xfe\xff")
    ):
        return "binary file: contains NUL bytes"
    return None


def _read_bytes(path: Path, max_bytes: int) -> bytes | Problem:
    try:
        before = os.stat(path)
    except FileNotFoundError:
        return Problem(str(path), "vanished", "file disappeared before it could be read")
    except OSError as exc:
        return Problem(str(path), "unreadable", f"cannot stat: {exc.strerror or exc}")
    if not stat.S_ISREG(before.st_mode):
        return Problem(str(path), "unreadable", "not a regular file")
    if before.st_size > max_bytes:
        return Problem(str(path), "too_large",
                       f"{before.st_size:,} bytes is over the {max_bytes:,}-byte limit")
    try:
        # Unbuffered, sized by the stat: a buffered read(max_bytes + 1) maps a
        # 20 MB buffer and asks whether the file is a terminal, per file.
        with path.open("rb", buffering=0) as fh:
            data = fh.read(before.st_size + 1)
            # More than the stat said: it grew, so read on as read(max_bytes + 1) would.
            # (Less is the end of a regular file; a change shows in the second stat.)
            while before.st_size < len(data) <= max_bytes:
                more = fh.read(min(1 << 16, max_bytes + 1 - len(data)))
                if not more:
                    break
                data += more
    except FileNotFoundError:
        return Problem(str(path), "vanished", "file disappeared while being read")
    except PermissionError:
        return Problem(str(path), "unreadable", "permission denied")
    except OSError as exc:
        return Problem(str(path), "unreadable", f"read error: {exc.strerror or exc}")
    if len(data) > max_bytes:
        return Problem(str(path), "too_large", f"grew past the {max_bytes:,}-byte limit while read")
    try:
        after = os.stat(path)
    except FileNotFoundError:
        return Problem(str(path), "vanished", "file disappeared while being read")
    except OSError:
        after = before
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or len(
        data
    ) != after.st_size:
        return Problem(str(path), "changed", "file changed while being read; read it again later")
    return data


def read_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> list[RawDocument | Problem]:
    """One file → its documents (a JSON Lines file gives one per good line) and Problems."""
    return list(iter_file(path, max_bytes=max_bytes))


def iter_file(path: str | Path, *, max_bytes: int = MAX_BYTES,
              part: tuple[int, int, int] | None = None) -> Iterator[RawDocument | Problem]:
    """The documents of one file, read as they are asked for.

    A JSON Lines file is streamed line by line, so its size is not limited and its
    memory does not grow: ``max_bytes`` applies to each line (one article), and
    ``part`` = (first byte, end byte, number of the first line) reads a slice of it.
    """
    if not isinstance(path, Path):
        path = Path(path)
    fmt = EXTENSIONS.get(path.suffix.lower(), "txt")
    if fmt == "jsonl":
        yield from _stream_jsonl(path, max_bytes, part)
        return
    yield from _read_whole(path, fmt, max_bytes)


def _not_text(path: Path, data: bytes, whole: bool) -> Problem | None:
    """An ``empty`` or ``binary`` Problem for these bytes (``whole``: all of the file,
    so blank space alone makes it empty), else None."""
    if not data or (whole and data.isspace()):  # bytes.isspace: the ASCII blanks strip() removes
        return Problem(str(path), "empty", "file is empty" if not data else "file has only blank space")
    reason = _binary_reason(data)
    return Problem(str(path), "binary", reason) if reason else None


def _read_whole(path: Path, fmt: str, max_bytes: int) -> Iterator[RawDocument | Problem]:
    data = _read_bytes(path, max_bytes)
    if isinstance(data, Problem):
        yield data
        return
    problem = _not_text(path, data, whole=True)
    if problem:
        yield problem
        return
    decoded = decode(data, path=str(path))
    if isinstance(decoded, Problem):
        yield decoded
        return
    text, encoding = decoded
    if not text or text.isspace():
        yield Problem(str(path), "empty", "file has only blank space")
    elif fmt == "jsonl":  # a UTF-16 JSON Lines file: decoded whole, as streaming cannot split it
        yield from _read_jsonl(path, text, encoding)
    elif fmt == "html":
        yield _read_html(path, text, encoding, _sha(data))
    else:
        yield RawDocument(path.stem, str(path), text, "txt", _sha(data), encoding)


def _read_html(path: Path, html: str, encoding: str, sha: str) -> RawDocument | Problem:
    try:
        import trafilatura
    except ImportError as exc:  # broken install: say so per file, do not stop the run
        return Problem(str(path), "html", f"HTML support unavailable: {exc}")
    try:
        # extensive_search off: a date guessed from body text ("Năm 2023") is not page metadata
        doc = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=True, with_metadata=True,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # lxml raises many kinds on broken markup
        return Problem(str(path), "html", f"HTML could not be parsed: {exc!r}")
    text = getattr(doc, "text", None) if doc is not None else None
    if isinstance(doc, dict):
        text = doc.get("text")
    if not text or not text.strip():
        return Problem(str(path), "html", "no main article text could be extracted from the HTML")
    meta = {}
    for name in ("title", "date", "url", "author"):
        value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
        if value:
            meta["published" if name == "date" else name] = str(value)
    return RawDocument(path.stem, str(path), text, "html", sha, encoding, meta=meta)


def _stream_jsonl(path: Path, max_bytes: int,
                  part: tuple[int, int, int] | None) -> Iterator[RawDocument | Problem]:
    start, end, number = part or (0, None, 1)
    number -= 1
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        yield Problem(str(path), "vanished", "file disappeared before it could be read")
        return
    except PermissionError:
        yield Problem(str(path), "unreadable", "permission denied")
        return
    except OSError as exc:
        yield Problem(str(path), "unreadable", f"cannot open: {exc.strerror or exc}")
        return
    with fh:
        before = os.fstat(fh.fileno())
        if not stat.S_ISREG(before.st_mode):
            yield Problem(str(path), "unreadable", "not a regular file")
            return
        if start == 0:
            head = fh.read(8192)
            problem = _not_text(path, head, whole=len(head) < 8192)
            if problem:
                yield problem
                return
            if head.startswith((b"\xff\xfe", b"\xfe\xff")) or looks_utf16(head):
                yield from _read_whole(path, "jsonl", max_bytes)
                return
        fh.seek(start)
        read = start
        records = 0
        while end is None or read < end:
            raw = fh.readline(max_bytes + 1)
            if not raw:
                break
            read += len(raw)
            number += 1
            line_id = f"{path.stem}:{number}"
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                while (more := fh.readline(1 << 20)) and not more.endswith(b"\n"):
                    read += len(more)
                read += len(more)
                records += 1
                yield Problem(str(path), "too_large", f"line is over the {max_bytes:,}-byte limit "
                              "(--max-bytes applies to each line of a JSON Lines file)", number, line_id)
                continue
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            raw = raw.removesuffix(b"\n").removesuffix(b"\r")
            if not raw.strip():
                continue
            records += 1
            decoded = decode(raw, path=str(path))
            if isinstance(decoded, Problem):
                yield Problem(str(path), "decode", decoded.reason, number, line_id)
                continue
            yield _jsonl_record(path, decoded[0], decoded[1], number)
        if part is None and not records:
            yield Problem(str(path), "empty", "JSON Lines file has no records")
        try:
            after = os.stat(path)
        except OSError:
            after = before
        if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
            yield Problem(str(path), "changed", "file changed while being read; read it again later")


def _read_jsonl(path: Path, text: str, encoding: str) -> list[RawDocument | Problem]:
    out: list[RawDocument | Problem] = []
    # split on "\n" only: JSON strings may hold raw U+2028, which splitlines() would cut
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if line.strip():
            out.append(_jsonl_record(path, line, encoding, number))
    if not out:
        out.append(Problem(str(path), "empty", "JSON Lines file has no records"))
    return out


def _jsonl_record(path: Path, line: str, encoding: str, number: int) -> RawDocument | Problem:
    line_id = f"{path.stem}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Problem(str(path), "jsonl", f"line is not valid JSON: {exc.msg} "
                       f"(column {exc.colno})", number, line_id)
    if not isinstance(record, dict):
        return Problem(str(path), "jsonl", "line is JSON but not an object", number, line_id)
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        what = "has no \"text\" field" if "text" not in record else "has an empty or non-string \"text\""
        return Problem(str(path), "jsonl", f"line {what}", number, str(record.get("id") or line_id))
    article_id = record.get("id")
    article_id = str(article_id) if article_id not in (None, "") else line_id
    meta = {k: str(record[k]) for k in META_FIELDS if record.get(k) not in (None, "")}
    return RawDocument(article_id, str(path), body, "jsonl", _sha(line.encode("utf-8")),
                       encoding, number, meta)


def jsonl_parts(path: str | Path, part_bytes: int, digest=None) -> Iterator[tuple[int, int, int]]:
    """(first byte, end byte, first line number) of slices of about ``part_bytes``
    that end at line breaks: the pieces of a large JSON Lines file that workers
    read side by side. One pass over the file, in blocks of 1 MiB, which also
    feeds ``digest`` (a hashlib object) when given."""
    start, first, newlines, at = 0, 1, 0, 0  # newlines: before byte ``at``
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            if digest is not None:
                digest.update(block)
            lo = 0
            while start + part_bytes < at + len(block):
                nl = block.find(b"\n", max(lo, start + part_bytes - at))
                if nl == -1:
                    break
                yield start, at + nl + 1, first
                first = newlines + block.count(b"\n", 0, nl + 1) + 1
                start, lo = at + nl + 1, nl + 1
            newlines += block.count(b"\n")
            at += len(block)
    if at > start or start == 0:
        yield start, at, first


def iter_documents(root: str | Path, *, max_bytes: int = MAX_BYTES) -> Iterator[RawDocument | Problem]:
    """Every document under ``root``: discover() and read_file() chained."""
    for item in discover(root):
        if isinstance(item, Problem):
            yield item
        else:
            yield from iter_file(item, max_bytes=max_bytes)
