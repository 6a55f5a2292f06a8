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
from typing import Any

from workbench import __version__
from workbench.config import Config, load_config
from workbench.errors import WorkbenchError

Handler = Callable[[argparse.Namespace, Config], int]


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _not_yet(name: str) -> Handler:
    def handler(args: argparse.Namespace, config: Config) -> int:
        raise WorkbenchError(f"'{name}' is not available in this build yet")

    return handler


# --- catalog commands (issue: foundation) -------------------------------------------------


def cmd_import(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'import' is not available in this build yet")


def cmd_compile(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'compile' is not available in this build yet")


def cmd_stats(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'stats' is not available in this build yet")


# --- machine translation (issue: MT) ------------------------------------------------------


def cmd_translate(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'translate' is not available in this build yet")


def cmd_model_pull(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'model pull' is not available in this build yet")


def cmd_model_convert(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'model convert' is not available in this build yet")


def cmd_model_list(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'model list' is not available in this build yet")


# --- batch pre-translation (issue: pretranslate) -----------------------------------------


def cmd_pretranslate(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'pretranslate' is not available in this build yet")


# --- glossary (issue: glossary) ------------------------------------------------------------


def cmd_glossary_match(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'glossary match' is not available in this build yet")


def cmd_glossary_check(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'glossary check' is not available in this build yet")


def cmd_glossary_add(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'glossary add' is not available in this build yet")


def cmd_glossary_import(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'glossary import' is not available in this build yet")


def cmd_glossary_export(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'glossary export' is not available in this build yet")


# --- translation memory and QA (issue: TM + QA) -----------------------------------------


def cmd_tm_search(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'tm search' is not available in this build yet")


def cmd_tm_import(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'tm import' is not available in this build yet")


def cmd_tm_export(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'tm export' is not available in this build yet")


def cmd_tm_build(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'tm build' is not available in this build yet")


def cmd_qa(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'qa' is not available in this build yet")


# --- terminal UI (issue: TUI) ------------------------------------------------------------------


def cmd_tui(args: argparse.Namespace, config: Config) -> int:
    raise WorkbenchError("'tui' is not available in this build yet")


# --- parser ----------------------------------------------------------------------------------


def _add_mt_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", "-m", help="hub id or local model directory")
    parser.add_argument(
        "--engine", choices=["auto", "ctranslate2", "transformers"], help="MT backend"
    )
    parser.add_argument("--beam", type=int, help="beam size (default 4)")
    parser.add_argument("--max-length", type=int, help="maximum output length in tokens")
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
    p.add_argument("sources", nargs="+", metavar="SOURCE", type=Path)
    p.add_argument("--lang", "-l", required=True, help="target language, e.g. en")
    p.add_argument("--domain", "-D", help="catalog domain (default: source name before '.')")
    p.add_argument("--locales", type=Path, help="locales folder (default from configuration)")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("compile", help="compile catalogs to .mo files")
    p.add_argument("catalogs", nargs="*", metavar="CATALOG", type=Path)
    p.add_argument("--locales", type=Path)
    p.add_argument("--strict", action="store_true", help="also refuse catalogs with QA errors")
    p.add_argument("--use-fuzzy", action="store_true", help="include fuzzy translations")
    p.set_defaults(handler=cmd_compile)

    p = sub.add_parser("stats", help="translation progress per catalog")
    p.add_argument("catalogs", nargs="*", metavar="CATALOG", type=Path)
    p.add_argument("--locales", type=Path)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_stats)

    p = sub.add_parser("translate", help="machine-translate Arabic text")
    p.add_argument("text", nargs="*", metavar="TEXT")
    p.add_argument("--file", "-f", type=Path, help="translate the segments of this file")
    _add_mt_options(p)
    p.add_argument("--n-best", "-n", type=int, default=1, help="suggestions per segment")
    p.add_argument("--lang", "-l", help="target language (default: first configured)")
    p.add_argument("--no-cache", action="store_true", help="bypass the suggestion cache")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_translate)

    p = sub.add_parser("model", help="download, convert and list MT models")
    msub = p.add_subparsers(dest="model_command", metavar="ACTION", required=True)
    q = msub.add_parser("pull", help="download a model into models/")
    q.add_argument("model_id", nargs="?", metavar="ID")
    q.add_argument("--lang", "-l")
    q.add_argument("--allow-pickle", action="store_true")
    q.set_defaults(handler=cmd_model_pull)
    q = msub.add_parser("convert", help="convert a model for CTranslate2")
    q.add_argument("model_id", nargs="?", metavar="ID|DIR")
    q.add_argument("--lang", "-l")
    q.add_argument("--quantization", default="int8")
    q.add_argument("--force", action="store_true")
    q.add_argument("--allow-pickle", action="store_true")
    q.set_defaults(handler=cmd_model_convert)
    q = msub.add_parser("list", help="installed models, sizes and engines")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_model_list)

    p = sub.add_parser("pretranslate", help="fill untranslated entries with MT (fuzzy)")
    p.add_argument("catalogs", nargs="*", metavar="CATALOG", type=Path)
    p.add_argument("--all", action="store_true", help="every catalog under locales/")
    p.add_argument("--locales", type=Path)
    _add_mt_options(p)
    p.add_argument("--batch-tokens", type=int, help="tokens per MT batch")
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
    p.add_argument("catalog", nargs="?", type=Path)
    p.add_argument("--glossary", "-g", type=Path)
    p.add_argument("--model", "-m")
    p.add_argument("--engine", choices=["auto", "ctranslate2", "transformers"])
    p.add_argument("--bidi", choices=["auto", "app", "terminal"], default="auto")
    p.set_defaults(handler=cmd_tui)
    return parser


CONFIG_FLAGS = ("locales", "glossary", "engine")


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


if __name__ == "__main__":
    sys.exit(main())
