"""Format placeholders, checked per the entry's format flag as ``msgfmt -c`` would.

``python-format``: named ``%(name)s`` placeholders as a set, positional ones in order.
``c-format``: ``%1$s``-style placeholders as a set, plain ones in order.
``python-brace-format``: ``{name}`` fields as a multiset (``{{`` and ``}}`` are literal).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from workbench.qa.finding import ERROR, Finding

PYTHON_FORMAT = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
    r"(?P<conv>[diouxXeEfFgGcrsa%])"
)
C_FORMAT = re.compile(
    r"%(?:(?P<pos>\d+)\$)?[-+ #0']*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|L|q|j|z|t)?"
    r"(?P<conv>[diouxXeEfFgGaAcspn%])"
)
BRACE_FORMAT = re.compile(r"\{\{|\}\}|\{(?P<field>[^{}]*)\}")
FORMAT_FLAGS = ("python-format", "c-format", "python-brace-format")


def _python_placeholders(text: str) -> tuple[list[str], Counter[str]]:
    positional, named = [], Counter()
    for m in PYTHON_FORMAT.finditer(text):
        if m["conv"] == "%":
            continue
        if m["key"] is not None:
            named[m.group()] += 1
        else:
            positional.append(m["conv"])
    return positional, named


def _c_arguments(text: str) -> Counter[str]:
    """``N$conv`` for each conversion: plain ones are numbered in order, as C does."""
    arguments: Counter[str] = Counter()
    index = 0
    for m in C_FORMAT.finditer(text):
        if m["conv"] == "%":
            continue
        index += 1
        arguments[f"%{m['pos'] or index}${m['conv']}"] += 1
    return arguments


def _brace_fields(text: str) -> Counter[str]:
    return Counter(m.group() for m in BRACE_FORMAT.finditer(text) if m["field"] is not None)


def _describe(missing: Counter[str], extra: Counter[str]) -> str:
    parts = []
    if missing:
        parts.append("missing " + ", ".join(sorted(missing)))
    if extra:
        parts.append("not in the source: " + ", ".join(sorted(extra)))
    return "; ".join(parts)


def check_placeholders(source: str, target: str, flags: frozenset[str]) -> Iterator[Finding]:
    if "python-format" in flags and "%" in source + target:
        src_pos, src_named = _python_placeholders(source)
        tgt_pos, tgt_named = _python_placeholders(target)
        if src_named != tgt_named:
            detail = _describe(src_named - tgt_named, tgt_named - src_named)
            yield Finding("python-format", ERROR, f"python-format placeholders differ: {detail}")
        if src_pos != tgt_pos:
            expected = " ".join("%" + c for c in src_pos) or "none"
            found = " ".join("%" + c for c in tgt_pos) or "none"
            yield Finding(
                "python-format",
                ERROR,
                f"python-format placeholders differ: the source has {expected} and the "
                f"translation {found}; keep them, in the same order",
            )
    if "c-format" in flags and "%" in source + target:
        src_args, tgt_args = _c_arguments(source), _c_arguments(target)
        if src_args != tgt_args:
            detail = _describe(src_args - tgt_args, tgt_args - src_args)
            yield Finding("c-format", ERROR, f"c-format arguments differ: {detail}")
    if "python-brace-format" in flags and ("{" in source or "{" in target):
        src_fields, tgt_fields = _brace_fields(source), _brace_fields(target)
        if src_fields != tgt_fields:
            detail = _describe(src_fields - tgt_fields, tgt_fields - src_fields)
            yield Finding("brace-format", ERROR, f"brace placeholders differ: {detail}")


def strip_placeholders(text: str, flags: frozenset[str]) -> str:
    """``text`` without the placeholders its format flags declare."""
    if "python-format" in flags:
        text = PYTHON_FORMAT.sub(" ", text)
    if "c-format" in flags:
        text = C_FORMAT.sub(" ", text)
    if "python-brace-format" in flags:
        text = BRACE_FORMAT.sub(" ", text)
    return text
