"""A cache on disk of what mtaudit parses from large data files, so that a run starts faster.

Reading English's two Hunspell dictionaries and wordfreq's list costs about 0.18 s of every run
(parsing the `.aff`/`.dic` text, unpacking gzip + msgpack); loading the same tables back with
`marshal` costs about a third of that. `parsed(kind, paths, build, ...)` returns what `build()`
returns, from the cache when an entry made from the same files is there.

Where: `$MTAUDIT_CACHE_DIR`, else `$XDG_CACHE_HOME/mtaudit`, else `~/.cache/mtaudit` (the folder
of the model-evidence cache too), in its subfolder `parsed/`. `MTAUDIT_PARSED_CACHE=0` turns it
off (nothing read, nothing written).

The same cache keeps what the language layer reads from CLDR (babel) and num2words for one
language: month and day names, number symbols, the word for hours, number words; there the
package's `__init__.py` stands for the data files.

When an entry is used: its key names the kind of data, mtaudit's version, Python's version (the
`marshal` format), and the path, size and modification time of each data file and of the module
that parses it; it is stored in the entry and compared on reading. A changed or replaced file, a
new mtaudit or an edited parser therefore makes a new key: the entry is parsed again and written
over the old one (an entry is named after its kind, language and file paths only, so stale entries
do not pile up).

Never in the way: an entry that cannot be read, is not a regular file, is a link, or does not hold
what its kind needs is ignored and written anew; a cache folder that cannot be written leaves the
run as it was, only slower. An entry is written to a temporary file in the same folder and renamed
into place, so parallel runs (or the local engine's workers) never read half an entry, and the last
writer wins with the same content.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from mtaudit import __version__

T = TypeVar("T")

SUBFOLDER = "parsed"


def default_cache_dir() -> Path:
    """`$MTAUDIT_CACHE_DIR`, else `$XDG_CACHE_HOME/mtaudit`, else `~/.cache/mtaudit`: the folder of
    the model-evidence cache (`mtaudit.evidence.cache.default_cache_dir`, which the language layer
    does not import)."""
    explicit = os.environ.get("MTAUDIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mtaudit"


def enabled() -> bool:
    """False when `MTAUDIT_PARSED_CACHE` is "0" (read at each call)."""
    return os.environ.get("MTAUDIT_PARSED_CACHE", "1") != "0"


def parsed(
    kind: str,
    paths: Sequence[str],
    build: Callable[[], T],
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
    *,
    variant: str = "",
) -> T:
    """`build()`, or the same value from the cache when an entry for `kind` made from `paths` (as
    they are now) is there. `encode` turns the value into plain data `marshal` can write (dicts,
    lists, tuples, strings, numbers); `decode` turns that back, and raises (any exception) when the
    data is not what it needs: the entry is then ignored. `build` is called, and its value cached,
    when there is no usable entry; a value that `build` gives as None is not cached. `variant`
    tells apart values built from the same files (a language code), in the key only."""
    if not enabled():
        return build()
    key = _key(kind, paths)
    if key is not None:
        key += "\n" + variant
    if key is None:  # a file that cannot be read: let `build` say so
        return build()
    # one entry per kind, language and files: the entry made from a newer file (or by a newer
    # mtaudit) replaces the old one, so stale entries do not pile up
    identity = "\n".join([kind, variant, *(os.path.realpath(path) for path in paths)])
    entry = default_cache_dir() / SUBFOLDER / f"{kind}-{hashlib.sha256(identity.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}.marshal"
    found = _read(entry, key)
    if found is not None:
        try:
            return decode(found)
        except Exception:  # a damaged or foreign entry is a miss, never an error
            pass
    value = build()
    if value is not None:
        _write(entry, key, encode(value))
    return value


def package_file(name: str) -> str | None:
    """The `__init__.py` of the installed package `name`, found without importing it (rewritten
    when the package is installed anew, so its size and time mark the version); None when the
    package is not installed."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    return spec.origin if spec is not None and spec.origin and os.path.isfile(spec.origin) else None


def _key(kind: str, paths: Sequence[str]) -> str | None:
    """The entry's key: kind, versions, and (path, size, mtime) of each file; None when one of
    the files cannot be examined."""
    parts = [kind, __version__, sys.version]
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            return None
        parts.append(f"{os.path.realpath(path)}\0{info.st_size}\0{info.st_mtime_ns}")
    return "\n".join(parts)


def _read(entry: Path, key: str) -> Any:
    """The data stored in `entry` under `key`, or None (no entry, not a regular file, unreadable,
    or made for another key)."""
    try:
        descriptor = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))  # a link is refused; a pipe does not block
    except OSError:
        return None
    try:
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            stored = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != key:
        return None
    return stored[1]


def _write(entry: Path, key: str, data: Any) -> None:
    """Store `data` under `key` in `entry`, atomically; any failure leaves the cache as it was."""
    try:
        payload = marshal.dumps((key, data))
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=entry.name + ".", suffix=".tmp", dir=entry.parent)
    except (OSError, ValueError):
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.replace(temporary, entry)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
