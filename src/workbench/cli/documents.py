"""Document commands: ``build``, the translated article put together from its catalogs.

The handler calls the core (:mod:`workbench.catalog.build`) and returns what it built;
:mod:`workbench.cli.render` prints it. The core is imported inside the handler.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.catalog.build import BuildResult
    from workbench.config import Config


@dataclass(frozen=True)
class Built:
    results: list[BuildResult]
    as_json: bool
    exit_code: ClassVar[int] = 0


def cmd_build(args: argparse.Namespace, config: Config) -> Built:
    from workbench.catalog.build import build_documents, sources_with_catalogs
    from workbench.catalog.discovery import shown_relative

    lang = args.lang or config.primary_target_language
    locales = config.locales  # --locales already applied to the configuration
    try:
        if lang is None:
            raise WorkbenchError(
                "no target language", hint="give --lang L or set target_languages in pyproject"
            )
        sources = args.sources or sources_with_catalogs(config.corpus, lang, locales)
        results = build_documents(
            sources,
            lang=lang,
            locales=locales,
            root=config.root,
            domain=args.domain,
            output=args.output,
            output_dir=args.output_dir,
            use_fuzzy=args.use_fuzzy,
            min_translated=args.min_translated,
        )
    except WorkbenchError as exc:
        raise shown_relative(exc) from None
    return Built(results, args.json)
