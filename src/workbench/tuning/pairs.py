"""The project's approved translations as (source, target) pairs, tagged with their document.

Both ``mt eval`` and ``model adapt`` learn from or score against what translators approved:
translated, non-fuzzy, non-obsolete entries of the catalogs of one target language. Each pair
keeps the catalog it came from (its *document*), so a held-out split can be chosen by document
and a sentence's near-duplicates in the same text never leak from training into the test set.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.catalog.discovery import select_catalogs
from workbench.catalog.language import catalog_language
from workbench.catalog.po.flags import read_flags
from workbench.catalog.pofile import read_po
from workbench.tm.catalogs import catalog_origin


@dataclass(frozen=True)
class ApprovedPair:
    """One approved translation: ``document`` is its catalog's origin
    (``en/LC_MESSAGES/news.po``), ``formats`` the format flags its placeholders follow."""

    source: str
    target: str
    document: str
    formats: tuple[str, ...] = ()


def approved_pairs(
    catalogs: Sequence[Path], locales: Path, language: str | None
) -> list[ApprovedPair]:
    """Approved pairs of the catalogs named (default: all under ``locales``) whose target
    language is ``language`` (None: every catalog). Plural entries give their singular and
    plural; duplicates (same source and target) are kept once."""
    found: dict[tuple[str, str], ApprovedPair] = {}
    for path in select_catalogs(catalogs, locales):
        po = read_po(path)
        if language is not None and catalog_language(path, po, default=language) != language:
            continue
        document = catalog_origin(path)
        for entry in po:
            flags = read_flags(tuple(entry.flags))
            if entry.obsolete or not entry.msgid or flags.fuzzy:
                continue
            formats = flags.formats
            if entry.msgid_plural:
                forms = entry.msgstr_plural
                if not forms or not all(forms.values()):
                    continue
                texts = [(entry.msgid, forms[min(forms)]), (entry.msgid_plural, forms[max(forms)])]
            elif entry.msgstr:
                texts = [(entry.msgid, entry.msgstr)]
            else:
                continue
            for source, target in texts:
                found.setdefault((source, target), ApprovedPair(source, target, document, formats))
    return list(found.values())


def split_by_document(
    pairs: Sequence[ApprovedPair], holdout_percent: float, seed: int = 0
) -> tuple[list[ApprovedPair], list[ApprovedPair]]:
    """(training, held-out): whole documents go to the held-out set, in a seeded random order,
    until it holds ``holdout_percent`` of the pairs; a document that would take it past half
    as much again is passed over. When no document is small enough (a project of one or two
    big documents) there is no other choice than to split within them: every ``1/share``-th
    pair is held out, evenly spread rather than one contiguous block of a text."""
    wanted = round(len(pairs) * holdout_percent / 100)
    if wanted == 0:
        return list(pairs), []
    sizes: dict[str, int] = {}
    for pair in pairs:
        sizes[pair.document] = sizes.get(pair.document, 0) + 1
    documents = sorted(sizes)
    random.Random(seed).shuffle(documents)
    held: set[str] = set()
    count = 0
    for document in documents[:-1]:  # at least one document stays for training
        if count >= wanted:
            break
        if count + sizes[document] <= wanted * 1.5:
            held.add(document)
            count += sizes[document]
    if held:
        return (
            [pair for pair in pairs if pair.document not in held],
            [pair for pair in pairs if pair.document in held],
        )
    step = max(2, round(len(pairs) / wanted))
    return (
        [pair for index, pair in enumerate(pairs) if index % step != step - 1],
        [pair for index, pair in enumerate(pairs) if index % step == step - 1],
    )
