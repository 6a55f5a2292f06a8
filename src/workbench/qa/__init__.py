"""Translation QA that understands Arabic sources: numbers, links, placeholders, punctuation,
white space, MT stutter, length and official titles. Findings are
:class:`~workbench.diagnostic.Diagnostic` values (``code``: the check) located in their catalog."""

from workbench.diagnostic import ERROR, WARNING, Severity
from workbench.qa.runner import (
    QaReport,
    check_catalog,
    check_catalogs,
    check_entry,
    check_po,
    qa_report,
)

__all__ = [
    "ERROR",
    "WARNING",
    "QaReport",
    "Severity",
    "check_catalog",
    "check_catalogs",
    "check_entry",
    "check_po",
    "qa_report",
]
