"""The SQLite suggestion cache: second requests never reach the engine; keys respect the model,
the options and the normalized source; several processes can share the file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from workbench.config import Config
from workbench.errors import WorkbenchError
from workbench.mt import DecodeOptions, Suggestion, load_engine
from workbench.mt.cache import CachedEngine


class CountingEngine:
    """Wraps any engine and records every source it is asked to translate."""

    def __init__(self, inner, fingerprint: str | None = None) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self.name = inner.name
        self.model_name = inner.model_name
        self.fingerprint = fingerprint or inner.fingerprint
        self.calls: list[list[str]] = []

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        self.calls.append(list(sources))
        return self.inner.translate_batch(sources, options)


class EchoEngine:
    """Deterministic stand-in for the concurrency test (no model load per process)."""

    name = "echo"
    model_name = "echo"
    fingerprint = "echo-1"

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        return [[Suggestion(s[::-1], -0.5, self.name, self.model_name)] for s in sources]


@pytest.fixture(scope="module")
def tiny_engine(tiny_marian: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("cache-project")
    config = Config(root=root, models=tiny_marian.parent, cache=root / "unused.sqlite3")
    return load_engine(config, model="opus-mt-tiny-ar-en", use_cache=False)


SOURCES = ["وزير الأمن العام", "وزارة الخارجية", "الجنرال لونغ تام كوانغ"]


def test_second_request_is_served_from_cache_without_the_engine(
    tiny_engine, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    counting = CountingEngine(tiny_engine)
    cached = CachedEngine(counting, tmp_path / "cache.sqlite3")
    options = DecodeOptions(beam=4, n_best=2, max_length=32)
    first = cached.translate_batch(SOURCES, options)
    assert counting.calls == [SOURCES]
    second = cached.translate_batch(SOURCES, options)
    assert counting.calls == [SOURCES]  # not called again
    assert second == first
    assert (cached.hits, cached.misses) == (3, 3)
    cached.close()
    # A new process-like instance over the same file: still no engine call.
    reopened = CachedEngine(counting, tmp_path / "cache.sqlite3")
    assert reopened.translate_batch(SOURCES[::-1], options) == first[::-1]
    assert counting.calls == [SOURCES]


def test_keys_use_normalized_source_options_and_fingerprint(
    tiny_engine, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    counting = CountingEngine(tiny_engine)
    cached = CachedEngine(counting, tmp_path / "cache.sqlite3")
    options = DecodeOptions(beam=2, max_length=16)
    cached.translate_batch(["وزير الأمن العام"], options)
    cached.translate_batch(["وزيــر  الأمن\u200f العام"], options)  # tatweel, spaces, RLM
    assert len(counting.calls) == 1
    cached.translate_batch(["وزير الأمن العام"], DecodeOptions(beam=3, max_length=16))
    assert len(counting.calls) == 2
    other_model = CachedEngine(CountingEngine(tiny_engine, "other"), tmp_path / "cache.sqlite3")
    other_model.translate_batch(["وزير الأمن العام"], options)
    assert other_model.misses == 1


def test_duplicates_in_one_batch_are_translated_once(tmp_path: Path) -> None:
    counting = CountingEngine(EchoEngine())
    cached = CachedEngine(counting, tmp_path / "cache.sqlite3")
    result = cached.translate_batch(["a b", "c", "a b"], DecodeOptions())
    assert counting.calls == [["a b", "c"]]
    assert [r[0].text for r in result] == ["b a", "c", "b a"]


def test_load_engine_wraps_with_cache_at_configured_path(tiny_marian: Path, tmp_path: Path) -> None:
    config = Config(root=tmp_path, models=tiny_marian.parent, cache=tmp_path / "x" / "c.sqlite3")
    engine = load_engine(config, model="opus-mt-tiny-ar-en")
    assert isinstance(engine, CachedEngine)
    assert engine.name == "ctranslate2"
    engine.translate_batch(["وزارة الخارجية"], DecodeOptions(max_length=8))
    mode = sqlite3.connect(config.cache).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


WRITER = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from tests.unit.test_mt_cache import EchoEngine
from workbench.mt import DecodeOptions
from workbench.mt.cache import CachedEngine
cache = CachedEngine(EchoEngine(), Path({path!r}))
for i in range(40):
    cache.translate_batch([f"{{sys.argv[1]}}-{{i}}", "shared"], DecodeOptions())
"""


