"""Decode: bytes → text, for every encoding Vietnamese news files turn up in.

Handles UTF-8 (with or without BOM), UTF-16 (BOM or a NUL-byte heuristic),
Windows-1258 (base letters plus combining tone marks, composed to NFC),
mojibake (UTF-8 read as Windows-1252, "Ä\x90áº£ng" → "Đảng") and the legacy
8-bit font encodings TCVN3 (ABC) and VNI, whose tables are data in
``patterns/legacy_encodings.json``.

When several decodings are possible, each is scored by how Vietnamese it
looks (valid syllables, common words); when none looks Vietnamese enough, the
caller gets a ``decode`` Problem instead of garbage.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import unicodedata
from functools import cache

from .model import Problem
from .patterns import load_json

MIN_SCORE = 0.75  # a decoding must look at least this Vietnamese to be trusted
MIN_MARGIN = 0.05  # ... and beat the runner-up by this much
_SAMPLE = 20_000  # characters scored: enough to judge, cheap on huge files

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_WORD = re.compile(r"[^\W\d_]+")

# Characters that Windows-1252 gives for bytes 0x80-0x9F (the rest of the
# high half is Latin-1).  Needed to turn mojibake back into its bytes.
_CP1252_HIGH = {
    bytes([b]).decode("cp1252"): b
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_MOJIBAKE_RUN = re.compile(
    "[\u0080-\u00ff" + "".join(re.escape(ch) for ch in _CP1252_HIGH) + "]{2,}"
)
# A UTF-8 lead byte as Windows-1252 followed by a continuation byte: the
# signature of Vietnamese mojibake (Ã, Ä, Æ, á followed by º, », ‘, ...).
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00c6\u00e1\u00e2][\u0080-\u00bf" + "".join(re.escape(ch) for ch in _CP1252_HIGH) + "]"
)
# Letters only Vietnamese uses: plenty in real text, none in TCVN3/VNI read as Latin-1.
_VIETNAMESE_ONLY = re.compile("[\u0103\u0111\u01a1\u01b0\u1ea0-\u1ef9\u0102\u0110\u01a0\u01af]")
_LATIN1_HIGH = re.compile("[\u00a0-\u00ff]")

# Cheap certain tests for valid UTF-8 (see _plainly_vietnamese).  Every
# character _MOJIBAKE_HINT accepts second is U+0080-U+00BF (UTF-8 lead byte
# C2), a rare cp1252 letter or accent (Œ, š, ˜ ...), or punctuation from
# U+2013 on (lead byte E2) such as quotes, whose predecessors are looked at.
# (Single bytes and single characters: `in` is then a memchr.)
_HINT_LEADS = frozenset("\u00c2\u00c3\u00c4\u00c5\u00c6\u00e1\u00e2")
_HINT_LETTERS = tuple(ch for ch in _CP1252_HIGH if ord(ch) < 0x2000)
_HINT_PUNCTUATION = tuple(ch for ch in _CP1252_HIGH if ord(ch) >= 0x2000)
_VIETNAMESE_COMMON = ("\u0111", "\u01b0", "\u01a1", "\u0103")  # đ ư ơ ă, all in _VIETNAMESE_ONLY


@cache
def _syllable_rules():
    data = load_json("vietnamese_syllables.json")
    onset = "|".join(sorted(data["onsets"], key=len, reverse=True))
    nucleus = "|".join(sorted(data["nuclei"], key=len, reverse=True))
    coda = "|".join(sorted(data["codas"], key=len, reverse=True))
    syllable = re.compile(f"(?:{onset})?(?:{nucleus})(?:{coda})?")
    return syllable, frozenset(data["common"])


@cache
def _legacy_tables():
    data = load_json("legacy_encodings.json")
    tcvn3_decode = {ord(v): k for k, v in data["tcvn3"].items()}
    vni_decode = {v: k for k, v in data["vni"].items()}
    # Longest sequences first so "aá" (ấ) wins over "a" + "á".
    vni_re = re.compile("|".join(re.escape(s) for s in sorted(vni_decode, key=len, reverse=True)))
    return data["tcvn3"], tcvn3_decode, data["vni"], vni_decode, vni_re


def _strip_tones(word: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", word)
    tones = sum(decomposed.count(mark) for mark in _TONE_MARKS)
    bare = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    return unicodedata.normalize("NFC", bare), tones


def vietnamese_score(text: str) -> float:
    """How Vietnamese ``text`` looks, 0..2: share of valid syllables plus share of common words."""
    syllable, common = _syllable_rules()
    words = _WORD.findall(unicodedata.normalize("NFC", text[:_SAMPLE]).lower())
    if not words:
        return 0.0
    valid = hits = 0
    for word in words:
        if word in common:
            hits += 1
            valid += 1
            continue
        bare, tones = _strip_tones(word)
        if tones <= 1 and syllable.fullmatch(bare):
            valid += 1
    return valid / len(words) + hits / len(words)


# --- legacy encodings -------------------------------------------------------

def decode_tcvn3(data: bytes | str) -> str:
    """TCVN3 (ABC) bytes, or text showing them as Latin-1, → Unicode NFC."""
    text = data.decode("latin-1") if isinstance(data, bytes) else data
    return unicodedata.normalize("NFC", text.translate(_legacy_tables()[1]))


def _encode_legacy(text: str, table: dict, name: str) -> bytes:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in table:
            out.append(table[ch])
        elif ord(ch) < 0x80:
            out.append(ch)
        else:
            raise ValueError(f"{ch!r} has no {name} code")
    return "".join(out).encode("latin-1")


def encode_tcvn3(text: str) -> bytes:
    """Unicode → TCVN3 bytes (the inverse table); capitals with tones raise ValueError."""
    return _encode_legacy(text, _legacy_tables()[0], "TCVN3")


def decode_vni(data: bytes | str) -> str:
    """VNI Windows bytes, or text showing them as Latin-1, → Unicode NFC."""
    text = data.decode("latin-1") if isinstance(data, bytes) else data
    vni_decode, vni_re = _legacy_tables()[3:]
    return unicodedata.normalize("NFC", vni_re.sub(lambda m: vni_decode[m.group()], text))


def encode_vni(text: str) -> bytes:
    """Unicode → VNI Windows bytes (the inverse table)."""
    return _encode_legacy(text, _legacy_tables()[2], "VNI")


def encode_cp1258(text: str) -> bytes:
    """Unicode → Windows-1258 the way Vietnamese Windows wrote it: base letter, then tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
            marks = "".join(c for c in parts if c in _TONE_MARKS)
            out += base.encode("cp1258") + marks.encode("cp1258")
    return bytes(out)


