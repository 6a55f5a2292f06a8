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


GLOSSARY = ROOT / "corpus" / "official-titles.tsv"

#: Sentence frames around a glossary term, Arabic and English: what a project's approved
#: sentences share, so a model adapted on some of them can be scored on the others.
FRAMES = (
    ("تحدث عن {} في المؤتمر", "He spoke about {} at the conference."),
    ("ذكر البيان {} مرتين", "The statement mentioned {} twice."),
    ("شكر المشاركون {}", "The participants thanked {}."),
    ("{} في حفل التوقيع", "{} at the signing ceremony."),
    ("أشاد الوفد بدور {}", "The delegation praised the role of {}."),
    ("ناقش الخبراء {} أمس", "The experts discussed {} yesterday."),
    ("قرأ الصحفيون عن {}", "The journalists read about {}."),
    ("سيزور الرئيس {} قريبا", "The president will visit {} soon."),
)


def glossary_terms() -> list[tuple[str, str]]:
    """(Arabic, English) of the sample glossary, in file order."""
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")[:2]) for line in lines if line and not line.startswith("#")]


def term_sentence_documents(documents: int = 10) -> list[list[tuple[str, str]]]:
    """Every frame around every glossary term (a hundred and sixty pairs), as ``documents``
    documents that each hold all frames of a few terms: a held-out document's terms were
    seen only as glossary pairs, its frames only around other terms."""
    terms = glossary_terms()
    return [
        [(ar.format(term_ar), en.format(term_en)) for term_ar, term_en in terms[d::documents]
         for ar, en in FRAMES]
        for d in range(documents)
    ]


def write_approved_catalog(path: Path, pairs: list[tuple[str, str]], language: str = "en") -> Path:
    """``pairs`` as approved (translated, not fuzzy) entries of a catalog at ``path``."""
    po = minimal_catalog(
        (polib.POEntry(msgid=source, msgstr=target) for source, target in pairs),
        language=language,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path
