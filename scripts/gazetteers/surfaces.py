"""Surfaces of names: which script and language a string is written in, normalization, the
Arabic spelling variants every Arabic surface gets, and the readers of the hand-written lists.
Shared by every module of the build."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

AR_LETTERS = {chr(c) for c in range(0x0621, 0x063B)} | {chr(c) for c in range(0x0641, 0x064B)} | {"\u0671"}
AR_MARKS = {chr(c) for c in range(0x064B, 0x0653)} | {"\u0670", "\u0640"}  # harakat, dagger alef, tatweel
FA_EXTRA = set("\u067E\u0686\u0698\u06AF\u06A9\u06CC\u06C0\u200C")  # پ چ ژ گ ک ی ۀ ZWNJ
UR_EXTRA = set("\u0679\u0688\u0691\u06BA\u06D2\u06C1\u06BE\u06D3\u06C2")  # ٹ ڈ ڑ ں ے ہ ھ ۓ ۂ
SEPARATORS = set(" -'\u2019.")


def arabic_script_lang(s: str) -> str | None:
    """Language of an Arabic-script surface: 'ar', 'fa', 'ur', or None (other/mixed)."""
    chars = set(s) - SEPARATORS
    if not chars or not chars & (AR_LETTERS | FA_EXTRA | UR_EXTRA):
        return None
    if chars <= AR_LETTERS | AR_MARKS:
        return "ar"
    if chars <= AR_LETTERS | AR_MARKS | FA_EXTRA:
        return "fa"
    if chars <= AR_LETTERS | AR_MARKS | FA_EXTRA | UR_EXTRA:
        return "ur"
    return None  # Kurdish, Pashto, Uyghur, Sindhi ... or mixed scripts


def is_latin(s: str) -> bool:
    has_letter = False
    for ch in s:
        if ch.isalpha():
            if not unicodedata.name(ch, "").startswith("LATIN"):
                return False
            has_letter = True
        elif not (ch in SEPARATORS or ch.isdigit() or ch in "()/,&\u02bb\u02bc\u02bf\u02be`"):
            return False
    return has_letter


ASCII_FOLD = str.maketrans({
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D", "ı": "i",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D",
    "ħ": "h", "Ħ": "H", "’": "'", "ʻ": "'", "ʼ": "'", "ʿ": "", "ʾ": "",
})


def ascii_fold(s: str) -> str | None:
    t = unicodedata.normalize("NFKD", s.translate(ASCII_FOLD))
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return t if t.isascii() else None


def strip_ar_marks(s: str) -> str:
    return "".join(ch for ch in s if ch not in AR_MARKS)


# Two spellings that are both standard in Arabic news; each form of a name gets the other too.
AR_SPELLING_VARIANTS = [("أفريقي", "إفريقي"), ("أمريكي", "أميركي"), ("أمريكا", "أميركا")]


def ar_variants(s: str) -> set[str]:
    out = {s, strip_ar_marks(s)}
    for a, b in AR_SPELLING_VARIANTS:
        for t in list(out):
            if a in t:
                out.add(t.replace(a, b))
            if b in t:
                out.add(t.replace(b, a))
    return out


def norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    return re.sub(r"\s+", " ", s).strip()


def keep_surface(s: str) -> bool:
    if len(s) < 2 or "\t" in s:
        return False
    if all(ch.isdigit() or not ch.isalnum() for ch in s):  # digits / punctuation only
        return False
    return True


# --- hand-written inputs ----------------------------------------------------

def read_tsv(path: Path, ncols: int) -> list[list[str]]:
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [norm(c) for c in line.split("\t")]
        if len(cols) < ncols:
            cols += [""] * (ncols - len(cols))
        if len(cols) != ncols:
            sys.exit(f"{path.name}:{lineno}: expected {ncols} columns, got {len(cols)}: {line!r}")
        rows.append(cols)
    return rows


def read_wordlist(path: Path) -> set[str]:
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(norm(line).casefold())
    return words
