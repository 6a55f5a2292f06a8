"""``workbench qa`` reports the ``Plural-Forms`` problems ``workbench compile`` and ``msgfmt -c``
refuse a catalog for (no ``plural=``, ``nplurals`` not matching an entry's forms, a formula
out of range...), in compile's words, from the same verdict; and nothing where msgfmt
accepts the header."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from workbench.catalog.compiler import CompileOptions, compile_catalog
from workbench.qa import check_catalog

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext missing")

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: en\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
)
PLURAL_ENTRY = 'msgid "ملف"\nmsgid_plural "ملفات"\nmsgstr[0] "file"\nmsgstr[1] "files"\n'
SINGULAR_ENTRY = 'msgid "ملف"\nmsgstr "file"\n'

# (id, Plural-Forms line or None, entry, the plural entry is the culprit, msgfmt refuses)
CASES = [
    ("valid", "nplurals=2; plural=(n != 1);", PLURAL_ENTRY, False, False),
    ("no-plural-forms", None, PLURAL_ENTRY, True, True),
    ("no-header", "NO HEADER", PLURAL_ENTRY, True, True),
    ("no-plural=", "nplurals=2;", PLURAL_ENTRY, True, True),
    ("no-nplurals", "plural=(n != 1);", PLURAL_ENTRY, True, True),
    ("too-few-forms", "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);", PLURAL_ENTRY, True, True),
    ("too-many-forms", "nplurals=1; plural=0;", PLURAL_ENTRY, True, True),
    ("values-too-large", "nplurals=2; plural=(n > 2 ? 2 : n);", PLURAL_ENTRY, False, True),
    ("bad-expression", "nplurals=2; plural=(n !=;", PLURAL_ENTRY, False, True),
    ("no-plural=-no-plural-entries", "nplurals=2;", SINGULAR_ENTRY, False, False),
]


def write(path: Path, plural_forms: str | None, entry: str) -> None:
    if plural_forms == "NO HEADER":
        path.write_text(entry, encoding="utf-8")
        return
    header = HEADER + (f'"Plural-Forms: {plural_forms}\\n"\n' if plural_forms else "")
    path.write_text(header + "\n" + entry, encoding="utf-8")


def plural_entry_line(path: Path) -> int:
    return path.read_text(encoding="utf-8").splitlines().index('msgid "ملف"') + 1


@pytest.mark.parametrize(
    ("plural_forms", "entry", "at_entry", "refused"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_plural_forms_finding_is_compiles_error(
    tmp_path: Path, plural_forms: str | None, entry: str, at_entry: bool, refused: bool
) -> None:
    path = tmp_path / "messages.po"
    write(path, plural_forms, entry)
    gnu = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True)
    assert (gnu.returncode != 0) == refused, gnu.stderr
    compiled = compile_catalog(path, CompileOptions(force=True))
    findings = [f for f in check_catalog(path) if f.code == "plural-forms"]
    plural_errors = [e for e in compiled.errors if "header missing" not in e.message]
    assert [f"{p.message} (msgfmt -c refuses this)" for p in plural_errors] == [
        f.message for f in findings
    ]
    assert all(f.severity == "error" for f in findings)
    assert [f.subject for f in findings] == (["ملف"] if at_entry else [""] * len(findings))
    # at the plural entry's msgid line, or the header's
    assert all(f.path == path for f in findings)
    assert all(f.line == (plural_entry_line(path) if at_entry else 1) for f in findings)
    # only the plural-forms finding: the entries themselves are fine
    assert [f for f in check_catalog(path) if f.severity == "error"] == findings
