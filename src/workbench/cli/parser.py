"""Every command's arguments and every check on them.

Checks of one value are argparse types: a bad count is argparse's usage error, as it has
always been. The checks whose message the workbench has always printed as its own one-line
``workbench: ...`` error (``tm search``'s score and limit, a blank search text) are types
that raise :class:`~workbench.errors.WorkbenchError`, which argparse lets through to
:func:`workbench.cli.main.main`. Checks that relate two arguments run right after parsing
(:func:`parse_arguments`), each registered on its command with ``set_defaults(check=...)``.
Checks that need a file's content (is there anything to translate in ``--file``?) stay with
the handlers, which read the files.

Each command names its handler as ``"module.function"`` of a module of ``workbench.cli``
(``set_defaults(handler=...)``), imported by :func:`workbench.cli.main.main` only for the
command run: ``workbench --help`` imports argparse and this module, nothing else.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Sequence
from pathlib import Path

from workbench import __version__
from workbench.errors import WorkbenchError

# --- one value: argparse types -------------------------------------------------------------


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


def _holdout(text: str) -> float:
    """``model adapt --holdout``: a share of the pairs, more than 0 and at most 50 percent."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value <= 50:
        raise argparse.ArgumentTypeError(
            f"expected a percentage above 0 and up to 50, not {text!r}"
        )
    return value


def _learning_rate(text: str) -> float:
    """``model adapt --learning-rate``: a positive number such as 2e-5."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, not {text!r}")
    return value


def _integer(text: str) -> int:
    """An integer, refused in argparse's own words for ``type=int``."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None


def _score(text: str) -> int:
    """``tm search --min``: a score from 0 to 100."""
    score = _integer(text)
    if not 0 <= score <= 100:
        raise WorkbenchError(f"--min must be a score from 0 to 100, not {score}")
    return score


def _percent(text: str) -> float:
    """``build --min-translated``: a percentage from 0 to 100."""
    try:
        value = float(text)
    except ValueError:
        raise WorkbenchError(
            f"--min-translated must be a number from 0 to 100, not {text!r}"
        ) from None
    if not 0 <= value <= 100:
        raise WorkbenchError(f"--min-translated must be a number from 0 to 100, not {text}")
    return value


def _min_score(text: str) -> float:
    """``pretranslate --min-score``: an MT confidence from 0 to 100 (the figure the TUI shows)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 100:  # NaN fails too
        raise WorkbenchError(
            f"--min-score must be a confidence from 0 to 100, not {text!r}",
            hint="e.g. --min-score 60: MT suggestions below 60% are left untranslated",
        )
    return value


def _limit(text: str) -> int:
    """``tm search --limit``: how many matches, at least one."""
    limit = _integer(text)
    if limit < 1:
        raise WorkbenchError(f"--limit must be at least 1, not {limit}")
    return limit


def _search_text(text: str) -> str:
    """``tm search TEXT``: something to search for."""
    if not text.strip():
        raise WorkbenchError("nothing to search for", hint="give the Arabic TEXT to match")
    return text


def _concordance_text(text: str) -> str:
    """``tm concordance TEXT``: words to look for."""
    if not text.strip():
        raise WorkbenchError(
            "nothing to search for", hint="give Arabic words (sources) or other words (targets)"
        )
    return text


# --- two values: checks run after parsing ------------------------------------------------------


def _compile_options(args: argparse.Namespace) -> None:
    """``compile --glossary`` without ``--strict`` would be silently unused; a reviewed entry
    is never fuzzy, so ``--use-fuzzy`` beside ``--reviewed-only`` would do nothing."""
    if args.glossary is not None and not args.strict:
        raise WorkbenchError(
            "--glossary is used by --strict's title checks only",
            hint="add --strict, or leave --glossary out",
        )
    if args.reviewed_only and args.use_fuzzy:
        raise WorkbenchError(
            "--reviewed-only and --use-fuzzy exclude each other: a reviewed entry is never fuzzy",
            hint="leave one of them out",
        )


def _catalogs_or_all(args: argparse.Namespace) -> None:
    """``pretranslate --all`` is an explicit ask for every catalog: with catalogs named too,
    one of the two would be silently ignored."""
    if args.catalogs and args.all:
        raise WorkbenchError(
            "name catalogs or use --all, not both",
            hint="without catalog arguments every catalog under the locales folder is used",
        )


def _pretranslate_options(args: argparse.Namespace) -> None:
    """Catalogs or ``--all``; the Ray worker options only with ``--ray`` (they would be
    silently unused otherwise)."""
    _catalogs_or_all(args)
    if args.ray is None and (args.ray_workers is not None or args.ray_cpus_per_worker):
        raise WorkbenchError(
            "--ray-workers and --ray-cpus-per-worker go with --ray",
            hint="add --ray ADDRESS (auto, local, HOST:PORT or ray://HOST:PORT)",
        )


def _text_or_file(args: argparse.Namespace) -> None:
    """``glossary match``: the text to search, given once."""
    if (args.text is None) == (args.file is None):
        raise WorkbenchError("give either TEXT or --file FILE")


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The arguments, checked: argparse's usage errors exit 2 as usual; the workbench's own
    checks raise :class:`~workbench.errors.WorkbenchError`."""
    args = build_parser().parse_args(argv)
    check: Callable[[argparse.Namespace], None] | None = getattr(args, "check", None)
    if check is not None:
        check(args)
    return args


