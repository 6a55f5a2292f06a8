"""Compiling catalogs: GNU msgfmt and msgunfmt are the judges, Python's gettext the reader."""

from __future__ import annotations

import gettext
import os
import random
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import polib
import pytest
from babel.messages.plurals import get_plural
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.catalogs import mirror_newlines
from workbench.catalog.checkers import check_catalog_entries
from workbench.catalog.compiler import (
    COMPILED,
    FAILED,
    UP_TO_DATE,
    CompileOptions,
    compile_catalog,
    is_up_to_date,
    mo_path_for,
    stamp_path_for,
)
from workbench.catalog.mofile import MoMessage, build_mo, hashpjw, hashpjw_many
from workbench.catalog.po import scanner
from workbench.catalog.pofile import write_po

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext missing")

ARABIC = [
    "وقد استقبل حفل التوقيع أكثر من 2500 مندوب من 110 دول.",
    "قال الجنرال لونغ تام كوانغ، وزير الأمن العام، إن المراسم نجحت.",
    "التكنولوجيا من أجل الناس، والرقمنة من أجل السلام",
    'نص فيه "علامات اقتباس" و\\ شرطة مائلة',
    "سطر أول\nسطر ثان\n",
    "\tجدولة في البداية",
]


# --- helpers --------------------------------------------------------------------------------


def header_metadata(language: str) -> dict[str, str]:
    """A complete header, Plural-Forms from Babel (as 'workbench import' writes it)."""
    nplurals, expression = get_plural(language)
    return {
        "Project-Id-Version": "hanoi-convention-signing 1.0",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "2026-11-28 12:00+0000",
        "PO-Revision-Date": "2026-11-28 12:30+0000",
        "Last-Translator": "Test <test@example.org>",
        "Language-Team": language,
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": f"nplurals={nplurals}; plural={expression};",
    }


def sample_catalog(language: str = "en") -> polib.POFile:
    """Arabic sources with every kind of entry: translated, plural, context, fuzzy,
    untranslated, obsolete, python-format."""
    nplurals = get_plural(language)[0]
    po = polib.POFile(wrapwidth=79)
    po.metadata = header_metadata(language)
    po.append(polib.POEntry(msgid=ARABIC[0], msgstr="The signing ceremony received 2500."))
    po.append(polib.POEntry(msgid=ARABIC[1], msgstr="General Luong Tam Quang said so."))
    po.append(polib.POEntry(msgid=ARABIC[2], msgstr=""))  # untranslated
    po.append(polib.POEntry(msgid=ARABIC[3], msgstr='Text with "quotes" and \\ backslash'))
    po.append(polib.POEntry(msgid=ARABIC[4], msgstr="First line\nsecond line\n"))
    po.append(polib.POEntry(msgid=ARABIC[5], msgstr="\tTab first"))
    po.append(
        polib.POEntry(msgid="وزير", msgstr="Minister (fuzzy)", flags=["fuzzy"])
    )  # fuzzy: left out by default
    po.append(polib.POEntry(msgctxt="title", msgid="وزير", msgstr="Minister"))
    po.append(polib.POEntry(msgctxt="verb", msgid="وزير", msgstr="to minister"))
    po.append(
        polib.POEntry(
            msgid="%(count)d مندوب",
            msgstr="%(count)d delegates",
            flags=["python-format"],
        )
    )
    po.append(
        polib.POEntry(
            msgid="دولة واحدة",
            msgid_plural="%d دول",
            msgstr_plural={i: f"form {i}: %d countries" for i in range(nplurals)},
            flags=["c-format"],
        )
    )
    po.append(
        polib.POEntry(
            msgctxt="members",
            msgid="عضو",
            msgid_plural="أعضاء",
            msgstr_plural={i: f"member form {i}" for i in range(nplurals)},
        )
    )
    po.append(
        polib.POEntry(
            msgid="مقترح",
            msgid_plural="مقترحات",
            msgstr_plural={i: "" for i in range(nplurals)},
        )
    )  # untranslated plural
    po.append(polib.POEntry(msgid="قديم", msgstr="old", obsolete=True))
    return po


def write_catalog(po: polib.POFile, folder: Path, language: str = "en") -> Path:
    path = folder / "locales" / language / "LC_MESSAGES" / "hanoi.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_po(po, path)
    return path


def msgfmt(po: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["msgfmt", *extra, "-o", str(out), str(po)], capture_output=True, text=True
    )


