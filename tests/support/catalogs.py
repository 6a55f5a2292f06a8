"""Catalog pieces several test files need: entries msgfmt accepts, built the same way everywhere."""

from __future__ import annotations

import random
from collections.abc import Iterable

import polib

#: ``Plural-Forms`` of English (and of every catalog whose test only needs two forms).
ENGLISH_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"


def minimal_header(
    project: str | None = None, language: str = "en", plural_forms: str | None = None
) -> dict[str, str]:
    """The smallest header ``msgfmt -c`` accepts (language, charset), fields in GNU's order;
    ``Project-Id-Version`` and ``Plural-Forms`` only when given."""
    header = {} if project is None else {"Project-Id-Version": project}
    header["Language"] = language
    header["MIME-Version"] = "1.0"
    header["Content-Type"] = "text/plain; charset=UTF-8"
    header["Content-Transfer-Encoding"] = "8bit"
    if plural_forms is not None:
        header["Plural-Forms"] = plural_forms
    return header


def minimal_catalog(
    entries: Iterable[polib.POEntry] = (),
    *,
    project: str | None = None,
    language: str = "en",
    plural_forms: str | None = None,
) -> polib.POFile:
    """An in-memory catalog of ``entries`` with :func:`minimal_header`, wrapped at GNU's 79
    columns: the starting point of every test and benchmark catalog."""
    po = polib.POFile(wrapwidth=79)
    po.metadata = minimal_header(project, language, plural_forms)
    po.extend(entries)
    return po


def mirror_newlines(msgid: str, msgstr: str) -> str:
    """``msgstr`` made to begin and end with a newline exactly when ``msgid`` does, as
    ``msgfmt -c`` demands (and never empty, so the entry stays translated)."""
    msgstr = msgstr.strip("\n") or "x"
    if msgid.startswith("\n"):
        msgstr = "\n" + msgstr
    if msgid.endswith("\n"):
        msgstr += "\n"
    return msgstr


def fuzzy_entry(
    msgid: str, msgstr: str, previous_msgid: str, previous_msgctxt: str | None = None
) -> polib.POEntry:
    """A fuzzy entry that remembers the source it was translated from (``#| msgid``), as
    ``msgmerge`` leaves one whose source changed."""
    return polib.POEntry(
        msgid=msgid,
        msgstr=msgstr,
        flags=["fuzzy"],
        previous_msgid=previous_msgid,
        previous_msgctxt=previous_msgctxt,
    )


def numbered_article(sentences: list[str], count: int, seed: int = 1) -> list[str]:
    """A long article for re-import: ``count`` paragraphs, each a sentence of the sample with a
    number making it unique (bench/import_merge.py times it, tests/unit/test_merge.py pins it)."""
    rng = random.Random(seed)
    return [f"{rng.choice(sentences)[:-1]} رقم {number}." for number in range(count)]


def revised_article(paragraphs: list[str], seed: int = 2) -> list[str]:
    """Its revision: a number added to 10% of the sentences, 5% deleted, 5% new."""
    rng = random.Random(seed)
    revised = []
    for number, paragraph in enumerate(paragraphs):
        roll = rng.random()
        if roll < 0.05:
            continue
        if roll < 0.15:
            paragraph = paragraph.replace(" رقم ", f" العدد {rng.randint(1, 99)} رقم ")
        revised.append(paragraph)
        if rng.random() < 0.05:
            revised.append(f"جملة جديدة أضيفت في المراجعة بعد الفقرة {number} عن موضوع مختلف.")
    return revised
