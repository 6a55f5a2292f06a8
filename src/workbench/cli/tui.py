"""The ``tui`` command: opens the translator's workbench (Textual is imported only here,
inside the handler)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.config import Config


@dataclass(frozen=True)
class TuiClosed:
    """The translator quit; the app showed everything itself."""

    exit_code: int


def cmd_tui(args: argparse.Namespace, config: Config) -> TuiClosed:
    from workbench.tui import run  # Textual is imported only for this command

    return TuiClosed(
        run(
            config,
            args.catalog,
            glossary=args.glossary,
            model=args.model,
            engine=args.engine,
            bidi=args.bidi,
            served=args.served,
        )
    )
