"""Shared by the workbench TUI tests: a small real catalog and an app wired like the CLI's."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polib

from tests.support.catalogs import ENGLISH_PLURAL_FORMS, minimal_catalog
from workbench.config import load_config
from workbench.mt.engine import DecodeOptions, Suggestion

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpus" / "hanoi-convention-signing.ar.txt"


def sample_paragraphs(count: int) -> list[str]:
    text = SAMPLE.read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip() and "\n" not in p.strip()]
    return paragraphs[:count]


def write_catalog(project: Path, sources: Sequence[str], *, name: str = "article") -> Path:
    """A catalog laid out like ``workbench import`` makes it (GNU formatting via polib)."""
    po = minimal_catalog(project=name, plural_forms=ENGLISH_PLURAL_FORMS)
    for number, source in enumerate(sources, 1):
        po.append(
            polib.POEntry(msgid=source, msgstr="", occurrences=[(f"{name}.ar.txt", str(number))])
        )
    path = project / "locales" / "en" / "LC_MESSAGES" / f"{name}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def read_entries(path: Path) -> list[polib.POEntry]:
    return list(polib.pofile(str(path)))


class FakeEngine:
    """An MT engine answering from a fixed rule (for tests where a real model adds nothing)."""

    name = "fake"
    model_name = "fake-ar-en"
    fingerprint = "fake"

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        return [
            [
                Suggestion(f"MT {rank} for segment of {len(s)} chars", -0.1 * rank, "fake", "fake")
                for rank in range(1, options.n_best + 1)
            ]
            for s in sources
        ]

    def count_tokens(self, text: str) -> int:
        return len(text.split())


class CopyingFakeEngine(FakeEngine):
    """Copies the numbers of the source, as Marian copies the glossary's placeholders."""

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        import re

        results = []
        for source in sources:
            numbers = re.findall(r"\d+", source)
            text = f"Said {' and '.join(numbers) or 'nothing'}."
            results.append([Suggestion(text, -0.5, "fake", "fake")] * options.n_best)
        return results


def make_app(catalog: Path, *, fake_engine: object | None = None, **kw):
    """The app as ``workbench tui`` builds it; with ``fake_engine`` the MT adapter uses it."""
    from workbench.tui import build_app
    from workbench.tui.providers import ProviderStatus

    config = load_config()
    kw.setdefault("watch_interval", 0.2)
    kw.setdefault("bidi", "app")
    load_mt = kw.pop("load_mt", True) and fake_engine is None
    app = build_app(config, catalog, load_mt=load_mt, **kw)
    if fake_engine is not None:
        app.service.mt.engine = fake_engine
        app.service.mt.status = ProviderStatus("ready", "fake")
        app.mt_status = app.service.mt.status
    return app
