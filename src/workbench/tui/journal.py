"""Crash journal of an editing session: append-only JSON lines, one record per change.

An approval is durable once its record is appended and fsynced, long before the (slow, whole
file) catalog write finishes. A clean close deletes the journal (or leaves only ``kept`` drafts:
edits of approved segments never approved), so anything else found at start-up is work from a
session that crashed: approvals not yet written to the catalog and unsaved edits ("drafts").
A torn last line (crash during a write) is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from workbench.fileio import atomic_write_text

KEPT = "kept"
MARK = "mark"


@dataclass(frozen=True)
class JournalRecord:
    """``op`` is ``save`` (a translation to write, approved when not ``fuzzy``), ``draft``
    (text typed but not yet saved), ``kept`` (a draft a clean close left for next time) or
    ``mark`` (the reviewer's marks on the saved ``msgstr``, the text left as it is).
    ``base`` (of a save) is the text the segment had when it was edited: if another editor has
    since written a different one, the save is a conflict, never written over it.
    ``reviewed`` (of a save or a mark) is the segment's review state after it (None in
    journals written before review marks: the store's rule decides); ``dismiss`` (of a mark)
    the QA checks dismissed for the segment; ``note`` (of a mark) the translator's own words
    of the comment, written with its mark lines kept (None: the comment as it is);
    ``forms`` (of a save of a plural entry) every ``msgstr[n]``, ``msgstr`` being the first
    (None: the other forms as the catalog has them)."""

    seq: int
    op: str
    msgid: str
    msgctxt: str | None
    msgstr: str
    fuzzy: bool = False
    time: float = 0.0
    base: str | None = None
    reviewed: bool | None = None
    dismiss: tuple[str, ...] = ()
    note: str | None = None
    forms: tuple[str, ...] | None = None

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def journal_path_for(catalog: Path, journal_dir: Path) -> Path:
    """One journal per catalog, named after it plus a hash of its absolute path."""
    digest = hashlib.sha1(str(catalog.resolve()).encode("utf-8")).hexdigest()[:12]
    return journal_dir / f"{catalog.stem}-{digest}.jsonl"


class Journal:
    """Thread-safe append/rewrite of the journal file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def read(self) -> list[JournalRecord]:
        """Records left in the file; a torn or foreign line is skipped."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        records = []
        for line in lines:
            try:
                data = json.loads(line)
                if not isinstance(data, dict):
                    continue
                data["dismiss"] = tuple(data.get("dismiss", ()))
                if data.get("forms") is not None:
                    data["forms"] = tuple(data["forms"])
                records.append(JournalRecord(**data))
            except (ValueError, TypeError):
                continue
        return records

    def append(self, record: JournalRecord, *, sync: bool = True) -> None:
        """Append one record; with ``sync`` it is on disk when this returns.

        A failed write (disk full, I/O error) raises ``OSError`` and leaves the journal as it
        was: a part of the line written before the failure is cut off again, so the next
        record does not land glued to a torn one (and be skipped as torn itself)."""
        data = (json.dumps(asdict(record), ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o666)
            try:
                end = os.lseek(fd, 0, os.SEEK_END)
                if end and os.pread(fd, 1, end - 1) != b"\n":
                    data = b"\n" + data  # after a line torn by a crash: keep this one whole
                try:
                    written = 0
                    while written < len(data):
                        written += os.write(fd, data[written:])
                    if sync:
                        os.fsync(fd)
                except OSError:
                    try:
                        os.ftruncate(fd, end)
                    except OSError:
                        pass  # a torn last line is skipped when read
                    raise
            finally:
                os.close(fd)

    def rewrite(self, records: Iterable[JournalRecord]) -> None:
        """Replace the journal by ``records`` (atomically); remove it when there are none."""
        records = list(records)
        with self._lock:
            if not records:
                self.path.unlink(missing_ok=True)
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            text = "".join(json.dumps(asdict(r), ensure_ascii=False) + "\n" for r in records)
            atomic_write_text(self.path, text)
