"""MT output holding a control character (NUL, U+0004, ESC...) is skipped by a batch run, entry
by entry, with a warning naming it: the rest of the run carries on and is saved."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

import workbench.mt
from tests.unit.test_pretranslate_runner import FakeEngine, write_catalog
from workbench.catalog.pofile import read_po
from workbench.cli.main import main
from workbench.config import load_config
from workbench.mt.engine import DecodeOptions, Suggestion
from workbench.pretranslate import PretranslateOptions, run_pretranslate

#: Source -> what the "confused model" returns for it.
BROKEN = {"نص أول": "First\x00text", "نص ثان": "Second\x04text", "نص ثالث": "Third\x1btext"}
FINE = ["جملة صالحة", "جملة أخرى", "جملة ثالثة"]


class ConfusedEngine(FakeEngine):
    """``EN<source>``, but the sources of :data:`BROKEN` come back with a control character."""

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        results = super().translate_batch(sources, options)
        return [
            [Suggestion(BROKEN[s], -0.5, self.name, self.model_name)] if s in BROKEN else found
            for s, found in zip(sources, results, strict=True)
        ]


def catalog_in(project: Path) -> Path:
    sources = [FINE[0], *BROKEN, *FINE[1:]]
    entries: list[dict] = [{"msgid": s, "msgstr": ""} for s in sources]
    plural = {"msgid": "نص أول", "msgid_plural": "نصوص", "msgstr_plural": {0: "", 1: ""}}
    entries.append({**plural, "msgctxt": "plural"})
    return write_catalog(project / "locales/en/LC_MESSAGES/cc.po", entries)


def test_a_control_character_from_mt_skips_that_entry_and_the_run_goes_on(
    project: Path,
) -> None:
    catalog = catalog_in(project)
    options = PretranslateOptions(checkpoint_segments=2, use_tm=False)
    summary = run_pretranslate(load_config(), [catalog], ConfusedEngine(), options, False)
    assert summary.segments == 7
    assert summary.translated == len(FINE) and summary.skipped == 4
    assert len(summary.refused) == 4
    assert all(str(catalog) in str(problem) for problem in summary.refused)
    named = [problem.message for problem in summary.refused]
    for source in BROKEN:
        assert any(repr(source) in message for message in named), named
    assert any("U+0000" in m for m in named) and any("U+0004" in m for m in named)
    assert any("U+001B" in m for m in named)
    po = read_po(catalog)
    assert [po.find(s).msgstr for s in FINE] == [f"EN<{s}>" for s in FINE]
    broken = [e for e in po if e.msgid in BROKEN]
    assert len(broken) == 4
    for entry in broken:
        assert not entry.msgstr and not any((entry.msgstr_plural or {}).values())
        assert not entry.flags and not entry.tcomment


def test_the_cli_warns_naming_each_skipped_entry_and_exits_0(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = catalog_in(project)
    monkeypatch.setattr(
        workbench.mt, "load_engine", lambda config, **kw: ConfusedEngine(), raising=False
    )
    assert main(["pretranslate", str(catalog), "--no-glossary"]) == 0
    out, err = capsys.readouterr()
    warnings = [line for line in err.splitlines() if line.startswith("workbench: warning:")]
    assert len(warnings) == 4 and "Traceback" not in err
    assert all("cc.po" in line and "control character" in line for line in warnings)
    assert "3 of 7 entries filled (fuzzy) in 1 catalog(s), 4 skipped" in out
