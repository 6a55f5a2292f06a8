"""The QA checks, one family per module. Each of :data:`CONTENT_CHECKS` is
``(source, target, flags)`` -> findings, run on each translation in this order; ``flags`` is
the entry's flags as :func:`~workbench.catalog.po.flags.read_flags` reads them, in order (the
last of ``no-c-format, c-format`` wins). The checks of what ``msgfmt -c`` refuses,
:func:`check_newlines` and :func:`check_placeholders`, judge a whole message instead (plural
forms paired as compile pairs them); the runner calls them first. In a document unit with
inline markup, :func:`check_placeholder_markup` judges the placeholders and the content checks
read the text without them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from workbench.catalog.po.flags import FlagReading
from workbench.diagnostic import Diagnostic
from workbench.qa.checks.numbers import check_numbers
from workbench.qa.checks.punctuation import check_end_punctuation
from workbench.qa.checks.spacing import check_double_spaces, check_whitespace
from workbench.qa.checks.state import check_identical
from workbench.qa.checks.verbatim import check_emails, check_file_names, check_urls
from workbench.qa.checks.wording import check_length_ratio, check_repeated_words

Check = Callable[[str, str, FlagReading], Iterable[Diagnostic]]

CONTENT_CHECKS: tuple[Check, ...] = (
    check_identical,
    check_numbers,
    check_urls,
    check_emails,
    check_file_names,
    check_end_punctuation,
    check_whitespace,
    check_double_spaces,
    check_repeated_words,
    check_length_ratio,
)

CHECK_NAMES = (
    "untranslated", "fuzzy", "identical", "numbers", "urls", "emails", "file-names",
    "python-format", "c-format", "brace-format", "end-punctuation", "newlines", "whitespace",
    "double-space", "repeated-word", "length-ratio", "glossary", "plural-forms",
    "markup", "spelling",
)  # fmt: skip
