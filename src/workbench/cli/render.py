"""All the command line's output: text and JSON, stdout and stderr.

:func:`show` prints what a handler returned, one function per result type; the handlers
print nothing. Paths are shown relative to the working folder when inside it
(:func:`~workbench.catalog.discovery.display_path`), so error lines and tables of one command
agree. JSON is UTF-8 as written (``ensure_ascii=False``), indented by two.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from workbench.catalog.discovery import display_path, shown_relative

if TYPE_CHECKING:
    from workbench.catalog.compiler import CatalogResult
    from workbench.catalog.stats import CatalogStats
    from workbench.cli.batch import Pretranslated, PretranslateInterrupted
    from workbench.cli.catalogs import Compiled, Imported, Stats
    from workbench.cli.documents import Built
    from workbench.cli.glossary import (
        GlossaryChecked,
        GlossaryExported,
        GlossaryImported,
        GlossaryMatches,
        TermAdded,
    )
    from workbench.cli.interchange import Analysis, XliffExported, XliffImported
    from workbench.cli.memory import (
        MemoryBuilt,
        MemoryConcordance,
        MemoryExported,
        MemoryImported,
        MemoryMatches,
        QaChecked,
    )
    from workbench.cli.mt import (
        ModelAdapted,
        ModelConverted,
        ModelEnsured,
        ModelList,
        ModelPulled,
        MtEvaluated,
        Translations,
    )
    from workbench.cli.serve import ServeStopped
    from workbench.cli.tui import TuiClosed
    from workbench.diagnostic import Diagnostic
    from workbench.errors import WorkbenchError
    from workbench.glossary.model import TermMatch
    from workbench.interchange.analysis import CatalogAnalysis
    from workbench.tm.concordance import Span


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _warn(text: str) -> None:
    print(text, file=sys.stderr)


Outcome = TypeVar("Outcome")
#: The function printing each result type, by the type's name: the result types stay in
#: their handler modules, which this module does not import (a command imports only its own).
_RENDERERS: dict[str, Callable[[Any], None]] = {}


def _renders(result_type: str) -> Callable[[Callable[[Outcome], None]], Callable[[Outcome], None]]:
    """Register the decorated function as the one printing results of ``result_type``."""

    def register(function: Callable[[Outcome], None]) -> Callable[[Outcome], None]:
        _RENDERERS[result_type] = function
        return function

    return register


def show(outcome: object) -> None:
    """Print ``outcome``, what a command handler returned."""
    _RENDERERS[type(outcome).__name__](outcome)


def error_line(error: BaseException) -> str:
    """The one line a failure becomes on stderr."""
    return f"workbench: {error}"


# --- catalogs --------------------------------------------------------------------------------


@_renders("Built")
def _built(outcome: Built) -> None:
    for result in outcome.results:
        for warning in result.warnings:
            _warn(f"workbench: warning: {warning}")
    if outcome.as_json:
        _print_json({"documents": [result.as_json(display_path) for result in outcome.results]})
        return
    for result in outcome.results:
        print(
            f"{display_path(result.output)}: {result.percent:g}% translated "
            f"({result.translated} translated, {result.fuzzy_used} fuzzy used, "
            f"{result.untranslated} untranslated of {result.entries} entries)"
        )


@_renders("Imported")
def _imported(outcome: Imported) -> None:
    for result in outcome.results:
        shown, counts = display_path(result.catalog), result.summary
        if result.created:
            print(f"{shown}: created, {result.entries} entries")
        elif not result.written:
            print(f"{shown}: unchanged, {result.entries} entries")
        else:
            print(
                f"{shown}: updated, {counts.kept} kept, {counts.fuzzy} fuzzy, "
                f"{counts.new} new, {counts.obsolete} obsolete"
            )


@_renders("Compiled")
def _compiled(outcome: Compiled) -> None:
    report = outcome.report
    for result in report.results:
        shown = display_path(result.catalog)
        for line in compile_problem_lines(result, shown):
            _warn(line)
        print(compile_status(result, shown))
    if outcome.failed:
        _warn(
            f"workbench: {len(report.errors)} error(s) in {outcome.failed} catalog(s); "
            "those catalogs were not compiled"
        )
    for error in report.unwritable:  # e.g. a .mo that cannot be written: exit 2, as bad input
        _warn(error_line(shown_relative(error)))


def compile_problem_lines(result: CatalogResult, shown: str) -> list[str]:
    """``file:line: message`` for each problem compile found, as ``msgfmt -c`` words them;
    ``file:line: [check] message`` for those of the extra checks (``--strict``'s QA), which
    are merged in by line (at one line, ``msgfmt``'s first)."""
    located = [(problem.line or 1, compile_problem_line(problem, shown)) for problem in
               result.problems]  # fmt: skip
    if result.extra_problems is None:
        return [text for _, text in located]
    for diagnostic in result.extra_problems:
        located.append((diagnostic.line or 1, checked_line(diagnostic, shown)))
    return [text for _, text in sorted(located, key=lambda pair: pair[0])]


def compile_problem_line(problem: Diagnostic, shown: str | None = None) -> str:
    """``file:line: [warning: ]message``, as ``msgfmt -c`` prints what it finds (``shown``:
    the file as displayed, else the problem's path)."""
    path = shown if shown is not None else problem.path
    prefix = "warning: " if not problem.is_error else ""
    return f"{path}:{problem.line}: {prefix}{problem.message}"


def checked_line(diagnostic: Diagnostic, shown: str | None = None) -> str:
    """``file:line: [warning: ][check] message (hint)``: a diagnostic that names the check
    that found it (``shown``: the file as displayed, else its path)."""
    path = shown if shown is not None else diagnostic.path
    where = ""
    if path is not None:
        where = f"{path}:{diagnostic.line}: " if diagnostic.line else f"{path}: "
    severity = "warning: " if not diagnostic.is_error else ""
    check = f"[{diagnostic.code}] " if diagnostic.code else ""
    text = f"{where}{severity}{check}{diagnostic.message}"
    return f"{text} ({diagnostic.hint})" if diagnostic.hint else text


def compile_status(result: CatalogResult, shown: str | None = None) -> str:
    """One status line for a catalog compile worked on."""
    from workbench.catalog.compiler import COMPILED, UP_TO_DATE

    name = shown or str(result.catalog)
    if result.status == UP_TO_DATE:
        return f"{name}: up to date"
    if result.status == COMPILED:
        translated = max(result.messages - 1, 0)  # the header is not a translation
        noun = "message" if translated == 1 else "messages"
        left_out = f" ({result.not_reviewed} not reviewed left out)" if result.not_reviewed else ""
        return f"{name}: {translated} translated {noun} compiled to {result.mo.name}{left_out}"
    count = len(result.errors)
    detail = f"{count} error{'s' if count != 1 else ''}, not compiled"
    if result.kept_previous_mo:
        detail += f"; {result.mo.name} left from an earlier compile is out of date"
    return f"{name}: {detail}"


@_renders("Stats")
def _stats(outcome: Stats) -> None:
    report = outcome.report
    for error in report.errors:
        _warn(error_line(shown_relative(error)))
    shown = [display_path(row.path) for row in report.rows]
    if outcome.as_json:
        rows = [row.as_json(path) for row, path in zip(report.rows, shown, strict=True)]
        _print_json({"catalogs": rows})
    elif report.rows:
        print(stats_table(report.rows, shown))


def stats_table(rows: list[CatalogStats], display_paths: list[str]) -> str:
    """A plain aligned table, one catalog per line, with a percentage column."""
    headings = (
        "catalog",
        "total",
        "translated",
        "reviewed",
        "fuzzy",
        "untranslated",
        "obsolete",
        "words",
        "done",
    )
    body = [
        (
            shown,
            str(row.total),
            str(row.translated),
            str(row.reviewed),
            str(row.fuzzy),
            str(row.untranslated),
            str(row.obsolete),
            str(row.source_words),
            f"{math.floor(row.percent_translated)}%",  # 99.7% is not done: never round up
        )
        for row, shown in zip(rows, display_paths, strict=True)
    ]
    widths = [max(len(cells[i]) for cells in (headings, *body)) for i in range(len(headings))]
    lines = []
    for cells in (headings, *body):
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        lines.append("  ".join([first, *rest]).rstrip())
    return "\n".join(lines)


# --- agency interchange: XLIFF and analysis ---------------------------------------------------


@_renders("XliffExported")
def _xliff_exported(outcome: XliffExported) -> None:
    result = outcome.result
    print(
        f"{display_path(result.catalog)}: {result.units} unit(s) exported to "
        f"{display_path(result.file)} (XLIFF {result.version})"
    )


@_renders("XliffImported")
def _xliff_imported(outcome: XliffImported) -> None:
    for result in outcome.results:
        for problem in result.problems:
            _warn(checked_line(problem, display_path(problem.path) if problem.path else None))
        skipped = f", {len(result.problems)} not applied" if result.problems else ""
        print(
            f"{display_path(result.catalog)}: {result.applied} updated, "
            f"{result.unchanged} unchanged{skipped}"
        )


@_renders("Analysis")
def _analysis(outcome: Analysis) -> None:
    report = outcome.report
    memory_skipped(outcome.memory_skipped)
    for error in report.errors:
        _warn(error_line(shown_relative(error)))
    shown = [display_path(row.path) for row in report.rows if row.path is not None]
    if outcome.as_json:
        rows = [row.as_json(path) for row, path in zip(report.rows, shown, strict=True)]
        _print_json({"catalogs": rows, "total": report.total.as_json()})
        return
    blocks = [analysis_table(row, name) for row, name in zip(report.rows, shown, strict=True)]
    if len(report.rows) > 1:
        blocks.append(analysis_table(report.total, "total"))
    if blocks:
        print("\n\n".join(blocks))


def analysis_table(row: CatalogAnalysis, title: str) -> str:
    """One catalog's analysis: words by status, then the work left by match class."""
    lines = [(title, "segments", "words")]
    for name, count in row.status.items():
        lines.append((name, str(count.segments), str(count.words)))
        if name == "translated":  # a part of it
            lines.append(("  reviewed", str(row.reviewed.segments), str(row.reviewed.words)))
    total = row.total
    lines.append(("total", str(total.segments), str(total.words)))
    lines.append(("to translate, by match:", "", ""))
    lines += [(f"  {name}", str(c.segments), str(c.words)) for name, c in row.matches.items()]
    widths = [max(len(cells[i]) for cells in lines) for i in range(3)]
    return "\n".join(
        f"{a.ljust(widths[0])}  {b.rjust(widths[1])}  {c.rjust(widths[2])}".rstrip()
        for a, b, c in lines
    )


# --- machine translation ---------------------------------------------------------------------


@_renders("Translations")
def _translations(outcome: Translations) -> None:
    if outcome.as_json:
        _print_json(
            [
                {
                    "source": source,
                    "suggestions": [suggestion.to_json() for suggestion in suggestions],
                }
                for source, suggestions in zip(outcome.sources, outcome.suggestions, strict=True)
            ]
        )
        return
    for suggestions in outcome.suggestions:
        if outcome.n_best == 1:
            print(suggestions[0].text if suggestions else "")
            continue
        for rank, suggestion in enumerate(suggestions, 1):
            print(f"{rank}. [{suggestion.score:.3f}] {suggestion.text}")
        print()


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


@_renders("MtEvaluated")
def _mt_evaluated(outcome: MtEvaluated) -> None:
    rows = outcome.rows
    if outcome.as_json:
        _print_json({"models": [row.to_json() for row in rows]})
        return
    header = ("model", "engine", "chrF++", "BLEU", "terms %", "placeholders %", "tokens/s")
    table = [
        (row.model, row.engine, f"{row.chrf:.1f}", f"{row.bleu:.1f}",
         _percent(row.term_accuracy), _percent(row.placeholders_kept), f"{row.tokens_per_s:.0f}")
        for row in rows
    ]  # fmt: skip
    widths = [max(len(line[i]) for line in (header, *table)) for i in range(len(header))]
    for line in (header, *table):
        cells = [
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
    print(f"scored on {rows[0].segments} approved entries ({outcome.language})")


@_renders("ModelPulled")
def _model_pulled(outcome: ModelPulled) -> None:
    pulled = outcome.pulled
    if outcome.as_json:
        _print_json(pulled.to_json())
        return
    print(f"installed {pulled.path}")
    print(f"next: workbench model convert {pulled.path.name}  (CTranslate2, ~3x faster on CPU)")


@_renders("ModelConverted")
def _model_converted(outcome: ModelConverted) -> None:
    print(f"converted to {outcome.path} ({outcome.quantization})")


@_renders("ModelEnsured")
def _model_ensured(outcome: ModelEnsured) -> None:
    ensured = outcome.ensured
    if outcome.as_json:
        _print_json(ensured.to_json())
        return
    if ensured.status in ("offline", "unavailable"):
        why = ensured.reason if ensured.status == "offline" else (
            f"cannot be downloaded now: {ensured.reason}"
        )
        _warn(
            f"workbench: {ensured.model_id} is not installed and {why}; working "
            "without machine suggestions (run 'workbench model pull' when online)"
        )
        return
    done = {"ready": "ready", "pulled": "downloaded and converted", "converted": "converted"}
    print(f"{ensured.model_id}: {done[ensured.status]} ({ensured.path})")


@_renders("ModelAdapted")
def _model_adapted(outcome: ModelAdapted) -> None:
    result = outcome.result
    if outcome.as_json:
        _print_json(result.to_json())
        return
    resumed = ""
    if result.resumed_from_epoch:
        resumed = f", resumed after epoch {result.resumed_from_epoch}"
    print(
        f"adapted {result.base_model} on {result.pairs_used} pairs ({result.glossary_pairs} "
        f"glossary terms), {result.epochs_run} epoch(s){resumed}"
    )
    print(
        f"held-out chrF++ on {result.held_out} pairs: {result.chrf_before:.1f} before, "
        f"{result.chrf_after:.1f} after"
    )
    converted = f" and {display_path(result.ctranslate2_path)}" if result.ctranslate2_path else ""
    print(f"wrote {display_path(result.path)}{converted}")
    if result.made_default:
        print(f"it is now the default model for {outcome.language}")
    else:
        print(
            f"the adapted model scores lower than {result.base_model} on the held-out pairs: "
            f"not made the default (try it with --model {result.path.name})"
        )


@_renders("ModelList")
def _model_list(outcome: ModelList) -> None:
    models = outcome.models
    if outcome.as_json:
        _print_json(
            [
                {"name": m.name, "path": str(m.path), "engine": m.engine,
                 "size_bytes": m.size_bytes, "weights": m.weights,
                 **({"adapted_from": m.adapted_from, "default": m.default}
                    if m.adapted_from is not None else {})}
                for m in models
            ]
        )
        return
    if not models:
        print(f"no models installed in {outcome.folder} (workbench model pull)")
        return
    width = max(len(m.name) for m in models)
    for m in models:
        size = f"{m.size_bytes / 1_000_000:.1f} MB"
        adapted = ""
        if m.adapted_from is not None:
            adapted = f"  adapted from {m.adapted_from}" + (" (default)" if m.default else "")
        print(f"{m.name:<{width}}  {m.engine:<12}  {size:>10}  {m.weights}{adapted}")


# --- batch pre-translation -------------------------------------------------------------------


@_renders("PretranslateInterrupted")
def _pretranslate_interrupted(outcome: PretranslateInterrupted) -> None:
    _warn(
        "workbench: interrupted; the entries filled so far are saved (run the same "
        "command again to finish)"
    )


@_renders("Pretranslated")
def _pretranslated(outcome: Pretranslated) -> None:
    summary = outcome.summary
    memory_skipped(summary.memory_skipped)
    for problem in summary.problems:
        _warn(error_line(problem))
    for refused in summary.refused:
        _warn(f"workbench: warning: skipped: {refused}")
    for warning in summary.warnings:
        _warn(f"workbench: warning: {warning}")
    if outcome.as_json:
        _print_json(summary.to_json())
        return
    verb = "would fill" if summary.dry_run else "filled"
    for detail in summary.details:
        done = detail.segments if summary.dry_run else detail.translated
        if detail.error and not summary.dry_run:
            print(f"{display_path(detail.path)}: not filled ({detail.language}: model not loaded)")
            continue
        missing = ", not installed" if detail.error else ""
        print(f"{display_path(detail.path)}: {verb} {done} of {detail.segments} "
              f"({detail.language}, {detail.model or 'no model needed'}{missing})")
    terms = ""
    if outcome.used_glossary and (summary.terms_enforced or summary.terms_not_enforced):
        terms = (f"; glossary terms enforced in {summary.terms_enforced} source(s), "
                 f"plain MT kept for {summary.terms_not_enforced}")
    if summary.dry_run:
        print(f"dry run: {summary.segments} entries ({summary.unique_sources} distinct sources) "
              f"in {summary.catalogs} catalog(s); nothing written")
    else:
        below = ""
        if summary.min_score is not None:
            below = (f" ({summary.below_threshold} below_threshold: MT confidence under "
                     f"{summary.min_score:g})")
        print(f"{summary.translated} of {summary.segments} entries filled (fuzzy) in "
              f"{summary.catalogs} catalog(s), {summary.skipped} skipped{below}, "
              f"{summary.from_tm} from TM{terms}; {summary.seconds:.1f} s, "
              f"{summary.segments_per_s:.1f} segments/s")
        if summary.workers:
            from workbench.pretranslate.progress import workers_line

            print(f"on Ray: {workers_line(summary.workers)}")


# --- glossary --------------------------------------------------------------------------------


def match_record(found: TermMatch) -> dict[str, object]:
    """The JSON shape of a match for ``glossary match --json``."""
    return {
        "start": found.start,
        "end": found.end,
        "text": found.text,
        "term": found.term.source,
        "target": found.term.target,
        "note": found.term.note,
    }


@_renders("GlossaryMatches")
def _glossary_matches(outcome: GlossaryMatches) -> None:
    if outcome.as_json:
        _print_json([match_record(found) for found in outcome.matches])
        return
    for found in outcome.matches:
        print(f"{found.start}\t{found.end}\t{found.text}\t{found.term.target}")


def glossary_problem_line(problem: Diagnostic) -> str:
    """``glossary:line: kind: message``, one line of ``glossary check`` (``code``: the kind)."""
    return f"{problem.location}{problem.code}: {problem.message}"


@_renders("GlossaryChecked")
def _glossary_checked(outcome: GlossaryChecked) -> None:
    path = outcome.path
    for problem in outcome.problems:
        print(glossary_problem_line(problem))
    if outcome.problems:
        _warn(f"{len(outcome.problems)} problem(s)")
        return
    print(f"{path}: no problems")


@_renders("TermAdded")
def _term_added(outcome: TermAdded) -> None:
    print(f"added to {outcome.path}: {outcome.term.source} -> {outcome.term.target}")


@_renders("GlossaryImported")
def _glossary_imported(outcome: GlossaryImported) -> None:
    path, result = outcome.path, outcome.result
    for new, old in result.conflicts:
        _warn(
            f"{outcome.source}:{new.line}: not imported: '{new.source}' -> '{new.target}'"
            f" conflicts with '{old.target}' ({path}:{old.line})"
        )
    print(
        f"{path}: {len(result.added)} added, {len(result.duplicates)} already present,"
        f" {len(result.conflicts)} conflicting"
    )


@_renders("GlossaryExported")
def _glossary_exported(outcome: GlossaryExported) -> None:
    print(f"{outcome.file}: {outcome.count} terms")


# --- translation memory and QA ---------------------------------------------------------------


def memory_skipped(errors: Iterable[WorkbenchError]) -> None:
    """Catalogs the memory's sync could not read (retried at the next sync)."""
    for error in errors:
        _warn(f"workbench: warning: skipped for the memory: {error}")


@_renders("MemoryMatches")
def _memory_matches(outcome: MemoryMatches) -> None:
    if outcome.as_json:
        _print_json([match.to_json() for match in outcome.matches])
    elif not outcome.matches:
        print(f"no match of {outcome.min_score}% or more")
    else:
        for match in outcome.matches:
            print(f"{match.score:3d}%  {match.target}\n      {match.source}  [{match.origin}]")


def _marked(text: str, spans: Sequence[Span], on: str, off: str) -> str:
    """``text`` with each span between ``on`` and ``off``."""
    pieces, position = [], 0
    for span in spans:
        pieces += [text[position : span.start], on, text[span.start : span.end], off]
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


@_renders("MemoryConcordance")
def _memory_concordance(outcome: MemoryConcordance) -> None:
    found = outcome.found
    if outcome.as_json:
        _print_json(found.to_json())
        return
    if not found.hits:
        print(f"no unit holds {found.query!r} in its {found.searched}")
        return
    # Bold on a terminal; elsewhere the text as stored (a mark would be read as part of it).
    on, off = ("\x1b[1;33m", "\x1b[0m") if sys.stdout.isatty() else ("", "")
    for hit in found.hits:
        print(f"[{hit.origin}]{' (fuzzy)' if hit.fuzzy else ''}")
        print(f"  {_marked(hit.source, hit.source_spans, on, off)}")
        print(f"  {_marked(hit.target, hit.target_spans, on, off)}")
    more = ", more in the memory (--limit)" if found.more else ""
    print(f"{len(found.hits)} unit(s) holding {found.query!r} in the {found.searched}{more}")


@_renders("MemoryImported")
def _memory_imported(outcome: MemoryImported) -> None:
    print(
        f"imported {outcome.units} unit(s) from {outcome.file} ({outcome.added} new); "
        f"{outcome.total} in the memory"
    )


@_renders("MemoryExported")
def _memory_exported(outcome: MemoryExported) -> None:
    print(f"exported {outcome.count} unit(s) to {outcome.file}")


@_renders("MemoryBuilt")
def _memory_built(outcome: MemoryBuilt) -> None:
    print(
        f"translation memory {outcome.path}: {outcome.total} segment(s); "
        f"{outcome.catalogs} catalog(s) read"
    )


def _shown_catalog(catalog: Path | None) -> str | None:
    return None if catalog is None else display_path(catalog)


def finding_line(finding: Diagnostic) -> str:
    """``file:line: severity: [check] message``: one QA finding, its catalog as displayed."""
    catalog = _shown_catalog(finding.path)
    where = ""
    if catalog is not None:
        where = f"{catalog}:{finding.line}: " if finding.line else f"{catalog}: "
    return f"{where}{finding.severity}: [{finding.code}] {finding.message}"


def finding_record(finding: Diagnostic) -> dict[str, object]:
    """The JSON shape of a QA finding for ``qa --json``, with the keys and order scripts read
    (``msgid``: the finding's subject, ``check``: its code)."""
    return {
        "catalog": _shown_catalog(finding.path),
        "line": finding.line,
        "msgid": finding.subject,
        "check": finding.code,
        "severity": finding.severity,
        "message": finding.message,
    }


@_renders("QaChecked")
def _qa_checked(outcome: QaChecked) -> None:
    """The findings; with ``--show-dismissed`` the dismissed ones too, marked ``dismissed``
    (text) or ``"dismissed": true`` (JSON, where every record then has the key)."""
    findings = outcome.findings
    for notice in outcome.notices:  # on stderr: the JSON on stdout stays the findings
        _warn(f"workbench: warning: {notice}")
    if outcome.as_json:
        if not outcome.show_dismissed:
            _print_json([finding_record(finding) for finding in findings])
            return
        records = [{**finding_record(f), "dismissed": False} for f in findings]
        records += [{**finding_record(f), "dismissed": True} for f in outcome.dismissed]
        _print_json(records)
        return
    for finding in findings:
        print(finding_line(finding))
    if outcome.show_dismissed:
        for finding in outcome.dismissed:
            print(dismissed_line(finding))
    errors = sum(finding.severity == "error" for finding in findings)
    warnings = len(findings) - errors
    summary = f"{errors} error(s), {warnings} warning(s) in {outcome.catalogs} catalog(s)"
    if outcome.dismissed:
        listed = "" if outcome.show_dismissed else " (qa --show-dismissed lists them)"
        summary += f"; {len(outcome.dismissed)} dismissed{listed}"
    print(summary)


def dismissed_line(finding: Diagnostic) -> str:
    """A dismissed finding: its :func:`finding_line` with ``dismissed`` for a severity."""
    catalog = _shown_catalog(finding.path)
    where = ""
    if catalog is not None:
        where = f"{catalog}:{finding.line}: " if finding.line else f"{catalog}: "
    return f"{where}dismissed {finding.severity}: [{finding.code}] {finding.message}"


# --- terminal UI -----------------------------------------------------------------------------


@_renders("TuiClosed")
def _tui_closed(outcome: TuiClosed) -> None:
    """Nothing to add: the app showed everything itself."""


@_renders("ServeStopped")
def _serve_stopped(outcome: ServeStopped) -> None:
    print("workbench: the server stopped; every session saved its work")