def msgunfmt(mo: Path) -> str:
    return subprocess.run(
        ["msgunfmt", str(mo)], capture_output=True, text=True, check=True
    ).stdout


def gnu_error_lines(stderr: str, po: Path) -> set[int]:
    """Lines of the errors (not warnings, not 'first definition' notes) msgfmt names."""
    lines = set()
    for line in stderr.splitlines():
        found = re.match(rf"{re.escape(str(po))}:(\d+): (?!warning)(?!\.\.\.this is)", line)
        if found:
            lines.add(int(found.group(1)))
    return lines


def load_mo(mo: Path) -> gettext.GNUTranslations:
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


# --- the .mo writer -------------------------------------------------------------------------


def test_vectorised_hash_matches_gnu_hashpjw() -> None:
    rng = random.Random(7)
    keys = [bytes(rng.randrange(1, 256) for _ in range(rng.randrange(0, 400))) for _ in range(500)]
    keys += [b"", b"a", b"abc\0plural", "مرحبا".encode()]
    assert hashpjw_many(keys).tolist() == [hashpjw(key) for key in keys]
    assert hashpjw(b"abc") == ((ord("a") << 8) + (ord("b") << 4) + ord("c"))


def test_empty_and_small_tables_match_msgfmt(tmp_path: Path) -> None:
    po = tmp_path / "one.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8"
    )
    assert msgfmt(po, tmp_path / "gnu.mo").returncode == 0
    ours = build_mo([MoMessage(b"", None, b"Content-Type: text/plain; charset=UTF-8\n")])
    assert ours == (tmp_path / "gnu.mo").read_bytes()


# --- same messages as msgfmt ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ar", "fr", "ru", "ja"])
@pytest.mark.parametrize("use_fuzzy", [False, True])
def test_mo_is_byte_identical_to_msgfmt(tmp_path: Path, language: str, use_fuzzy: bool) -> None:
    catalog = write_catalog(sample_catalog(language), tmp_path, language)
    gnu = tmp_path / "gnu.mo"
    flags = ("-c", "--use-fuzzy") if use_fuzzy else ("-c",)
    done = msgfmt(catalog, gnu, *flags)
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr
    result = compile_catalog(catalog, CompileOptions(use_fuzzy=use_fuzzy))
    assert result.status == COMPILED, [str(p) for p in result.problems]
    assert result.problems == []
    assert msgunfmt(result.mo) == msgunfmt(gnu)
    assert result.mo.read_bytes() == gnu.read_bytes()


def test_mo_loads_in_python_gettext_with_plurals_and_context(tmp_path: Path) -> None:
    catalog = write_catalog(sample_catalog("ar"), tmp_path, "ar")
    result = compile_catalog(catalog)
    translations = load_mo(result.mo)
    assert translations.gettext(ARABIC[0]) == "The signing ceremony received 2500."
    assert translations.gettext(ARABIC[3]) == 'Text with "quotes" and \\ backslash'
    assert translations.gettext(ARABIC[4]) == "First line\nsecond line\n"
    assert translations.gettext(ARABIC[2]) == ARABIC[2]  # untranslated: left out
    assert translations.gettext("وزير") == "وزير"  # fuzzy: left out
    assert translations.gettext("قديم") == "قديم"  # obsolete: left out
    assert translations.pgettext("title", "وزير") == "Minister"
    assert translations.pgettext("verb", "وزير") == "to minister"
    # Arabic: six forms, 0 / 1 / 2 / 3-10 / 11-99 / 100-102
    chosen = {n: translations.ngettext("دولة واحدة", "%d دول", n) for n in (0, 1, 2, 5, 11, 100)}
    assert chosen == {
        0: "form 0: %d countries",
        1: "form 1: %d countries",
        2: "form 2: %d countries",
        5: "form 3: %d countries",
        11: "form 4: %d countries",
        100: "form 5: %d countries",
    }
    assert translations.npgettext("members", "عضو", "أعضاء", 3) == "member form 3"
    assert translations.info()["language"] == "ar"


def test_english_target_plurals_and_fuzzy_option(tmp_path: Path) -> None:
    catalog = write_catalog(sample_catalog("en"), tmp_path)
    translations = load_mo(compile_catalog(catalog).mo)
    assert translations.ngettext("دولة واحدة", "%d دول", 1) == "form 0: %d countries"
    assert translations.ngettext("دولة واحدة", "%d دول", 7) == "form 1: %d countries"
    fuzzy = load_mo(compile_catalog(catalog, CompileOptions(use_fuzzy=True)).mo)
    assert fuzzy.gettext("وزير") == "Minister (fuzzy)"


