"""Reading XLIFF written by other tools: their inline codes, segments and states."""

from __future__ import annotations

from pathlib import Path

from workbench.interchange.xliff_read import read_xliff

NS1 = "urn:oasis:names:tc:xliff:document:1.2"
NS2 = "urn:oasis:names:tc:xliff:document:2.0"


def test_native_codes_and_containers_of_other_tools_are_read_as_their_text(
    tmp_path: Path,
) -> None:
    path = tmp_path / "okapi.xlf"
    path.write_text(
        f'<?xml version="1.0"?>\n<xliff xmlns="{NS1}" version="1.2">'
        '<file original="a.po" source-language="ar" datatype="po"><body>\n'
        '<trans-unit id="1" resname="ctx"><source>نص <g id="1">عريض</g></source>'
        '<target state="signed-off">bold <ph id="2">&lt;br/&gt;</ph><mrk mtype="x">text</mrk>'
        "</target></trans-unit>\n"
        '<trans-unit id="2"><source>ب</source><target>b</target></trans-unit>\n'
        '<trans-unit id="3" approved="no"><source>ج</source><target>c</target></trans-unit>\n'
        "</body></file></xliff>\n",
        encoding="utf-8",
    )
    units = read_xliff(path).files[0].units
    assert [(u.msgctxt, u.sources, u.targets, u.done, u.line) for u in units] == [
        ("ctx", ["نص عريض"], ["bold <br/>text"], True, 3),
        (None, ["ب"], ["b"], True, 4),  # no state, not disapproved: done
        (None, ["ج"], ["c"], False, 5),
    ]


def test_a_2x_unit_of_several_segments_is_one_entry_done_only_when_all_are(
    tmp_path: Path,
) -> None:
    path = tmp_path / "two.xlf"
    path.write_text(
        f'<xliff xmlns="{NS2}" version="2.0" srcLang="ar" trgLang="en"><file id="f">'
        '<unit id="u1"><segment state="final"><source>أ. </source><target>A. </target>'
        '</segment><segment state="initial"><source>ب.</source><target>B.</target></segment>'
        '</unit><unit id="u2"><segment><source>ج</source></segment></unit></file></xliff>',
        encoding="utf-8",
    )
    document = read_xliff(path)
    assert document.version == "2.0"
    units = document.files[0].units
    assert [(u.sources, u.targets, u.done) for u in units] == [
        (["أ. ب."], ["A. B."], False),
        (["ج"], [None], False),
    ]
