"""Catalogs of approved translations built from the sample corpus, for ``mt eval`` and
``model adapt``: every sentence and every clause of the Arabic article paired with an English
line. Not a real parallel text (no one translated the article here), but a fixed one, so a
model can learn it and a score can be known."""

from __future__ import annotations

import re
from pathlib import Path

import polib

from tests.support.catalogs import minimal_catalog
from tests.support.tiny_marian import ENGLISH_TEXT
from workbench.catalog.importer import translatable_sentences

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpus" / "hanoi-convention-signing.ar.txt"
_CLAUSE = re.compile(r"\s*[،,؛;:]\s*")


def english_lines() -> list[str]:
    return [s.strip().rstrip(".") + "." for s in ENGLISH_TEXT.replace("\n", " ").split(". ")
            if s.strip()]


def sample_pairs() -> list[tuple[str, str]]:
    """Each sentence of the sample, then each of its clauses of three words or more, paired
    in turn with a line of English: a few hundred distinct pairs."""
    english = english_lines()
    sources: list[str] = []
    for sentence in translatable_sentences(SAMPLE):
        sources.append(sentence)
        sources += [c for c in _CLAUSE.split(sentence) if len(c.split()) >= 3 and c != sentence]
    unique = list(dict.fromkeys(sources))
    return [(source, english[i % len(english)]) for i, source in enumerate(unique)]


def write_approved_catalog(path: Path, pairs: list[tuple[str, str]], language: str = "en") -> Path:
    """``pairs`` as approved (translated, not fuzzy) entries of a catalog at ``path``."""
    po = minimal_catalog(
        (polib.POEntry(msgid=source, msgstr=target) for source, target in pairs),
        language=language,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path
