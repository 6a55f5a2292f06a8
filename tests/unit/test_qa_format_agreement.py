"""QA and ``msgfmt -c`` agree on format placeholders and newlines: for an entry with a format
flag, QA reports a placeholder error exactly when GNU msgfmt (the real one, on a temporary
catalog) refuses the entry for its format, and a newline error exactly when msgfmt refuses it
for its newlines. Otherwise a catalog could pass ``workbench qa`` and fail ``workbench compile``
(or the reverse) on the same entry. Plural entries too: GNU checks every form against
``msgid_plural``, strictly only where the catalog's ``Plural-Forms`` formula takes the form for
many numbers (a form for n == 1 may drop the number), and so must QA.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.catalog.format_strings import FORMATS, InvalidFormat, directive_spans
from workbench.catalog.po.flags import read_flags
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
    placeholders = [f.message for f in findings if f.code in PLACEHOLDER_CHECKS]
    return placeholders, [f.message for f in findings if f.code == "newlines"]


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
    assert [(f.code, f.severity) for f in check_catalog(path)] == [("python-format", "error")]
    findings = check_entry("مرحباً %(name)s", "Hello %(nom)s", flags=["python-format", "fuzzy"])
    assert [(f.code, f.severity) for f in findings] == [
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
        if expected:  # QA's first error is msgfmt's, word for word
            assert expected[0].startswith(shown), (source, target, shown)
    assert qa_errors == gnu_errors, (pairs, gnu)


# --- plural entries -------------------------------------------------------------------------

ENGLISH = ("en", "nplurals=2; plural=(n != 1);")
ARABIC = (
    "ar",
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5;",
)  # forms 0, 1 and 2 serve one number each (n == 0, 1, 2); forms 3, 4 and 5 many
JAPANESE = ("ja", "nplurals=1; plural=0;")  # one form for every number: always strict

AR_FORMS = ["لا ملفات", "ملف واحد", "ملفان", "%d ملفات", "%d ملفًا", "%d ملف"]  # c-format, valid

# (plural forms, flag, msgid, msgid_plural, msgstr[0..], msgfmt -c refuses it)
PLURAL_TRICKY = [
    # python '%' counts unnamed arguments even in a lenient form: msgstr[0] is checked against
    # msgid_plural, not msgid (QA used to pair it with msgid and let this pass)
    (ENGLISH, "python-format", "%s: one file", "%s: %d files", ["%s: one file", "%s: %d files"],
     True),
    (ENGLISH, "python-format", "ملف", "%d ملفات", ["%d file", "%d files"], False),
    (ENGLISH, "python-format", "%(n)d ملف", "%(n)d ملفات", ["one file", "%(n)d files"], False),
    (ENGLISH, "python-format", "%(n)d ملف", "%(n)d ملفات", ["%(n)d file", "files"], True),
    (ENGLISH, "python-format", "%(n)d ملف", "%(n)d ملفات", ["%(m)d file", "%(n)d files"], True),
    (ENGLISH, "c-format", "ملف واحد", "%d ملفات", ["one file", "%d files"], False),  # n == 1
    (ENGLISH, "c-format", "%d ملف", "%d ملفات", ["%d file", "files"], True),  # many numbers
    (ENGLISH, "c-format", "%d ملف", "%d ملفات", ["%s file", "%d files"], True),  # wrong type
    (ENGLISH, "c-format", "%d ملف", "%d ملفات", ["%d file %s", "%d files"], True),  # extra one
    (ENGLISH, "python-brace-format", "{n} ملف", "{n} ملفات", ["one file", "{n} files"], False),
    (ENGLISH, "python-brace-format", "ملف", "{n} ملفات", ["{x} file", "{n} files"], False),
    (ENGLISH, "python-brace-format", "{n} ملف", "{n} ملفات", ["{n} file", "files"], True),
    (ENGLISH, "c-format", "file\n", "%d files\n", ["one file\n", "%d files\n"], False),
    (ENGLISH, "c-format", "file\n", "%d files\n", ["one file\n", "%d files"], True),
    (ENGLISH, "c-format", "file", "%d files\n", ["one file", "%d files"], True),  # source
    (ENGLISH, "c-format", "\nfile", "\n%d files", ["\none file", "%d files\n"], True),
    (ARABIC, "c-format", "%d file", "%d files", AR_FORMS, False),  # n == 0, 1, 2: no number
    (ARABIC, "c-format", "%d file", "%d files", AR_FORMS[:3] + ["ملفات", *AR_FORMS[4:]], True),
    (ARABIC, "c-format", "%d file", "%d files", AR_FORMS[:4] + ["ملفًا", AR_FORMS[5]], True),
    (ARABIC, "c-format", "%d file", "%d files", AR_FORMS[:5] + ["ملف"], True),
    (ARABIC, "c-format", "%d file in %s", "%d files in %s",
     ["لا ملفات في %s", "ملف واحد في %s", "ملفان في %s", "%d ملفات في %s", "%d ملفًا في %s",
      "%d ملف"], True),  # form 5 (n = 100, 101, 102, 200...) drops the folder
    (ARABIC, "c-format", "%d file in %s", "%d files in %s",
     ["لا ملفات", "ملف واحد", "ملفان", "%d ملفات في %s", "%d ملفًا في %s", "%d ملف في %s"],
     False),  # C lets a lenient form drop trailing arguments...
    (ARABIC, "c-format", "%d file in %s", "%d files in %s",
     ["لا ملفات", "ملف واحد", "ملفان في %s", "%d ملفات في %s", "%d ملفًا في %s",
      "%d ملف في %s"], True),  # ...not the first only: '%s' then takes the number
    (ARABIC, "python-format", "%(n)d file", "%(n)d files",
     ["لا ملفات", "ملف واحد", "ملفان", "%(n)d ملفات", "%(n)d ملفًا", "%(n)d ملف"], False),
    (ARABIC, "python-format", "%(n)d file", "%(n)d files",
     ["لا ملفات", "ملف واحد", "ملفان", "%(n)d ملفات", "ملفًا", "%(n)d ملف"], True),
    (ARABIC, "python-format", "%d file", "%d files",
     ["لا ملفات", "ملف واحد", "ملفان", "%d ملفات", "%d ملفًا", "%d ملف"], True),  # unnamed
    (JAPANESE, "c-format", "%d file", "%d files", ["ファイル"], True),  # the only form: strict
    (JAPANESE, "c-format", "%d file", "%d files", ["%d ファイル"], False),
]  # fmt: skip


def write_plural_catalog(
    path: Path, plural_forms: tuple[str, str], entries: list[tuple[str, str, str, list[str]]]
) -> dict[int, int]:
    """A catalog in ``plural_forms``'s language of one plural entry per (flag, msgid,
    msgid_plural, forms); returns each entry line -> index."""
    language, formula = plural_forms
    header = HEADER.replace('"Language: en\\n"', f'"Language: {language}\\n"')
    lines = header.rstrip("\n").splitlines() + [f'"Plural-Forms: {formula}\\n"', ""]
    entry_lines = {}
    for index, (flag, source, source_plural, forms) in enumerate(entries):
        first = len(lines) + 1
        lines += [f"#, {flag}", f'msgctxt "e{index}"', f"msgid {_quote(source)}"]
        lines.append(f"msgid_plural {_quote(source_plural)}")
        lines += [f"msgstr[{form}] {_quote(text)}" for form, text in enumerate(forms)]
        entry_lines.update(dict.fromkeys(range(first, len(lines) + 1), index))
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return entry_lines


def qa_catalog_verdicts(path: Path, entry_lines: dict[int, int]) -> dict[int, list[str]]:
    """QA's placeholder and newline error messages for each entry index of a catalog."""
    verdicts: dict[int, list[str]] = {}
    for finding in check_catalog(path):
        if finding.severity == "error" and finding.code in PLACEHOLDER_CHECKS | {"newlines"}:
            verdicts.setdefault(entry_lines[finding.line], []).append(finding.message)
    return verdicts