# --- mojibake ----------------------------------------------------------------

def _plausible(decoded: str) -> bool:
    """Repaired characters must be letters, marks or ordinary punctuation, never symbols soup."""
    for ch in decoded:
        cat = unicodedata.category(ch)
        if cat[0] in "LM" and ord(ch) < 0x2000:
            continue
        if cat[0] in "PZ" or ch in "°€":
            continue
        return False
    return True


def _unmojibake_run(match: re.Match) -> str:
    run = match.group()
    raw = bytes(_CP1252_HIGH.get(ch, ord(ch)) for ch in run)
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return run
    return fixed if _plausible(fixed) else run


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as Windows-1252/Latin-1, run by run, leaving real text alone."""
    if not _MOJIBAKE_HINT.search(text):
        return text
    return _MOJIBAKE_RUN.sub(_unmojibake_run, text)


def repair_text(text: str) -> tuple[str, str | None]:
    """Repair mojibake or legacy-font text already decoded as Unicode; returns (text, repair)."""
    fixed = repair_mojibake(text)
    if fixed != text and vietnamese_score(fixed) >= vietnamese_score(text):
        return fixed, "mojibake"
    sample = text[:_SAMPLE]
    high = len(_LATIN1_HIGH.findall(sample))
    if high < 3 or len(_VIETNAMESE_ONLY.findall(sample)) * 20 > high:
        return text, None
    base = vietnamese_score(text)
    best, best_name, best_score = text, None, base
    for name, func in (("tcvn3", decode_tcvn3), ("vni", decode_vni)):
        candidate = func(text)
        score = vietnamese_score(candidate)
        if score > best_score:
            best, best_name, best_score = candidate, name, score
    if best_name and best_score >= MIN_SCORE and best_score - base >= 0.15:
        return best, best_name
    return text, None


def _no_mojibake_hint(text: str, data: bytes) -> bool:
    """True only if _MOJIBAKE_HINT cannot match ``text`` (``data`` is its UTF-8); False = don't know."""
    if b"\xc2" in data:
        return False
    for ch in _HINT_LETTERS:
        if ch in text:
            return False
    if b"\xe2" in data:  # quotes and dashes are common: check what precedes each one
        for ch in _HINT_PUNCTUATION:
            at = text.find(ch, 1)
            while at != -1:
                if text[at - 1] in _HINT_LEADS:
                    return False
                at = text.find(ch, at + 1)
    return True