def test_fuzzy_header_is_kept_like_msgfmt(tmp_path: Path) -> None:
    po = sample_catalog("en")
    po.metadata_is_fuzzy = True
    catalog = write_catalog(po, tmp_path)
    assert "#, fuzzy\nmsgid \"\"" in catalog.read_text(encoding="utf-8")
    gnu = tmp_path / "gnu.mo"
    assert msgfmt(catalog, gnu).returncode == 0
    result = compile_catalog(catalog)
    assert result.mo.read_bytes() == gnu.read_bytes()
    assert load_mo(result.mo).info()["language"] == "en"


def test_pot_creation_date_dropped_from_header_like_msgfmt(tmp_path: Path) -> None:
    catalog = write_catalog(sample_catalog("en"), tmp_path)
    header = load_mo(compile_catalog(catalog).mo).info()
    assert "pot-creation-date" not in header
    assert header["project-id-version"] == "hanoi-convention-signing 1.0"


# --- the reader, against msgfmt on generated catalogs ---------------------------------------

_TEXT = st.text(
    alphabet=st.sampled_from(list("abc xyz.،؟") + list("وقدلنمع") + ['"', "\\", "\t", "%", "\n"]),
    min_size=1,
    max_size=120,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    entries=st.lists(
        st.tuples(_TEXT, _TEXT, st.sampled_from(["plain", "fuzzy", "ctxt", "empty", "obsolete"])),
        min_size=1,
        max_size=25,
        unique_by=lambda item: item[0],
    )
)
def test_generated_catalogs_compile_like_msgfmt(tmp_path_factory, entries) -> None:
    folder = tmp_path_factory.mktemp("gen")
    po = polib.POFile(wrapwidth=79)
    po.metadata = header_metadata("en")
    for msgid, msgstr, kind in entries:
        msgstr = mirror_newlines(msgid, msgstr)
        po.append(
            polib.POEntry(
                msgid=msgid,
                msgstr="" if kind == "empty" else msgstr,
                msgctxt="ctx" if kind == "ctxt" else None,
                flags=["fuzzy"] if kind == "fuzzy" else [],
                obsolete=kind == "obsolete",
            )
        )
    catalog = write_catalog(po, folder)
    gnu = folder / "gnu.mo"
    done = msgfmt(catalog, gnu)
    assert done.returncode == 0, done.stderr
    result = compile_catalog(catalog)
    assert result.status == COMPILED, [str(p) for p in result.problems]
    assert msgunfmt(result.mo) == msgunfmt(gnu)
    assert result.mo.read_bytes() == gnu.read_bytes()


# "z", not a hex digit: "\\x41" followed by one would be a single (different) escape, as in GNU.
ESCAPED_TOKENS = {"z": "z", " ": " ", "و": "و", '\\"': '"', "\\\\": "\\", "\\n": "\n"}
ESCAPED_TOKENS |= {"\\t": "\t", "\\101": "A", "\\x41": "A"}


@settings(max_examples=60, deadline=None)
@given(
    pieces=st.lists(
        st.lists(st.sampled_from(sorted(ESCAPED_TOKENS)), max_size=6), min_size=1, max_size=4
    ),
    spaces=st.sampled_from(["", " ", "\t"]),
)
def test_fast_reader_agrees_with_line_reader(pieces: list[list[str]], spaces: str) -> None:
    """Unusual but valid layouts (several strings, blanks around them) read the same either way."""
    body = "\n".join(f'{spaces}"{"".join(piece)}"{spaces}' for piece in pieces)
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f"#, fuzzy, python-format\nmsgctxt \"c\"\nmsgid {body}\nmsgstr {body}\n\n"
        f'msgid "p"\nmsgid_plural {body}\nmsgstr[0] {body}\nmsgstr[1] "x"\n'
        '\n#~ msgid "old"\n#~ msgstr "alt"\n'
    ).encode()
    fast = scanner.read_raw_catalog(Path("x.po"), text)
    slow = scanner._read_lines(text, Path("x.po"))
    assert fast.syntax_errors == slow.syntax_errors == []

    def summary(catalog: scanner.RawCatalog) -> list[tuple]:
        return sorted(
            (e.msgctxt or b"", e.msgid, e.msgid_plural, tuple(e.msgstrs), e.flags, e.obsolete)
            + (catalog.line_at(e.msgid_pos), catalog.line_at(e.msgstr_pos))
            for e in catalog.entries
        )

    assert summary(fast) == summary(slow)
    expected = "".join(ESCAPED_TOKENS[token] for piece in pieces for token in piece)
    entry = next(e for e in fast.entries if e.msgctxt == b"c")
    assert entry.msgid.decode() == expected
    assert entry.flags == ("fuzzy", "python-format")