def test_concurrent_processes_share_the_cache(tmp_path: Path) -> None:
    root = str(Path(__file__).resolve().parents[2])
    script = WRITER.format(root=root, path=str(tmp_path / "cache.sqlite3"))
    procs = [
        subprocess.Popen([sys.executable, "-c", script, name], stderr=subprocess.PIPE)
        for name in ("p1", "p2", "p3")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    rows = sqlite3.connect(tmp_path / "cache.sqlite3").execute(
        "SELECT COUNT(*) FROM suggestions"
    ).fetchone()[0]
    assert rows == 3 * 40 + 1


# --- review R1: a damaged cache never stops translation; a foreign file is never touched -----


def _filled_cache(path: Path) -> None:
    cached = CachedEngine(EchoEngine(), path)
    cached.translate_batch([f"segment {i} " * 40 for i in range(300)], DecodeOptions())
    cached._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cached.close()


@pytest.mark.parametrize("keep", [16, 4096], ids=["header-only", "first-page"])
def test_damaged_cache_is_set_aside_and_rebuilt(tmp_path: Path, keep: int) -> None:
    """Damage found at open (header-only) or on the first lookup (first page intact, the rest
    garbage) used to stop translate with an error or a raw sqlite3 traceback."""
    path = tmp_path / "cache.sqlite3"
    _filled_cache(path)
    data = path.read_bytes()
    path.write_bytes(data[:keep] + bytes(range(256)) * ((len(data) - keep) // 256))
    counting = CountingEngine(EchoEngine())
    cached = CachedEngine(counting, path)
    result = cached.translate_batch(["segment 1 " * 40, "new"], DecodeOptions())
    assert [r[0].text for r in result] == [("segment 1 " * 40)[::-1], "wen"]
    assert (tmp_path / "cache.sqlite3.corrupt").is_file()
    cached.close()
    again = CachedEngine(counting, path)
    again.translate_batch(["new"], DecodeOptions())
    assert again.hits == 1  # the rebuilt cache works


def test_a_file_that_is_no_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my notes, not a cache\n" * 100, encoding="utf-8")
    with pytest.raises(WorkbenchError, match="not a suggestion cache") as caught:
        CachedEngine(EchoEngine(), path)
    assert "--no-cache" in str(caught.value)
    assert path.read_text(encoding="utf-8") == "my notes, not a cache\n" * 100
    assert not (tmp_path / "notes.txt.corrupt").exists()


def test_hits_carry_the_model_name_of_this_request(tmp_path: Path) -> None:
    """One model reached by two names (a directory, then its hub id) shares cache entries;
    the answer names the model as this request did, exactly as without the cache."""

    class Renamed(EchoEngine):
        model_name = "Helsinki-NLP/echo"

    first = CachedEngine(EchoEngine(), tmp_path / "cache.sqlite3")
    first.translate_batch(["a b"], DecodeOptions())
    second = CachedEngine(Renamed(), tmp_path / "cache.sqlite3")
    [[hit]] = second.translate_batch(["a b"], DecodeOptions())
    assert second.hits == 1
    assert hit == Renamed().translate_batch(["a b"], DecodeOptions())[0][0]


def test_cached_suggestions_keep_their_score_and_confidence(
    tiny_engine, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """The confidence the TUI shows and pretranslate --min-score compares is the model's score:
    a hit must give back exactly the score decoding gave (no rounding on the way through
    SQLite), or a cached segment could fall on the other side of a threshold."""
    options = DecodeOptions(beam=4, n_best=3, max_length=32)
    fresh = tiny_engine.translate_batch(SOURCES, options)
    cached = CachedEngine(CountingEngine(tiny_engine), tmp_path / "cache.sqlite3")
    cached.translate_batch(SOURCES, options)
    cached.close()
    counting = CountingEngine(tiny_engine)
    reopened = CachedEngine(counting, tmp_path / "cache.sqlite3")
    hits = reopened.translate_batch(SOURCES, options)
    assert counting.calls == [] and reopened.hits == len(SOURCES)
    assert [s.score for found in hits for s in found] == [s.score for f in fresh for s in f]
    assert [s.confidence for found in hits for s in found] == [
        s.confidence for found in fresh for s in found
    ]
    assert all(0 < s.confidence <= 100 for found in hits for s in found)
