"""The glossary as the rest of the workbench sees it: terms loaded from a file, and matching."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from workbench.glossary.matcher import TermMatcher
from workbench.glossary.model import Term, TermMatch


class Glossary:
    """An ordered list of terms with an Arabic-aware matcher built on first use."""

    def __init__(self, terms: Iterable[Term], path: Path | None = None) -> None:
        self.terms: list[Term] = list(terms)
        self.path = path
        self._matcher: TermMatcher | None = None

    @classmethod
    def load(cls, path: str | Path) -> Glossary:
        """Read a glossary (format by extension: .tsv/.txt, .csv, .tbx) and build its matcher.

        A malformed file raises :class:`~workbench.errors.WorkbenchError` naming file and line.
        """
        from workbench.glossary.formats import read_glossary

        glossary = cls(read_glossary(Path(path)), Path(path))
        glossary.matcher  # noqa: B018 - build now, so load time includes the automaton
        return glossary

    @property
    def matcher(self) -> TermMatcher:
        if self._matcher is None:
            self._matcher = TermMatcher(self.terms)
        return self._matcher

    def match(self, text: str) -> list[TermMatch]:
        """Terms found in ``text``, leftmost-longest, offsets into ``text`` as given."""
        return self.matcher.match(text)

    def __len__(self) -> int:
        return len(self.terms)

    def __repr__(self) -> str:
        return f"Glossary({len(self.terms)} terms, path={self.path!s})"


def match_record(found: TermMatch) -> dict[str, object]:
    """The JSON shape of a match for ``glossary match --json`` and other tools."""
    return {
        "start": found.start,
        "end": found.end,
        "text": found.text,
        "term": found.term.source,
        "target": found.term.target,
        "note": found.term.note,
    }


def serves_language(glossary_language: str | None, language: str) -> bool:
    """Whether a glossary whose translations are in ``glossary_language`` applies to a catalog
    in ``language``: same primary language subtag, any case, region or separator (an English
    glossary serves ``en_GB``, not ``fr``). ``None`` means the glossary's language is unknown:
    it applies everywhere."""
    if not glossary_language:
        return True

    def primary(tag: str) -> str:
        return re.split(r"[-_@.]", tag.strip().lower(), maxsplit=1)[0]

    return primary(glossary_language) == primary(language)
