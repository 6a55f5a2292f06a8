"""End to end: 'workbench qa' and 'workbench tm' on a throw-away project."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest

from workbench.catalog.pofile import read_po
from workbench.cli import main

MINISTER = "قال وزير الأمن العام إن الاتفاقية وقعت."
MINISTER_EN = "The Minister of Public Security said that the Convention was signed."
COUNTRIES = "وقعت ٧٢ دولة على الاتفاقية."
COUNTRIES_EN = "72 countries signed the Convention."


def write_catalog(path: Path, entries: list[tuple[str, str, list[str]]]) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for source, target, flags in entries:
        po.append(polib.POEntry(msgid=source, msgstr=target, flags=flags))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, object]:
    status = main(list(argv))
    out = capsys.readouterr().out
    return status, json.loads(out)


@pytest.fixture()
def catalogs(project: Path) -> tuple[Path, Path]:
    clean = write_catalog(
        project / "locales/en/LC_MESSAGES/clean.po",
        [(MINISTER, MINISTER_EN, []), (COUNTRIES, COUNTRIES_EN, [])],
    )
    faulty = write_catalog(
        project / "locales/en/LC_MESSAGES/faulty.po",
        [
            (COUNTRIES, "Many countries signed the Convention.", []),  # number dropped
            ("تؤمن فيتنام بالتعاون.", "Viet Nam believes in cooperation", []),  # end mark
        ],
    )
    return clean, faulty


def test_qa_json_reports_each_finding_and_fails_on_errors(catalogs, capsys) -> None:
    clean, faulty = catalogs
    status, findings = run_json(capsys, "qa", "--json")
    assert status == 1
    assert [(f["catalog"], f["check"], f["severity"]) for f in findings] == [
        ("locales/en/LC_MESSAGES/faulty.po", "numbers", "error"),
        ("locales/en/LC_MESSAGES/faulty.po", "end-punctuation", "warning"),
    ]
    assert set(findings[0]) == {"catalog", "line", "msgid", "check", "severity", "message"}
    assert findings[0]["msgid"] == COUNTRIES
    assert findings[0]["line"] == next(e.linenum for e in read_po(faulty))
    assert run_json(capsys, "qa", "--json", str(clean)) == (0, [])


def test_qa_fail_on_threshold(catalogs, project: Path, capsys) -> None:
    warned = write_catalog(
        project / "warned.po", [("تؤمن فيتنام بالتعاون.", "Viet Nam believes in cooperation", [])]
    )
    assert main(["qa", str(warned)]) == 0
    assert main(["qa", str(warned), "--fail-on", "warning"]) == 1
    out = capsys.readouterr().out
    assert "warned.po:" in out and "[end-punctuation]" in out
    assert "0 error(s), 1 warning(s) in 1 catalog(s)" in out


def test_qa_uses_the_configured_glossary_and_accepts_another(catalogs, project, capsys) -> None:
    vietnam = write_catalog(
        project / "vietnam.po", [("تؤمن فيتنام بالتعاون.", "Vietnam believes in cooperation.", [])]
    )
    status, findings = run_json(capsys, "qa", "--json", str(vietnam))
    assert status == 1 and {f["check"] for f in findings} == {"glossary"}
    empty = project / "empty.tsv"
    empty.write_text("# no terms\n", encoding="utf-8")
    assert run_json(capsys, "qa", "--json", str(vietnam), "--glossary", str(empty)) == (0, [])
    assert main(["qa", str(vietnam), "--glossary", str(project / "missing.tsv")]) == 2


def test_qa_without_catalogs_says_what_to_do(project: Path, capsys) -> None:
    assert main(["qa"]) == 2  # the same words as compile, stats and pretranslate
    err = capsys.readouterr().err
    assert "locales folder not found" in err and "workbench import" in err


def test_tm_build_search_and_incremental_sync(catalogs, project: Path, capsys) -> None:
    assert main(["tm", "build"]) == 0
    assert "4 segment(s); 2 catalog(s) read" in capsys.readouterr().out
    assert (project / ".workbench/tm.sqlite3").is_file()
    status, matches = run_json(capsys, "tm", "search", MINISTER, "--json")
    assert status == 0
    assert matches == [
        {
            "source": MINISTER,
            "target": MINISTER_EN,
            "score": 100,
            "origin": "en/LC_MESSAGES/clean.po",
        }
    ]
    query = "قال وزير الأمن العام إن الاتفاقية ستوقع قريبا."
    status, matches = run_json(capsys, "tm", "search", query, "--json", "--min", "60")
    assert [m["target"] for m in matches] == [MINISTER_EN] and 60 <= matches[0]["score"] < 100
    assert run_json(capsys, "tm", "search", query, "--json", "--min", "99") == (0, [])

    # a segment approved after the build is found without rebuilding
    write_catalog(
        project / "locales/en/LC_MESSAGES/new.po", [("الأمن السيبراني", "cybersecurity", [])]
    )
    status, matches = run_json(capsys, "tm", "search", "الأمن السيبراني", "--json")
    assert [m["target"] for m in matches] == ["cybersecurity"]


def test_tm_export_then_import_into_another_project(
    catalogs, project, tmp_path, capsys, monkeypatch
):
    exported = project / "memory.tmx"
    assert main(["tm", "export", str(exported)]) == 0
    assert "exported 4 unit(s)" in capsys.readouterr().out
    root = ET.parse(exported).getroot()
    assert root.find("header").get("srclang") == "ar" and len(root.findall("body/tu")) == 4

    other = tmp_path / "other"
    other.mkdir()
    (other / "pyproject.toml").write_text('[tool.workbench]\ntm = "memory/tm.sqlite3"\n')
    monkeypatch.chdir(other)
    assert main(["tm", "import", str(exported)]) == 0
    assert "imported 4 unit(s)" in capsys.readouterr().out
    status, matches = run_json(capsys, "tm", "search", COUNTRIES, "--json")
    assert {(m["target"], m["score"], m["origin"]) for m in matches} == {
        (COUNTRIES_EN, 100, "en/LC_MESSAGES/clean.po"),
        ("Many countries signed the Convention.", 100, "en/LC_MESSAGES/faulty.po"),
    }
    assert not (other / "locales").exists()


def test_tm_import_of_malformed_tmx_names_file_and_line(project: Path) -> None:
    bad = project / "bad.tmx"
    bad.write_text('<tmx version="1.4">\n<body>\n<tu>\n</body></tmx>\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "tm", "import", str(bad)],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert f"{bad}:4: malformed TMX" in result.stderr


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--min", "150"], "--min must be a score from 0 to 100"),
        (["--min", "-5"], "--min must be a score from 0 to 100"),
        (["--limit", "0"], "--limit must be at least 1"),
    ],
)
def test_tm_search_refuses_impossible_options(project: Path, capsys, argv, words) -> None:
    assert main(["tm", "search", MINISTER, *argv]) == 2
    assert words in capsys.readouterr().err


def test_tm_search_refuses_empty_text(project: Path, capsys) -> None:
    assert main(["tm", "search", "  "]) == 2
    assert "nothing to search for" in capsys.readouterr().err


def test_tmx_of_another_tool_is_found_whatever_the_case_and_region(project: Path, capsys):
    """srclang="AR-SA", targets "EN-GB" and "fr_FR": found for the project's "en" and for
    --lang FR, not for --lang de."""
    tmx = project / "other.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="AR-SA" '
        'adminlang="EN-US" segtype="sentence" datatype="plaintext" o-tmf="x" '
        'creationtool="x" creationtoolversion="1"/><body>\n'
        f'<tu><tuv xml:lang="ar-sa"><seg>{MINISTER}</seg></tuv>'
        f'<tuv xml:lang="EN-GB"><seg>{MINISTER_EN}</seg></tuv>'
        '<tuv xml:lang="fr_FR"><seg>Le ministre a parlé.</seg></tuv></tu>\n</body></tmx>\n',
        encoding="utf-8",
    )
    assert main(["tm", "import", str(tmx)]) == 0
    assert "imported 2 unit(s)" in capsys.readouterr().out
    status, matches = run_json(capsys, "tm", "search", MINISTER, "--json")
    assert matches == [
        {"source": MINISTER, "target": MINISTER_EN, "score": 100, "origin": "tmx:other.tmx"}
    ]
    status, matches = run_json(capsys, "tm", "search", MINISTER, "--json", "--lang", "FR")
    assert [m["target"] for m in matches] == ["Le ministre a parlé."]
    assert run_json(capsys, "tm", "search", MINISTER, "--json", "--lang", "de") == (0, [])


def test_tm_search_in_an_empty_memory(project: Path, capsys) -> None:
    assert run_json(capsys, "tm", "search", MINISTER, "--json") == (0, [])
    assert main(["tm", "search", MINISTER]) == 0
    assert "no match of 75% or more" in capsys.readouterr().out


def test_qa_applies_the_english_glossary_to_english_catalogs_only(project: Path, capsys) -> None:
    """The project glossary translates into the first target language: a French title is no
    glossary finding in a French catalog, an English catalog still gets one."""
    source = "قال وزير الأمن العام إن الاتفاقية وقعت."
    write_catalog(
        project / "locales/fr/LC_MESSAGES/news.po",
        [(source, "Le ministre de la Sécurité publique a dit que la Convention était signée.", [])],
    )
    write_catalog(
        project / "locales/en/LC_MESSAGES/news.po",
        [(source, "The security minister said that the Convention was signed.", [])],
    )
    status, findings = run_json(capsys, "qa", "--json", "--fail-on", "warning")
    assert status == 1
    assert [(f["catalog"], f["check"]) for f in findings] == [
        ("locales/en/LC_MESSAGES/news.po", "glossary")
    ]
