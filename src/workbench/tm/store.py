"""The translation memory: approved Arabic->target pairs in SQLite, found by fuzzy match.

Segments live in one table; an FTS5 index with the trigram tokenizer over their normalized
sources retrieves a few dozen candidates (see :mod:`workbench.tm.candidates`), which
:mod:`workbench.tm.scoring` scores with rapidfuzz; the concordance
(:mod:`workbench.tm.concordance`) reads candidates from that index and from a second one, over
targets, with :meth:`TranslationMemory.rows_with_trigrams`. The memory follows the catalogs under
``locales/`` incrementally: :meth:`TranslationMemory.sync_from_locales` re-reads only catalogs
whose size or modification time changed, and :meth:`TranslationMemory.add` records a segment the
moment a translator approves it. Several processes may use one memory file (WAL mode).
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import Concatenate, ParamSpec, TypeVar

from workbench.catalog.discovery import find_catalogs
from workbench.catalog.pofile import read_po
from workbench.errors import WorkbenchError
from workbench.language import covers
from workbench.tm.candidates import fts_query, rare_spread_trigrams, trigrams, within_budget
from workbench.tm.catalogs import approved_pairs, catalog_origin, origin_language
from workbench.tm.normalize import normalize_for_matching
from workbench.tm.scoring import apply_penalties, length_window, raw_score

SCHEMA_VERSION = 2
CANDIDATES = 256
QUERY_SLOTS = 16
POSTINGS_BUDGET = 12_000
MIN_TRIGRAMS = 4
DF_DRIFT = 0.1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS segments (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    lang TEXT NOT NULL,
    origin TEXT NOT NULL,
    fuzzy INTEGER NOT NULL DEFAULT 0,
    created TEXT,
    norm TEXT NOT NULL,
    norm_len INTEGER NOT NULL,
    norm_key INTEGER NOT NULL,
    unit_key INTEGER NOT NULL UNIQUE
);
CREATE INDEX IF NOT EXISTS segments_norm_key ON segments (norm_key);
CREATE INDEX IF NOT EXISTS segments_origin ON segments (origin);
CREATE TABLE IF NOT EXISTS catalogs (
    path TEXT PRIMARY KEY,
    origin TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS gram_df (gram TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_FTS_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS segments_fts USING fts5(
    norm, content='segments', content_rowid='id', tokenize='trigram', detail='none'
);
CREATE VIRTUAL TABLE IF NOT EXISTS segments_vocab USING fts5vocab(segments_fts, 'row');
DROP TRIGGER IF EXISTS segments_ai;
CREATE TRIGGER IF NOT EXISTS segments_ad AFTER DELETE ON segments BEGIN
    INSERT INTO segments_fts (segments_fts, rowid, norm) VALUES ('delete', old.id, old.norm);
END;
"""
# The concordance's index of targets (workbench.tm.concordance): English queries search what
# was written in the target language. Trigrams again, so any substring is found.
_TARGET_FTS_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS targets_fts USING fts5(
    target, content='segments', content_rowid='id', tokenize='trigram', detail='none'
);
CREATE TRIGGER IF NOT EXISTS targets_ad AFTER DELETE ON segments BEGIN
    INSERT INTO targets_fts (targets_fts, rowid, target) VALUES ('delete', old.id, old.target);
END;
"""
_COLUMNS = "s.id, s.source, s.target, s.lang, s.origin, s.fuzzy, s.norm"


def trigram_index_available() -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer (3.34 and later)."""
    try:
        with sqlite3.connect(":memory:") as probe:
            probe.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
        return True
    except sqlite3.OperationalError:
        return False


@dataclass(frozen=True)
class TMUnit:
    """One stored translation unit."""

    source: str
    target: str
    origin: str
    target_language: str = ""
    fuzzy: bool = False
    created: str | None = None


