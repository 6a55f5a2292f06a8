"""Both ``.po`` readers on hostile input: linear time, the byte-order mark, arbitrary bytes.

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
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workbench.catalog.compiler import FAILED, CompileOptions, compile_catalog
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


# --- arbitrary bytes: a result or a WorkbenchError, never another exception -------------------

TOKENS = [
    b'msgid "',
    b"msgstr ",
    b'"',
    b"\\",
    b"\n",
    b"\r",
    b"#",
    b"#~ ",
    b"#| ",
    b"#~| ",
    b"#, fuzzy\n",
    b"#! c-format range: 1..2\n",
    b"#. c\n",
    b"#: a.c:1 b :2\n",
    b"msgctxt ",
    b"msgid_plural ",
    b"msgstr[0] ",
    b"msgstr [ 1 ] ",
    b"\\x",
    b"\\3",
    b"\\n",
    b"\\\n",
    b"\xef\xbb\xbf",
    b" ",
    b"a",
    b"%d",
    b"\xc3\xa9",
    b"\xff",
    b"\x00",
    b"\x04",
    HEADER.encode(),
    b'msgid "a"\nmsgstr "b"\n',
    b'"x"\n',
    b"charset=latin-1",
    b'domain "x"\n',
]
PO_BYTES = st.one_of(
    st.binary(max_size=400), st.lists(st.sampled_from(TOKENS), max_size=60).map(b"".join)
)


def _time_bound(data: bytes) -> float:
    """Seconds allowed for reading ``data``: generous, but linear in its size."""
    return 1.0 + len(data) / 100_000


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=PO_BYTES)
@example(data=b"\r")  # once an IndexError in compile's scanner
@example(data=b"\xef\xbb\xbf" + HEADER.encode())
def test_any_bytes_read_to_a_catalog_or_a_workbench_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "any.po"
    path.write_bytes(data)
    start = time.process_time()
    try:
        read_po(path)
    except WorkbenchError as exc:
        assert str(exc).startswith(f"{path}"), exc
        assert "\n" not in str(exc)
    assert time.process_time() - start < _time_bound(data)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=PO_BYTES)
@example(data=b"\r")  # once an IndexError in compile's scanner
@example(data=b"\xef\xbb\xbf" + HEADER.encode())
def test_any_bytes_compile_or_fail_with_problems(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "any.po"
    path.write_bytes(data)
    start = time.process_time()
    try:
        result = compile_catalog(path, CompileOptions(force=True))
    except WorkbenchError as exc:
        assert "\n" not in str(exc)
    else:
        for problem in result.errors:
            assert str(problem).startswith(f"{path}:"), problem
    assert time.process_time() - start < _time_bound(data)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300) | PO_BYTES.map(lambda data: data.decode("utf-8", "replace")))
def test_any_text_parses_to_a_catalog_or_a_workbench_error(text: str) -> None:
    try:
        parse_po(text, "x.po")
    except WorkbenchError as exc:
        assert str(exc).startswith("x.po"), exc
