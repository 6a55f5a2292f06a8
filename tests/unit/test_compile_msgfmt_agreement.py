"""``workbench compile`` reads a message's flags as GNU ``msgfmt -c`` reads them, judged by the
real msgfmt on one-entry catalogs: same exit status, same error lines (``file:line: message``),
same error count, a byte-identical ``.mo`` where both accept; and ``workbench qa`` errs on the
same entries.

The flags in question: ``range: MIN..MAX`` (a plural form taken by at most one number of the
range is checked leniently, GNU's ``plural_distribution`` histogram; a malformed range is
dropped without a word), a format flagged twice (one check, one error), ``no-``/``impossible-``
after a format (the last flag wins), and ``fuzzy`` sharing a comma-less flag line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from workbench.catalog.checkers import PluralVerdict, plural_verdict
from workbench.catalog.compiler import FAILED, CompileOptions, compile_catalog
from workbench.catalog.po.flags import FlagReading, read_flags
from workbench.qa import check_catalog

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext missing")

HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: test 1\\n"\n'
    '"PO-Revision-Date: 2026-01-01 00:00+0000\\n"\n"Last-Translator: T <t@example.org>\\n"\n'
    '"Language-Team: T <t@example.org>\\n"\n"Language: {language}\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: {formula}\\n"\n\n'
)
ENGLISH = ("en", "nplurals=2; plural=(n != 1);")
ARABIC = (
    "ar",
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5;",
)  # form 3: n%100 in 3..10; form 4: n%100 in 11..99; form 5: 100, 101, 102, 200...
EN_DROPPED = ["%d file", "files"]  # msgstr[1] drops the number
AR_NONE = ["لا ملفات", "ملف واحد", "ملفان", "ملفات", "ملفًا", "ملف"]  # no form has '%d'
AR_ALL = ["لا ملفات", "ملف واحد", "ملفان", "%d ملفات", "%d ملفًا", "%d ملف"]

# (id, plural forms, flag line, msgstrs (one: singular), msgfmt -c refuses it)
CASES = [
    ("en-no-range", ENGLISH, "c-format", EN_DROPPED, True),
    ("en-range-in", ENGLISH, "c-format, range: 1..2", EN_DROPPED, False),  # form 1: n == 2
    ("en-range-0..1", ENGLISH, "c-format, range: 0..1", EN_DROPPED, False),  # form 1: n == 0
    ("en-range-1..1", ENGLISH, "c-format, range: 1..1", EN_DROPPED, False),
    ("en-range-out", ENGLISH, "c-format, range: 2..3", EN_DROPPED, True),  # form 1: 2 numbers
    ("en-range-big", ENGLISH, "c-format, range: 1..100000", EN_DROPPED, True),
    ("en-range-spaces", ENGLISH, "c-format range: 1..2", EN_DROPPED, False),  # one flag to polib
    ("en-range-leading-0", ENGLISH, "c-format, range: 01..02", EN_DROPPED, False),
    ("en-range-trailing", ENGLISH, "c-format, range: 1..2junk", EN_DROPPED, False),
    ("en-range-last-wins", ENGLISH, "c-format, range: 1..2, range: 5..9", EN_DROPPED, True),
    # malformed ranges: dropped without a word, the entry checked as without one
    ("en-range-reversed", ENGLISH, "c-format, range: 2..1", EN_DROPPED, True),
    ("en-range-not-number", ENGLISH, "c-format, range: 1..x", EN_DROPPED, True),
    ("en-range-one-dot", ENGLISH, "c-format, range: 1.2", EN_DROPPED, True),
    ("en-range-negative", ENGLISH, "c-format, range: -1..2", EN_DROPPED, True),
    ("en-range-no-space", ENGLISH, "c-format, range:1..2", EN_DROPPED, True),
    ("en-range-eats-format", ENGLISH, "range: c-format", EN_DROPPED, False),  # no c-format left
    # Arabic: forms 0, 1, 2 serve one number each; 3, 4, 5 many, unless a range says otherwise
    ("ar-no-range", ARABIC, "c-format", AR_NONE, True),
    ("ar-range-3..4", ARABIC, "c-format", AR_NONE[:3] + AR_ALL[3:4] + AR_NONE[4:], True),
    ("ar-range-3..4-ok", ARABIC, "c-format, range: 3..4",
     AR_NONE[:3] + AR_ALL[3:4] + AR_NONE[4:], False),  # forms 4 and 5 take no number of 3..4
    ("ar-range-3..4-drops-3", ARABIC, "c-format, range: 3..4", AR_NONE, True),
    ("ar-range-3..3", ARABIC, "c-format, range: 3..3", AR_NONE, False),  # form 3: one number
    ("ar-range-0..2", ARABIC, "c-format, range: 0..2", AR_NONE, False),
    ("ar-range-100..102", ARABIC, "c-format, range: 100..102", AR_NONE[:5] + AR_ALL[5:], False),
    ("ar-range-100..102-drops-5", ARABIC, "c-format, range: 100..102", AR_NONE, True),
    ("ar-range-malformed", ARABIC, "c-format, range: 3..", AR_NONE, True),
    # one format flagged twice: one check, one error
    ("python-twice", ENGLISH, "python-format, possible-python-format", ["%(nom)s signed"], True),
    ("c-twice-plural", ENGLISH, "c-format, possible-c-format", EN_DROPPED, True),
    ("brace-twice", ENGLISH, "python-brace-format, possible-python-brace-format", ["{x}"],
     True),
    # contradicting flags: the last wins
    ("c-then-no-c", ENGLISH, "c-format, no-c-format", EN_DROPPED, False),
    ("no-c-then-c", ENGLISH, "no-c-format, c-format", EN_DROPPED, True),
    ("c-then-impossible", ENGLISH, "c-format, impossible-c-format", EN_DROPPED, False),
    # 'fuzzy' on a comma-less flag line is still fuzzy: not compiled, not checked
    ("fuzzy-no-comma", ENGLISH, "c-format fuzzy", EN_DROPPED, False),
]  # fmt: skip
SINGULAR_SOURCE = {"python-twice": "%(name)s وقع", "brace-twice": "{name}"}


def write_case(path: Path, plural_forms: tuple[str, str], flags: str, msgstrs: list[str],
               singular_source: str = "") -> None:  # fmt: skip
    language, formula = plural_forms
    lines = [HEADER.format(language=language, formula=formula).rstrip("\n"), "", f"#, {flags}"]
    if len(msgstrs) == 1 and singular_source:
        lines += [f'msgid "{singular_source}"', f'msgstr "{msgstrs[0]}"']
    else:
        lines += ['msgid "%d file"', 'msgid_plural "%d files"']
        lines += [f'msgstr[{index}] "{text}"' for index, text in enumerate(msgstrs)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_msgfmt(path: Path, out: Path, *options: str) -> tuple[int, list[str], int]:
    """msgfmt -c's exit status, error lines (warnings left out) and counted errors."""
    done = subprocess.run(
        ["msgfmt", "-c", *options, "-o", str(out), str(path)], capture_output=True, text=True
    )
    errors = [
        line
        for line in done.stderr.splitlines()
        if line.startswith(f"{path}:") and not re.match(r"[^:]*:\d+: warning: ", line)
    ]
    counted = re.search(r"found (\d+) fatal errors?", done.stderr)
    return done.returncode, errors, int(counted.group(1)) if counted else 0