# --- errors: file:line like msgfmt -c -------------------------------------------------------

HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: x 1.0\\n"\n"PO-Revision-Date: 2026-11-28\\n"\n'
    '"Last-Translator: T <t@example.org>\\n"\n"Language-Team: en\\n"\n"Language: en\\n"\n'
    '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)

BAD_CATALOGS = {
    "duplicate": HEADER + 'msgid "a"\nmsgstr "A"\n\nmsgid "a"\nmsgstr "B"\n',
    "duplicate-obsolete": HEADER + 'msgid "a"\nmsgstr "A"\n\n#~ msgid "a"\n#~ msgstr "B"\n',
    "python-format-name": HEADER
    + '#, python-format\nmsgid "Hello %(name)s"\nmsgstr "Hi %(nom)s"\n',
    "python-format-count": HEADER + '#, python-format\nmsgid "%s of %d"\nmsgstr "%d"\n',
    "python-format-type": HEADER + '#, python-format\nmsgid "%(n)d"\nmsgstr "%(n)s"\n',
    "python-format-invalid": HEADER + '#, python-format\nmsgid "%(n)d"\nmsgstr "%(n)y"\n',
    "c-format-order": HEADER + '#, c-format\nmsgid "%d files in %s"\nmsgstr "%s: %d files"\n',
    "c-format-missing": HEADER + '#, c-format\nmsgid "%d files"\nmsgstr "files"\n',
    "newline-end": HEADER + 'msgid "line\\n"\nmsgstr "line"\n',
    "newline-begin": HEADER + 'msgid "\\nline"\nmsgstr "line"\n',
    "plural-count": HEADER
    + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\nmsgstr[2] "z"\n',
    "plural-too-few": HEADER.replace("nplurals=2; plural=(n != 1)", "nplurals=3; plural=n%3")
    + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n',
    "plural-missing-header": HEADER.replace(
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n', ""
    )
    + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n',
    "plural-bad-expression": HEADER.replace("plural=(n != 1)", "plural=(n !! 1)")
    + 'msgid "a"\nmsgstr "A"\n',
    "plural-out-of-range": HEADER.replace("plural=(n != 1)", "plural=n")
    + 'msgid "a"\nmsgstr "A"\n',
    "plural-division-by-zero": HEADER.replace("plural=(n != 1)", "plural=n/0")
    + 'msgid "a"\nmsgstr "A"\n',
    "syntax": HEADER + 'msgid "a"\nmsgstr "A"\n\nmsgid "b"\nmsgstr "B" junk\n',
    "missing-msgstr": HEADER + 'msgid "a"\n\nmsgid "b"\nmsgstr "B"\n',
    "unterminated": HEADER + 'msgid "a\nmsgstr "A"\n',
}


@pytest.mark.parametrize("name", sorted(BAD_CATALOGS))
def test_errors_name_the_same_line_as_msgfmt(tmp_path: Path, name: str) -> None:
    catalog = tmp_path / f"{name}.po"
    catalog.write_text(BAD_CATALOGS[name], encoding="utf-8")
    done = msgfmt(catalog, tmp_path / "gnu.mo", "-c")
    assert done.returncode != 0, f"msgfmt accepted {name}"
    result = compile_catalog(catalog)
    assert result.status == FAILED
    assert not result.mo.exists()
    ours = {problem.line for problem in result.errors}
    gnu = gnu_error_lines(done.stderr, catalog)
    assert gnu, done.stderr
    assert ours & gnu, f"{name}: ours {sorted(ours)} vs msgfmt {sorted(gnu)}\n{done.stderr}"
    for problem in result.errors:
        assert str(problem).startswith(f"{catalog}:{problem.line}: ")


