"""Every reader of a user's file, fed any bytes: a result or a WorkbenchError, never another
exception, and in time linear in the input.

Readers: glossary TSV/CSV/TBX, TMX, ``[tool.workbench]`` in pyproject.toml, source texts (read
and imported into a catalog, which must then read back). Inputs mix raw bytes with the tokens of
each format, so Hypothesis reaches past the first syntax check. Time is bounded by a generous
size-scaled budget (a loaded two-core machine); and each reader reads a large input of its most
repetitive shape at two sizes, eight times apart, where quadratic work would show.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.catalog.importer import import_sources, read_source
from workbench.catalog.pofile import read_po
from workbench.catalog.text_rules import control_character
from workbench.config import load_config
from workbench.errors import WorkbenchError
from workbench.glossary.formats import read_glossary, read_glossary_lenient
from workbench.tm.tmx import read_tmx

#: Seconds allowed: a fixed start-up share plus a share per byte (a linear reader here runs
#: at 1-10 MB/s; these allow a machine twenty times slower).
BASE_SECONDS = 2.0
SECONDS_PER_MB = 20.0

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _budget(size: int) -> float:
    return BASE_SECONDS + SECONDS_PER_MB * size / 1_000_000


def _inputs(tokens: list[str]) -> st.SearchStrategy[bytes]:
    """Raw bytes, or a run of the format's tokens with raw bytes in between."""
    encoded = [t.encode("utf-8") for t in tokens]
    pieces = st.one_of(st.sampled_from(encoded), st.binary(max_size=6))
    shaped = st.lists(pieces, max_size=60).map(b"".join)
    return st.one_of(st.binary(max_size=300), shaped)


Reader = Callable[[Path], object]


