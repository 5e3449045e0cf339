"""Ingest: find articles in a folder and decode them (first version: .txt only)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from .model import Problem, RawDocument


def iter_documents(root: str | Path) -> Iterator[RawDocument | Problem]:
    for path in sorted(Path(root).rglob("*.txt")):
        data = path.read_bytes()
        if not data.strip():
            yield Problem(str(path), "empty", "file is empty")
            continue
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            yield Problem(str(path), "decode", f"not UTF-8: {exc}")
            continue
        yield RawDocument(path.stem, str(path), text, "txt", hashlib.sha256(data).hexdigest())
