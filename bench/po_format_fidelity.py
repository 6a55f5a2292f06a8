"""How far polib's and our PO output are from GNU ``msgcat``'s, per kind of content.

Run: ``.venv/bin/python bench/po_format_fidelity.py``. For each case a one-entry catalog is
written by polib (``POFile.save``) and by ``write_po``; ``msgcat`` (gettext 0.21) is run on
each, and the lines that differ from msgcat's output are counted. Exits 1 if ours differs.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
from _common import ENGLISH_HEADER

from workbench.catalog.pofile import read_po, write_po

ARABIC = (
    "وقّع رئيس الوزراء اتفاقية هانوي لمكافحة الجرائم الإلكترونية في العاصمة الفيتنامية، "
    "بحضور ممثلين عن أكثر من ستين دولة؛ وقال إن الاتفاقية «خطوة تاريخية»؟"
)
ENGLISH = (
    "The Prime Minister signed the Hanoi Convention against Cybercrime in the Vietnamese "
    "capital, in the presence of representatives of more than sixty countries."
)

CASES: dict[str, polib.POEntry] = {
    "long Arabic msgid, English msgstr": polib.POEntry(msgid=ARABIC, msgstr=ENGLISH),
    "embedded newlines": polib.POEntry(msgid="first line\nsecond line\n", msgstr="أ\nب\n"),
    "escapes: quotes, backslashes, tabs": polib.POEntry(
        msgid='He said "stop" \\ then\ttabbed ' * 3, msgstr='قال "قف" \\ ثم\t' * 3
    ),
    "hyphens and slashes": polib.POEntry(
        msgid="and a very-long-hyphenated-word/with/slashes/in/it_and_underscores_past_the_width",
        msgstr="a state-of-the-art cross-border/inter-agency framework " * 2,
    ),
    "long unbreakable word": polib.POEntry(msgid="x" * 90, msgstr="y" * 90),
    "plural forms": polib.POEntry(
        msgid="one country signed the convention today",
        msgid_plural="%d countries signed the convention today in the capital of Viet Nam",
        msgstr_plural={0: "وقعت دولة واحدة", 1: "وقعت %d دولة على الاتفاقية اليوم " * 2},
    ),
    "msgctxt": polib.POEntry(msgctxt="headline " * 10, msgid="Title", msgstr="عنوان"),
    "#. extracted comment": polib.POEntry(
        msgid="a", msgstr="b", comment="Paragraph 3, sentence 2 of the article. " * 3
    ),
    "long #: reference list": polib.POEntry(
        msgid="c",
        msgstr="d",
        occurrences=[("corpus/hanoi-convention-signing.ar.txt", str(n)) for n in range(1, 25)],
    ),
    "#, flags in odd order": polib.POEntry(
        msgid="%s", msgstr="%s", flags=["python-format", "wrap", "fuzzy", "c-format"]
    ),
    "#| previous msgid": polib.POEntry(
        msgid="new", msgstr="جديد", flags=["fuzzy"], previous_msgid="old " * 30
    ),
    "obsolete #~": polib.POEntry(msgid=ARABIC, msgstr="قديم " * 20, obsolete=True),
    "obsolete with previous #~|": polib.POEntry(
        msgid="gone", msgstr="ذهب", obsolete=True, flags=["fuzzy"], previous_msgid=ARABIC
    ),
    "translator comment": polib.POEntry(msgid="e", msgstr="f", tcomment="Checked. " * 12),
    "header with many fields": polib.POEntry(msgid="g", msgstr="h"),
}


MANY_FIELDS = {
    "Project-Id-Version": "fidelity 1.0",
    "Report-Msgid-Bugs-To": "l10n@example.org",
    "POT-Creation-Date": "2026-11-28 10:00+0000",
    "PO-Revision-Date": "2026-11-28 12:00+0000",
    "Last-Translator": "Translator <t@example.org>",
    "Language-Team": "English <en@example.org>",
    "X-Generator": "a header field long enough to need wrapping by a formatter that wraps it",
}


def catalog_with(name: str, entry: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    po.metadata = dict(ENGLISH_HEADER)
    if name == "header with many fields":
        po.metadata.update(MANY_FIELDS)
    po.append(entry)
    return po


def content_changed(path: Path, entry: polib.POEntry) -> bool:
    """Whether the entry reads back different from what was written (e.g. a wrapped comment)."""
    again = read_po(path)[0]
    fields = ("msgid", "msgstr", "msgctxt", "tcomment", "comment", "previous_msgid")
    return any(getattr(again, name) != getattr(entry, name) for name in fields)


def lines_off(path: Path) -> int:
    gnu = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True)
    ours = path.read_text(encoding="utf-8").splitlines()
    diff = difflib.unified_diff(ours, gnu.stdout.splitlines(), n=0, lineterm="")
    return sum(1 for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---"))


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="fidelity-"))
    print("lines differing from msgcat's output; * = content changed when read back")
    print(f"{'case':<38} {'polib':>6} {'ours':>6}")
    total_polib = total_ours = 0
    for name, entry in CASES.items():
        po = catalog_with(name, entry)
        polib_path, ours_path = folder / "polib.po", folder / "ours.po"
        po.save(str(polib_path))
        write_po(po, ours_path)
        by_polib, by_us = lines_off(polib_path), lines_off(ours_path)
        polib_mark = "*" if content_changed(polib_path, entry) else " "
        ours_mark = "*" if content_changed(ours_path, entry) else " "
        total_polib += by_polib + (polib_mark == "*")
        total_ours += by_us + (ours_mark == "*")
        print(f"{name:<38} {by_polib:>5}{polib_mark} {by_us:>5}{ours_mark}")
    print(f"{'total':<38} {total_polib:>6} {total_ours:>6}")
    return 0 if total_ours == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
