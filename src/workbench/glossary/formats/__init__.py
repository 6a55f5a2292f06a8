"""Glossary file formats, chosen by extension: ``.tsv``/``.txt`` (OmegaT layout), ``.csv`` and
``.tbx`` (TBX-Basic). Each reader returns the terms and the problems it met, with line numbers;
strict reading turns the first problem into a :class:`~workbench.errors.WorkbenchError`."""

from __future__ import annotations

import shlex
from pathlib import Path

from workbench.diagnostic import Diagnostic
from workbench.errors import WorkbenchError
from workbench.glossary.model import Term

FORMATS = {".tsv": "tsv", ".txt": "tsv", ".tab": "tsv", ".utf8": "tsv", ".csv": "csv",
           ".tbx": "tbx"}


def format_of(path: Path) -> str:
    """"tsv", "csv" or "tbx" from the file name; anything else is refused."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise WorkbenchError(
            f"unknown glossary format '{path.suffix or '(no extension)'}'",
            path,
            hint="use .tsv (OmegaT layout), .csv or .tbx",
        ) from None


def read_text(path: Path) -> str:
    """UTF-8 text (a BOM is skipped); bad bytes are reported with their line."""
    from workbench.fileio import read_bytes  # filelock only when a glossary is read

    data = read_bytes(path, "glossary file", missing="glossary file not found")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise WorkbenchError("not valid UTF-8", path, line, hint="save it as UTF-8") from None


def read_glossary_lenient(
    path: Path, *, target_language: str | None = None
) -> tuple[list[Term], list[Diagnostic]]:
    """Every readable term plus the problems of the lines that were not (for ``check``).

    ``target_language``: the language the translations should be in, for a file that holds
    several (TBX: see :func:`~workbench.glossary.formats.tbx.pick_target_language`); ``None``
    takes English, else the first. TSV and CSV hold one and ignore it."""
    kind = format_of(path)
    text = read_text(path)
    if kind == "tsv":
        from workbench.glossary.formats.tsv import parse_tsv

        return parse_tsv(text)
    if kind == "csv":
        from workbench.glossary.formats.csv_format import parse_csv

        return parse_csv(text)
    from workbench.glossary.formats.tbx import parse_tbx

    return parse_tbx(text, target_language)


def read_glossary(path: Path, *, target_language: str | None = None) -> list[Term]:
    """Terms of ``path`` (``target_language`` as for :func:`read_glossary_lenient`); the first
    malformed line raises WorkbenchError with its number."""
    terms, problems = read_glossary_lenient(path, target_language=target_language)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise WorkbenchError(
            first.message + more,
            path,
            first.line,
            hint=f"run 'workbench glossary check {shlex.quote(str(path))}' to list every problem",
        )
    return terms


def format_glossary(terms: list[Term], kind: str, target_language: str) -> str:
    """The file text of ``terms`` in format ``kind`` (TBX records ``target_language``)."""
    if kind == "tsv":
        from workbench.glossary.formats.tsv import format_tsv

        return format_tsv(terms)
    if kind == "csv":
        from workbench.glossary.formats.csv_format import format_csv

        return format_csv(terms)
    from workbench.glossary.formats.tbx import format_tbx

    return format_tbx(terms, target_language)


def recorded_target_language(path: Path, wanted: str | None) -> str | None:
    """The translations' language the glossary file at ``path`` records, spelled as there, as
    a rewrite should record it; ``None`` for TSV and CSV (they record none) and for a TBX file
    without translations. A TBX file with translations in several languages is refused: a
    rewrite holds one language, so it would drop the others' terms."""
    if format_of(path) != "tbx":
        return None
    from workbench.glossary.formats.tbx import pick_target_language, tbx_languages

    languages = tbx_languages(read_text(path))
    if len(languages) > 1:
        raise WorkbenchError(
            f"holds translations in several languages ({', '.join(languages)}); rewriting it "
            "would keep only one of them",
            path,
            hint="edit it with a TBX editor, or export the terms to a TSV glossary "
            "('workbench glossary export FILE.tsv') and configure that one",
        )
    return pick_target_language(languages, wanted)


def write_glossary(path: Path, terms: list[Term], target_language: str) -> None:
    """Write ``terms`` atomically in the format of ``path``'s extension (TBX records
    ``target_language`` as the translations' language; TSV and CSV have no place for it)."""
    from workbench.fileio import atomic_write_text

    atomic_write_text(path, format_glossary(terms, format_of(path), target_language))
