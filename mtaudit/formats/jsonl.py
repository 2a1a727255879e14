"""JSON Lines results (`--format jsonl`): one `mtaudit.report/1` document object per line.

Each line is exactly the `documents[]` entry the JSON format (`mtaudit.formats.json`) writes for
that document, serialised with the same settings (`ensure_ascii=False`, keys in the same order)
but without indentation, so that one document is one line: `json.loads(line)` equals
`report["documents"][i]`. The run's `schema`, `tool` and `settings` are not repeated on every
line; the engines (`mtaudit.engines`) print a summary on standard error instead.

Lines are written as documents finish (`JsonlSink`), each flushed at once, so a run over millions
of documents never holds their results, and an interrupted run keeps every finished line: the
next run with `--resume` skips the documents already there (`done_ids`).
"""

from __future__ import annotations

import json
import os
import stat
import sys
from typing import IO

from mtaudit.errors import OutputError
from mtaudit.output import STDOUT, ensure_folder
from mtaudit.records import AuditResult, DocumentResult


def line(document: DocumentResult) -> str:
    """One document as its JSONL line (with the newline)."""
    return json.dumps(document.to_dict(), ensure_ascii=False) + "\n"


def render(result: AuditResult) -> str:
    """Every document of `result`, one line each."""
    return "".join(line(document) for document in result.documents)


def done_ids(path: str) -> set[str]:
    """The ids of the documents already in the JSONL results at `path` (for `--resume`); an
    empty set when there is no file yet. A last line cut short by an interruption is removed from
    the file, so that appending goes on from a clean line end. Raises `OutputError` for a file
    that is not JSONL results."""
    try:
        handle = open(path, "rb+")  # noqa: SIM115 (closed below; truncated in place)
    except FileNotFoundError:
        return set()
    except OSError as exc:
        raise OutputError(f"{path}: cannot read the results to resume ({(exc.strerror or str(exc)).lower()})") from exc
    ids: set[str] = set()
    with handle:
        good = 0  # the end of the last complete line
        for number, raw in enumerate(handle, start=1):
            if not raw.endswith(b"\n"):
                break  # cut short: dropped, the document is audited again
            try:
                record = json.loads(raw)
                ids.add(str(record["id"]))
            except (ValueError, KeyError, TypeError):
                raise OutputError(f"{path}:{number}: is not a line of mtaudit JSONL results; resume only into a file that --format jsonl wrote") from None
            good += len(raw)
        if handle.seek(0, os.SEEK_END) != good:
            handle.truncate(good)
    return ids


class JsonlSink:
    """Writes results line by line to `path` (`-`: standard output), flushing each line.

    A new run starts the file afresh; `append` (a resumed run) adds to it. Unlike the other
    formats, the file is written in place as the run goes, not replaced at the end: what is
    finished must survive an interruption. A folder, a socket or a block device is refused.
    """

    def __init__(self, path: str | None, *, append: bool = False, mkdir: bool = False) -> None:
        self.path = path or STDOUT
        self.count = 0
        if self.path == STDOUT:
            self._handle: IO[str] = sys.stdout
            self._own = False
            return
        self._check(mkdir)
        try:
            self._handle = open(self.path, "a" if append else "w", encoding="utf-8", newline="\n")  # noqa: SIM115 (closed by close())
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write here ({(exc.strerror or str(exc)).lower()}); choose another output path") from exc
        self._own = True

    def _check(self, mkdir: bool) -> None:
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            ensure_folder(os.path.dirname(os.path.abspath(self.path)), mkdir, output=self.path)
            return
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write here ({(exc.strerror or str(exc)).lower()}); choose another output path") from exc
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{self.path}: is a folder; give a file name")
        if stat.S_ISSOCK(info.st_mode) or stat.S_ISBLK(info.st_mode):
            raise OutputError(f"{self.path}: is not a regular file, FIFO or character device; choose another output path")

    def write(self, document: DocumentResult) -> None:
        """Append one document's line and flush it."""
        try:
            self._handle.write(line(document))
            self._handle.flush()
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write ({(exc.strerror or str(exc)).lower()})") from exc
        self.count += 1

    def close(self) -> None:
        if self._own:
            self._handle.close()
