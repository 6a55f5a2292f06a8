"""Command line: parses arguments, loads configuration, calls the core, prints results.

No logic lives here; every command handler is a thin call into a core module. Errors from any
layer arrive as :class:`~workbench.errors.WorkbenchError` and become one line on stderr with
exit status 2 (bad input) or 1 (checks failed).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench import __version__
from workbench.config import Config, load_config
from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.diagnostic import Diagnostic


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# --- catalog commands (issue: foundation) -------------------------------------------------


def cmd_import(args: argparse.Namespace, config: Config) -> int:
    from workbench.catalog.discovery import display_path, shown_relative
    from workbench.catalog.importer import import_sources

    try:
        results = import_sources(
            args.sources,
            language=args.lang,
            locales=config.locales,
            root=config.root,
            domain=args.domain,
        )
    except WorkbenchError as exc:
        raise shown_relative(exc) from None
    for result in results:
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
    return 0


def cmd_compile(args: argparse.Namespace, config: Config) -> int:
    from dataclasses import replace

    from workbench.catalog.compiler import (
        CompileOptions,
        compile_catalogs,
        describe,
    )
    from workbench.catalog.discovery import display_path, select_catalogs, shown_relative
    from workbench.glossary.termbase import project_glossary_path

    if args.glossary is not None and not args.strict:  # else silently unused
        raise WorkbenchError(
            "--glossary is used by --strict's title checks only",
            hint="add --strict, or leave --glossary out",
        )
    catalogs = select_catalogs(args.catalogs, config.locales)
    options = CompileOptions(
        use_fuzzy=args.use_fuzzy,
        strict=args.strict,
        glossary=project_glossary_path(
            config, explicit=args.glossary is not None, use=args.strict
        ),
        glossary_language=config.primary_target_language,
    )
    report = compile_catalogs(catalogs, options)
    for result in report.results:
        shown = display_path(result.catalog)
        for problem in result.problems:
            print(render_compile_diagnostic(replace(problem, path=Path(shown))), file=sys.stderr)
        print(describe(result, shown))
    failed = sum(1 for result in report.results if result.errors)
    if failed:
        print(
            f"workbench: {len(report.errors)} error(s) in {failed} catalog(s); "
            "those catalogs were not compiled",
            file=sys.stderr,
        )
    for error in report.unwritable:  # e.g. a .mo that cannot be written: exit 2, as bad input
        print(f"workbench: {shown_relative(error)}", file=sys.stderr)
    return 2 if report.unwritable else 1 if failed else 0


def cmd_stats(args: argparse.Namespace, config: Config) -> int:
    from workbench.catalog.discovery import display_path, select_catalogs, shown_relative
    from workbench.catalog.stats import format_table, stats_report

    report = stats_report(select_catalogs(args.catalogs, config.locales))
    for error in report.errors:
        print(f"workbench: {shown_relative(error)}", file=sys.stderr)
    shown = [display_path(row.path) for row in report.rows]
    if args.json:
        rows = [row.as_json(path) for row, path in zip(report.rows, shown, strict=True)]
        _print_json({"catalogs": rows})
    elif report.rows:
        print(format_table(report.rows, shown))
    return 0 if report.ok else 2


# --- machine translation (issue: MT) ------------------------------------------------------


def cmd_translate(args: argparse.Namespace, config: Config) -> int:
    from workbench.catalog.importer import translatable_sentences
    from workbench.mt import DecodeOptions, load_engine

    sources = [text for text in args.text if text.strip()]
    if args.file is not None:
        sources += translatable_sentences(args.file)
    if not sources:
        raise WorkbenchError("nothing to translate", hint="give TEXT arguments or --file FILE")
    options = DecodeOptions.chosen(beam=args.beam, n_best=args.n_best, max_length=args.max_length)
    engine = load_engine(
        config,
        model=args.model,
        engine=args.engine,
        target_language=args.lang,
        allow_pickle=args.allow_pickle,
        use_cache=not args.no_cache,
    )
    results = engine.translate_batch(sources, options)
    if args.json:
        _print_json(
            [
                {
                    "source": source,
                    "suggestions": [suggestion.to_json() for suggestion in suggestions],
                }
                for source, suggestions in zip(sources, results, strict=True)
            ]
        )
        return 0
    for suggestions in results:
        if options.n_best == 1:
            print(suggestions[0].text if suggestions else "")
            continue
        for rank, suggestion in enumerate(suggestions, 1):
            print(f"{rank}. [{suggestion.score:.3f}] {suggestion.text}")
        print()
    return 0


def cmd_model_pull(args: argparse.Namespace, config: Config) -> int:
    from workbench.mt.hub import pull_model

    # A bar per file only for a person at a terminal: never in pipes, logs or --json runs.
    show_progress = sys.stderr.isatty() and not args.json
    pulled = pull_model(
        config,
        args.model_id,
        target_language=args.lang,
        allow_pickle=args.allow_pickle,
        progress=show_progress,
    )
    if args.json:
        _print_json(pulled.to_json())
        return 0
    print(f"installed {pulled.path}")
    print(f"next: workbench model convert {pulled.path.name}  (CTranslate2, ~3x faster on CPU)")
    return 0


def cmd_model_convert(args: argparse.Namespace, config: Config) -> int:
    from workbench.mt.convert import convert_model

    path = convert_model(
        config,
        args.model_id,
        target_language=args.lang,
        quantization=args.quantization,
        force=args.force,
        allow_pickle=args.allow_pickle,
    )
    print(f"converted to {path} ({args.quantization})")
    return 0


def cmd_model_list(args: argparse.Namespace, config: Config) -> int:
    from workbench.mt.models import list_models

    models = list_models(config)
    if args.json:
        _print_json(
            [
                {"name": m.name, "path": str(m.path), "engine": m.engine,
                 "size_bytes": m.size_bytes, "weights": m.weights}
                for m in models
            ]
        )
        return 0
    if not models:
        print(f"no models installed in {config.models} (workbench model pull)")
        return 0
    width = max(len(m.name) for m in models)
    for m in models:
        size = f"{m.size_bytes / 1_000_000:.1f} MB"
        print(f"{m.name:<{width}}  {m.engine:<12}  {size:>10}  {m.weights}")
    return 0


# --- batch pre-translation (issue: pretranslate) -----------------------------------------


def cmd_pretranslate(args: argparse.Namespace, config: Config) -> int:
    from workbench.catalog.discovery import display_path, select_catalogs
    from workbench.glossary.termbase import Glossary, project_glossary_path
    from workbench.mt.engine import DecodeOptions
    from workbench.pretranslate import PretranslateOptions, run_pretranslate
    from workbench.pretranslate.batching import DEFAULT_BATCH_TOKENS
    from workbench.pretranslate.loading import engine_loader
    from workbench.priority import yield_cpu_to_interactive_work

    catalogs = select_catalogs(args.catalogs, config.locales, every=args.all)
    glossary = project_glossary_path(
        config, explicit=args.glossary is not None, use=not args.no_glossary
    )
    options = PretranslateOptions(
        decode=DecodeOptions.chosen(beam=args.beam, max_length=args.max_length),
        batch_tokens=args.batch_tokens or DEFAULT_BATCH_TOKENS,
        overwrite_fuzzy=args.overwrite_fuzzy,
        dry_run=args.dry_run,
        glossary=(
            Glossary.load(glossary, target_language=config.primary_target_language)
            if glossary is not None
            else None
        ),
        glossary_language=config.primary_target_language,
        model=args.model,
    )
    engine = None
    if not args.dry_run:
        yield_cpu_to_interactive_work()
        engine = engine_loader(
            config, model=args.model, engine=args.engine, allow_pickle=args.allow_pickle
        )
    try:
        summary = run_pretranslate(config, catalogs, engine, options, progress=not args.json)
    except KeyboardInterrupt:
        print("workbench: interrupted; the entries filled so far are saved (run the same "
              "command again to finish)", file=sys.stderr)
        return 130
    for error in summary.memory_skipped:
        print(f"workbench: warning: skipped for the memory: {error}", file=sys.stderr)
    for problem in summary.problems:
        print(f"workbench: {problem}", file=sys.stderr)
    if args.json:
        _print_json(summary.to_json())
        return 2 if summary.problems else 0
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
    if options.glossary is not None and (summary.terms_enforced or summary.terms_not_enforced):
        terms = (f"; glossary terms enforced in {summary.terms_enforced} source(s), "
                 f"plain MT kept for {summary.terms_not_enforced}")
    if summary.dry_run:
        print(f"dry run: {summary.segments} entries ({summary.unique_sources} distinct sources) "
              f"in {summary.catalogs} catalog(s); nothing written")
    else:
        print(f"{summary.translated} of {summary.segments} entries filled (fuzzy) in "
              f"{summary.catalogs} catalog(s), {summary.skipped} skipped, "
              f"{summary.from_tm} from TM{terms}; {summary.seconds:.1f} s, "
              f"{summary.segments_per_s:.1f} segments/s")
    return 2 if summary.problems else 0


# --- glossary (issue: glossary) ------------------------------------------------------------


def cmd_glossary_match(args: argparse.Namespace, config: Config) -> int:
    from workbench.catalog.importer import read_source
    from workbench.glossary import Glossary
    from workbench.glossary.edit import configured_path
    from workbench.glossary.termbase import match_record

    if (args.text is None) == (args.file is None):
        raise WorkbenchError("give either TEXT or --file FILE")
    text = read_source(args.file) if args.file is not None else args.text
    glossary = Glossary.load(
        configured_path(config.glossary), target_language=config.primary_target_language
    )
    matches = glossary.match(text)
    if args.json:
        _print_json([match_record(found) for found in matches])
    else:
        for found in matches:
            print(f"{found.start}\t{found.end}\t{found.text}\t{found.term.target}")
    return 0


def cmd_glossary_check(args: argparse.Namespace, config: Config) -> int:
    from workbench.glossary import lint_glossary
    from workbench.glossary.edit import configured_path

    path = configured_path(config.glossary)
    problems = lint_glossary(path, target_language=config.primary_target_language)
    for problem in problems:
        print(render_glossary_problem(problem))
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{path}: no problems")
    return 0


def cmd_glossary_add(args: argparse.Namespace, config: Config) -> int:
    from workbench.glossary.edit import add_term, configured_path

    path = configured_path(config.glossary)
    term = add_term(
        path, args.term, args.translation, args.note,
        target_language=config.primary_target_language,
    )
    print(f"added to {path}: {term.source} -> {term.target}")
    return 0


def cmd_glossary_import(args: argparse.Namespace, config: Config) -> int:
    from workbench.glossary.edit import configured_path, import_glossary

    path = configured_path(config.glossary)
    result = import_glossary(path, args.file, target_language=config.primary_target_language)
    for new, old in result.conflicts:
        print(
            f"{args.file}:{new.line}: not imported: '{new.source}' -> '{new.target}'"
            f" conflicts with '{old.target}' ({path}:{old.line})",
            file=sys.stderr,
        )
    print(
        f"{path}: {len(result.added)} added, {len(result.duplicates)} already present,"
        f" {len(result.conflicts)} conflicting"
    )
    return 1 if result.conflicts else 0


def cmd_glossary_export(args: argparse.Namespace, config: Config) -> int:
    from workbench.glossary.edit import configured_path, export_glossary

    glossary = configured_path(config.glossary)
    count = export_glossary(glossary, args.file, config.primary_target_language)
    print(f"{args.file}: {count} terms")
    return 0


# --- translation memory and QA (issue: TM + QA) -----------------------------------------


def _open_memory(config: Config, *, sync: bool = True, rebuild: bool = False) -> Any:
    """The project's translation memory, synced with locales/ by the core's one rule
    (:func:`workbench.tm.project.open_project_memory`); skipped catalogs become warnings."""
    from workbench.tm.project import open_project_memory

    memory, report = open_project_memory(config, sync=sync, rebuild=rebuild)
    for error in report.errors:
        print(f"workbench: warning: skipped for the memory: {error}", file=sys.stderr)
    return memory


def cmd_tm_search(args: argparse.Namespace, config: Config) -> int:
    if not args.text.strip():
        raise WorkbenchError("nothing to search for", hint="give the Arabic TEXT to match")
    if not 0 <= args.min <= 100:
        raise WorkbenchError(f"--min must be a score from 0 to 100, not {args.min}")
    if args.limit < 1:
        raise WorkbenchError(f"--limit must be at least 1, not {args.limit}")
    language = args.lang or config.primary_target_language
    with _open_memory(config) as memory:
        matches = memory.search(
            args.text, min_score=args.min, limit=args.limit, target_language=language
        )
    if args.json:
        _print_json([match.to_json() for match in matches])
    elif not matches:
        print(f"no match of {args.min}% or more")
    else:
        for match in matches:
            print(f"{match.score:3d}%  {match.target}\n      {match.source}  [{match.origin}]")
    return 0


def cmd_tm_import(args: argparse.Namespace, config: Config) -> int:
    from workbench.tm.tmx import read_tmx

    units = read_tmx(args.file)
    with _open_memory(config, sync=False) as memory:
        added = memory.add_many(units)
        total = len(memory)
    print(f"imported {len(units)} unit(s) from {args.file} ({added} new); {total} in the memory")
    return 0


def cmd_tm_export(args: argparse.Namespace, config: Config) -> int:
    from workbench.tm.tmx import export_tmx

    with _open_memory(config) as memory:
        count = export_tmx(memory.units(), args.file)
    print(f"exported {count} unit(s) to {args.file}")
    return 0


def cmd_tm_build(args: argparse.Namespace, config: Config) -> int:
    with _open_memory(config, rebuild=True) as memory:
        catalogs, total = memory.last_sync.reread, len(memory)
    print(f"translation memory {config.tm}: {total} segment(s); {catalogs} catalog(s) read")
    return 0


def cmd_qa(args: argparse.Namespace, config: Config) -> int:
    from workbench.catalog.discovery import display_path, select_catalogs
    from workbench.glossary.termbase import project_glossary_path
    from workbench.qa import check_catalogs

    catalogs = select_catalogs(args.catalogs, config.locales)
    glossary = project_glossary_path(config, explicit=args.glossary is not None)
    # the glossary translates into the first target language (as 'glossary export' assumes)
    language = config.primary_target_language
    findings = check_catalogs(catalogs, glossary, glossary_language=language)
    findings = [f.at(Path(display_path(f.path)), f.line, f.subject) for f in findings]
    failing = [f for f in findings if f.reaches(args.fail_on)]
    if args.json:
        _print_json([qa_finding_json(finding) for finding in findings])
    else:
        for finding in findings:
            print(render_qa_finding(finding))
        errors = sum(f.severity == "error" for f in findings)
        print(
            f"{errors} error(s), {len(findings) - errors} warning(s) in {len(catalogs)} catalog(s)"
        )
    return 1 if failing else 0


# --- terminal UI (issue: TUI) ------------------------------------------------------------------


def cmd_tui(args: argparse.Namespace, config: Config) -> int:
    from workbench.tui import run  # Textual is imported only for this command

    return run(
        config,
        args.catalog,
        glossary=args.glossary,
        model=args.model,
        engine=args.engine,
        bidi=args.bidi,
    )


# --- parser ----------------------------------------------------------------------------------


def _whole_number(minimum: int, meaning: str = "") -> Callable[[str], int]:
    """An argparse type: a whole number of ``minimum`` or more (``meaning`` explains one)."""

    def parse(text: str) -> int:
        if not text.isdigit() or int(text) < minimum:
            raise argparse.ArgumentTypeError(
                f"expected a whole number of {minimum} or more{meaning}, not {text!r}"
            )
        return int(text)

    return parse


_at_least_one = _whole_number(1)  # counts: --beam, --n-best, --max-length, --batch-tokens
_threads = _whole_number(0, " (0: one per core)")


def _add_threads_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--threads", dest="mt_threads", type=_threads, metavar="N",
        help="CPU threads for MT (default from config; 0: one per core)",
    )


def _add_mt_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", "-m", help="hub id or local model directory")
    parser.add_argument(
        "--engine", choices=["auto", "ctranslate2", "transformers"], help="MT backend"
    )
    _add_threads_option(parser)
    parser.add_argument("--beam", type=_at_least_one, help="beam size (default 4)")
    parser.add_argument(
        "--max-length", type=_at_least_one, help="maximum output length in tokens"
    )
    parser.add_argument(
        "--allow-pickle",
        action="store_true",
        help="allow loading pickled .bin weights (unsafe: only for models you trust)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench", description="Arabic translation and localization workbench."
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("import", help="segment Arabic sources into gettext catalogs")
    p.add_argument(
        "sources", nargs="+", metavar="SOURCE", type=Path, help="UTF-8 Arabic text file(s)"
    )
    p.add_argument("--lang", "-l", required=True, help="target language, e.g. en")
    p.add_argument("--domain", "-D", help="catalog domain (default: source name before '.')")
    p.add_argument("--locales", type=Path, help="locales folder (default from configuration)")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("compile", help="compile catalogs to .mo files")
    p.add_argument(
        "catalogs", nargs="*", metavar="CATALOG", type=Path, help="default: every catalog"
    )
    p.add_argument("--locales", type=Path, help="locales folder (default from configuration)")
    p.add_argument("--strict", action="store_true", help="also refuse catalogs with QA errors")
    p.add_argument(
        "--glossary", "-g", type=Path,
        help="glossary for --strict's title checks (default: the project glossary, if present)",
    )  # fmt: skip
    p.add_argument("--use-fuzzy", action="store_true", help="include fuzzy translations")
    p.set_defaults(handler=cmd_compile)

    p = sub.add_parser("stats", help="translation progress per catalog")
    p.add_argument(
        "catalogs", nargs="*", metavar="CATALOG", type=Path,
        help=".po files (default: every catalog under the locales folder)",
    )  # fmt: skip
    p.add_argument("--locales", type=Path, help="locales folder (default from configuration)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=cmd_stats)

    p = sub.add_parser("translate", help="machine-translate Arabic text")
    p.add_argument("text", nargs="*", metavar="TEXT", help="Arabic text, one segment each")
    p.add_argument("--file", "-f", type=Path, help="translate the segments of this file")
    _add_mt_options(p)
    p.add_argument(
        "--n-best", "-n", type=_at_least_one, default=1, help="suggestions per segment (default 1)"
    )
    p.add_argument("--lang", "-l", help="target language (default: first configured)")
    p.add_argument("--no-cache", action="store_true", help="bypass the suggestion cache")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_translate)

    p = sub.add_parser("model", help="download, convert and list MT models")
    msub = p.add_subparsers(dest="model_command", metavar="ACTION", required=True)
    q = msub.add_parser("pull", help="download a model into models/")
    q.add_argument("model_id", nargs="?", metavar="ID", help="hub id (default: configured)")
    q.add_argument("--lang", "-l", help="target language whose configured model to pull")
    q.add_argument(
        "--allow-pickle", action="store_true", help="also fetch pickled .bin weights (unsafe)"
    )
    q.add_argument(
        "--json", action="store_true", help="print the result as JSON (no progress bars)"
    )
    q.set_defaults(handler=cmd_model_pull)
    q = msub.add_parser("convert", help="convert a model for CTranslate2")
    q.add_argument(
        "model_id", nargs="?", metavar="ID|DIR", help="hub id or model folder (default: configured)"
    )
    q.add_argument("--lang", "-l", help="target language whose configured model to convert")
    q.add_argument(
        "--quantization",
        default="int8",
        choices=["int8", "int8_float32", "int8_float16", "int16", "float16", "float32"],
        help="CTranslate2 weight type (default int8)",
    )
    q.add_argument("--force", action="store_true", help="replace an existing conversion")
    q.add_argument(
        "--allow-pickle", action="store_true", help="allow pickled .bin weights (unsafe)"
    )
    q.set_defaults(handler=cmd_model_convert)
    q = msub.add_parser("list", help="installed models, sizes and engines")
    q.add_argument("--json", action="store_true", help="machine-readable output")
    q.set_defaults(handler=cmd_model_list)

    p = sub.add_parser("pretranslate", help="fill untranslated entries with MT (fuzzy)")
    p.add_argument("catalogs", nargs="*", metavar="CATALOG", type=Path)
    p.add_argument("--all", action="store_true", help="every catalog under locales/")
    p.add_argument("--locales", type=Path)
    _add_mt_options(p)
    p.add_argument("--batch-tokens", type=_at_least_one, help="tokens per MT batch")
    p.add_argument(
        "--glossary", "-g", type=Path,
        help="keep this glossary's terms in MT output (default: the project glossary)",
    )  # fmt: skip
    p.add_argument("--no-glossary", action="store_true", help="plain MT, no term enforcement")
    p.add_argument("--overwrite-fuzzy", action="store_true")
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_pretranslate)

    p = sub.add_parser("glossary", help="official titles: match, check, add, TBX")
    gsub = p.add_subparsers(dest="glossary_command", metavar="ACTION", required=True)
    q = gsub.add_parser("match", help="find glossary terms in Arabic text")
    q.add_argument("text", nargs="?", metavar="TEXT")
    q.add_argument("--file", "-f", type=Path)
    q.add_argument("--glossary", "-g", type=Path)
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_glossary_match)
    q = gsub.add_parser("check", help="report duplicates, conflicts and bad lines")
    q.add_argument("glossary", nargs="?", type=Path)
    q.set_defaults(handler=cmd_glossary_check)
    q = gsub.add_parser("add", help="add a term")
    q.add_argument("term")
    q.add_argument("translation")
    q.add_argument("--note", default="")
    q.add_argument("--glossary", "-g", type=Path)
    q.set_defaults(handler=cmd_glossary_add)
    q = gsub.add_parser("import", help="import a TBX, CSV or TSV glossary into the project's")
    q.add_argument("file", type=Path)
    q.add_argument("--glossary", "-g", type=Path)
    q.set_defaults(handler=cmd_glossary_import)
    q = gsub.add_parser("export", help="export the glossary (format from the extension)")
    q.add_argument("file", type=Path)
    q.add_argument("--glossary", "-g", type=Path)
    q.set_defaults(handler=cmd_glossary_export)

    p = sub.add_parser("tm", help="translation memory")
    tsub = p.add_subparsers(dest="tm_command", metavar="ACTION", required=True)
    q = tsub.add_parser("search", help="fuzzy matches for Arabic text")
    q.add_argument("text", metavar="TEXT")
    q.add_argument("--min", type=int, default=75, help="minimum score (0-100)")
    q.add_argument("--limit", type=int, default=5)
    q.add_argument("--lang", "-l", help="target language (default: first configured)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_tm_search)
    q = tsub.add_parser("build", help="(re)build the memory from approved entries")
    q.add_argument("--locales", type=Path)
    q.set_defaults(handler=cmd_tm_build)
    q = tsub.add_parser("import", help="import a TMX 1.4b file")
    q.add_argument("file", type=Path)
    q.set_defaults(handler=cmd_tm_import)
    q = tsub.add_parser("export", help="export to TMX 1.4b")
    q.add_argument("file", type=Path)
    q.set_defaults(handler=cmd_tm_export)

    p = sub.add_parser("qa", help="check translations (numbers, URLs, placeholders, glossary)")
    p.add_argument("catalogs", nargs="*", metavar="CATALOG", type=Path)
    p.add_argument("--locales", type=Path)
    p.add_argument("--glossary", "-g", type=Path)
    p.add_argument("--json", action="store_true")
    p.add_argument("--fail-on", choices=["error", "warning"], default="error")
    p.set_defaults(handler=cmd_qa)

    p = sub.add_parser("tui", help="open the translator's workbench")
    p.add_argument(
        "catalog", nargs="?", type=Path,
        help="catalog to edit (default: the project's only one, or a list to choose from)",
    )
    p.add_argument("--glossary", "-g", type=Path, help="glossary file (default from config)")
    p.add_argument("--model", "-m", help="MT model: hub id or local directory")
    p.add_argument("--engine", choices=["auto", "ctranslate2", "transformers"], help="MT backend")
    _add_threads_option(p)
    p.add_argument(
        "--bidi", choices=["auto", "app", "terminal"], default="auto",
        help="who shapes and reorders Arabic: the app (VTE is told not to reorder again), or a"
        " terminal that always does bidi itself (mlterm, Konsole); auto: terminal when one of"
        " those is detected (F2 switches)",
    )
    p.set_defaults(handler=cmd_tui)
    return parser


CONFIG_FLAGS = ("locales", "glossary", "engine", "mt_threads")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        overrides = {key: getattr(args, key, None) for key in CONFIG_FLAGS}
        config = load_config(**overrides)
        return args.handler(args, config)
    except WorkbenchError as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


# --- renderers of Diagnostic (to move to cli/render.py) ---------------------------------------
# How each command prints a workbench.diagnostic.Diagnostic; the core only returns them.


def render_compile_diagnostic(problem: Diagnostic) -> str:
    """``file:line: [warning: ]message``, as ``msgfmt -c`` prints what it finds."""
    prefix = "warning: " if problem.severity == "warning" else ""
    return f"{problem.path}:{problem.line}: {prefix}{problem.message}"


def render_qa_finding(finding: Diagnostic) -> str:
    """``catalog:line: severity: [check] message``, one line of ``workbench qa``."""
    return f"{finding.location}{finding.severity}: [{finding.code}] {finding.message}"


def qa_finding_json(finding: Diagnostic) -> dict[str, object]:
    """One finding of ``workbench qa --json``, with the keys and order scripts read."""
    return {
        "catalog": str(finding.path) if finding.path is not None else None,
        "line": finding.line,
        "msgid": finding.subject,
        "check": finding.code,
        "severity": finding.severity,
        "message": finding.message,
    }


def render_glossary_problem(problem: Diagnostic) -> str:
    """``glossary:line: kind: message``, one line of ``workbench glossary check``."""
    return f"{problem.location}{problem.code}: {problem.message}"


if __name__ == "__main__":
    sys.exit(main())
