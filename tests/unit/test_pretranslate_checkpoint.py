"""Checkpoint timing, lock handling, the pure batch step, and the progress bar."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

import workbench.mt
from tests.unit.test_pretranslate_runner import FakeEngine, write_catalog
from workbench.catalog.pofile import read_po
from workbench.catalog.store import EntryUpdate
from workbench.config import load_config
from workbench.errors import CatalogLocked
from workbench.mt.engine import DecodeOptions
from workbench.pretranslate import PretranslateOptions, distributed, run_pretranslate
from workbench.pretranslate.checkpoint import Checkpointer
from workbench.pretranslate.distributed import (
    ModelSpec,
    conform_to_source,
    translate_segments,
    translate_with_spec,
)
from workbench.pretranslate.progress import NoProgress, RichProgress, make_progress


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def fill(msgid: str) -> EntryUpdate:
    return EntryUpdate(msgid, f"EN {msgid}", fuzzy=True)


@pytest.fixture()
def catalog(tmp_path: Path) -> Path:
    return write_catalog(
        tmp_path / "en/LC_MESSAGES/c.po", [{"msgid": m, "msgstr": ""} for m in "abcde"]
    )


def test_saves_after_enough_segments(catalog: Path) -> None:
    clock = Clock()
    saver = Checkpointer(every_segments=3, every_seconds=30, clock=clock)
    for msgid in "ab":
        saver.add(catalog, fill(msgid))
        assert not saver.maybe_save()
    saver.add(catalog, fill("c"))
    assert saver.maybe_save()
    assert [e.msgstr for e in read_po(catalog) if e.msgid] == ["EN a", "EN b", "EN c", "", ""]
    assert saver.pending == 0 and saver.applied[catalog] == 3


def test_saves_after_enough_time(catalog: Path) -> None:
    clock = Clock()
    saver = Checkpointer(every_segments=200, every_seconds=30, clock=clock)
    saver.add(catalog, fill("a"))
    clock.now = 29.9
    assert not saver.maybe_save()
    clock.now = 30.0
    assert saver.maybe_save()
    assert read_po(catalog).find("a").msgstr == "EN a"
    clock.now = 100.0
    assert not saver.maybe_save()  # nothing pending: no empty rewrite


def test_locked_catalog_keeps_updates_for_the_next_checkpoint(catalog: Path) -> None:
    saver = Checkpointer(every_segments=1, lock_timeout=0.05)
    saver.add(catalog, fill("a"))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys,time; from workbench.fileio import file_lock\n"
            "with file_lock(sys.argv[1]):\n    print('held', flush=True); time.sleep(1.5)",
            str(catalog),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    assert saver.maybe_save()  # tried, lock busy: kept, not lost, not raised
    assert saver.pending == 1 and read_po(catalog).find("a").msgstr == ""
    with pytest.raises(CatalogLocked):
        saver.save(final=True)
    holder.wait()
    saver.save(final=True)
    assert saver.pending == 0 and read_po(catalog).find("a").msgstr == "EN a"


def test_conform_to_source() -> None:
    assert conform_to_source("ا\n", "A") == "A\n"
    assert conform_to_source("ا", "A\n") == "A"
    assert conform_to_source("\nا", "\n\nA") == "\nA"
    assert conform_to_source("ا", "  \n") == ""


def test_translate_segments_is_one_engine_call_per_batch() -> None:
    engine = FakeEngine()
    results = translate_segments(engine, ["ا ب", "ج"], DecodeOptions(beam=2, n_best=5))
    assert engine.batches == [["ا ب", "ج"]]
    assert [(r.source, r.text, r.tokens, r.model) for r in results] == [
        ("ا ب", "EN<ا ب>", 2, "fake-ar-en"),
        ("ج", "EN<ج>", 1, "fake-ar-en"),
    ]
    assert translate_segments(engine, [], DecodeOptions()) == []


def test_translate_with_spec_loads_the_model_once_per_process(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads = []

    def load_engine(config, **kw):
        loads.append(kw)
        return FakeEngine(f"fake-{kw['target_language']}")

    monkeypatch.setattr(workbench.mt, "load_engine", load_engine, raising=False)
    distributed._engine_for.cache_clear()
    spec = ModelSpec(project_root=str(project), target_language="en", model="m")
    first = translate_with_spec(["ا"], DecodeOptions(), spec)
    second = translate_with_spec(["ب"], DecodeOptions(), spec)
    assert [first[0].text, second[0].text] == ["EN<ا>", "EN<ب>"]
    assert len(loads) == 1 and loads[0]["model"] == "m"
    distributed._engine_for.cache_clear()


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(project: Path) -> None:
    assert isinstance(make_progress(True, io.StringIO()), NoProgress)
    assert isinstance(make_progress(False, FakeTerminal()), NoProgress)
    terminal = FakeTerminal()
    bar = make_progress(True, terminal)
    assert isinstance(bar, RichProgress)
    entries = [{"msgid": f"س {i}", "msgstr": ""} for i in range(5)]
    path = write_catalog(project / "locales/en/LC_MESSAGES/p.po", entries)
    summary = run_pretranslate(load_config(), [path], FakeEngine(), PretranslateOptions(), bar)
    assert summary.translated == 5
    shown = terminal.getvalue()
    assert "pretranslate" in shown and "5/5" in shown and "seg/s" in shown