def test_messages_match_msgfmt_wording(tmp_path: Path) -> None:
    catalog = tmp_path / "x.po"
    catalog.write_text(
        BAD_CATALOGS["python-format-name"] + '\n#, c-format\nmsgid "%d %s"\nmsgstr "%s %d"\n',
        encoding="utf-8",
    )
    done = msgfmt(catalog, tmp_path / "gnu.mo", "-c")
    result = compile_catalog(catalog)
    for problem in result.errors:
        assert str(problem) in done.stderr.splitlines()


def test_fuzzy_and_untranslated_entries_are_not_checked_unless_compiled(tmp_path: Path) -> None:
    catalog = tmp_path / "x.po"
    catalog.write_text(
        HEADER
        + '#, fuzzy, python-format\nmsgid "%(n)d"\nmsgstr "none"\n\n'
        + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""\n',
        encoding="utf-8",
    )
    assert msgfmt(catalog, tmp_path / "gnu.mo", "-c").returncode == 0
    assert compile_catalog(catalog).status == COMPILED
    assert msgfmt(catalog, tmp_path / "gnu.mo", "-c", "--use-fuzzy").returncode != 0
    assert compile_catalog(catalog, CompileOptions(use_fuzzy=True)).status == FAILED


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", "PO file header missing"),
        ('msgid ""\nmsgstr "Project-Id-Version: x\\n"\n\n', "charset missing"),
        ('msgid ""\nmsgstr "Content-Type: text/plain; charset=CHARSET\\n"\n\n', "CHARSET"),
        ('msgid ""\nmsgstr "Content-Type: text/plain; charset=NOPE\\n"\n\n', "unknown charset"),
    ],
)
def test_header_problems_are_errors(tmp_path: Path, header: str, expected: str) -> None:
    catalog = tmp_path / "x.po"
    catalog.write_text(header + 'msgid "a"\nmsgstr "A"\n', encoding="utf-8")
    result = compile_catalog(catalog)
    assert result.status == FAILED
    assert any(expected in problem.message for problem in result.errors)


def test_invalid_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    catalog = tmp_path / "x.po"
    catalog.write_bytes(HEADER.encode() + b'msgid "a"\nmsgstr "\xff"\n')
    result = compile_catalog(catalog)
    assert result.status == FAILED
    assert [problem.line for problem in result.errors] == [HEADER.count("\n") + 2]
    # the byte and where it is, in the words `workbench import` uses (not a bare "byte N")
    offset = len(HEADER.encode()) + len(b'msgid "a"\nmsgstr "')
    assert result.errors[0].message == (
        f"invalid byte 0xff at byte offset {offset} for charset UTF-8"
    )


def test_header_field_warnings_match_msgfmt_and_do_not_fail(tmp_path: Path) -> None:
    catalog = tmp_path / "x.po"
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Project-Id-Version: PACKAGE VERSION\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "A"\n',
        encoding="utf-8",
    )
    done = msgfmt(catalog, tmp_path / "gnu.mo", "-c")
    assert done.returncode == 0
    result = compile_catalog(catalog)
    assert result.status == COMPILED
    gnu_warnings = {line for line in done.stderr.splitlines() if ": warning: header field" in line}
    assert {str(problem) for problem in result.warnings} == gnu_warnings


def test_all_problems_of_a_catalog_are_reported(tmp_path: Path) -> None:
    catalog = tmp_path / "x.po"
    catalog.write_text(
        BAD_CATALOGS["newline-end"] + '\n#, python-format\nmsgid "%s"\nmsgstr "x"\n',
        encoding="utf-8",
    )
    raw = scanner.read_raw_catalog(catalog)
    assert len([p for p in check_catalog_entries(raw) if p.is_error]) == 2


# --- no half-written or stale-looking .mo ---------------------------------------------------