def _read(reader: Reader, name: str, data: bytes) -> object:
    """``reader`` on a file ``name`` holding ``data``: its result or the WorkbenchError, within
    the budget for that size; any other exception fails the test."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        started = time.process_time()
        try:
            result: object = reader(path)
        except WorkbenchError as exc:
            result = exc
            assert "\n" not in str(exc), "an error is one line"
        elapsed = time.process_time() - started
    assert elapsed < _budget(len(data)), f"{elapsed:.2f} s for {len(data)} bytes"
    return result


# --- glossaries ---------------------------------------------------------------------------

GLOSSARY_TOKENS = [
    "\t",
    "\n",
    "\r\n",
    "\r",
    "#",
    " ",
    "وزير",
    "الأمن",
    "Minister",
    "not:",
    ";",
    ",",
    '"',
    '""',
    "\x00",
    "\x01",
    "\x1c",
    "\x85",
    "\u2028",
    "\ufeff",
    "source,target,note\n",
]
TBX_TOKENS = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<?xml version="1.0" encoding="latin-1"?>',
    '<!DOCTYPE martif SYSTEM "TBX.dtd">',
    '<!DOCTYPE martif [<!ENTITY e "x">]>',
    '<!ENTITY x SYSTEM "file:///etc/passwd">',
    '<!ENTITY b "&e;&e;&e;&e;">',
    '<martif type="TBX-Basic">',
    "</martif>",
    '<tbx type="TBX-Basic">',
    "</tbx>",
    "<text>",
    "</text>",
    "<body>",
    "</body>",
    "<termEntry>",
    "</termEntry>",
    "<conceptEntry>",
    "</conceptEntry>",
    '<langSet xml:lang="ar">',
    '<langSet xml:lang="en">',
    '<langSet lang="fr">',
    "</langSet>",
    "<langSec>",
    "</langSec>",
    "<tig>",
    "</tig>",
    "<ntig>",
    "</ntig>",
    "<termSec>",
    "</termSec>",
    "<termGrp>",
    "</termGrp>",
    "<term>",
    "</term>",
    '<termNote type="administrativeStatus">',
    "</termNote>",
    "deprecatedTerm",
    "<note>",
    "</note>",
    "&e;",
    "&x;",
    "&b;",
    "&amp;",
    "&#x85;",
    "&#0;",
    "وزير",
    "Minister",
    "\n",
    " ",
    "\x01",
    "\x85",
]


@pytest.mark.parametrize(
    ("name", "tokens"),
    [("g.tsv", GLOSSARY_TOKENS), ("g.csv", GLOSSARY_TOKENS), ("g.tbx", TBX_TOKENS)],
)
def test_glossary_readers_take_any_bytes(name: str, tokens: list[str]) -> None:
    @PROPERTY
    @given(data=_inputs(tokens))
    def check(data: bytes) -> None:
        lenient = _read(lambda p: read_glossary_lenient(p, target_language="en"), name, data)
        strict = _read(read_glossary, name, data)
        if isinstance(lenient, tuple):
            terms, problems = lenient
            for term in terms:  # nothing a catalog cannot take reaches ctrl+g
                for text in (term.source, term.target, term.note, *term.rejected):
                    assert control_character(text, allowed="\t") is None, term
            assert isinstance(strict, WorkbenchError) == bool(problems)

    check()


# --- TMX ----------------------------------------------------------------------------------

TMX_TOKENS = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<?xml version="1.0" encoding="utf-16"?>',
    '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
    '<!DOCTYPE tmx [<!ENTITY e "x">]>',
    '<!ENTITY x SYSTEM "file:///etc/passwd">',
    '<!ENTITY b "&e;&e;&e;&e;&e;">',
    '<tmx version="1.4">',
    "</tmx>",
    '<header srclang="ar"/>',
    '<header srclang="*all*"/>',
    '<header srclang="en"/>',
    "<body>",
    "</body>",
    '<tu creationdate="x">',
    "<tu>",
    "</tu>",
    '<tuv xml:lang="ar">',
    '<tuv xml:lang="en">',
    '<tuv lang="und">',
    "<tuv>",
    "</tuv>",
    "<seg>",
    "</seg>",
    '<ph type="x-char">',
    "</ph>",
    "0041",
    "zz",
    "110000",
    "D800",
    '<prop type="x-fuzzy">',
    '<prop type="x-origin">',
    "</prop>",
    "yes",
    "&e;",
    "&x;",
    "&b;",
    "&amp;",
    "&#13;",
    "&#0;",
    "نص",
    "text",
    "\n",
    " ",
]


@PROPERTY
@given(data=_inputs(TMX_TOKENS))
def test_the_tmx_reader_takes_any_bytes(data: bytes) -> None:
    _read(read_tmx, "m.tmx", data)


# --- configuration ------------------------------------------------------------------------

CONFIG_TOKENS = [
    "[tool.workbench]\n",
    "[tool]\n",
    "workbench = 5\n",
    "[tool.workbench.mt_models]\n",
    "locales = ",
    "glossary = ",
    "cache = ",
    "models = ",
    "target_languages = ",
    "source_language = ",
    "engine = ",
    "mt_threads = ",
    "mt_models = ",
    "colour = ",
    '"x"',
    '""',
    "5",
    "-1",
    "1.5",
    "true",
    "[1]",
    '["en", "fr"]',
    "[]",
    "{en = 1}",
    '{en = "a/b"}',
    '"a\\u0000b"',
    "{}",
    "1979-05-27",
    "\n",
    " ",
    "'",
    '"""',
    "#",
    "\x00",
    "\ufeff",
]


@PROPERTY
@given(data=_inputs(CONFIG_TOKENS))
def test_the_configuration_reader_takes_any_bytes(data: bytes) -> None:
    _read(lambda p: load_config(p.parent), "pyproject.toml", data)


# --- source texts -------------------------------------------------------------------------

SOURCE_TOKENS = [
    "قال الوزير.",
    " ",
    "\n",
    "\r\n",
    "\n\n",
    ".",
    "؟",
    "!",
    "image.png",
    "https://x.org/a",
    "\x00",
    "\x04",
    "\x01",
    "\x1b",
    "\x85",
    "\u2028",
    "\ufeff",
    "\xff",
    "\\",
    '"',
    "%s",
    "#",
    "msgid",
    "\t",
]


