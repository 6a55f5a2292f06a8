"""Both ``.po`` readers on hostile input: linear time, the byte-order mark.

The editing reader (:func:`read_po`) and compile's scanner (:func:`compile_catalog`) share one
lexer (:mod:`workbench.catalog.po.lexer`); each is checked here through its public entry.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.catalog.compiler import FAILED, compile_catalog
from workbench.catalog.po import lexer
from workbench.catalog.po.lexer import PoSyntaxError
from workbench.catalog.po.scanner import read_raw_catalog
from workbench.catalog.pofile import parse_po, read_po
from workbench.diagnostic import Diagnostic
from workbench.errors import WorkbenchError

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


# --- linear in an entry's length (issue 13, item 8) ------------------------------------------


def _wrapped_entry(megabytes: float) -> bytes:
    """One entry whose translation is ``megabytes`` of Arabic in wrapped lines, as written."""
    line = '"' + "كلمة عربية " * 3 + '"\n'
    count = int(megabytes * 1_000_000) // len(line.encode())
    return (HEADER + 'msgid "a"\nmsgstr ""\n' + line * count).encode()


def _escaped_line(megabytes: float) -> bytes:
    """One entry whose translation is one line of ``megabytes`` of text and escapes."""
    count = int(megabytes * 1_000_000) // 8
    return (HEADER + 'msgid "a"\nmsgstr "' + 'ab\\n\\t\\"c' * count + '"\n').encode()


def _cpu_seconds(action: Callable[[], object]) -> float:
    """The best of three runs, in CPU time (other jobs on a shared machine inflate wall time)."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best


READERS = {
    "read_po": lambda path: read_po(path),
    "compile's scanner": lambda path: read_raw_catalog(path),
}


@pytest.mark.parametrize("shape", [_wrapped_entry, _escaped_line], ids=["wrapped", "one line"])
@pytest.mark.parametrize("reader", READERS.values(), ids=READERS.keys())
def test_reading_is_linear_in_an_entrys_length(
    tmp_path: Path, shape: Callable[[float], bytes], reader: Callable[[Path], object]
) -> None:
    """A 5 MB sentence reads in under a second (it took 34 s when each continuation line was
    appended to a string); 4 MB takes about four times 1 MB, not sixteen."""
    times = {}
    for megabytes in (1, 4, 5):
        path = tmp_path / f"{megabytes}.po"
        path.write_bytes(shape(megabytes))
        times[megabytes] = _cpu_seconds(lambda path=path: reader(path))
    assert times[5] < 1.0, times
    assert times[4] < 8 * times[1] + 0.05, times


def test_read_values_are_complete(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(_escaped_line(0.01))
    (entry,) = read_po(path)
    assert entry.msgstr == 'ab\n\t"c' * 1250
    (raw,) = [e for e in read_raw_catalog(path).entries if e.msgid]
    assert raw.msgstrs == [entry.msgstr.encode()]


SIMPLE_PIECES = ["a", "é", "\\n", "\\t", '\\"', "\\\\", "\\a", "\\v"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SIMPLE_PIECES), max_size=600))
def test_long_strings_unescape_as_escape_by_escape(pieces: list[str]) -> None:
    """Long strings of simple escapes take a ``bytes.replace`` path: same value."""
    body = "".join(pieces).encode() * 3
    expected = lexer._ESCAPE.sub(lexer._escaped, body)
    assert lexer.unescape(body, 1) == expected


# --- a byte-order mark is refused as msgfmt refuses it (issue 13, item 9) ---------------------

BOM_CATALOG = b"\xef\xbb\xbf" + (HEADER + 'msgid "a"\nmsgstr "b"\n').encode()


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext missing")
def test_byte_order_mark_is_refused_by_msgfmt(tmp_path: Path) -> None:
    path = tmp_path / "bom.po"
    path.write_bytes(BOM_CATALOG)
    done = subprocess.run(
        ["msgfmt", "-c", "-o", str(tmp_path / "x.mo"), str(path)], capture_output=True, text=True
    )
    assert done.returncode != 0
    assert f"{path}:1:2: syntax error" in done.stderr


def test_byte_order_mark_is_refused_by_reading_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "bom.po"
    path.write_bytes(BOM_CATALOG)
    with pytest.raises(WorkbenchError) as caught:
        read_po(path)
    error = caught.value
    assert (error.path, error.line) == (path, 1)
    assert "byte-order mark" in error.message and "1:2: syntax error" in error.message
    assert error.hint == "save the file as UTF-8 without a byte-order mark"
    with pytest.raises(WorkbenchError, match="byte-order mark"):
        parse_po(BOM_CATALOG.decode())


def test_byte_order_mark_is_refused_by_compile_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "bom.po"
    path.write_bytes(BOM_CATALOG)
    result = compile_catalog(path)
    assert result.status == FAILED and not result.mo.exists()
    assert [str(problem) for problem in result.errors] == [
        f"{path}:1: syntax error: byte-order mark (U+FEFF) at the start of the file, which GNU "
        "msgfmt refuses ('1:2: syntax error') (save the file as UTF-8 without a byte-order mark)"
    ]


def test_a_syntax_error_is_a_diagnostic(tmp_path: Path) -> None:
    error = PoSyntaxError(7, "unterminated string")
    assert error.diagnostic(tmp_path / "x.po") == Diagnostic(
        "unterminated string", code="syntax", path=tmp_path / "x.po", line=7
    )
    assert lexer.byte_order_mark_error().diagnostic().hint is not None
