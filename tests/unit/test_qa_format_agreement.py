"""QA and ``msgfmt -c`` agree on format placeholders and newlines: for an entry with a format
flag, QA reports a placeholder error exactly when GNU msgfmt (the real one, on a temporary
catalog) refuses the entry for its format, and a newline error exactly when msgfmt refuses it
for its newlines. Otherwise a catalog could pass ``workbench qa`` and fail ``workbench compile``
(or the reverse) on the same entry.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.catalog.formats import FORMATS, InvalidFormat, directive_spans
from workbench.qa import check_catalog, check_entry
from workbench.qa.checks.placeholders import strip_placeholders

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext missing")

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: en\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n\n'
)
PLACEHOLDER_CHECKS = {"python-format", "c-format", "brace-format"}

# (source, translation, flag, msgfmt -c refuses it)
TRICKY = [
    ("تم %d%% من %s", "%d%% of %s done", "python-format", False),
    ("تم %d%% من %s", "%s of %d%% done", "python-format", True),  # arguments swapped
    ("مرحباً %(name)s", "Hello %(name)s", "python-format", False),
    ("مرحباً %(name)s", "Hello %(nom)s", "python-format", True),
    ("%(a)s و %(b)s", "%(b)s and %(a)s", "python-format", False),  # named: any order
    ("%(a)s و %(b)s", "only %(a)s", "python-format", True),
    ("%(name)s وقع", "%s signed", "python-format", True),  # mapping against tuple
    ("%s و %r", "%r and %s", "python-format", False),  # both take a string
    ("%d ملف", "%i files", "python-format", False),
    ("%-5d سطر", "%5d lines", "python-format", False),
    ("%(n)5s", "%(n)s", "python-format", False),
    ("%d ملف", "files", "python-format", True),
    ("تم %d", "done: %d, that is 100%", "python-format", True),  # ends inside a directive
    ("نسبة 100%", "a ratio of 100%", "python-format", False),  # msgid invalid: not checked
    ("%(n)d دولة و %s", "%(n)d countries", "python-format", False),  # msgid invalid (mixed)
    ("%1$s و %2$d", "%2$d and %1$s", "c-format", False),
    ("%s و %d", "%2$d and %1$s", "c-format", False),  # numbered in the translation only
    ("%s و %d", "%d and %s", "c-format", True),
    ("%d ملف", "%ld files", "c-format", True),  # int against long
    ("%d ملف", "%i files", "c-format", False),
    ("%-5d", "%5d", "c-format", False),
    ("%s", "%s %s", "c-format", True),
    ("%1$s", "%2$s", "c-format", True),  # ignores argument 1
    ("%d%% من الدول", "%d%% of the countries", "c-format", False),
    ("%d%% من الدول", "%% of the countries", "c-format", True),
    ("{0} و {1}", "{1} and {0}", "python-brace-format", False),
    ("{name}", "{name} {name}", "python-brace-format", False),
    ("{x} {x}", "{x}", "python-brace-format", False),
    ("{{x}} {y}", "{y} {{x}}", "python-brace-format", False),
    ("{x}", "{}", "python-brace-format", True),  # GNU 0.21: '{}' is no directive
    ("{x}", "{x:>10}", "python-brace-format", True),  # GNU 0.21 names it 'x:>10'
    ("وقع {name}", "signed", "python-brace-format", True),
    ("{{literal}}", "{literal}", "python-brace-format", True),
    ("{0}", "{{0}}", "python-brace-format", True),
    ("وقع %(name)s", "%(nom)s signed", "possible-python-format", True),
    ("وقع %(name)s", "%(nom)s signed", "no-python-format", False),
]


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def write_catalog(path: Path, entries: list[tuple[str, str, str]]) -> dict[int, int]:
    """A catalog of one entry per (source, translation, flag); returns msgstr line -> index."""
    lines = HEADER.splitlines()
    msgstr_lines = {}
    for index, (source, target, flag) in enumerate(entries):
        lines += [f"#, {flag}", f'msgctxt "e{index}"', f"msgid {_quote(source)}"]
        lines.append(f"msgstr {_quote(target)}")
        msgstr_lines[len(lines)] = index
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return msgstr_lines


def msgfmt_verdicts(path: Path, msgstr_lines: dict[int, int]) -> tuple[dict[int, str], int]:
    """msgfmt -c's error message (not warnings) for each entry index that has one, and the
    number of errors it found. msgfmt prints one message per line only (the first: newlines
    are checked before formats), but counts them all."""
    done = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)],
        capture_output=True,
        encoding="utf-8",
        errors="replace",  # GNU quotes a lone byte of a character; the port shows U+FFFD
    )
    verdicts: dict[int, str] = {}
    for line in done.stderr.splitlines():
        found = re.match(rf"{re.escape(str(path))}:(\d+): (?!warning: )(.*)", line)
        if found:
            index = msgstr_lines[int(found.group(1))]
            assert index not in verdicts, done.stderr
            verdicts[index] = found.group(2)
    counted = re.search(r"found (\d+) fatal errors?", done.stderr)
    errors = int(counted.group(1)) if counted else 0
    assert (done.returncode != 0) == bool(errors) == bool(verdicts), done.stderr
    return verdicts, errors


def qa_verdicts(source: str, target: str, flag: str) -> tuple[list[str], list[str]]:
    """QA's placeholder error messages and newline error messages for one entry."""
    findings = [f for f in check_entry(source, target, flags=[flag]) if f.severity == "error"]
    placeholders = [f.message for f in findings if f.check in PLACEHOLDER_CHECKS]
    return placeholders, [f.message for f in findings if f.check == "newlines"]