def assert_qa_agrees(
    gnu: dict[int, str], gnu_errors: int, qa: dict[int, list[str]], entries: list
) -> None:
    """QA errs on exactly the entries msgfmt refuses, its first message is the one msgfmt
    prints (newlines before formats, form by form), and it finds as many errors."""
    for index, entry in enumerate(entries):
        shown, messages = gnu.get(index), qa.get(index, [])
        assert (shown is None) == (not messages), (entry, shown, messages)
        if shown is not None:
            assert messages[0].startswith(shown), (entry, shown, messages)
    assert sum(map(len, qa.values())) == gnu_errors, (entries, gnu, qa)


@pytest.mark.parametrize("plural_forms", [ENGLISH, ARABIC, JAPANESE], ids=["en", "ar", "ja"])
def test_plural_placeholders_qa_errs_exactly_when_msgfmt_refuses(
    tmp_path: Path, plural_forms: tuple[str, str]
) -> None:
    cases = [case for case in PLURAL_TRICKY if case[0] == plural_forms]
    entries = [(flag, source, plural, forms) for _, flag, source, plural, forms, _ in cases]
    path = tmp_path / f"plural.{plural_forms[0]}.po"
    entry_lines = write_plural_catalog(path, plural_forms, entries)
    gnu, gnu_errors = msgfmt_verdicts(path, entry_lines)
    assert {index for index in gnu} == {i for i, case in enumerate(cases) if case[-1]}, gnu
    assert_qa_agrees(gnu, gnu_errors, qa_catalog_verdicts(path, entry_lines), entries)


