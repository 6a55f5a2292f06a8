"""`workbench qa` with spelling (issue 14): a warning from the catalog language's Hunspell
dictionary, and one clear line when a language has none while the other checks still run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from workbench.qa.spelling import HUNSPELL_FOLDER

if not Path(HUNSPELL_FOLDER, "en_US.dic").is_file():  # CI installs hunspell-en-us
    pytest.skip("hunspell-en-us is not installed", allow_module_level=True)


def write_catalog(path: Path, language: str, entries: list[tuple[str, str]]) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": language}
    for source, target in entries:
        po.append(polib.POEntry(msgid=source, msgstr=target))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def qa(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli", "qa", *args],
        cwd=project, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_qa_warns_of_misspellings_and_says_when_a_language_has_no_dictionary(
    project: Path,
) -> None:
    english = write_catalog(
        project / "locales/en/LC_MESSAGES/news.po",
        "en",
        [
            ("قال الوزير لونغ تام كوانغ.", "Minister Luong Tam Quang said."),
            ("وقع الوفد.", "The delegaton signed, see https://mofa.gov.vn/hanio."),
        ],
    )
    other = write_catalog(
        project / "locales/xx/LC_MESSAGES/news.po",
        "xx",
        [("وقعت 72 دولة.", "Qwzx 27 blorp.")],
    ).resolve()
    done = qa(project, "--json")
    assert done.returncode == 1, done.stderr  # the number error of the xx catalog
    findings = json.loads(done.stdout)
    spelling = [f for f in findings if f["check"] == "spelling"]
    assert len(spelling) == 1 and spelling[0]["severity"] == "warning"
    assert spelling[0]["message"] == (
        'not in the en_US dictionary: "delegaton" (check the spelling)'
    )
    assert (project / spelling[0]["catalog"]).resolve() == english.resolve()
    in_other = [f["check"] for f in findings if (project / f["catalog"]).resolve() == other]
    assert in_other == ["numbers"]  # the other checks ran on the catalog without a dictionary
    assert done.stderr.splitlines() == [
        "workbench: warning: spelling not checked for 'xx': no Hunspell dictionary "
        "(xx_XX.dic or xx.dic) in /usr/share/hunspell; install one (Debian: a hunspell-xx* "
        "package, as hunspell-en-us for en_US); the other checks ran"
    ]
    text = qa(project, str(english))
    assert text.returncode == 0 and text.stderr == ""
    assert 'warning: [spelling] not in the en_US dictionary: "delegaton"' in text.stdout
