"""``workbench compile`` reads hand-written and other tools' catalogs as GNU ``msgfmt`` does.

The inputs are the tables of :mod:`tests.unit.test_po_fidelity` (judged there against
``msgcat`` for reading and writing). Judge here: ``msgfmt -c`` (gettext 0.21), with and without
``--use-fuzzy``. Where msgfmt accepts, compile writes a byte-identical ``.mo``; where it
refuses, compile refuses and names file and line. Where the reader deliberately deviates from
GNU, compile takes the safe side (a fuzzy entry is left out) and the test says so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.test_po_fidelity import DEVIATIONS, REFUSED, REJECTED, SAME, H, hand_written_entries
from workbench.catalog.compiler import (
    COMPILED,
    FAILED,
    CatalogResult,
    CompileOptions,
    compile_catalog,
)

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext missing")


def msgfmt(path: Path, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["msgfmt", "-c", *options, "-o", str(out), str(path)], capture_output=True, text=True
    )


def compile_once(path: Path, use_fuzzy: bool) -> CatalogResult:
    return compile_catalog(path, CompileOptions(use_fuzzy=use_fuzzy, force=True))


# msgfmt -c only warns that the header has no charset; compile refuses such a catalog, as it
# always has (checkers.py): a .mo without a charset is read as ASCII by some runtimes.
NO_CHARSET = {"header field twice", "header without a colon"}


@pytest.mark.parametrize("use_fuzzy", [False, True], ids=["plain", "use-fuzzy"])
@pytest.mark.parametrize(("name", "text"), SAME.items(), ids=SAME.keys())
def test_compile_agrees_with_msgfmt(tmp_path: Path, name: str, text: str, use_fuzzy: bool) -> None:
    path = tmp_path / "in.po"
    path.write_bytes(text.encode())
    gnu_mo = tmp_path / "gnu.mo"
    gnu = msgfmt(path, gnu_mo, *(["--use-fuzzy"] if use_fuzzy else []))
    result = compile_once(path, use_fuzzy)
    ours = [str(problem) for problem in result.errors]
    if name in NO_CHARSET:
        assert gnu.returncode == 0 and "Charset missing in header" in gnu.stderr
        assert result.status == FAILED
        assert ours == [f"{path}:2: charset missing in header: add "
                        '"Content-Type: text/plain; charset=UTF-8\\n" to the header']  # fmt: skip
    elif gnu.returncode == 0:
        assert result.status == COMPILED, ours
        assert result.mo.read_bytes() == gnu_mo.read_bytes()
    else:
        # refused too, naming file and line (msgfmt names no line for a missing header)
        assert result.status == FAILED, gnu.stderr
        assert re.match(rf"{re.escape(str(path))}:\d+: \S", ours[0]), ours


@pytest.mark.parametrize(("text", "equivalent"), DEVIATIONS.values(), ids=DEVIATIONS.keys())
def test_deviations_compile_as_their_equivalent(tmp_path: Path, text: str, equivalent: str) -> None:
    """Where reading deliberately deviates from GNU (CRLF, byte-order mark, header not first,
    ...), compile writes what msgfmt writes for the equivalent input. For a ``#, fuzzy`` line
    above another ``#,`` line GNU keeps only the last line and msgfmt ships the unreviewed
    translation; compile leaves the entry out, as for ``#, c-format, fuzzy`` (the safe side)."""
    path = tmp_path / "in.po"
    path.write_bytes(text.encode())
    reference = tmp_path / "equivalent.po"
    reference.write_bytes(equivalent.encode())
    for use_fuzzy in (False, True):
        options = ["--use-fuzzy"] if use_fuzzy else []
        gnu = msgfmt(reference, tmp_path / "equivalent.mo", *options)
        assert gnu.returncode == 0, gnu.stderr
        result = compile_once(path, use_fuzzy)
        assert result.status == COMPILED, [str(problem) for problem in result.errors]
        assert result.mo.read_bytes() == (tmp_path / "equivalent.mo").read_bytes()
    if "#, fuzzy\n#, c-format" in text:
        assert msgfmt(path, tmp_path / "as-written.mo").returncode == 0
        plain = compile_once(path, use_fuzzy=False)
        assert plain.messages == 1  # the header alone; msgfmt ships the entry
        assert (tmp_path / "as-written.mo").read_bytes() != plain.mo.read_bytes()


# compile names the entry's msgid line where reading names the line the msgstr[N] belonged on
COMPILE_LINE = {"msgid_plural without msgstr[N]": 6}


@pytest.mark.parametrize(("name", "text", "line"), [(n, *c[:2]) for n, c in REJECTED.items()],
                         ids=list(REJECTED))  # fmt: skip
def test_compile_refuses_what_msgfmt_refuses(
    tmp_path: Path, name: str, text: str, line: int
) -> None:
    """Same line as reading names, and a message that says what is wrong (not a bare 'syntax
    error'). One exception to msgfmt's verdict: escaped bytes that are no UTF-8, which msgfmt
    writes into a UTF-8 catalog's .mo and compile, like reading, refuses."""
    path = tmp_path / "bad.po"
    path.write_bytes(text.encode())
    gnu = msgfmt(path, tmp_path / "gnu.mo")
    assert (gnu.returncode == 0) == name.endswith("no UTF-8"), gnu.stderr
    result = compile_once(path, use_fuzzy=False)
    assert result.status == FAILED
    first = str(result.errors[0])
    assert first.startswith(f"{path}:{COMPILE_LINE.get(name, line)}: "), first
    assert not first.endswith("syntax error"), first


@pytest.mark.parametrize(("text", "line"), [case[:2] for case in REFUSED.values()], ids=REFUSED)
def test_compile_refuses_what_reading_refuses(tmp_path: Path, text: str, line: int) -> None:
    """Inputs msgfmt compiles but no PO tool writes, or where GNU cuts text at a NUL: compile
    refuses them with file and line, as reading does (nothing written, nothing lost)."""
    path = tmp_path / "odd.po"
    path.write_bytes(text.encode())
    result = compile_once(path, use_fuzzy=False)
    assert result.status == FAILED
    nul = "\\0" in text or "\\400" in text
    what = "NUL escape in a string" if nul else "syntax error: "
    assert str(result.errors[0]).startswith(f"{path}:{line}: {what}"), result.errors


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=st.lists(hand_written_entries(), min_size=1, max_size=4))
def test_hand_written_variations_compile_like_msgfmt(
    entries: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The hand-written layouts of test_po_fidelity (``#!`` and comma-less flags, ``#|`` and
    obsolete entries, octal and hex escapes, split strings): same verdict and ``.mo`` bytes."""
    folder = tmp_path_factory.mktemp("po")
    path = folder / "hand.po"
    path.write_text(H + "\n".join(entries), encoding="utf-8")
    for use_fuzzy in (False, True):
        gnu = msgfmt(path, folder / "gnu.mo", *(["--use-fuzzy"] if use_fuzzy else []))
        result = compile_once(path, use_fuzzy)
        ours = [str(problem) for problem in result.errors]
        assert (result.status == COMPILED) == (gnu.returncode == 0), (ours, gnu.stderr)
        if gnu.returncode == 0:
            assert result.mo.read_bytes() == (folder / "gnu.mo").read_bytes()
        else:
            assert re.match(rf"{re.escape(str(path))}:\d+: \S", ours[0]), ours
