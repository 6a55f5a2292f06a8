"""Text on its way into and out of an OPUS-MT model, prepared the way the model was trained.

OPUS-MT's training pipeline ran Moses' ``replace-unicode-punctuation``, ``normalize-punctuation``
and ``remove-non-printing-char`` before SentencePiece; sacremoses' ``MosesPunctNormalizer`` is
the Python port of those scripts (and what ``MarianTokenizer`` itself recommends). Tatweel and
bidi/format controls are removed on top, as Arabic sources carry them but the training data
rarely did. Long inputs are split at sentence, then clause, then word boundaries so no segment
exceeds the model's 512 positions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from workbench.arabic import (
    ARABIC_COMMA,
    ARABIC_FULL_STOP,
    ARABIC_QUESTION_MARK,
    ARABIC_SEMICOLON,
    TATWEEL,
)

#: Sentence ends (Latin, Arabic question mark, Urdu/Arabic full stop) followed by space.
_SENTENCE_END = re.compile(rf"(?<=[.!?{ARABIC_QUESTION_MARK}{ARABIC_FULL_STOP}\u2026])\s+")
#: Clause boundaries: commas and semicolons, Latin and Arabic, followed by space.
_CLAUSE_END = re.compile(rf"(?<=[,;:{ARABIC_COMMA}{ARABIC_SEMICOLON}])\s+")
_SPACES = re.compile(r"[ \t\u00A0\u2000-\u200A\u202F\u205F\u3000]+")
_SPACE_BEFORE_PUNCT = re.compile(
    rf"\s+([,.;:!?%)\]}}{ARABIC_COMMA}{ARABIC_SEMICOLON}{ARABIC_QUESTION_MARK}])"
)
_SPACE_AFTER_OPEN = re.compile(r"([(\[{])\s+")


@lru_cache(maxsize=1)
def _moses_normalizer():  # type: ignore[no-untyped-def]
    from sacremoses import MosesPunctNormalizer

    return MosesPunctNormalizer(
        lang="ar", pre_replace_unicode_punct=True, post_remove_control_chars=True
    )


def _drop_controls(text: str) -> str:
    """Remove control and format characters (bidi marks, zero-width joiners, BOM)."""
    out = []
    for char in text:
        category = unicodedata.category(char)
        if char in "\t\n\r\v\f":
            out.append(" ")
        elif category in ("Cc", "Cf"):
            continue
        else:
            out.append(char)
    return "".join(out)


def normalize_source(text: str) -> str:
    """The source as the model saw its training data: NFC, no controls or tatweel, Moses
    punctuation normalisation, single spaces. Also the suggestion cache's key for the text."""
    text = unicodedata.normalize("NFC", text)
    text = _drop_controls(text).replace(TATWEEL, "")
    text = _SPACES.sub(" ", text).strip()
    if not text:
        return ""
    return _SPACES.sub(" ", _moses_normalizer().normalize(text)).strip()


def clean_output(text: str) -> str:
    """Detokenised model output without stray spaces around punctuation."""
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    return text


def _pieces(text: str, pattern: re.Pattern[str]) -> list[str]:
    return [part for part in pattern.split(text) if part]


def split_to_fit(text: str, count_tokens: Callable[[str], int], limit: int) -> list[str]:
    """Split ``text`` into consecutive parts of at most ``limit`` tokens each.

    Tries sentence boundaries first, then clause boundaries, then spaces; a single word longer
    than ``limit`` stays whole (the engine truncates it) rather than being cut mid-character.
    Parts are packed greedily so the model sees as much context as fits."""
    if count_tokens(text) <= limit:
        return [text]
    for pattern in (_SENTENCE_END, _CLAUSE_END, _SPACES):
        units = _pieces(text, pattern)
        if len(units) > 1:
            break
    else:
        return [text]
    parts: list[str] = []
    current = ""
    for unit in units:
        candidate = f"{current} {unit}" if current else unit
        if count_tokens(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        if count_tokens(unit) <= limit:
            current = unit
        else:
            parts.extend(split_to_fit(unit, count_tokens, limit))
            current = ""
    if current:
        parts.append(current)
    return parts
