"""The translation memory on a full disk, a failing disk, a read-only file, a corrupt file:
each says which it is and what to do, and none advises deleting the memory, which holds
TMX-imported units that ``tm build`` cannot recreate.

SQLite's errors are injected at the connection (every write statement, or every statement)
with the codes SQLite gives them; ``tests/functional/test_tm_full_disk.py`` fills a real disk.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workbench.errors import WorkbenchError
from workbench.tm import TMUnit, TranslationMemory

MINISTER = "قال وزير الأمن العام إن الاتفاقية وقعت"
WRITES = ("INSERT", "DELETE", "UPDATE", "PRAGMA USER_VERSION=")


def _sqlite_error(kind: type[sqlite3.Error], message: str, code: int, name: str) -> sqlite3.Error:
    error = kind(message)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    error.sqlite_errorname = name  # type: ignore[attr-defined]
    return error


FULL = (sqlite3.OperationalError, "database or disk is full", 13, "SQLITE_FULL")
IO = (sqlite3.OperationalError, "disk I/O error", 778, "SQLITE_IOERR_WRITE")
READ_ONLY = (sqlite3.OperationalError, "attempt to write a readonly database", 8, "SQLITE_READONLY")
MALFORMED = (sqlite3.DatabaseError, "database disk image is malformed", 11, "SQLITE_CORRUPT")
NOT_A_DB = (sqlite3.DatabaseError, "file is not a database", 26, "SQLITE_NOTADB")
BUSY = (sqlite3.OperationalError, "database is locked", 5, "SQLITE_BUSY")


class FaultyConnection:
    """A real connection whose statements fail as ``fault`` says: the writes only (a full or
    read-only disk) or every statement (a corrupt file, a dead disk)."""

    def __init__(self, real: sqlite3.Connection, fault: tuple, writes_only: bool) -> None:
        self._real, self._fault, self._writes_only = real, fault, writes_only

    def _check(self, sql: str) -> None:
        statement = " ".join(sql.split()).upper().replace(" = ", "=")
        if not self._writes_only or statement.startswith(WRITES):
            raise _sqlite_error(*self._fault)

    def execute(self, sql: str, *args: Any) -> Any:
        self._check(sql)
        return self._real.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> Any:
        self._check(sql)
        return self._real.executemany(sql, *args)

    def executescript(self, sql: str) -> Any:
        self._check(sql)
        return self._real.executescript(sql)

    def __enter__(self) -> FaultyConnection:
        self._real.__enter__()
        return self

    def __exit__(self, *exc: Any) -> Any:
        return self._real.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


Inject = Callable[[tuple, bool], None]


@pytest.fixture()
def inject(monkeypatch: pytest.MonkeyPatch) -> Inject:
    real_connect = sqlite3.connect

    def arm(fault: tuple, writes_only: bool) -> None:
        def connect(database: Any, *args: Any, **kwargs: Any) -> Any:
            real = real_connect(database, *args, **kwargs)
            if database == ":memory:":  # SQLite's feature probe: no disk
                return real
            return FaultyConnection(real, fault, writes_only)

        monkeypatch.setattr(sqlite3, "connect", connect)

    return arm


@pytest.fixture()
def stored(tmp_path: Path) -> Path:
    """A memory holding a TMX-imported unit (which no catalog can give back)."""
    path = tmp_path / "tm.sqlite3"
    with TranslationMemory(path) as memory:
        memory.add_many([TMUnit(MINISTER, "The minister said", "tmx:old.tmx", "en")])
    return path


OPERATIONS: dict[str, Callable[[TranslationMemory, Path], object]] = {
    "add": lambda m, _: m.add("نص", "text", "en/LC_MESSAGES/x.po"),
    "add_many": lambda m, _: m.add_many([TMUnit("نص", "text", "tmx:x.tmx", "en")]),
    "sync": lambda m, root: m.sync_from_locales(root / "locales", force=True),
}


def _must_not_advise_deleting(error: WorkbenchError) -> None:
    text = str(error).lower()
    assert "delete" not in text and "remove" not in text
    assert "\n" not in text


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize(
    ("fault", "said"),
    [
        (FULL, "the disk holding the translation memory is full"),
        (IO, "disk I/O error"),
        (READ_ONLY, "the translation memory is read-only"),
        (BUSY, "busy"),
    ],
)
def test_a_failed_write_says_what_failed_and_keeps_the_memory(
    stored: Path, inject: Inject, operation: str, fault: tuple, said: str
) -> None:
    locales = stored.parent / "locales" / "en" / "LC_MESSAGES"
    locales.mkdir(parents=True)
    (locales / "x.po").write_text('msgid "نص"\nmsgstr "text"\n', encoding="utf-8")
    memory = TranslationMemory(stored)
    inject(fault, True)
    with TranslationMemory(stored) as faulty, pytest.raises(WorkbenchError) as caught:
        OPERATIONS[operation](faulty, stored.parent)
    assert said in str(caught.value)
    assert caught.value.path == stored
    _must_not_advise_deleting(caught.value)
    assert [u.origin for u in memory.units()] == ["tmx:old.tmx"]
    memory.close()


@pytest.mark.parametrize("fault", [FULL, IO, READ_ONLY])
def test_opening_on_a_failing_disk_is_not_called_unusable(
    stored: Path, inject: Inject, fault: tuple
) -> None:
    inject(fault, False)
    with pytest.raises(WorkbenchError) as caught:
        TranslationMemory(stored)
    assert "not a usable" not in str(caught.value) and "damaged" not in str(caught.value)
    _must_not_advise_deleting(caught.value)


@pytest.mark.parametrize("fault", [MALFORMED, NOT_A_DB])
@pytest.mark.parametrize("when", ["open", "search", "units", "len", "exact"])
def test_a_corrupt_memory_says_restore_or_move_aside_and_warns_of_tmx_units(
    stored: Path, inject: Inject, fault: tuple, when: str
) -> None:
    if when == "open":
        inject(fault, False)
        with pytest.raises(WorkbenchError) as caught:
            TranslationMemory(stored)
    else:
        memory = TranslationMemory(stored)
        memory._db = FaultyConnection(memory._db, fault, False)  # type: ignore[assignment]
        with pytest.raises(WorkbenchError) as caught:
            if when == "search":
                memory.search(MINISTER)
            elif when == "units":
                list(memory.units())
            elif when == "len":
                len(memory)
            else:
                memory.exact(MINISTER)
    message = str(caught.value)
    assert "damaged" in message and "backup" in message and "move it aside" in message
    assert "TMX" in message
    _must_not_advise_deleting(caught.value)


def test_a_memory_of_another_version_is_not_to_be_deleted(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(WorkbenchError, match="another workbench version") as caught:
        TranslationMemory(path)
    _must_not_advise_deleting(caught.value)


def test_a_real_read_only_file_is_named_read_only(stored: Path) -> None:
    """A real read-only database (SQLite's own flag: root ignores file modes)."""
    uri = f"file:{stored}?mode=ro"
    real_connect = sqlite3.connect
    try:
        sqlite3.connect = lambda *a, **k: real_connect(uri, uri=True, **k)  # type: ignore[assignment]
        with pytest.raises(WorkbenchError) as caught:
            with TranslationMemory(stored) as memory:
                memory.add_many([TMUnit("نص", "text", "tmx:x.tmx", "en")])
    finally:
        sqlite3.connect = real_connect
    assert "read-only" in str(caught.value)
    _must_not_advise_deleting(caught.value)
