"""Re-import of a revised long article: ``workbench``'s merge against GNU ``msgmerge``.

A synthetic article of SENTENCES Arabic sentences (the sample's sentences, numbered so each is
distinct) is imported and fully translated; then a revision changes a number in 10% of the
sentences, deletes 5% and adds 5% new ones. Measured on the same files, in the same run:

* ``msgmerge --previous old.po new.pot`` (GNU gettext, C; it uses every core, via OpenMP);
* our merge (``merge_entries``) alone, and a whole ``workbench import`` re-import (read,
  segment, merge, write) in-process.

Wall times are the figures compared; CPU times are printed beside them because the machine may
be shared (msgmerge's CPU time is that of all its threads). The run also checks that our fuzzy
entries (with the old msgid and translation each one borrowed), new entries and obsolete
entries are exactly msgmerge's.

Run: ``.venv/bin/python bench/import_merge.py [SENTENCES]`` (default 5000).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from _common import numbered_article, revised_article  # the tests' own article and revision

from workbench.catalog.importer import import_sources
from workbench.catalog.merge import merge_entries
from workbench.catalog.pofile import read_po, write_po
from workbench.segment import translatable_segments

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "hanoi-convention-signing.ar.txt"


def timed(action) -> tuple[float, float]:
    """(wall, CPU) seconds of ``action``, CPU counting this process and its finished children."""

    def cpu() -> float:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime

    start_wall, start_cpu = time.perf_counter(), cpu()
    action()
    return time.perf_counter() - start_wall, cpu() - start_cpu


def decisions(entries) -> tuple[list, list, list]:
    """The merge's fuzzy (with the old msgid and translation lent), new and obsolete entries."""
    active = [e for e in entries if not e.obsolete]
    return (
        [(e.msgid, e.previous_msgid, e.msgstr) for e in active if "fuzzy" in e.flags],
        [e.msgid for e in active if not e.msgstr],
        sorted(e.msgid for e in entries if e.obsolete),
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    sentences = [s.text for s in translatable_segments(SAMPLE.read_text(encoding="utf-8"))]
    sentences = [s for s in sentences if s.endswith(".")]
    paragraphs = numbered_article(sentences, count, seed=1)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = root / "long.ar.txt"
        source.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        created = datetime(2026, 11, 28, tzinfo=UTC)
        [result] = import_sources([source], language="en", locales=root / "locales",
                                  root=root, created=created)  # fmt: skip
        po = read_po(result.catalog)
        for number, entry in enumerate(po):
            entry.msgstr = f"English sentence {number}."
        write_po(po, result.catalog)
        shutil.copy(result.catalog, root / "old.po")
        source.write_text("\n\n".join(revised_article(paragraphs, seed=2)) + "\n", encoding="utf-8")
        # the template of the revision, for msgmerge
        pot_dir = root / "pot"
        [pot] = import_sources([source], language="en", locales=pot_dir, root=root,
                               created=created)  # fmt: skip
        shutil.copy(pot.catalog, root / "new.pot")

        gnu = timed(lambda: subprocess.run(
            ["msgmerge", "--quiet", "--previous", "-o", str(root / "gnu.po"),
             str(root / "old.po"), str(root / "new.pot")], check=True))  # fmt: skip
        old_entries, new_entries = list(read_po(root / "old.po")), list(read_po(root / "new.pot"))
        ours_merge = timed(lambda: merge_entries(old_entries, new_entries))
        ours_import = timed(lambda: import_sources(
            [source], language="en", locales=root / "locales", root=root))  # fmt: skip
        merged, summary = merge_entries(old_entries, new_entries)
        agree = decisions(merged) == decisions(read_po(root / "gnu.po"))
    print(
        f"{count} sentences; revision: {summary.kept} kept, {summary.fuzzy} fuzzy, "
        f"{summary.new} new, {summary.obsolete} obsolete; "
        f"same fuzzy, new and obsolete entries as msgmerge: {agree}"
    )
    for name, (wall, cpu) in [("GNU msgmerge", gnu), ("workbench merge_entries", ours_merge),
                              ("workbench import (whole)", ours_import)]:  # fmt: skip
        ratio = "" if name == "GNU msgmerge" else f"  ({wall / gnu[0]:.2f}x msgmerge)"
        print(f"{name + ':':26}{wall:7.3f} s wall, {cpu:6.3f} s CPU{ratio}")


if __name__ == "__main__":
    main()
