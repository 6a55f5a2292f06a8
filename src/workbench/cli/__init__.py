"""The command line: parse arguments, call the core, print results.

Open :mod:`~workbench.cli.parser` to add or check an argument, the area's handler module to
change what a command does (:mod:`~workbench.cli.catalogs`: import, compile, stats;
:mod:`~workbench.cli.mt`: translate, model; :mod:`~workbench.cli.batch`: pretranslate;
:mod:`~workbench.cli.glossary`; :mod:`~workbench.cli.memory`: tm, qa;
:mod:`~workbench.cli.tui`), :mod:`~workbench.cli.render` to change what it prints, and
:mod:`~workbench.cli.main` for exit statuses and error lines. ``workbench`` (the console
script) and ``python -m workbench.cli`` both run :func:`main`.
"""

from workbench.cli.main import main
from workbench.cli.parser import build_parser

__all__ = ["build_parser", "main"]