def test_failed_compile_keeps_previous_mo_but_drops_its_stamp(tmp_path: Path) -> None:
    catalog = write_catalog(sample_catalog("en"), tmp_path)
    first = compile_catalog(catalog)
    before = first.mo.read_bytes()
    assert stamp_path_for(first.mo).exists()
    with catalog.open("a", encoding="utf-8") as handle:
        handle.write('\nmsgid "x\\n"\nmsgstr "y"\n')
    failed = compile_catalog(catalog)
    assert failed.status == FAILED and failed.kept_previous_mo
    assert failed.mo.read_bytes() == before
    assert not stamp_path_for(first.mo).exists()
    assert not is_up_to_date(catalog)
    assert compile_catalog(catalog).status == FAILED  # still checked, never "up to date"
    leftovers = [p.name for p in catalog.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


# --- up to date -------------------------------------------------------------------------------


def test_up_to_date_mo_is_not_rebuilt(tmp_path: Path) -> None:
    catalog = write_catalog(sample_catalog("en"), tmp_path)
    first = compile_catalog(catalog)
    assert first.status == COMPILED
    before = first.mo.stat()
    second = compile_catalog(catalog)
    assert second.status == UP_TO_DATE
    after = first.mo.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_changes_and_other_options_trigger_a_rebuild(tmp_path: Path) -> None:
    catalog = write_catalog(sample_catalog("en"), tmp_path)
    compile_catalog(catalog)
    assert compile_catalog(catalog, CompileOptions(use_fuzzy=True)).status == COMPILED
    assert compile_catalog(catalog, CompileOptions(use_fuzzy=True)).status == UP_TO_DATE
    assert compile_catalog(catalog).status == COMPILED  # back to no fuzzy
    stat = catalog.stat()
    os.utime(catalog, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert compile_catalog(catalog).status == COMPILED  # catalog touched
    mo = catalog.with_suffix(".mo")
    assert msgfmt(catalog, mo, "--use-fuzzy").returncode == 0  # someone else rewrote the .mo
    assert compile_catalog(catalog).status == COMPILED
    assert compile_catalog(catalog, CompileOptions(force=True)).status == COMPILED
    mo.unlink()
    assert compile_catalog(catalog).status == COMPILED


# --- extra checks (compile --strict's QA, joined in by the CLI) ------------------------------


def test_errors_of_extra_checks_refuse_the_catalog_and_keep_their_check_name(
    tmp_path: Path,
) -> None:
    from workbench.diagnostic import WARNING, Diagnostic

    catalog = write_catalog(sample_catalog("en"), tmp_path)
    found = Diagnostic("27 is not 72", code="numbers", path=catalog, line=12)
    checked: list[Path] = []

    def checks(path: Path) -> list[Diagnostic]:
        checked.append(path)
        return [found]

    result = compile_catalog(catalog, CompileOptions(extra_checks=checks))
    assert checked == [catalog]
    assert result.status == FAILED and result.extra_problems == [found]
    assert result.errors == [found] and not result.mo.exists()
    warned = compile_catalog(
        catalog, CompileOptions(extra_checks=lambda path: [replace(found, severity=WARNING)])
    )
    assert warned.status == COMPILED and warned.warnings == [replace(found, severity=WARNING)]
    assert compile_catalog(catalog).extra_problems is None  # none given: none ran


def test_extra_checks_do_not_run_on_a_catalog_with_syntax_errors(tmp_path: Path) -> None:
    catalog = tmp_path / "x.po"
    catalog.write_text(HEADER + 'msgid "a"\nmsgstr "b"\nnonsense\n', encoding="utf-8")
    checked: list[Path] = []
    result = compile_catalog(
        catalog, CompileOptions(extra_checks=lambda path: checked.append(path) or [])
    )
    assert result.status == FAILED and result.errors
    assert checked == [] and result.extra_problems is None


def test_extra_inputs_are_stamped_so_a_change_compiles_again(tmp_path: Path) -> None:
    """A compile with extra checks is up to date only while the files they read are
    unchanged (``--strict``'s glossary), and is not up to date for a plain compile."""
    catalog = write_catalog(sample_catalog("en"), tmp_path)
    glossary = tmp_path / "titles.tsv"
    glossary.write_text("هانوي\tHanoi\n", encoding="utf-8")
    options = CompileOptions(extra_checks=lambda path: [], extra_inputs={"glossary": glossary})
    assert compile_catalog(catalog, options).status == COMPILED
    assert compile_catalog(catalog, options).status == UP_TO_DATE
    assert not is_up_to_date(catalog, CompileOptions())
    stamp = stamp_path_for(mo_path_for(catalog)).read_text(encoding="utf-8")
    assert '"strict": true' in stamp and str(glossary) in stamp
    glossary.write_text("هانوي\tHa Noi\n", encoding="utf-8")
    assert compile_catalog(catalog, options).status == COMPILED


def test_latin1_catalog_compiles_like_msgfmt(tmp_path: Path) -> None:
    """Strings go to the .mo in the catalog's own charset, as msgfmt 0.21 writes them."""
    catalog = tmp_path / "fr.po"
    catalog.write_bytes(
        HEADER.replace("UTF-8", "ISO-8859-1").encode("latin-1")
        + 'msgid "caf\\351"\nmsgstr "café crème"\n'.encode("latin-1")
    )
    gnu = tmp_path / "gnu.mo"
    assert msgfmt(catalog, gnu, "-c").returncode == 0
    result = compile_catalog(catalog)
    assert result.status == COMPILED
    assert result.mo.read_bytes() == gnu.read_bytes()
    assert load_mo(result.mo).gettext("café") == "café crème"


# --- format checks, against msgfmt -c on generated directives -------------------------------

PYTHON_TOKENS = ["%s", "%d", "%(a)s", "%(b)d", "%(a)d", "%%", "%5.2f", "%.0s", "%r", "%c"]
PYTHON_TOKENS += ["%*d", "%-3i", "%x", "%y", " ", "x", "%(a)", "(", "%(b)r"]
C_TOKENS = ["%s", "%d", "%u", "%ld", "%1$s", "%2$d", "%%", "%*d", "%.*s", "%p", "%x", "%lu"]
C_TOKENS += ["%5.2f", "%zu", "%lld", "%hhd", "%c", "%lc", "%n", " ", "x", "%1$d", "%3$s", "%q"]


@settings(max_examples=25, deadline=None)
@given(
    data=st.data(),
    language=st.sampled_from(["python-format", "c-format"]),
)
def test_format_checks_agree_with_msgfmt(tmp_path_factory, data, language: str) -> None:
    tokens = PYTHON_TOKENS if language == "python-format" else C_TOKENS
    directive = st.lists(st.sampled_from(tokens), min_size=1, max_size=4).map("".join)
    pairs = data.draw(st.lists(st.tuples(directive, directive), min_size=1, max_size=12))
    body = "".join(
        f'#, {language}\nmsgctxt "e{number}"\nmsgid "{source}"\nmsgstr "{target}"\n\n'
        for number, (source, target) in enumerate(pairs)
    )
    folder = tmp_path_factory.mktemp("formats")
    catalog = folder / "x.po"
    catalog.write_text(HEADER + body, encoding="utf-8")
    done = msgfmt(catalog, folder / "gnu.mo", "-c")
    result = compile_catalog(catalog)
    ours = {problem.line for problem in result.errors}
    assert ours == gnu_error_lines(done.stderr, catalog), done.stderr
    assert (result.status == FAILED) == (done.returncode != 0)


ARABIC_PLURALS = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
    ": n%100>=11 ? 4 : 5)"
)


@settings(max_examples=20, deadline=None)
@given(data=st.data(), language=st.sampled_from(["python-format", "c-format"]))
def test_plural_format_checks_agree_with_msgfmt(tmp_path_factory, data, language: str) -> None:
    """Arabic's six forms: forms taken by one number only (0, 1, 2) may drop the argument."""
    tokens = ["%d", "%s", "x", " "] if language == "c-format" else ["%d", "%s", "%(n)d", "x"]
    directive = st.lists(st.sampled_from(tokens), min_size=1, max_size=3).map("".join)
    entries = data.draw(
        st.lists(st.tuples(directive, st.lists(directive, min_size=6, max_size=6)), max_size=6)
    )
    body = "".join(
        f'#, {language}\nmsgctxt "e{number}"\nmsgid "one"\nmsgid_plural "{source}"\n'
        + "".join(f'msgstr[{index}] "{form}"\n' for index, form in enumerate(forms))
        + "\n"
        for number, (source, forms) in enumerate(entries)
    )
    folder = tmp_path_factory.mktemp("plural-formats")
    catalog = folder / "ar.po"
    header = HEADER.replace("nplurals=2; plural=(n != 1)", ARABIC_PLURALS)
    catalog.write_text(header + body, encoding="utf-8")
    done = msgfmt(catalog, folder / "gnu.mo", "-c")
    result = compile_catalog(catalog)
    assert {p.line for p in result.errors} == gnu_error_lines(done.stderr, catalog), done.stderr


def test_hex_escapes_take_every_hex_digit_like_msgfmt(tmp_path: Path) -> None:
    """C semantics, as GNU po-lex: ``\\x41b`` is one byte (0x41b & 0xff), not ``A`` + ``b``."""
    escapes = [r"\x41b", r"\x4142", r"\x412", r"\x1234z", r"\x0041", r"\x41G"]
    catalog = tmp_path / "x.po"
    catalog.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
        + "".join(f'msgid "k{i}"\nmsgstr "<{e}>"\n\n' for i, e in enumerate(escapes)),
        encoding="latin-1",
    )
    assert msgfmt(catalog, tmp_path / "gnu.mo").returncode == 0
    result = compile_catalog(catalog)
    assert result.status == COMPILED
    assert result.mo.read_bytes() == (tmp_path / "gnu.mo").read_bytes()


