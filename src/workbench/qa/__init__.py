"""Translation QA that understands Arabic sources: numbers, links, placeholders, punctuation,
white space, MT stutter, length and official titles."""

from workbench.qa.finding import ERROR, WARNING, Finding, Severity
from workbench.qa.runner import check_catalog, check_catalogs, check_entry, check_po

__all__ = [
    "ERROR",
    "WARNING",
    "Finding",
    "Severity",
    "check_catalog",
    "check_catalogs",
    "check_entry",
    "check_po",
]