# --- the commands ------------------------------------------------------------------------------


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
    p.set_defaults(handler="catalogs.cmd_import")

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
    p.add_argument(
        "--reviewed-only", action="store_true",
        help="leave out of the .mo every entry not marked reviewed (# wb-reviewed)",
    )  # fmt: skip
    p.set_defaults(handler="catalogs.cmd_compile", check=_compile_options)

    p = sub.add_parser("stats", help="translation progress per catalog")
    p.add_argument(
        "catalogs", nargs="*", metavar="CATALOG", type=Path,
        help=".po files (default: every catalog under the locales folder)",
    )  # fmt: skip
    p.add_argument("--locales", type=Path, help="locales folder (default from configuration)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument(
        "--analysis", action="store_true",
        help="word counts by status and translation-memory match bands, as agencies bill",
    )  # fmt: skip
    p.set_defaults(handler="catalogs.cmd_stats")

    p = sub.add_parser("build", help="build translated documents (text, HTML, Markdown)")
    p.add_argument(
        "sources", nargs="*", metavar="SOURCE", type=Path,
        help="imported sources (default: every source under the corpus folder with a catalog)",
    )  # fmt: skip
    p.add_argument("--lang", "-l", help="target language (default: the first configured)")
    p.add_argument("--locales", type=Path, help="locales folder (default from configuration)")
    p.add_argument("--domain", "-D", help="catalog domain (default: source name before '.')")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--output", "-o", type=Path, metavar="FILE", help="output (one source)")
    where.add_argument("--output-dir", type=Path, metavar="DIR",
                       help="output folder (default: build/<lang>/)")  # fmt: skip
    p.add_argument(
        "--min-translated", type=_percent, default=0.0, metavar="PCT",
        help="refuse (exit 1, nothing written) below this percentage of translated entries",
    )  # fmt: skip
    p.add_argument("--use-fuzzy", action="store_true", help="use fuzzy translations too")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler="documents.cmd_build")

    p = sub.add_parser("xliff", help="exchange catalogs with CAT tools as XLIFF 1.2 or 2.1")
    xsub = p.add_subparsers(dest="xliff_command", metavar="ACTION", required=True)
    q = xsub.add_parser("export", help="write a catalog as an XLIFF file")
    q.add_argument("catalog", metavar="CATALOG", type=Path, help="the .po file to export")
    q.add_argument("--output", "-o", type=Path, required=True, metavar="FILE",
                   help="the XLIFF file to write (e.g. FILE.xlf)")
    q.add_argument("--version", dest="xliff_version", choices=["1.2", "2.1"], default="1.2",
                   help="XLIFF version (default 1.2)")
    q.set_defaults(handler="interchange.cmd_xliff_export")
    q = xsub.add_parser("import", help="apply an XLIFF file's translations to its catalog")
    q.add_argument("file", metavar="FILE", type=Path, help="the .xlf file to import")
    q.add_argument("--into", type=Path, metavar="CATALOG",
                   help="the catalog to update (default: the one the file names)")
    q.set_defaults(handler="interchange.cmd_xliff_import")

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
    p.set_defaults(handler="mt.cmd_translate")

    p = sub.add_parser("mt", help="measure machine translation on the project's texts")
    msub = p.add_subparsers(dest="mt_command", metavar="ACTION", required=True)
    q = msub.add_parser(
        "eval", help="score models against approved translations (chrF++, BLEU, terms)"
    )
    q.add_argument(
        "catalogs", nargs="*", metavar="CATALOG", type=Path,
        help=".po files (default: every catalog of the language under the locales folder)",
    )  # fmt: skip
    q.add_argument(
        "--model", "-m", dest="models", action="append", metavar="M",
        help="hub id or model folder; repeat to compare (default: the configured model)",
    )  # fmt: skip
    q.add_argument(
        "--engine", dest="engines", action="append",
        choices=["auto", "ctranslate2", "transformers"],
        help="MT backend; repeat to compare (default: auto)",
    )  # fmt: skip
    q.add_argument("--limit", type=_at_least_one, metavar="N", help="score the first N entries")
    q.add_argument("--lang", "-l", help="target language (default: first configured)")
    q.add_argument("--locales", type=Path, help="locales folder (default from configuration)")
    q.add_argument(
        "--glossary", "-g", type=Path,
        help="glossary for term accuracy (default: the project glossary, if present)",
    )  # fmt: skip
    _add_threads_option(q)
    q.add_argument("--json", action="store_true", help="machine-readable output")
    q.set_defaults(handler="mt.cmd_mt_eval")

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
    q.set_defaults(handler="mt.cmd_model_pull")
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
    q.set_defaults(handler="mt.cmd_model_convert")
    q = msub.add_parser(
        "ensure", help="pull and convert the configured model if missing (first run)"
    )
    q.add_argument("--lang", "-l", help="target language whose configured model to ensure")
    q.add_argument("--json", action="store_true", help="print the result as JSON (no bars)")
    q.set_defaults(handler="mt.cmd_model_ensure")
    q = msub.add_parser(
        "adapt", help="fine-tune the model on the project's approved translations and terms"
    )
    q.add_argument(
        "--from", dest="base_model", metavar="M", help="base model (default: configured)"
    )
    q.add_argument("--lang", "-l", help="target language (default: first configured)")
    q.add_argument("--epochs", type=_at_least_one, default=3, metavar="N",
                   help="at most N passes over the pairs (default 3; early stopping)")
    q.add_argument("--holdout", type=_holdout, default=10.0, metavar="PCT",
                   help="percent of pairs, whole documents, held out for scoring (default 10)")
    q.add_argument("--patience", type=_at_least_one, default=2, metavar="N",
                   help="stop after N epochs without a better held-out chrF (default 2)")
    q.add_argument("--min-pairs", type=_at_least_one, default=100, metavar="N",
                   help="refuse with fewer approved pairs (default 100)")
    q.add_argument("--learning-rate", type=_learning_rate, default=2e-5, metavar="LR",
                   help="AdamW learning rate (default 2e-5, as OPUS-CAT)")
    q.add_argument("--glossary", "-g", type=Path,
                   help="glossary whose terms are added as pairs (default: the project's)")
    q.add_argument("--no-glossary", action="store_true", help="approved entries only")
    _add_threads_option(q)
    q.add_argument("--json", action="store_true", help="print the result as JSON (no bar)")
    q.set_defaults(handler="mt.cmd_model_adapt")
    q = msub.add_parser("list", help="installed models, sizes and engines")
    q.add_argument("--json", action="store_true", help="machine-readable output")
    q.set_defaults(handler="mt.cmd_model_list")

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
    p.add_argument(
        "--min-score", type=_min_score, metavar="S",
        help="leave entries whose MT confidence (0-100) is below S untranslated; "
        "record the confidence in the note of the others",
    )  # fmt: skip
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--ray", nargs="?", const="auto", metavar="ADDRESS",
        help="translate on a Ray cluster: auto (RAY_ADDRESS or a running cluster, the "
        "default), local (one started for the run), HOST:PORT or ray://HOST:PORT",
    )  # fmt: skip
    p.add_argument(
        "--ray-workers", type=_at_least_one, metavar="N",
        help="Ray workers, each loading the model once (default: the cluster's CPUs / C)",
    )  # fmt: skip
    p.add_argument(
        "--ray-cpus-per-worker", type=_at_least_one, metavar="C",
        help="CPUs (MT threads) per Ray worker (default 1)",
    )  # fmt: skip
    p.set_defaults(handler="batch.cmd_pretranslate", check=_pretranslate_options)

    p = sub.add_parser("glossary", help="official titles: match, check, add, TBX")
    gsub = p.add_subparsers(dest="glossary_command", metavar="ACTION", required=True)
    q = gsub.add_parser("match", help="find glossary terms in Arabic text")
    q.add_argument("text", nargs="?", metavar="TEXT")
    q.add_argument("--file", "-f", type=Path)
    q.add_argument("--glossary", "-g", type=Path)
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler="glossary.cmd_glossary_match", check=_text_or_file)
    q = gsub.add_parser("check", help="report duplicates, conflicts and bad lines")
    q.add_argument("glossary", nargs="?", type=Path)
    q.set_defaults(handler="glossary.cmd_glossary_check")
    q = gsub.add_parser("add", help="add a term")
    q.add_argument("term")
    q.add_argument("translation")
    q.add_argument("--note", default="")
    q.add_argument("--glossary", "-g", type=Path)
    q.set_defaults(handler="glossary.cmd_glossary_add")
    q = gsub.add_parser("import", help="import a TBX, CSV or TSV glossary into the project's")
    q.add_argument("file", type=Path)
    q.add_argument("--glossary", "-g", type=Path)
    q.set_defaults(handler="glossary.cmd_glossary_import")
    q = gsub.add_parser("export", help="export the glossary (format from the extension)")
    q.add_argument("file", type=Path)
    q.add_argument("--glossary", "-g", type=Path)
    q.set_defaults(handler="glossary.cmd_glossary_export")

    p = sub.add_parser("tm", help="translation memory")
    tsub = p.add_subparsers(dest="tm_command", metavar="ACTION", required=True)
    q = tsub.add_parser("search", help="fuzzy matches for Arabic text")
    q.add_argument("text", metavar="TEXT", type=_search_text)
    q.add_argument("--min", type=_score, default=75, help="minimum score (0-100)")
    q.add_argument("--limit", type=_limit, default=5)
    q.add_argument("--lang", "-l", help="target language (default: first configured)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler="memory.cmd_tm_search")
    q = tsub.add_parser(
        "concordance",
        help="every unit holding the words: Arabic in sources (diacritics, hamza forms and"
        " proclitics ignored), other text in targets",
    )
    q.add_argument("text", metavar="TEXT", type=_concordance_text)
    q.add_argument("--limit", type=_limit, default=20)
    q.add_argument("--lang", "-l", help="target language (default: any)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler="memory.cmd_tm_concordance")
    q = tsub.add_parser("build", help="(re)build the memory from approved entries")
    q.add_argument("--locales", type=Path)
    q.set_defaults(handler="memory.cmd_tm_build")
    q = tsub.add_parser("import", help="import a TMX 1.4b file")
    q.add_argument("file", type=Path)
    q.set_defaults(handler="memory.cmd_tm_import")
    q = tsub.add_parser("export", help="export to TMX 1.4b")
    q.add_argument("file", type=Path)
    q.set_defaults(handler="memory.cmd_tm_export")

    p = sub.add_parser("qa", help="check translations (numbers, URLs, placeholders, glossary)")
    p.add_argument("catalogs", nargs="*", metavar="CATALOG", type=Path)
    p.add_argument("--locales", type=Path)
    p.add_argument("--glossary", "-g", type=Path)
    p.add_argument("--json", action="store_true")
    p.add_argument("--fail-on", choices=["error", "warning"], default="error")
    p.add_argument(
        "--show-dismissed", action="store_true",
        help="also list the findings dismissed by '# wb-dismissed: CHECK' (they never fail)",
    )  # fmt: skip
    p.set_defaults(handler="memory.cmd_qa")

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
    # Set by `workbench serve` for each browser session (workbench.serve): not a user's option.
    p.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(handler="tui.cmd_tui")

    p = sub.add_parser(
        "serve",
        help="serve the workbench to browsers (one app per browser session)",
        description="Serve the translator's workbench to web browsers. On the loopback address"
        " (the default) anyone on this machine may open it; any other --host requires a token:"
        " the one given, or one made now and printed with the URL. Put a reverse proxy in"
        " front for TLS (README).",
    )
    p.add_argument(
        "catalog", nargs="?", type=Path,
        help="catalog to serve (default: the project's catalogs, chosen in the browser)",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    token = p.add_mutually_exclusive_group()
    token.add_argument("--token", help="the token a browser must give (?token=T)")
    token.add_argument("--token-file", type=Path, help="read the token from the file's first line")
    p.add_argument("--glossary", "-g", type=Path, help="glossary file (default from config)")
    p.add_argument("--model", "-m", help="MT model: hub id or local directory")
    p.add_argument(
        "--no-warm-start", action="store_true",
        help="start each browser's app only when it connects (default: one app per catalog is"
        " kept started ahead, so a page opens at once)",
    )  # fmt: skip
    p.set_defaults(handler="serve.cmd_serve")
    return parser