@pytest.fixture(scope="module")
def tricky_verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[int, str]:
    path = tmp_path_factory.mktemp("tricky") / "tricky.po"
    entries = [(source, target, flag) for source, target, flag, _ in TRICKY]
    verdicts, errors = msgfmt_verdicts(path, write_catalog(path, entries))
    assert errors == sum(refused for *_, refused in TRICKY)
    return verdicts


@pytest.mark.parametrize(
    ("index", "source", "target", "flag", "refused"),
    [(index, *case) for index, case in enumerate(TRICKY)],
    ids=[f"{flag}:{source}->{target}" for source, target, flag, _ in TRICKY],
)
def test_tricky_placeholders_qa_errs_exactly_when_msgfmt_refuses(
    tricky_verdicts, index: int, source: str, target: str, flag: str, refused: bool
) -> None:
    gnu = tricky_verdicts.get(index)
    assert (gnu is not None) == refused, gnu
    placeholders, newlines = qa_verdicts(source, target, flag)
    assert newlines == []
    assert len(placeholders) == refused, placeholders
    if gnu is not None:  # QA gives msgfmt's own reason, word for word
        assert placeholders[0].startswith(gnu), (placeholders[0], gnu)


def test_a_refused_entry_is_an_error_in_the_catalog_and_fuzzy_lowers_it(tmp_path: Path) -> None:
    path = tmp_path / "one.po"
    write_catalog(path, [("مرحباً %(name)s", "Hello %(nom)s", "python-format")])
    assert [(f.check, f.severity) for f in check_catalog(path)] == [("python-format", "error")]
    findings = check_entry("مرحباً %(name)s", "Hello %(nom)s", flags=["python-format", "fuzzy"])
    assert [(f.check, f.severity) for f in findings] == [
        ("fuzzy", "warning"),
        ("python-format", "warning"),
    ]


# --- generated entries ----------------------------------------------------------------------

ARABIC = ["وقعت", " ", "دولة", "، ", "٣", "72"]
TOKENS = {
    "python-format": ARABIC
    + ["%s", "%d", "%i", "%r", "%%", "%(name)s", "%(name)d", "%(n)s", "%-5d", "%5.2f", "%",
       "%y", "%(a)", "%*d", "\n"],
    "c-format": ARABIC
    + ["%s", "%d", "%i", "%ld", "%%", "%1$s", "%2$d", "%2$s", "%-5d", "%*d", "%.*s", "%q",
       "%", "%zu", "\n"],
    "python-brace-format": ARABIC
    + ["{0}", "{1}", "{name}", "{{", "}}", "{}", "{x:>10}", "{x.y}", "{a[0]}", "{", "}",
       "\n"],
}  # fmt: skip


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), flag=st.sampled_from(sorted(TOKENS)))
def test_generated_entries_qa_errs_exactly_when_msgfmt_refuses(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, flag: str
) -> None:
    text = st.lists(st.sampled_from(TOKENS[flag]), min_size=1, max_size=5).map("".join)
    pairs = data.draw(st.lists(st.tuples(text, text), min_size=1, max_size=12))
    path = tmp_path_factory.mktemp("generated") / "x.po"
    gnu, gnu_errors = msgfmt_verdicts(
        path, write_catalog(path, [(s, t, flag) for s, t in pairs])
    )
    qa_errors = 0
    for index, (source, target) in enumerate(pairs):
        placeholders, newlines = qa_verdicts(source, target, flag)
        qa_errors += len(placeholders) + len(newlines)
        shown = gnu.get(index)  # msgfmt's first message: newlines come before formats
        expected = newlines[:1] or placeholders[:1]
        assert (shown is None) == (not expected), (source, target, shown)
        if newlines:
            edge = "begin" if "begin" in newlines[0] else "end"
            assert shown == f"'msgid' and 'msgstr' entries do not both {edge} with '\\n'"
        elif placeholders:
            assert placeholders[0].startswith(shown), (source, target, shown)
    assert qa_errors == gnu_errors, (pairs, gnu)


# --- placeholders hold no numbers -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flag", "expected"),
    [
        ("%5d من 10", "python-format", "  من 10"),
        ("%(n)5s و %d%%", "python-format", "  و   "),
        ("تم 100% و %3d", "python-format", "تم 100% و  "),  # a stray '%' hides nothing
        ("%1$s رقم 3 %2$5d", "c-format", "  رقم 3  "),
        ("{0} من {1:>5} و {{7}}", "python-brace-format", "  من   و  7}}"),
        ("%5d {0}", "no-c-format", "%5d {0}"),
    ],
)
def test_strip_placeholders_removes_exactly_the_directives(text, flag, expected) -> None:
    assert strip_placeholders(text, frozenset([flag])) == expected


@settings(max_examples=200, deadline=None)
@given(data=st.data(), flag=st.sampled_from(sorted(TOKENS)))
def test_directive_spans_are_the_directives_in_order(data: st.DataObject, flag: str) -> None:
    text = data.draw(st.lists(st.sampled_from(TOKENS[flag]), max_size=8).map("".join))
    raw = text.encode("utf-8")
    spans = directive_spans(flag, raw)
    introducer = b"{" if flag == "python-brace-format" else b"%"
    previous_end, rest = 0, b""
    for start, end in spans:
        assert previous_end <= start < end <= len(raw)
        assert raw[start : start + 1] == introducer
        rest += raw[previous_end:start]
        previous_end = end
    rest += raw[previous_end:]
    rest.decode("utf-8")  # spans never cut a character
    try:
        FORMATS[flag][1](raw, True)
    except InvalidFormat:
        return
    assert introducer not in rest  # a valid string: every introducer starts a directive
