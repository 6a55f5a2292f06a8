"""`workbench glossary match|check|add|import|export` end to end."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.unit.test_glossary_formats import TBX_TRILINGUAL
from workbench.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_match_json_offsets_index_the_input(project: Path) -> None:
    text = "قال وَلِلْجنرال لونغ تام كوانغ إن مكتب الأمم المتحدة المعني بالمخدرات والجريمة"
    done = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "glossary", "match", text, "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    records = json.loads(done.stdout)
    assert [(r["text"], r["term"], r["target"]) for r in records] == [
        ("وَلِلْجنرال", "الجنرال", "General"),
        ("لونغ تام كوانغ", "لونغ تام كوانغ", "Luong Tam Quang"),
        (
            "مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
            "مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
            "United Nations Office on Drugs and Crime",
        ),
    ]
    for record in records:
        assert text[record["start"] : record["end"]] == record["text"]
    assert set(records[0]) == {"start", "end", "text", "term", "target", "note"}
    assert records[1]["note"] == "Minister of Public Security of Viet Nam"


def test_match_file_plain_output(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample_file = "corpus/hanoi-convention-signing.ar.txt"
    code, out, _ = run(capsys, "glossary", "match", "--file", sample_file)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 46
    start, end, text, target = lines[0].split("\t")
    sample = Path(sample_file).read_text(encoding="utf-8")
    assert sample[int(start) : int(end)] == text == "الجنرال" and target == "General"


def test_match_needs_text_or_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "glossary", "match")
    assert code == 2 and "TEXT or --file" in err


def test_check_clean_and_broken(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "glossary", "check")
    assert code == 0 and "no problems" in out
    broken = project / "broken.tsv"
    broken.write_text("فيتنام\tViet Nam\nفيتنام\tVietnam\nbad\n", encoding="utf-8")
    code, out, err = run(capsys, "glossary", "check", str(broken))
    assert code == 1
    assert out.splitlines() == [
        f"{broken}:2: conflict: conflicting translation for 'فيتنام': 'Vietnam' here,"
        " 'Viet Nam' at line 1",
        f"{broken}:3: bad-line: no tab: expected 'TERM<TAB>TRANSLATION[<TAB>NOTE]'",
    ]
    assert "2 problem(s)" in err


def test_match_on_a_malformed_glossary_names_file_and_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = project / "broken.tsv"
    broken.write_text("فيتنام\tViet Nam\nbad\n", encoding="utf-8")
    code, _, err = run(capsys, "glossary", "match", "فيتنام", "-g", str(broken))
    assert code == 2
    assert f"{broken}:2: no tab" in err


def test_add_then_refuse_duplicate_and_conflict(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "glossary", "add", "الأمين العام", "Secretary-General",
                       "--note", "UN; not: General Secretary")
    assert code == 0 and "added" in out
    code, out, _ = run(capsys, "glossary", "match", "للأمين العام", "--json")
    assert json.loads(out)[0]["target"] == "Secretary-General"
    code, _, err = run(capsys, "glossary", "add", "الامين العام", "Secretary-General")
    assert code == 2 and "already in the glossary as 'Secretary-General'" in err
    assert "official-titles.tsv:23:" in err
    code, _, err = run(capsys, "glossary", "add", "فيتنام", "Vietnam")
    assert code == 2 and "another translation, 'Viet Nam'" in err
    code, _, _ = run(capsys, "glossary", "check")
    assert code == 0


def test_export_import_round_trip(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for ext in ("tbx", "csv", "tsv"):
        code, out, _ = run(capsys, "glossary", "export", f"out.{ext}")
        assert code == 0 and out.strip() == f"out.{ext}: 20 terms"
    ET.parse("out.tbx")  # well-formed
    code, out, _ = run(capsys, "glossary", "import", "out.tbx", "-g", "fresh.tsv")
    assert code == 0 and "20 added, 0 already present, 0 conflicting" in out
    code, out, _ = run(capsys, "glossary", "export", "again.tbx", "-g", "fresh.tsv")
    assert Path("again.tbx").read_bytes() == Path("out.tbx").read_bytes()
    code, out, _ = run(capsys, "glossary", "import", "out.csv")
    assert code == 0 and "0 added, 20 already present" in out


def test_import_with_conflicts_exits_1(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("in.tsv").write_text("فيتنام\tVietnam\nهانوي\tHanoi\nسيول\tSeoul\n", encoding="utf-8")
    code, out, err = run(capsys, "glossary", "import", "in.tsv")
    assert code == 1
    assert "1 added, 1 already present, 1 conflicting" in out
    assert "in.tsv:1: not imported: 'فيتنام' -> 'Vietnam' conflicts with 'Viet Nam'" in err


def test_unknown_export_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "glossary", "export", "out.xlsx")
    assert code == 2 and "unknown glossary format '.xlsx'" in err


def test_missing_glossary_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "glossary", "match", "فيتنام", "-g", "nowhere.tsv")
    assert code == 2 and "nowhere.tsv: glossary file not found" in err


def test_add_or_import_into_a_missing_folder_creates_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = project / "typo" / "glossary.tsv"
    code, _, err = run(capsys, "glossary", "add", "مصر", "Egypt", "-g", str(target))
    assert code == 2 and "folder does not exist" in err
    code, _, err = run(capsys, "glossary", "import", "corpus/official-titles.tsv",
                       "-g", str(target))  # fmt: skip
    assert code == 2 and "folder does not exist" in err
    assert not (project / "typo").exists()


def test_add_creates_a_new_glossary_in_an_existing_folder(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(capsys, "glossary", "add", "مصر", "Egypt", "-g", "new.tsv")
    assert code == 0
    assert Path("new.tsv").read_text(encoding="utf-8").endswith("\nمصر\tEgypt\n")
    code, out, _ = run(capsys, "glossary", "match", "في مصر", "-g", "new.tsv", "--json")
    assert json.loads(out) == [
        {"start": 3, "end": 6, "text": "مصر", "term": "مصر", "target": "Egypt", "note": ""}
    ]


def test_match_file_errors_say_what_is_wrong(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Read by the one source reader: the same messages as import and translate give."""
    code, _, err = run(capsys, "glossary", "match", "--file", "nowhere.txt")
    assert code == 2 and err.strip() == "workbench: nowhere.txt: no such source file"
    Path("latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    code, _, err = run(capsys, "glossary", "match", "--file", "latin1.txt")
    assert code == 2 and "latin1.txt:1: not UTF-8: invalid byte 0xe9 at byte offset 3" in err
    Path("utf16.txt").write_bytes("مصر".encode("utf-16"))
    code, _, err = run(capsys, "glossary", "match", "--file", "utf16.txt")
    assert code == 2 and "utf16.txt: not UTF-8: the file is UTF-16" in err


def test_a_broken_file_to_import_names_the_check_command_for_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("in.tsv").write_text("فيتنام\tViet Nam\nbad line\n", encoding="utf-8")
    code, _, err = run(capsys, "glossary", "import", "in.tsv")
    assert code == 2 and "in.tsv:2: no tab" in err
    assert "run 'workbench glossary check in.tsv'" in err
    code, out, _ = run(capsys, "glossary", "check", "in.tsv")
    assert code == 1 and "in.tsv:2: bad-line" in out


def test_match_file_offsets_index_the_file_as_it_is(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CRLF file: offsets count each line break as the two characters it is."""
    text = "سطر أول\r\nوصل وزير الأمن العام\r\n"
    Path("crlf.txt").write_bytes(text.encode("utf-8"))
    code, out, _ = run(capsys, "glossary", "match", "--file", "crlf.txt", "--json")
    assert code == 0
    (found,) = json.loads(out)
    assert text[found["start"] : found["end"]] == found["text"] == "وزير الأمن العام"


def test_match_file_offsets_skip_a_byte_order_mark(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A UTF-8 BOM is invisible in editors: offsets count the characters after it, the same
    as for the file without one."""
    text = "وصل وزير الأمن العام\n"
    Path("plain.txt").write_bytes(text.encode("utf-8"))
    Path("bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    code, plain, _ = run(capsys, "glossary", "match", "--file", "plain.txt", "--json")
    code_bom, with_bom, _ = run(capsys, "glossary", "match", "--file", "bom.txt", "--json")
    assert code == code_bom == 0
    assert json.loads(with_bom) == json.loads(plain)
    (found,) = json.loads(with_bom)
    assert text[found["start"] : found["end"]] == found["text"] == "وزير الأمن العام"


def test_a_french_project_writes_and_reads_its_tbx_glossary_in_french(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """target_languages = ["fr"]: a TBX glossary created by `glossary add` records French, a
    multilingual TBX is matched and imported in French, and an existing English TBX stays
    English when a term is added to it."""
    config = project / "pyproject.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('["en"]', '["fr"]'), encoding="utf-8"
    )
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"

    def languages(path: str) -> list[str]:
        return sorted({str(s.get(xml_lang)) for s in ET.parse(path).iter("langSet")})

    code, _, _ = run(capsys, "glossary", "add", "مصر", "Égypte", "-g", "new.tbx")
    assert code == 0 and languages("new.tbx") == ["ar", "fr"]
    Path("multi.tbx").write_text(TBX_TRILINGUAL, encoding="utf-8")
    code, out, _ = run(capsys, "glossary", "match", "في سيول", "-g", "multi.tbx", "--json")
    assert [found["target"] for found in json.loads(out)] == ["Séoul"]
    code, out, _ = run(capsys, "glossary", "import", "multi.tbx", "-g", "new.tbx")
    assert code == 0 and "3 added" in out
    code, out, _ = run(capsys, "glossary", "match", "في سيول", "-g", "new.tbx", "--json")
    assert [found["target"] for found in json.loads(out)] == ["Séoul"]
    assert languages("new.tbx") == ["ar", "fr"]
    Path("english.tbx").write_text(
        Path("new.tbx").read_text(encoding="utf-8").replace('xml:lang="fr"', 'xml:lang="en"'),
        encoding="utf-8",
    )
    code, _, _ = run(capsys, "glossary", "add", "طوكيو", "Tokyo", "-g", "english.tbx")
    assert code == 0 and languages("english.tbx") == ["ar", "en"]
