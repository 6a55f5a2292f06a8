"""f9: the open catalog's translated document, built as ``workbench build`` builds it.

:class:`DocumentBuilder` runs the core's build
(:func:`workbench.catalog.build.build_catalog_document`: the catalog's source found by its
references, the default output ``build/<lang>/<name>``, written atomically or not at all) from
the app's worker thread, so typing never waits for it.
The notices say where the document went and how much of it is translated, or why nothing was
written, naming the segment whose markup does not match. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import WorkbenchError
from workbench.tui.editing import Notice

if TYPE_CHECKING:
    from workbench.catalog.build import BuildResult


@dataclass(frozen=True)
class DocumentBuilder:
    """Builds ``catalog``'s document in ``language``; ``root`` is the project folder (outputs
    go under its ``build/``, references are read from it), ``corpus`` where sources are
    looked for when the references name none that exists."""

    catalog: Path
    language: str
    root: Path
    corpus: Path | None = None

    def build(self) -> BuildResult:
        """Blocking (a long page takes a second): call from a worker thread. Raises
        :class:`WorkbenchError` when nothing could be built."""
        from workbench.catalog.build import build_catalog_document

        return build_catalog_document(
            self.catalog, self.language, root=self.root, corpus=self.corpus
        )


def shown_path(path: Path, root: Path) -> str:
    """``path`` relative to the project ``root`` when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def built_notice(result: BuildResult, root: Path, unsaved: int = 0) -> Notice:
    """Where the document went and how much of it is translated; ``unsaved``: approvals the
    catalog did not hold yet (a failing write), so not in the document."""
    used = result.translated + result.fuzzy_used
    text = (
        f"Built {shown_path(result.output, root)}: {result.percent:.1f}% translated"
        f" ({used} of {result.entries} entries)"
    )
    if result.untranslated:
        text += f"; {result.untranslated} untranslated or fuzzy keep the source text"
    if unsaved:
        text += f". {unsaved} save(s) not yet written to the catalog are not in it"
    return Notice(text, "warning" if unsaved else "information", timeout=8)


def build_failed_notice(error: Exception, number_of: Callable[[str], int | None]) -> Notice:
    """Why nothing was built; a markup mismatch names its segment (``number_of(msgid)``, the
    1-based number shown in the list) besides the catalog's ``file:line``."""
    segment = ""
    msgid = getattr(error, "msgid", "")
    if msgid:
        number = number_of(msgid)
        segment = f"#{number}: " if number is not None else ""
    if isinstance(error, WorkbenchError):
        reason = str(error)
    else:  # a defect in the build must not take the UI down: said, never raised
        reason = f"{type(error).__name__}: {error}"
    return Notice(f"Document not built: {segment}{reason}", "error", timeout=12)