def assert_compile_agrees(tmp_path: Path, catalog: Path, *options: str) -> int:
    """Compile and msgfmt -c agree on ``catalog``; returns msgfmt's error count."""
    gnu_mo = tmp_path / "gnu.mo"
    status, gnu_errors, counted = run_msgfmt(catalog, gnu_mo, *options)
    result = compile_catalog(
        catalog, CompileOptions(use_fuzzy="--use-fuzzy" in options, force=True)
    )
    ours = [str(problem) for problem in result.errors]
    assert (status != 0) == (result.status == FAILED), (ours, gnu_errors)
    assert len(ours) == counted
    assert ours[:1] == gnu_errors[:1]  # msgfmt prints one error per message, counts them all
    if status == 0:
        assert result.mo.read_bytes() == gnu_mo.read_bytes()
    return counted


@pytest.mark.parametrize(
    ("plural_forms", "flags", "msgstrs", "refused"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_compile_reads_flags_like_msgfmt(
    tmp_path: Path, request: pytest.FixtureRequest, plural_forms, flags, msgstrs, refused
) -> None:
    case = request.node.callspec.id
    catalog = tmp_path / "messages.po"
    write_case(catalog, plural_forms, flags, msgstrs, SINGULAR_SOURCE.get(case, ""))
    errors = assert_compile_agrees(tmp_path, catalog)
    assert bool(errors) == refused
    if case in {"python-twice", "c-twice-plural", "brace-twice"}:
        assert errors == 1
    # workbench qa errs on the same entries, with as many placeholder errors
    qa = [f for f in check_catalog(catalog) if f.severity == "error"]
    assert len(qa) == errors, qa
    assert all(f.code in {"c-format", "python-format", "brace-format"} for f in qa)


@pytest.mark.parametrize("flags", ["fuzzy, c-format, range: 2..3", "c-format fuzzy"])
def test_use_fuzzy_checks_fuzzy_entries_like_msgfmt(tmp_path: Path, flags: str) -> None:
    catalog = tmp_path / "messages.po"
    write_case(catalog, ENGLISH, flags, EN_DROPPED)
    assert assert_compile_agrees(tmp_path, catalog) == 0
    assert assert_compile_agrees(tmp_path, catalog, "--use-fuzzy") == 1


@pytest.mark.parametrize(
    ("flags", "reading"),
    [
        (("c-format", "range: 1..2"), FlagReading(("c-format",), (1, 2))),
        (("c-format range: 3..9 fuzzy",), FlagReading(("c-format",), (3, 9), fuzzy=True)),
        (("python-format", "possible-python-format"), FlagReading(("python-format",))),
        (("python-format", "c-format"), FlagReading(("c-format", "python-format"))),  # GNU order
        (("c-format", "range: 9..1"), FlagReading(("c-format",))),
        (("c-format", "range: 1..99999999999"), FlagReading(("c-format",), (1, 2**31 - 1))),
        (("range:", "c-format"), FlagReading()),
        (("no-python-format", "python-format"), FlagReading(("python-format",))),
    ],
)
def test_read_flags_is_gnus_reading(flags: tuple[str, ...], reading: FlagReading) -> None:
    assert read_flags(flags) == reading


def test_range_strictness_counts_the_numbers_of_each_form() -> None:
    verdict: PluralVerdict = plural_verdict(f"Plural-Forms: {ARABIC[1]}\n".encode(), [6])
    assert verdict.often == [False, False, False, True, True, True]
    assert [verdict.is_strict(form) for form in range(6)] == verdict.often
    in_3_to_4 = [verdict.is_strict(form, (3, 4)) for form in range(6)]
    assert in_3_to_4 == [False, False, False, True, False, False]
    assert [verdict.is_strict(form, (0, 1000)) for form in range(6)] == verdict.often
    # no header: GNU's default n != 1, form 1 strict unless the range holds one number of it
    default = plural_verdict(None, [])
    assert default.is_strict(1) and not default.is_strict(1, (1, 2))
    assert default.is_strict(1, (0, 2))


def test_range_strictness_is_counted_once_per_form_and_range() -> None:
    """Every message with ``range:`` asks again; the formula is evaluated for the first only."""
    verdict = plural_verdict(f"Plural-Forms: {ARABIC[1]}\n".encode(), [6])
    assert verdict.formula is not None
    calls: list[int] = []
    formula = verdict.formula

    def counted(n: int) -> int:
        calls.append(n)
        return formula(n)

    counting = PluralVerdict(verdict.often, formula=counted)
    first = [counting.is_strict(form, (0, 1000)) for form in range(6)]
    evaluated = len(calls)
    again = [counting.is_strict(form, (0, 1000)) for form in range(6)]
    assert first == again == verdict.often
    assert evaluated > 0 and len(calls) == evaluated
    assert counting.is_strict(3, (3, 4)) and len(calls) == evaluated + 2  # a new range counts
