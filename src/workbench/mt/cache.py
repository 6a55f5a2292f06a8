"""Persistent suggestion cache: an :class:`Engine` wrapper backed by SQLite.

Keyed by the model fingerprint (exact weights, tokenizer and engine settings), the normalized
source and the decoding options, so revisiting a segment or re-running a batch is instant and a
changed model never serves stale suggestions. WAL mode and a busy timeout let several processes
(the TUI, a batch run) share one file. A damaged cache database is set aside as
``NAME.corrupt`` and rebuilt; a file that is no SQLite database at all is never touched.

Each suggestion is stored with its score (JSON keeps a float's exact value), so a hit shows
the same confidence (:attr:`~workbench.mt.engine.Suggestion.confidence`, derived from the score
when asked) and falls on the same side of ``pretranslate --min-score`` as a fresh decode: the
confidence needed no new column and no new cache format.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.mt.engine import DecodeOptions, Engine, Suggestion
from workbench.mt.text import normalize_source

SCHEMA = """
CREATE TABLE IF NOT EXISTS suggestions (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    source TEXT NOT NULL,
    suggestions TEXT NOT NULL,
    created REAL NOT NULL DEFAULT (julianday('now'))
)
"""
BUSY_TIMEOUT_SECONDS = 30.0
SQLITE_HEADER = b"SQLite format 3\0"
_DAMAGED = {11, 26}  # SQLITE_CORRUPT ("disk image is malformed"), SQLITE_NOTADB


def cache_key(fingerprint: str, source: str, options: DecodeOptions) -> str:
    """Stable key: fingerprint, options and the normalized source (so invisible differences
    such as tatweel or bidi marks hit the same entry)."""
    text = "\0".join(
        [fingerprint, str(options.beam), str(options.n_best), str(options.max_length),
         normalize_source(source)]
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CachedEngine:
    """Serves suggestions from the cache and asks the wrapped engine only for misses."""

    def __init__(self, inner: Engine, path: Path) -> None:
        self.inner = inner
        self.name = inner.name
        self.model_name = inner.model_name
        self.fingerprint = inner.fingerprint
        self.path = path
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            if not self._set_aside_if_damaged(exc):
                raise self._open_error(exc) from None
            try:
                self._db = self._open()
            except (OSError, sqlite3.Error) as again:
                raise self._open_error(again) from None
        except OSError as exc:
            raise self._open_error(exc) from None

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(SCHEMA)
            db.commit()
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _open_error(self, exc: BaseException) -> WorkbenchError:
        if _is_damaged(exc) and not _is_sqlite_file(self.path):
            return WorkbenchError(
                "not a suggestion cache (not an SQLite database); left untouched",
                self.path,
                hint="delete it if it is a damaged cache, point the 'cache' setting at another "
                "file, or pass --no-cache",
            )
        return WorkbenchError(
            f"cannot open the suggestion cache: {exc}",
            self.path,
            hint="check the 'cache' setting, or pass --no-cache",
        )

    def _set_aside_if_damaged(self, exc: BaseException) -> bool:
        """A damaged cache (a crash, a bad copy) is only a cache: move it to ``NAME.corrupt``
        and start afresh rather than refuse to translate. Files that are not SQLite
        databases at all are never touched: the setting may point at someone's data."""
        if not _is_damaged(exc) or not _is_sqlite_file(self.path):
            return False
        try:
            self.path.replace(self.path.with_name(self.path.name + ".corrupt"))
        except FileNotFoundError:
            pass  # another process set it aside first
        except OSError:
            return False
        for suffix in ("-wal", "-shm"):
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        return True

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        keys = [cache_key(self.fingerprint, source, options) for source in sources]
        found = self._lookup(set(keys))
        missing = [i for i, key in enumerate(keys) if key not in found]
        self.hits += len(sources) - len(missing)
        self.misses += len(missing)
        if missing:
            # Translate each distinct missing source once.
            unique: dict[str, int] = {}
            for i in missing:
                unique.setdefault(keys[i], i)
            fresh = self.inner.translate_batch([sources[i] for i in unique.values()], options)
            rows = []
            for (key, i), suggestions in zip(unique.items(), fresh, strict=True):
                found[key] = suggestions
                rows.append((key, self.fingerprint, normalize_source(sources[i]),
                             _dump(suggestions)))
            self._store(rows)
        # The fingerprint identifies the model, not the name it was asked by (a directory or
        # a hub id): answer with this request's names, as the uncached engine would.
        return [
            [Suggestion(s.text, s.score, self.name, self.model_name) for s in found[key]]
            for key in keys
        ]

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _lookup(self, keys: set[str]) -> dict[str, list[Suggestion]]:
        """Cached suggestions by key; pages found damaged now are set aside as at open."""
        try:
            return self._query(keys)
        except sqlite3.DatabaseError as exc:
            with self._lock:
                self._db.close()
                if not self._set_aside_if_damaged(exc):
                    raise WorkbenchError(
                        f"cannot read the suggestion cache: {exc}",
                        self.path,
                        hint="pass --no-cache",
                    ) from None
                try:
                    self._db = self._open()
                except (OSError, sqlite3.Error) as again:
                    raise self._open_error(again) from None
            return {}

    def _query(self, keys: set[str]) -> dict[str, list[Suggestion]]:
        found: dict[str, list[Suggestion]] = {}
        ordered = sorted(keys)
        with self._lock:
            for start in range(0, len(ordered), 500):
                chunk = ordered[start : start + 500]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT key, suggestions FROM suggestions WHERE key IN ({marks})"
                for key, payload in self._db.execute(query, chunk):
                    found[key] = _load(payload)
        return found

    def _store(self, rows: list[tuple[str, str, str, str]]) -> None:
        with self._lock:
            try:
                with self._db:
                    self._db.executemany(
                        "INSERT OR REPLACE INTO suggestions (key, fingerprint, source, "
                        "suggestions) VALUES (?, ?, ?, ?)",
                        rows,
                    )
            except sqlite3.Error as exc:
                raise WorkbenchError(
                    f"cannot write the suggestion cache: {exc}", self.path, hint="pass --no-cache"
                ) from None


def _is_damaged(exc: BaseException) -> bool:
    return getattr(exc, "sqlite_errorcode", None) in _DAMAGED


def _is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _dump(suggestions: list[Suggestion]) -> str:
    return json.dumps(
        [[s.text, s.score, s.engine, s.model] for s in suggestions], ensure_ascii=False
    )


def _load(payload: str) -> list[Suggestion]:
    return [Suggestion(text, score, engine, model) for text, score, engine, model in
            json.loads(payload)]
