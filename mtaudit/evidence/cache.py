"""A persistent on-disk cache of model outputs, so a second run of the same audit is near-instant.

One SQLite file (stdlib `sqlite3`) maps a key to a JSON value. The key is a SHA-256 of everything
that determines the output: the kind of result ("translate", "lm"), the engine, the model id and
its revision, the generation parameters, the language pair and the text. A changed model revision
or parameter therefore never returns a stale result.

Location: `--cache-dir DIR`, else `$MTAUDIT_CACHE_DIR`, else `$XDG_CACHE_HOME/mtaudit`, else
`~/.cache/mtaudit`; the file is `evidence.sqlite3` inside it. `--no-cache` uses `NullCache`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mtaudit.errors import ModelError

FILENAME = "evidence.sqlite3"


def default_cache_dir() -> Path:
    """`$MTAUDIT_CACHE_DIR`, else `$XDG_CACHE_HOME/mtaudit`, else `~/.cache/mtaudit`."""
    explicit = os.environ.get("MTAUDIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mtaudit"


def make_key(namespace: dict[str, Any], text: str) -> str:
    """The cache key of `text` under `namespace` (engine, model, revision, parameters, languages)."""
    payload = json.dumps([namespace, text], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class NullCache:
    """A cache that stores nothing (`--no-cache`)."""

    def get_many(self, namespace: dict[str, Any], texts: Iterable[str]) -> dict[str, Any]:
        return {}

    def put_many(self, namespace: dict[str, Any], items: dict[str, Any]) -> None:
        return None

    def close(self) -> None:
        return None


class EvidenceCache(NullCache):
    """The SQLite-backed cache. Safe to share between processes (SQLite locking, WAL journal)."""

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        folder = Path(directory) if directory else default_cache_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.path = folder / FILENAME
            self._db = sqlite3.connect(self.path, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise ModelError(f"cannot open the model-evidence cache in {folder}: {exc}; pass --cache-dir DIR or --no-cache") from exc

    def get_many(self, namespace: dict[str, Any], texts: Iterable[str]) -> dict[str, Any]:
        """The cached values of those `texts` that are cached, by text."""
        keys = {make_key(namespace, text): text for text in dict.fromkeys(texts)}
        found: dict[str, Any] = {}
        items = list(keys)
        for offset in range(0, len(items), 500):
            chunk = items[offset : offset + 500]
            marks = ",".join("?" * len(chunk))
            for key, value in self._db.execute(f"SELECT key, value FROM entries WHERE key IN ({marks})", chunk):
                found[keys[key]] = json.loads(value)
        return found

    def put_many(self, namespace: dict[str, Any], items: dict[str, Any]) -> None:
        """Store `items` (text → JSON-serialisable value) under `namespace`."""
        rows = [(make_key(namespace, text), json.dumps(value, ensure_ascii=False)) for text, value in items.items()]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", rows)

    def close(self) -> None:
        self._db.close()


def open_cache(use_cache: bool, directory: str | None) -> NullCache:
    """The cache an audit uses: `EvidenceCache` unless `--no-cache`."""
    return EvidenceCache(directory) if use_cache else NullCache()
