"""A persistent on-disk cache of model outputs, so a second run of the same audit is near-instant.

One SQLite file (stdlib `sqlite3`) maps a key to a JSON value. The key is a SHA-256 of everything
that determines the output: the kind of result ("translate", "lm"), the engine, the model id and
its revision, the generation parameters, the language pair and the text — and, when the engine
passes them, the `device` it ran on ("cpu", "cuda") and its `precision` ("float32", "float16"),
since half precision on a GPU can change a beam search's output. A changed model revision,
parameter, device or precision therefore never returns a stale result. Empty outputs are cached
like any other (a sentence the engine cannot translate is not asked again).

Location: `--cache-dir DIR`, else `$MTAUDIT_CACHE_DIR`, else `$XDG_CACHE_HOME/mtaudit`, else
`~/.cache/mtaudit`; the file is `evidence.sqlite3` inside it. `--no-cache` uses `NullCache`.

The cache folder may be shared and its file may have been tampered with, so:

- several processes may use one cache at once (SQLite locking, WAL journal; tested with parallel
  writers);
- a cache file (or its `-wal`/`-shm` companion) that is a symlink or not a regular file, a file
  that is not an SQLite database, or an `entries` table with other columns is refused with a
  one-line `ModelError` naming the file (exit 2 upstream): the cache never writes through a link;
- a cached value that is not JSON, or not the shape its kind needs, is a miss: the engine runs
  again, the new value overwrites it, and one note says how many entries were unreadable;
- a database locked by another process for longer than `timeout` seconds (30 by default) is
  not an error: the audit goes on without the cache, with a note. Its results do not depend on
  the cache, only its speed does, so failing a gate over a busy cache would be wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mtaudit.errors import ModelError

FILENAME = "evidence.sqlite3"
COLUMNS = ["key", "value"]
#: Seconds to wait for another process's lock before going on without the cache.
TIMEOUT = 30.0
_UNREADABLE = object()


def note(message: str) -> None:
    """A one-line note on standard error (the cache was skipped or repaired, and why)."""
    print(f"mtaudit: note: {message}", file=sys.stderr)


def default_cache_dir() -> Path:
    """`$MTAUDIT_CACHE_DIR`, else `$XDG_CACHE_HOME/mtaudit`, else `~/.cache/mtaudit`."""
    explicit = os.environ.get("MTAUDIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mtaudit"


def make_key(namespace: dict[str, Any], text: str, *, device: str | None = None, precision: str | None = None) -> str:
    """The cache key of `text` under `namespace` (engine, model, revision, parameters, languages),
    and the `device` and `precision` when given (a key made without them is unchanged)."""
    extra = {name: value for name, value in (("device", device), ("precision", precision)) if value is not None}
    payload = json.dumps([{**namespace, **extra}, text], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def valid_value(namespace: dict[str, Any], value: Any) -> bool:
    """True when `value` has the shape results of `namespace["kind"]` have: a string for
    "translate", a list of [start, end, logprob] for "lm"; anything for other kinds."""
    kind = namespace.get("kind")
    if kind == "translate":
        return isinstance(value, str)
    if kind == "lm":
        return isinstance(value, list) and all(
            isinstance(item, list) and len(item) == 3 and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in item) for item in value
        )
    return True


class NullCache:
    """A cache that stores nothing (`--no-cache`)."""

    def get_many(self, namespace: dict[str, Any], texts: Iterable[str], *, device: str | None = None, precision: str | None = None) -> dict[str, Any]:
        return {}

    def put_many(self, namespace: dict[str, Any], items: dict[str, Any], *, device: str | None = None, precision: str | None = None) -> None:
        return None

    def close(self) -> None:
        return None


class EvidenceCache(NullCache):
    """The SQLite-backed cache (see the module docstring for what it refuses and what it survives)."""

    def __init__(self, directory: str | os.PathLike[str] | None = None, *, timeout: float = TIMEOUT) -> None:
        folder = Path(directory) if directory else default_cache_dir()
        self.path = folder / FILENAME
        self.timeout = timeout
        self.disabled = False
        self.unreadable = 0
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ModelError(f"cannot create the model-evidence cache folder {folder} ({exc.strerror}); pass --cache-dir DIR or --no-cache") from exc
        for path in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
            refuse_unless_regular(path)
        try:
            self._db = sqlite3.connect(self.path, timeout=timeout)
        except sqlite3.Error as exc:
            raise self._error(exc) from exc
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.commit()
            columns = [row[1] for row in self._db.execute("PRAGMA table_info(entries)")]
        except sqlite3.Error as exc:
            if _locked(exc):
                self._give_up(exc)
                return
            self._db.close()
            raise self._error(exc) from exc
        if columns != COLUMNS:
            self._db.close()
            raise ModelError(
                f"model-evidence cache {self.path}: its table has the columns {', '.join(columns)}, not key, value; remove the file, or pass --cache-dir DIR or --no-cache"
            )

    def get_many(self, namespace: dict[str, Any], texts: Iterable[str], *, device: str | None = None, precision: str | None = None) -> dict[str, Any]:
        """The cached values of those `texts` that are cached and readable, by text."""
        if self.disabled:
            return {}
        keys = {make_key(namespace, text, device=device, precision=precision): text for text in dict.fromkeys(texts)}
        found: dict[str, Any] = {}
        items = list(keys)
        unreadable = 0
        try:
            for offset in range(0, len(items), 500):
                chunk = items[offset : offset + 500]
                marks = ",".join("?" * len(chunk))
                for key, value in self._db.execute(f"SELECT key, value FROM entries WHERE key IN ({marks})", chunk):
                    try:
                        decoded = json.loads(value) if isinstance(value, str) else _UNREADABLE
                    except (ValueError, RecursionError):
                        decoded = _UNREADABLE
                    if decoded is not _UNREADABLE and valid_value(namespace, decoded):
                        found[keys[key]] = decoded
                    else:
                        unreadable += 1
        except sqlite3.Error as exc:
            if _locked(exc):
                self._give_up(exc)
                return {}
            raise self._error(exc) from exc
        if unreadable:
            self.unreadable += unreadable
            note(f"model-evidence cache {self.path}: {unreadable} unreadable entries treated as missing and computed again")
        return found

    def put_many(self, namespace: dict[str, Any], items: dict[str, Any], *, device: str | None = None, precision: str | None = None) -> None:
        """Store `items` (text → JSON-serialisable value, empty ones included) under `namespace`."""
        if self.disabled or not items:
            return
        rows = [(make_key(namespace, text, device=device, precision=precision), json.dumps(value, ensure_ascii=False)) for text, value in items.items()]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            if _locked(exc):
                self._give_up(exc)
                return
            raise self._error(exc) from exc

    def close(self) -> None:
        self._db.close()

    def _give_up(self, exc: sqlite3.Error) -> None:
        """Go on without the cache after another process held its lock for over `timeout` s."""
        self.disabled = True
        note(f"model-evidence cache {self.path} stayed locked by another process for {self.timeout:g} s ({exc}); going on without the cache")

    def _error(self, exc: sqlite3.Error) -> ModelError:
        return ModelError(f"model-evidence cache {self.path} is unusable ({exc}); remove the file, or pass --cache-dir DIR or --no-cache")


def refuse_unless_regular(path: Path) -> None:
    """Raise a one-line `ModelError` when `path` exists and is a symlink or not a regular file, so
    that the cache never writes through a link to wherever it points."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ModelError(f"model-evidence cache {path}: {(exc.strerror or str(exc)).lower()}; pass --cache-dir DIR or --no-cache") from exc
    if stat.S_ISLNK(info.st_mode):
        raise ModelError(f"model-evidence cache {path} is a symbolic link; the cache is not written through links: remove it, or pass --cache-dir DIR or --no-cache")
    if not stat.S_ISREG(info.st_mode):
        raise ModelError(f"model-evidence cache {path} is not a regular file; remove it, or pass --cache-dir DIR or --no-cache")


def _locked(exc: sqlite3.Error) -> bool:
    """True when `exc` says another connection holds the lock (after the busy timeout)."""
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


def open_cache(use_cache: bool, directory: str | None) -> NullCache:
    """The cache an audit uses: `EvidenceCache` unless `--no-cache`."""
    return EvidenceCache(directory) if use_cache else NullCache()
