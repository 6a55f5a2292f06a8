"""Exchange with agencies and other CAT tools: XLIFF export and import of catalogs, and the
word-count and translation-memory match analysis agencies bill by.

A layer between :mod:`workbench.qa` and :mod:`workbench.tm`: the XLIFF mapping needs only
:mod:`workbench.catalog` (and :mod:`workbench.documents` for inline markup), the analysis
needs the translation memory.
"""
