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
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

from mtaudit import __version__

T = TypeVar("T")
V = TypeVar("V")

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


# --------------------------------------------------------------------------- tables read in place
#
# A large table of words (wordfreq's 321,000 English words, the 175,000 stems of the two English
# Hunspell dictionaries) costs a tenth of a second to make into a dict at every start, yet an
# audit looks up a few thousand of its words. Cached as a `TextTable`, it is read as one string
# and a few arrays of numbers (which `marshal` reads at the speed of a copy), and a word is looked
# up by searching the few words of its bucket in that string: no Python object is made for the
# words that are not asked about.

# Buckets of a `TextTable`: a few words each, so that a lookup searches a few dozen characters.
TABLE_BUCKETS = 1 << 16

# What `encode_table` gives and `TextTable` takes: the words by bucket as one text, a line break
# before each bucket's words and after each word; where each bucket starts in that text (its
# line break), and where the text ends; the number of each bucket's first word (and one past the
# last word); the distinct values; each word's value, as its number among them. The arrays are
# stored as the bytes of arrays of C unsigned ints.
TableData = tuple[str, bytes, bytes, list[Any], bytes]


def bucket_of(word: str) -> int:
    """The bucket of `word` in a `TextTable`: a hash that is the same in every process (the cache
    is written by one run and read by others; Python's `hash` of a string is not)."""
    return zlib.crc32(word.encode("utf-8", "surrogatepass")) & (TABLE_BUCKETS - 1)


def encode_table(table: Mapping[str, Any]) -> TableData:
    """`table` (words without line breaks → values `marshal` can write) as a `TextTable`'s data."""
    values = list(dict.fromkeys(table.values()))
    number_of = {value: number for number, value in enumerate(values)}
    buckets: list[list[str]] = [[] for _ in range(TABLE_BUCKETS)]
    for word in table:
        buckets[bucket_of(word)].append(word)
    starts, firsts, codes = array("I"), array("I", [0]), array("I")
    position = 0  # of the line break before the bucket's first word
    for bucket in buckets:
        starts.append(position)
        position += sum(len(word) + 1 for word in bucket)
        codes.extend(number_of[table[word]] for word in bucket)
        firsts.append(len(codes))
    starts.append(position)
    text = "\n" + "".join(word + "\n" for bucket in buckets for word in bucket)
    return text, starts.tobytes(), firsts.tobytes(), values, codes.tobytes()


class TextTable(Mapping[str, V], Generic[V]):
    """A read-only table of words kept as `encode_table` wrote it. A lookup finds the word's
    bucket, searches its line in that bucket's part of the text, and counts the lines before it
    for the word's number, hence its value. Iteration goes bucket by bucket, so in no particular
    order. Raises `ValueError` on data of another shape, checked by the lengths of its parts (a
    damaged cache entry is then parsed again)."""

    def __init__(self, data: TableData) -> None:
        text, starts, firsts, values, codes = data
        self._text, self._values = text, values
        self._starts = array("I", starts)  # bucket i: text[starts[i] : starts[i + 1] + 1], from the line break before its first word
        self._firsts = array("I", firsts)  # bucket i's words are numbers firsts[i] to firsts[i + 1] - 1
        self._codes = array("I", codes)  # each word's value, as an index into `_values`, by word number
        if not isinstance(text, str) or not isinstance(values, list) or len(self._starts) != TABLE_BUCKETS + 1 or len(self._firsts) != TABLE_BUCKETS + 1:
            raise ValueError("not a cached table")
        if self._starts[-1] != len(text) - 1 or not text.endswith("\n") or self._firsts[-1] != len(self._codes):
            raise ValueError("not a cached table")

    def _number(self, word: str) -> int:
        """The number of `word` in the table, or -1 when it is not there."""
        if "\n" in word:
            return -1  # no word of the table holds a line break
        bucket = bucket_of(word)
        start = self._starts[bucket]
        found = self._text.find("\n" + word + "\n", start, self._starts[bucket + 1] + 1)
        return -1 if found < 0 else self._firsts[bucket] + self._text.count("\n", start, found)

    def get(self, word: str, default: Any = None) -> Any:  # type: ignore[override]
        number = self._number(word)
        return default if number < 0 else self._values[self._codes[number]]

    def __getitem__(self, word: str) -> V:
        number = self._number(word)
        if number < 0:
            raise KeyError(word)
        return self._values[self._codes[number]]  # type: ignore[no-any-return]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._number(word) >= 0

    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self) -> Iterator[str]:
        return iter(self._text[1:-1].split("\n") if self._codes else [])
