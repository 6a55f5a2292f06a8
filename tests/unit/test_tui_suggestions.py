"""The suggestion service: one thread, current segment first, cached, TM additions seen."""

from __future__ import annotations

import threading
from pathlib import Path

from workbench.config import Config
from workbench.tui.providers import (
    NO_MODEL_MESSAGE,
    GlossaryAdapter,
    MTAdapter,
    ProviderStatus,
    SuggestionItem,
    TMAdapter,
)
from workbench.tui.suggestions import SuggestionService


class RecordingMT(MTAdapter):
    """An MT adapter that records the order of its calls and can be held at a gate."""

    def __init__(self) -> None:
        super().__init__(Config(root=Path(".")))
        self.status = ProviderStatus("ready", "recording")
        self.calls: list[str] = []
        self.gate = threading.Event()
        self.gate.set()

    def suggest(self, source, glossary):
        self.gate.wait(5)
        self.calls.append(source)
        return [SuggestionItem("mt", f"MT of {source}", "MT -0.10")], []


class MemoryTM(TMAdapter):
    def __init__(self) -> None:
        self.status = ProviderStatus("ready")
        self.entries: dict[str, str] = {}
        self.threads: set[str] = set()

    def search(self, text, limit=5):
        self.threads.add(threading.current_thread().name)
        if text in self.entries:
            return [SuggestionItem("tm", self.entries[text], "TM 100%")]
        return []

    def add(self, source, target, origin):
        self.threads.add(threading.current_thread().name)
        self.entries[source] = target

    def close(self):
        pass


def service(mt=None, tm=None) -> SuggestionService:
    return SuggestionService(GlossaryAdapter(None), tm, mt)


def test_results_are_cached_and_mt_runs_once_per_source() -> None:
    mt = RecordingMT()
    suggestions = service(mt)
    first = suggestions.get("أ")
    assert [i.text for i in first.items] == ["MT of أ"]
    assert suggestions.cached("أ") == first
    suggestions.get("أ")
    assert mt.calls == ["أ"]
    suggestions.close()


def test_current_segment_jumps_ahead_of_prefetches() -> None:
    mt = RecordingMT()
    suggestions = service(mt)
    mt.gate.clear()
    suggestions.prefetch(["p0"])  # taken by the thread, held at the gate
    suggestions.prefetch(["p1", "p2", "p3"])
    answer = {}
    asker = threading.Thread(target=lambda: answer.update(r=suggestions.get("now")))
    asker.start()
    mt.gate.set()
    asker.join(5)
    assert mt.calls.index("now") < mt.calls.index("p1")
    suggestions.close()


def test_a_new_tm_entry_is_seen_without_asking_mt_again() -> None:
    mt, tm = RecordingMT(), MemoryTM()
    suggestions = service(mt, tm)
    assert [i.kind for i in suggestions.get("س").items] == ["mt"]
    suggestions.remember("س", "approved earlier", "a.po")
    assert suggestions.cached("س") is None  # stale: the memory grew
    items = suggestions.get("س").items
    assert [i.text for i in items] == ["approved earlier", "MT of س"]  # exact TM match first
    assert mt.calls == ["س"]
    assert tm.threads == {"workbench-suggest"}  # SQLite stays on one thread
    suggestions.close()


def test_missing_providers_are_reported_not_raised(tmp_path: Path) -> None:
    mt = MTAdapter(Config(root=tmp_path, models=tmp_path / "models"))
    suggestions = service(mt)
    status = suggestions.load_mt().result(30)
    assert not status.ready
    assert "glossary and TM still work" in status.message or status.message == NO_MODEL_MESSAGE
    result = suggestions.get("نص")
    assert result.items == () and result.mt_status == status
    suggestions.close()
    missing = GlossaryAdapter(None, configured=tmp_path / "none.tsv")
    assert missing.status.state == "missing" and "none.tsv not found" in missing.status.message
    broken = GlossaryAdapter(tmp_path / "gone.tsv")  # removed after it was chosen
    assert broken.status.state == "error" and "gone.tsv" in broken.status.message


def test_glossary_applies_only_to_catalogs_in_its_language(tmp_path: Path) -> None:
    glossary = tmp_path / "titles.tsv"
    glossary.write_text("وزير الخارجية\tMinister of Foreign Affairs\n", encoding="utf-8")
    english = GlossaryAdapter(glossary, target_language="en", catalog_language="en_GB")
    assert english.status.ready and english.match("قال وزير الخارجية")
    french = GlossaryAdapter(glossary, target_language="en", catalog_language="fr")
    assert french.status.state == "missing" and french.match("قال وزير الخارجية") == []
    assert french.status.message == "The glossary is for en; this catalog is fr"
