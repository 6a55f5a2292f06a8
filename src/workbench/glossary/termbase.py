"""The glossary as the rest of the workbench sees it: terms loaded from a file, and matching."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import WorkbenchError
from workbench.glossary.matcher import TermMatcher
from workbench.glossary.model import Term, TermMatch

if TYPE_CHECKING:
    from workbench.config import Config


class Glossary:
    """An ordered list of terms with an Arabic-aware matcher built on first use."""

    def __init__(self, terms: Iterable[Term], path: Path | None = None) -> None:
        self.terms: list[Term] = list(terms)
        self.path = path
        self._matcher: TermMatcher | None = None

    @classmethod
    def load(cls, path: str | Path, *, target_language: str | None = None) -> Glossary:
        """Read a glossary (format by extension: .tsv/.txt, .csv, .tbx) and build its matcher.

        ``target_language``: the language the translations should be in (the project's
        :attr:`~workbench.config.Config.primary_target_language`), for a TBX file holding
        several; ``None`` takes English, else the first. A malformed file raises
        :class:`~workbench.errors.WorkbenchError` naming file and line.
        """
        from workbench.glossary.formats import read_glossary

        glossary = cls(read_glossary(Path(path), target_language=target_language), Path(path))
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


def project_glossary_path(config: Config, *, explicit: bool, use: bool = True) -> Path | None:
    """The glossary file a command uses, or None: ``config.glossary`` (``--glossary``
    overrides it) when ``use``. The configured glossary is optional, so a project without one
    still works; a glossary named explicitly (``explicit``) must exist, so a mistyped
    ``--glossary`` is reported instead of silently working without terms."""
    path = config.glossary
    if not use or path is None:
        return None
    if path.is_file():
        return path
    if not explicit:
        return None
    what = "is a folder, not a glossary file" if path.is_dir() else "glossary file not found"
    raise WorkbenchError(
        what, path, hint="check the --glossary path, or leave it out to use the project glossary"
    )

