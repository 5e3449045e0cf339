"""Clean: normalise the text and drop page furniture (first version: NFC and Ð only)."""

from __future__ import annotations

import unicodedata

from .model import Article, RawDocument


def clean(raw: RawDocument) -> Article:
    text = unicodedata.normalize("NFC", raw.text).replace("\u00d0", "Đ")
    offsets = list(range(len(text) + 1))
    return Article(raw.article_id, raw.path, text, raw.text, offsets, raw.sha256, raw.format,
                   **{k: v for k, v in raw.meta.items() if k in ("title", "url", "published", "outlet", "author")})
