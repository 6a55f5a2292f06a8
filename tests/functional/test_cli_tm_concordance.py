"""End to end: 'workbench tm concordance' over the catalogs under locales/ and imported TMX."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from workbench.cli import main

SECURITY = "دعمًا وللأمنِ الدولي."
SECURITY_EN = "In support of international security."


def write_catalog(path: Path, entries: list[tuple[str, str]]) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for source, target in entries:
        po.append(polib.POEntry(msgid=source, msgstr=target))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


@pytest.fixture()
def memory_sources(project: Path) -> Path:
    write_catalog(
        project / "locales/en/LC_MESSAGES/article.po",
        [(SECURITY, SECURITY_EN), ("السلام.", "Peace.")],
    )
    tmx = project / "agency.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="ar"'
        ' adminlang="en" segtype="sentence" datatype="plaintext" o-tmf="x"'
        ' creationtool="x" creationtoolversion="1"/><body>\n'
        '<tu><tuv xml:lang="ar"><seg>الأمـن الإقليمي.</seg></tuv>'
        '<tuv xml:lang="en"><seg>Regional security.</seg></tuv></tu>\n</body></tmx>\n',
        encoding="utf-8",
    )
    return tmx


def test_arabic_query_lists_units_of_catalogs_and_tmx(memory_sources, capsys) -> None:
    assert main(["tm", "import", str(memory_sources)]) == 0
    capsys.readouterr()
    assert main(["tm", "concordance", "الامن", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["searched"] == "source" and not answer["more"]
    hits = {hit["document"]: hit for hit in answer["hits"]}
    assert set(hits) == {"en/LC_MESSAGES/article.po", "tmx:agency.tmx"}
    ((start, end),) = hits["en/LC_MESSAGES/article.po"]["source_spans"]
    assert SECURITY[start:end] == "وللأمنِ"
    ((start, end),) = hits["tmx:agency.tmx"]["source_spans"]
    assert "الأمـن الإقليمي."[start:end] == "الأمـن"


def test_english_query_prints_documents_and_a_count(memory_sources, capsys) -> None:
    assert main(["tm", "concordance", "SECURITY"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "[en/LC_MESSAGES/article.po]",
        f"  {SECURITY}",
        f"  {SECURITY_EN}",
        "1 unit(s) holding 'SECURITY' in the target",
    ]
    assert main(["tm", "concordance", "war"]) == 0
    assert capsys.readouterr().out == "no unit holds 'war' in its target\n"


def test_blank_query_is_refused(memory_sources, capsys) -> None:
    assert main(["tm", "concordance", " "]) == 2
    assert "nothing to search for" in capsys.readouterr().err