@dataclass(frozen=True)
class TMMatch:
    """A memory match for a query, with its score after penalties (0-100)."""

    source: str
    target: str
    score: int
    origin: str
    target_language: str = ""
    fuzzy: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "target": self.target,
            "score": self.score,
            "origin": self.origin,
        }


@dataclass
class SyncReport:
    """What a sync did: catalogs re-read or dropped, and catalogs that could not be read."""

    reread: int = 0
    removed: int = 0
    errors: list[WorkbenchError] = field(default_factory=list)


# SQLite's primary result codes (the low byte of an extended code such as SQLITE_IOERR_WRITE).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26
_KEEP_IT = "the memory is kept as it was"
_ONLY_COPY = "units imported from TMX are only in this file"


def memory_error(exc: sqlite3.Error, path: Path) -> WorkbenchError:
    """One line saying what kind of failure ``exc`` is and what to do about it.

    A full disk, an I/O error, a read-only file or a busy memory leave the memory as it was:
    the advice is to fix the disk or retry, never to touch the file. Only a damaged file
    (malformed, not a database) is called damaged, and even then the advice is to restore a
    backup or move it aside, not delete it: units imported from TMX exist nowhere else and
    ``tm build`` cannot recreate them."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    lowered = text.lower()
    io_error = primary == _SQLITE_IOERR or "disk i/o error" in lowered
    if primary == _SQLITE_FULL or "disk is full" in lowered or (io_error and _disk_full(path)):
        return WorkbenchError(
            "the disk holding the translation memory is full",
            path,
            hint=f"free some space and run the command again; {_KEEP_IT}",
        )
    if io_error:
        return WorkbenchError(
            f"disk I/O error on the translation memory ({text})",
            path,
            hint=f"check the disk or the network share it is on, then run the command again; "
            f"{_KEEP_IT} ({_ONLY_COPY}: keep it)",
        )
    if primary == _SQLITE_READONLY or "readonly" in lowered or "read-only" in lowered:
        return WorkbenchError(
            "the translation memory is read-only",
            path,
            hint="make the file and its folder writable (SQLite also writes -wal and -shm "
            "files beside it)",
        )
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in lowered:
        return WorkbenchError(
            "the translation memory is busy: another process has held it too long",
            path,
            hint="try again when the other workbench command has finished",
        )
    if primary == _SQLITE_CANTOPEN or "unable to open" in lowered:
        return WorkbenchError(f"cannot open the translation memory: {text}", path)
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or (
        isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)
    ):
        return WorkbenchError(
            f"the translation memory is damaged ({text})",
            path,
            hint="restore it from a backup, or move it aside and run 'workbench tm build' "
            f"to rebuild it from the catalogs ({_ONLY_COPY}: import those files again)",
        )
    return WorkbenchError(f"translation memory error: {text}", path, hint=_KEEP_IT)


def _disk_full(path: Path) -> bool:
    """Whether the disk holding ``path`` has no block left for this user: SQLite reports a
    full disk met while creating its ``-shm``/``-wal`` files as an I/O error."""
    try:
        return os.statvfs(path.parent).f_bavail == 0
    except OSError:
        return False


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _reports_sqlite_errors(
    method: Callable[Concatenate[TranslationMemory, _P], _R],
) -> Callable[Concatenate[TranslationMemory, _P], _R]:
    """``method`` with SQLite's errors turned into :func:`memory_error`."""

    @functools.wraps(method)
    def reported(self: TranslationMemory, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise memory_error(exc, self.path) from None

    return reported


def _like_escaped(text: str) -> str:
    """``text`` for a LIKE pattern with ESCAPE '\\': its own %, _ and \\ taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def text_key(*parts: str) -> int:
    """A 64-bit key for index lookups: an index of long Arabic strings would be larger than
    the table (a collision, about 1 in 30 million for a million segments, merges two units)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class TranslationMemory:
    """A memory file at ``path`` (created with its folder on first use)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkbenchError(
                f"cannot create the folder of the translation memory: {exc.strerror}",
                self.path.parent,
            ) from None
        try:
            self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        except sqlite3.Error as exc:
            raise memory_error(exc, self.path) from None
        self._lock = threading.RLock()
        self.indexed = trigram_index_available()
        self._df_checked = False
        self.last_sync = SyncReport()
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                raise WorkbenchError(
                    f"translation memory of another workbench version ({version})",
                    self.path,
                    hint="export it with that version ('workbench tm export') and import the "
                    "TMX here, or move it aside and run 'workbench tm build' (units imported "
                    "from TMX are only in it)",
                )
            with self._db:
                self._db.executescript(_SCHEMA)
                if self.indexed:
                    for table, schema in (
                        ("segments_fts", _FTS_SCHEMA),
                        ("targets_fts", _TARGET_FTS_SCHEMA),
                    ):
                        had_index = self._db.execute(
                            "SELECT 1 FROM sqlite_master WHERE name = ?", (table,)
                        ).fetchone()
                        self._db.executescript(schema)
                        # Rows stored by a SQLite without the trigram tokenizer, or by a
                        # workbench without the concordance: indexed once, here.
                        if not had_index:
                            self._db.execute(f"INSERT INTO {table} ({table}) VALUES ('rebuild')")
                if version != SCHEMA_VERSION:  # no write at all to open an existing memory
                    self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except WorkbenchError:
            self._db.close()
            raise
        except sqlite3.Error as exc:
            self._db.close()
            raise memory_error(exc, self.path) from None

    # --- lifetime ------------------------------------------------------------------------

    @_reports_sqlite_errors
    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @_reports_sqlite_errors
    def __len__(self) -> int:
        with self._lock:
            return self._row_count()

    # --- writing -------------------------------------------------------------------------

    @_reports_sqlite_errors
    def add(
        self,
        source: str,
        target: str,
        origin: str | Path,
        *,
        target_language: str | None = None,
        fuzzy: bool = False,
    ) -> None:
        """Record an approved segment; it replaces that origin's earlier translation of
        ``source``. A catalog path as ``origin`` is stored as its catalog origin
        (``en/LC_MESSAGES/x.po``), which gives the target language when none is passed."""
        origin = catalog_origin(origin)
        lang = target_language if target_language is not None else origin_language(origin)
        created = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        with self._lock, self._db:
            self._db.execute(
                "DELETE FROM segments WHERE norm_key = ? AND origin = ? AND lang = ?"
                " AND source = ? AND target != ?",
                (text_key(normalize_for_matching(source)), origin, lang, source, target),
            )
            self._insert(self._db, [TMUnit(source, target, origin, lang, fuzzy, created)])

    @_reports_sqlite_errors
    def add_many(self, units: Iterable[TMUnit]) -> int:
        """Store many units in one transaction (duplicates are kept once); returns how many
        were new."""
        with self._lock:
            with self._db:
                added = self._insert(self._db, units)
            self._refresh_doc_freq_if_stale()
        return added

    def _insert(self, db: sqlite3.Connection, units: Iterable[TMUnit]) -> int:
        """Insert rows, then index the new ones in one statement (three times faster than an
        insert trigger: FTS5 then tokenizes them as one batch)."""
        rows = []
        for unit in units:
            norm = normalize_for_matching(unit.source)
            rows.append(
                (
                    unit.source,
                    unit.target,
                    unit.target_language,
                    unit.origin,
                    int(unit.fuzzy),
                    unit.created,
                    norm,
                    len(norm),
                    text_key(norm),
                    text_key(unit.origin, unit.target_language, unit.source, unit.target),
                )
            )
        self._mark_doc_freq_stale(db)
        top = db.execute("SELECT coalesce(max(id), 0) FROM segments").fetchone()[0]
        cursor = db.executemany(
            "INSERT INTO segments (source, target, lang, origin, fuzzy, created, norm, norm_len,"
            " norm_key, unit_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (unit_key) DO UPDATE SET fuzzy = excluded.fuzzy"
            " WHERE fuzzy != excluded.fuzzy",
            rows,
        )
        added = cursor.rowcount
        if self.indexed:
            db.execute(
                "INSERT INTO segments_fts (rowid, norm) SELECT id, norm FROM segments WHERE id > ?",
                (top,),
            )
            db.execute(
                "INSERT INTO targets_fts (rowid, target) SELECT id, target FROM segments"
                " WHERE id > ?",
                (top,),
            )
        return added

    # --- following the catalogs ----------------------------------------------------------

    @_reports_sqlite_errors
    def sync_from_locales(self, locales: str | Path, *, force: bool = False) -> int:
        """Bring the memory up to date with the approved entries under ``locales``.

        Only catalogs whose size or modification time changed since the last sync are re-read
        (all of them when ``force``); catalogs deleted since are forgotten. A catalog that
        cannot be read is skipped and reported in :attr:`last_sync` (it is retried next time).
        Returns the number of catalogs re-read or forgotten.
        """
        locales = Path(locales)
        report = SyncReport()
        with self._lock:
            known = {
                path: (mtime, size, origin)
                for path, origin, mtime, size in self._db.execute(
                    "SELECT path, origin, mtime_ns, size FROM catalogs"
                )
            }
            seen: set[str] = set()
            for catalog in find_catalogs(locales):
                key = str(catalog.resolve())
                seen.add(key)
                try:
                    stat = catalog.stat()
                except OSError:
                    continue
                stamp = (stat.st_mtime_ns, stat.st_size)
                if not force and key in known and known[key][:2] == stamp:
                    continue
                try:
                    po = read_po(catalog)
                except WorkbenchError as exc:
                    report.errors.append(exc)
                    continue
                origin = catalog_origin(catalog)
                lang = origin_language(origin)
                units = [TMUnit(s, t, origin, lang) for s, t in approved_pairs(po)]
                with self._db:
                    self._db.execute("DELETE FROM segments WHERE origin = ?", (origin,))
                    self._insert(self._db, units)
                    self._db.execute(
                        "INSERT OR REPLACE INTO catalogs (path, origin, mtime_ns, size)"
                        " VALUES (?, ?, ?, ?)",
                        (key, origin, *stamp),
                    )
                report.reread += 1
            for key in set(known) - seen:
                if Path(key).exists():
                    continue  # a catalog of another locales folder (tm build --locales)
                with self._db:
                    self._mark_doc_freq_stale(self._db)
                    self._db.execute("DELETE FROM segments WHERE origin = ?", (known[key][2],))
                    self._db.execute("DELETE FROM catalogs WHERE path = ?", (key,))
                report.removed += 1
            if report.reread or report.removed:
                self._refresh_doc_freq_if_stale()
        self.last_sync = report
        return report.reread + report.removed

    # --- reading -------------------------------------------------------------------------

    def units(self) -> Iterator[TMUnit]:
        """Every stored unit, oldest first (for export)."""
        for source, target, origin, lang, fuzzy, created in self._unit_rows():
            yield TMUnit(source, target, origin, lang, bool(fuzzy), created)

    @_reports_sqlite_errors
    def _unit_rows(self) -> list[tuple]:
        with self._lock:
            return self._db.execute(
                "SELECT source, target, origin, lang, fuzzy, created FROM segments ORDER BY id"
            ).fetchall()

    @_reports_sqlite_errors
    def matching_keys(self) -> list[tuple[str, str, str, bool]]:
        """``(source, normalized source, target language, fuzzy)`` of every stored unit, the
        matching key as stored: for matching many sources at once (``stats --analysis``)."""
        with self._lock:
            rows = self._db.execute("SELECT source, norm, lang, fuzzy FROM segments").fetchall()
        return [(source, norm, lang, bool(fuzzy)) for source, norm, lang, fuzzy in rows]

    @_reports_sqlite_errors
    def exact(
        self, text: str, *, target_language: str | None = None, document: str | None = None
    ) -> TMMatch | None:
        """An approved translation of exactly ``text``, for pre-translation; from ``document``
        when it has one, else from anywhere. Fuzzy units are never exact matches."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM segments s WHERE s.norm_key = ? AND s.source = ?"
                " AND s.fuzzy = 0 ORDER BY s.id DESC",
                (text_key(normalize_for_matching(text)), text),
            ).fetchall()
        rows = [row for row in rows if covers(row[3], target_language)]
        if not rows:
            return None
        rows.sort(key=lambda row: row[4] != document)
        _, source, target, lang, origin, _, _ = rows[0]
        return TMMatch(source, target, 100, origin, lang, False)

    @_reports_sqlite_errors
    def search(
        self,
        text: str,
        min_score: int = 75,
        limit: int = 5,
        *,
        target_language: str | None = None,
        document: str | None = None,
    ) -> list[TMMatch]:
        """The best ``limit`` matches scoring at least ``min_score`` after penalties, best
        first; ``document`` (a catalog origin) makes matches from other documents pay
        :data:`~workbench.tm.scoring.OTHER_DOCUMENT_PENALTY`."""
        norm = normalize_for_matching(text)
        if not norm:
            return []
        low, high = length_window(len(norm), min_score)
        with self._lock:
            rows = self._candidates(norm, low, high)
        matches: list[tuple[int, bool, int, TMMatch]] = []
        for row_id, source, target, lang, origin, fuzzy, source_norm in rows:
            if not covers(lang, target_language):
                continue
            raw = raw_score(text, norm, source, source_norm)
            other = document is not None and origin != document
            score = apply_penalties(raw, fuzzy=bool(fuzzy), other_document=other)
            if raw < min_score or score < min_score:
                continue
            match = TMMatch(source, target, score, origin, lang, bool(fuzzy))
            matches.append((-score, other, -row_id, match))
        matches.sort(key=lambda item: item[:3])
        results: list[TMMatch] = []
        seen: set[tuple[str, str]] = set()
        for *_, match in matches:
            if (match.source, match.target) in seen:
                continue
            seen.add((match.source, match.target))
            results.append(match)
            if len(results) == limit:
                break
        return results

    def _candidates(self, norm: str, low: int, high: int) -> list[tuple]:
        """Rows that may score within the length window: identical normalized sources always,
        plus the segments sharing most of the query's chosen rare trigrams (counted from the
        index's posting lists: FTS5's own bm25 ranking costs ten times more here); without an
        index, or for a query too short for trigrams, every row in the window."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM segments s WHERE s.norm_key = ? AND s.norm = ?",
            (text_key(norm), norm),
        ).fetchall()
        grams = trigrams(norm) if self.indexed else []
        if not grams:
            return (
                rows
                + self._db.execute(
                    f"SELECT {_COLUMNS} FROM segments s WHERE s.norm_len BETWEEN ? AND ?"
                    " AND s.norm != ?",
                    (low, high, norm),
                ).fetchall()
            )
        self._refresh_doc_freq_if_stale(once=True)
        doc_freq, current = self._doc_freq(grams)
        chosen = rare_spread_trigrams(grams, doc_freq, QUERY_SLOTS, 0 if current else 1)
        chosen = within_budget(chosen, doc_freq, POSTINGS_BUDGET, MIN_TRIGRAMS)
        shared: Counter[int] = Counter()
        for gram in chosen:
            cursor = self._db.execute(
                "SELECT rowid FROM segments_fts WHERE segments_fts MATCH ?", (fts_query([gram]),)
            )
            shared.update(map(itemgetter(0), cursor))
        best = [row_id for row_id, _ in shared.most_common(CANDIDATES)]
        if best:
            marks = ",".join("?" * len(best))
            rows += self._db.execute(
                f"SELECT {_COLUMNS} FROM segments s WHERE s.id IN ({marks})"
                " AND s.norm_len BETWEEN ? AND ? AND s.norm != ?",
                (*best, low, high, norm),
            ).fetchall()
        return rows

    @_reports_sqlite_errors
    def rows_with_trigrams(
        self,
        column: str,
        grams: Sequence[str],
        before: int | None,
        size: int,
        *,
        contains: Sequence[str] = (),
    ) -> list[tuple[int, str, str, str, str, bool, str]]:
        """Up to ``size`` units, newest first and older than unit id ``before``, whose
        ``column`` ("source": its matching key; "target": its translation, case-insensitive)
        holds every trigram of ``grams``: the candidates of a concordance search, fetched a
        page at a time so a search that has found enough stops reading. Without trigrams (words
        shorter than three letters) or an index, units are scanned in SQLite, keeping those
        whose ``column`` contains each of ``contains`` (ASCII case-insensitive for targets).
        Rows are ``(id, source, target, language, origin, fuzzy, normalized source)``."""
        table, stored = {
            "source": ("segments_fts", "s.norm"),
            "target": ("targets_fts", "s.target"),
        }[column]
        below = before if before is not None else 1 << 62
        with self._lock:
            if grams and self.indexed:
                rows = self._db.execute(
                    f"SELECT {_COLUMNS} FROM segments s WHERE s.id IN (SELECT rowid FROM {table}"
                    f" WHERE {table} MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?)"
                    " ORDER BY s.id DESC",
                    (" AND ".join(fts_query([gram]) for gram in grams), below, size),
                ).fetchall()
            else:
                if column == "source":
                    tests = [f"instr({stored}, ?) > 0" for _ in contains]
                    values = list(contains)
                else:  # LIKE: case-insensitive for ASCII letters
                    tests = [f"{stored} LIKE ? ESCAPE '\\'" for _ in contains]
                    values = ["%" + _like_escaped(text) + "%" for text in contains]
                where = "".join(f" AND {test}" for test in tests)
                rows = self._db.execute(
                    f"SELECT {_COLUMNS} FROM segments s WHERE s.id < ?{where}"
                    " ORDER BY s.id DESC LIMIT ?",
                    (below, *values, size),
                ).fetchall()
        return [
            (i, src, tgt, lang, origin, bool(fuzzy), norm)
            for i, src, tgt, lang, origin, fuzzy, norm in rows
        ]

    # --- document frequencies of trigrams ------------------------------------------------

    def _doc_freq(self, grams: list[str]) -> tuple[dict[str, int], bool]:
        marks = ",".join("?" * len(grams))
        found = dict(
            self._db.execute(f"SELECT gram, df FROM gram_df WHERE gram IN ({marks})", grams)
        )
        row = self._db.execute("SELECT value FROM meta WHERE key = 'df_current'").fetchone()
        return found, bool(row and row[0] == "1")

    def _mark_doc_freq_stale(self, db: sqlite3.Connection) -> None:
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('df_current', '0')")

    def _df_rows(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'df_rows'").fetchone()
        return int(row[0]) if row else 0

    def _row_count(self) -> int:
        return self._db.execute("SELECT count(*) FROM segments").fetchone()[0]

    def _refresh_doc_freq_if_stale(self, *, once: bool = False) -> None:
        """Recount trigram document frequencies when the memory grew or shrank by more than
        ``DF_DRIFT`` since the last count (they only steer candidate choice, so a little lag
        costs nothing)."""
        if not self.indexed or (once and self._df_checked):
            return
        self._df_checked = True
        count = self._row_count()
        counted = self._df_rows()
        if counted and abs(count - counted) <= DF_DRIFT * count:
            return
        with self._db:
            self._db.execute("DELETE FROM gram_df")
            self._db.execute("INSERT INTO gram_df SELECT term, doc FROM segments_vocab")
            self._db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('df_rows', ?)", (str(count),)
            )
            self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('df_current', '1')")