def test_flags_of_an_obsolete_entry_stay_with_it(tmp_path: Path) -> None:
    """``#, fuzzy`` above ``#~ msgid`` (as msgmerge writes obsolete fuzzy entries) belongs to
    that obsolete entry; it used to make the next active entry fuzzy, dropping it from the .mo
    (and a ``#, python-format`` there used to check the wrong entry)."""
    catalog = tmp_path / "x.po"
    catalog.write_text(
        HEADER
        + '#, fuzzy\n#~ msgid "old"\n#~ msgstr "Old"\n\n'
        + 'msgid "a"\nmsgstr "A"\n\n'
        + '#, python-format\n#~ msgid "%(n)s old"\n#~ msgstr "%(n)s Old"\n\n'
        + 'msgid "%(n)s b"\nmsgstr "B"\n',
        encoding="utf-8",
    )
    assert msgfmt(catalog, tmp_path / "gnu.mo", "-c").returncode == 0
    result = compile_catalog(catalog)
    assert result.status == COMPILED, [str(p) for p in result.errors]
    assert result.mo.read_bytes() == (tmp_path / "gnu.mo").read_bytes()
    entries = {e.msgid: e for e in scanner.read_raw_catalog(catalog).entries}
    assert entries[b"a"].flags == () and entries[b"old"].flags == ("fuzzy",)


