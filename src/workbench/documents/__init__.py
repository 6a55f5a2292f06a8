"""Translatable documents: read a source (plain text, HTML, Markdown) into units and a
skeleton, and rebuild the target document from a catalog's translations.

Core layer: may use :mod:`workbench.segment` and :mod:`workbench.catalog`; QA, pretranslate,
the TUI and the CLI use it, never the other way round. :mod:`.formats` picks the format by file
suffix, :mod:`.build` is ``workbench build``.
"""