def _plainly_vietnamese(text: str, data: bytes) -> bool:
    """True only if repair_text(text) would return (text, None); ``data`` is the UTF-8 of ``text``.

    repair_text leaves text alone when it has no mojibake hint and it has few
    Latin-1 letters (TCVN3/VNI read as Latin-1) for its Vietnamese-only ones.
    Each non-ASCII character takes at least two UTF-8 bytes, so
    len(data) - len(text) bounds the Latin-1 count from above; đ ư ơ ă bound
    the Vietnamese-only count from below.  Real Vietnamese passes with room.
    """
    if len(text) > _SAMPLE or not _no_mojibake_hint(text, data):
        return False
    latin1_at_most = len(data) - len(text)
    vietnamese = 0
    for ch in _VIETNAMESE_COMMON:
        vietnamese += text.count(ch)
        if vietnamese * 20 > latin1_at_most:
            return True
    return False


# --- bytes -------------------------------------------------------------------

def looks_utf16(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NUL bytes sit in every other position, as ASCII does there."""
    if data.find(b"\x00", 0, 4096) == -1:  # no NUL, no ASCII in UTF-16
        return None
    head = data[:4096]
    if len(head) < 4:
        return None
    half = len(head) // 2
    even = head[0::2].count(0) / half
    odd = head[1::2].count(0) / half
    if odd > 0.2 and even < 0.02:
        return "utf-16-le"
    if even > 0.2 and odd < 0.02:
        return "utf-16-be"
    return None


def _candidates(data: bytes) -> list[tuple[str, str]]:
    latin = data.decode("latin-1")
    found = [("tcvn3", decode_tcvn3(latin)), ("vni", decode_vni(latin))]
    for codec in ("cp1258", "cp1252"):
        with contextlib.suppress(UnicodeDecodeError):
            found.append((codec, unicodedata.normalize("NFC", data.decode(codec))))
    bad = utf8_errors(data)
    if bad and bad * 1000 <= len(data):  # a few corrupt bytes in a long UTF-8 file
        found.append(("utf-8-replace", data.decode("utf-8", errors="replace")))
    return found


def utf8_errors(data: bytes) -> int:
    return data.decode("utf-8", errors="replace").count("\ufffd") - data.count(
        "\ufffd".encode()
    )


def decode(data: bytes, *, path: str = "") -> tuple[str, str] | Problem:
    """Bytes → (text, encoding name), or a ``decode`` Problem when no reading is trustworthy.

    The text keeps its line endings (cleaning turns CRLF into LF with offsets);
    legacy and Windows-1258 readings are composed to NFC here because their
    combining marks are an artefact of the encoding, not of the writer.
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as exc:
                return Problem(path, "decode", f"starts with a {codec} byte-order mark but is "
                               f"not valid {codec}: {exc.reason} at byte {exc.start}")
    wide = looks_utf16(data)
    if wide:
        try:
            return data.decode(wide), wide
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc
    else:
        if _plainly_vietnamese(text, data):  # the common case: skip scoring
            return text, "utf-8"
        fixed, repair = repair_text(text)
        return (fixed, f"utf-8+{repair}") if repair else (text, "utf-8")

    scored = sorted(((vietnamese_score(t), name, t) for name, t in _candidates(data)),
                    reverse=True)
    if scored:
        best_score, best_name, best_text = scored[0]
        runner_up = next((s for s, _, t in scored[1:] if t != best_text), 0.0)
        if best_score >= MIN_SCORE and best_score - runner_up >= MIN_MARGIN:
            return best_text, best_name
        detail = ", ".join(f"{name} {score:.2f}" for score, name, _ in scored[:3])
    else:
        detail = "no candidate"
    return Problem(path, "decode",
                   f"not UTF-8 ({first_error.reason} at byte {first_error.start}) and no "
                   f"legacy encoding reads as Vietnamese with confidence ({detail})")
