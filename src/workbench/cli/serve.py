"""The ``serve`` command: the workbench in a browser (aiohttp and textual-serve are imported
only here, inside the handler)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.config import Config


@dataclass(frozen=True)
class ServeStopped:
    """The server was stopped (Ctrl+C or SIGTERM); every session's app saved and quit."""

    exit_code: int = 0


def cmd_serve(args: argparse.Namespace, config: Config) -> ServeStopped:
    from workbench.catalog.discovery import select_catalogs
    from workbench.serve.access import decide_access
    from workbench.serve.server import ServedProject, WorkbenchServer

    access = decide_access(args.host, token=args.token, token_file=args.token_file)
    catalog = None
    if args.catalog is not None:  # checked now: a typo is a clear error, not a dead page
        catalog = select_catalogs([args.catalog], config.locales)[0].resolve()
    options: list[str] = []
    if args.glossary is not None:
        options += ["--glossary", str(Path(args.glossary).resolve())]
    if args.model is not None:
        options += ["--model", args.model]
    project = ServedProject(
        name=config.root.name,
        root=config.root,
        locales=config.locales,
        catalog=catalog,
        tui_options=tuple(options),
    )
    server = WorkbenchServer(
        project, access, host=args.host, port=args.port, warm_start=not args.no_warm_start
    )
    server.serve()
    return ServeStopped()
