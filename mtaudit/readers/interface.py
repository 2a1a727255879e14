"""The one reader interface: what a reader module provides and what it is handed.

Each format is a module of `mtaudit.readers` exposing a `READER = Reader(...)`: its name, the file
extensions it claims, a `sniff` test on the first bytes (for files whose extension says nothing),
and `read(path, raw, context)`, a generator of `Document`s. Readers never print: problems that
spoil one record or one file go to `context.problems`, observations to `context.notes`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from mtaudit.records import Document


@dataclass
class ReadContext:
    """What a reader needs besides the file: defaults from the command line, where to report."""

    source_lang: str | None = None
    target_lang: str | None = None
    # Spreadsheet columns as "SOURCE,TARGET" names or 1-based numbers (`--columns`).
    columns: tuple[str, str] | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # JSONL ids already used in this run, each with the reading of the file that gave it (a token
    # of the JSONL reader), so that two files cannot give two documents one id.
    seen_ids: dict[str, object] = field(default_factory=dict)
    # False while the run's last file is read (`mtaudit.readers.iter_documents`): no later file can
    # reuse its ids, so they are not kept, and a million-line file is read in constant memory.
    keep_ids: bool = True


@dataclass(frozen=True)
class Reader:
    """One input format."""

    name: str
    extensions: tuple[str, ...]
    read: Callable[[str, bytes, ReadContext], Iterator[Document]]
    sniff: Callable[[bytes], bool] = lambda head: False
    description: str = ""