def _import_and_read_back(path: Path) -> object:
    """Import the source into a catalog; what import wrote must read back."""
    text = read_source(path)
    results = import_sources(
        [path], language="en", locales=path.parent / "locales", root=path.parent, domain="d"
    )
    for result in results:
        try:
            read_po(result.catalog)
        except WorkbenchError as exc:  # not the source's fault: import wrote a bad catalog
            pytest.fail(f"import wrote a catalog its reader refuses: {exc}")
    return text


@PROPERTY
@given(data=_inputs(SOURCE_TOKENS))
def test_source_texts_read_and_import_any_bytes(data: bytes) -> None:
    _read(_import_and_read_back, "news.ar.txt", data)


# --- large inputs: linear, not quadratic -------------------------------------------------

#: Bytes of the smaller input; the larger is ``SCALE`` times that. Linear reading takes about
#: ``SCALE`` times as long, quadratic ``SCALE**2`` (64): the bound between, with room for a
#: loaded machine, tells them apart. Times are CPU times (``time.process_time``): what other
#: processes do to the wall clock of a shared machine says nothing of the reader.
SMALL = 250_000
SCALE = 8
ALLOWED_RATIO = 24
SLACK_SECONDS = 0.5


def _source(size: int) -> bytes:
    sentence = "قال وزير الأمن العام إن الاتفاقية وقعت في هانوي رقم {}. "
    return "".join(sentence.format(i) for i in range(size // 100)).encode()


def _tsv(size: int) -> bytes:
    return "".join(
        f"وزير {i}\tMinister {i}\tnote; not: Mr {i}\n" for i in range(size // 50)
    ).encode()


def _csv(size: int) -> bytes:
    return "".join(f'وزير {i},"Minister, {i}","a ""note"""\n' for i in range(size // 40)).encode()


def _tbx(size: int) -> bytes:
    entries = "".join(
        f'<termEntry><langSet xml:lang="ar"><tig><term>وزير {i}</term></tig></langSet>'
        f'<langSet xml:lang="en"><tig><term>Minister &amp; {i}</term></tig></langSet></termEntry>'
        for i in range(size // 200)
    )
    return f'<martif type="TBX-Basic"><text><body>{entries}</body></text></martif>'.encode()


def _tmx(size: int) -> bytes:
    # one segment of many character chunks (string building), then many units
    seg = "نص &amp; " * (size // 40)
    units = "".join(
        f'<tu><tuv xml:lang="ar"><seg>نص {i}</seg></tuv><tuv xml:lang="en"><seg>t{i}</seg>'
        "</tuv></tu>"
        for i in range(size // 160)
    )
    return (
        f'<tmx version="1.4"><header srclang="ar"/><body><tu><tuv xml:lang="ar"><seg>{seg}'
        f'</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu>{units}</body></tmx>'
    ).encode()


def _toml(size: int) -> bytes:
    return b'[tool.workbench]\nsource_language = "' + b"ar" * (size // 2) + b'"\n'


LARGE: dict[str, tuple[Reader, Callable[[int], bytes]]] = {
    "g.tsv": (read_glossary, _tsv),
    "g.csv": (read_glossary, _csv),
    "g.tbx": (read_glossary, _tbx),
    "m.tmx": (read_tmx, _tmx),
    "pyproject.toml": (lambda p: load_config(p.parent), _toml),
    "news.ar.txt": (_import_and_read_back, _source),
}


def _seconds(reader: Reader, name: str, data: bytes) -> float:
    started = time.process_time()
    result = _read(reader, name, data)
    assert not isinstance(result, WorkbenchError), result
    return time.process_time() - started


@pytest.mark.parametrize("name", sorted(LARGE))
def test_a_large_input_is_read_in_linear_time(name: str) -> None:
    reader, make = LARGE[name]
    small, large = make(SMALL), make(SMALL * SCALE)
    assert len(large) > SCALE * len(small) * 0.9
    small_seconds = min(_seconds(reader, name, small) for _ in range(3))
    large_seconds = min(_seconds(reader, name, large) for _ in range(2))
    assert large_seconds < ALLOWED_RATIO * small_seconds + SLACK_SECONDS, (
        f"{len(small)} bytes: {small_seconds:.3f} s, {len(large)} bytes: {large_seconds:.3f} s"
    )
