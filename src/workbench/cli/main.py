"""The entry point: parse, load the configuration, run the handler, print its result.

Every failure a user can act on arrives as a :class:`~workbench.errors.WorkbenchError` from
any layer (the argument checks of :mod:`workbench.cli.parser` included) and becomes one line on
stderr and its exit status: 2 for bad input or environment. A handler's result carries its
own status (1: checks found problems). No traceback reaches the user: Ctrl-C is "interrupted"
(130), a closed pipe (``workbench stats | head``) ends quietly.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from typing import Any

from workbench.cli.parser import parse_arguments
from workbench.errors import WorkbenchError

#: Flags that override ``[tool.workbench]`` settings of the same name.
CONFIG_FLAGS = ("locales", "glossary", "engine", "mt_threads")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse_arguments(argv)  # argparse's usage errors and --help exit by themselves
        from workbench.cli import render
        from workbench.config import load_config

        config = load_config(**{key: getattr(args, key, None) for key in CONFIG_FLAGS})
        outcome = _handler(args.handler)(args, config)
        render.show(outcome)
        exit_code: int = outcome.exit_code
        return exit_code
    except WorkbenchError as exc:
        from workbench.cli.render import error_line

        print(error_line(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _handler(name: str) -> Callable[..., Any]:
    """The handler ``"module.function"`` the parser names, its module imported now: a command
    loads its own area's code only."""
    module, _, function = name.rpartition(".")
    handler: Callable[..., Any] = getattr(
        importlib.import_module(f"workbench.cli.{module}"), function
    )
    return handler