def test_an_escape_never_runs_into_the_next_string(tmp_path: Path) -> None:
    """Each quoted string is unescaped on its own, as GNU does: ``"\\x41"`` then ``"a"`` on
    the next line is "Aa", not the one byte ``\\x41a``; both readers agree."""
    catalog = tmp_path / "x.po"
    body = 'msgid "k"\nmsgstr ""\n"<\\x41"\n"a>"\n\nmsgid "j"\nmsgstr "<\\x7" "1>"\n'
    catalog.write_text(HEADER + body, encoding="utf-8")
    assert msgfmt(catalog, tmp_path / "gnu.mo").returncode == 0
    result = compile_catalog(catalog)
    assert result.status == COMPILED
    assert result.mo.read_bytes() == (tmp_path / "gnu.mo").read_bytes()
    slow = scanner._read_lines(catalog.read_bytes(), catalog)
    values = {e.msgid: e.msgstrs[0] for e in slow.entries}
    assert (values[b"k"], values[b"j"]) == (b"<Aa>", b"<\x07" + b"1>")


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("{name} signed", "signed by {nom}"),  # renamed placeholder: refused
        ("{name} signed", "signed"),  # dropped placeholder: refused
        ("{x}", "{}"),  # GNU 0.21: '{}' is no valid directive
        ("{x}", "{x:>10}"),  # GNU 0.21 names an argument by all between the braces
        ("{a}{b}", "{b}{c}"),
        ("{x}", "{x:{y:z}}"),
        ("{x} {y}", "{y} {x}"),  # reordered: fine
        ("{{literal}} {x}", "{x} {{literal}}"),
    ],
)
def test_python_brace_format_is_checked_like_msgfmt(
    tmp_path: Path, msgid: str, msgstr: str
) -> None:
    """msgfmt -c refuses python-brace-format entries whose placeholders differ (str.format
    would raise KeyError at run time); compile used to accept them and write the .mo."""
    catalog = tmp_path / "x.po"
    catalog.write_text(
        HEADER + f'#, python-brace-format\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n\n'
        + f'#, python-brace-format\nmsgid "{msgid} (plural)"\nmsgid_plural "{msgid}"\n'
        + f'msgstr[0] "{msgstr}"\nmsgstr[1] "{msgstr}"\n',
        encoding="utf-8",
    )
    done = msgfmt(catalog, tmp_path / "gnu.mo", "-c")
    result = compile_catalog(catalog)
    assert (result.status == COMPILED) == (done.returncode == 0), done.stderr
    gnu = {line for line in done.stderr.splitlines() if line.startswith(f"{catalog}:")}
    # word for word; msgfmt stops at an entry's first bad msgstr[N], we name every one
    assert gnu <= {str(problem) for problem in result.errors}