def test_qa_names_the_plural_form_msgfmt_refuses(tmp_path: Path) -> None:
    """In GNU's words; where those do not say which form (an argument only the form has), QA
    names it, so two forms with the same fault are two findings, as msgfmt counts them."""
    path = tmp_path / "one.po"
    forms = AR_FORMS[:3] + ["ملفات", *AR_FORMS[4:]]
    brace_forms = ["لا ملفات", "ملف واحد", "ملفان", "{n} ملفات {x}", "{n} ملفًا {x}", "{n} ملف"]
    entries = [
        ("c-format", "%d file", "%d files", forms),
        ("python-brace-format", "{n} file", "{n} files", brace_forms),
    ]
    entry_lines = write_plural_catalog(path, ARABIC, entries)
    dropped = "number of format specifications in 'msgid_plural' and 'msgstr[3]' does not match"
    extra = "a format specification for argument 'x' doesn't exist in 'msgid_plural'"
    assert msgfmt_verdicts(path, entry_lines) == ({0: dropped, 1: extra}, 3)
    assert qa_catalog_verdicts(path, entry_lines) == {
        0: [f"{dropped} (msgfmt -c refuses this)"],
        1: [
            f"{extra} (in msgstr[3]; msgfmt -c refuses this)",
            f"{extra} (in msgstr[4]; msgfmt -c refuses this)",
        ],
    }


def test_fuzzy_plural_entries_are_paired_alike_but_only_warned(tmp_path: Path) -> None:
    path = tmp_path / "fuzzy.po"
    entries = [("c-format, fuzzy", "%d ملف", "%d ملفات", ["one file", "files"])]
    write_plural_catalog(path, ENGLISH, entries)
    assert [(f.code, f.severity) for f in check_catalog(path)] == [
        ("fuzzy", "warning"),
        ("c-format", "warning"),  # msgstr[1] only: msgstr[0] serves n == 1
    ]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.data(),
    flag=st.sampled_from(sorted(TOKENS)),
    plural_forms=st.sampled_from([ENGLISH, ARABIC, JAPANESE]),
)
def test_generated_plural_entries_qa_errs_exactly_when_msgfmt_refuses(
    tmp_path_factory: pytest.TempPathFactory,
    data: st.DataObject,
    flag: str,
    plural_forms: tuple[str, str],
) -> None:
    text = st.lists(st.sampled_from(TOKENS[flag]), min_size=1, max_size=4).map("".join)
    nplurals = int(plural_forms[1].split("nplurals=")[1].split(";")[0])
    entry = st.tuples(text, text, st.lists(text, min_size=nplurals, max_size=nplurals))
    drawn = data.draw(st.lists(entry, min_size=1, max_size=6))
    entries = [(flag, source, plural, forms) for source, plural, forms in drawn]
    path = tmp_path_factory.mktemp("plural") / "x.po"
    entry_lines = write_plural_catalog(path, plural_forms, entries)
    gnu, gnu_errors = msgfmt_verdicts(path, entry_lines)
    assert_qa_agrees(gnu, gnu_errors, qa_catalog_verdicts(path, entry_lines), entries)


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
    assert strip_placeholders(text, read_flags((flag,)).formats) == expected


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


@pytest.mark.parametrize(
    ("flags", "declared"),
    [("no-c-format, c-format", True), ("c-format, no-c-format", False)],
)
def test_contradicting_flags_are_read_in_order_as_msgfmt_reads_them(
    tmp_path: Path, flags: str, declared: bool
) -> None:
    """The last of contradicting format flags wins for the content checks too: with c-format
    in force the width in ``%5d`` is no number the translation lost."""
    path = tmp_path / "order.po"
    path.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'#, {flags}\nmsgid "%5d من 10"\nmsgstr "%s of 10"\n',
        encoding="utf-8",
    )
    gnu = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True)
    assert (gnu.returncode != 0) == declared, gnu.stderr  # %s for %d: refused under c-format
    checks = {finding.code for finding in check_catalog(path)}
    assert ("c-format" in checks) == declared
    assert ("numbers" in checks) != declared
