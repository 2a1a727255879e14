"""Writing outputs (`-o PATH`) without ever destroying what the path points at.

What `write_output` does depends on what is at the path, because "write a temporary file, then
rename it over the target" is right for a regular file and wrong for everything else:

- `-` is standard output.
- A symlink is followed: the file it points at is written and the link itself is kept.
- A regular file is replaced atomically: a temporary file in the same folder, then `os.replace`,
  so a failure or Ctrl-C leaves the old file intact and no temporary file behind. The existing
  file's permission bits are kept (a 0600 report stays 0600).
- A regular file with several hard links is written in place instead, so that every link still
  shows the new report. The trade-off: that write is not atomic — an interruption midway leaves a
  partly written file. The content is encoded before the file is opened, so only an I/O error or
  a signal during the write itself can do that.
- A FIFO or a character device (`/dev/stdout`, `/dev/null`, a terminal, `/dev/full`) is opened
  and written directly, never renamed over; a full device gives "no space left on device".
- A folder, a socket or a block device is refused with a one-line `OutputError`.
- A missing parent folder is an error that says to create it or pass `--mkdir`, unless `mkdir`
  is true; a parent that is a file is "not a folder".

`open_stream` gives the same guarantees to a report written piece by piece as the run goes
(`--format json` and `text`, issue 15): the temporary file replaces a regular file only once the
whole report is written.

`write_files` writes several pages into one folder (the HTML batch) with the same guarantees;
each name must be a plain file name, so a page never lands outside that folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator

from mtaudit.errors import OutputError

STDOUT = "-"
CHUNK = 1 << 16


def write_output(path: str, content: str, *, mkdir: bool = False, encoding: str = "utf-8") -> None:
    """Write `content` (UTF-8, or `encoding`: `mtaudit fix` keeps its input's) to `path` as the
    module docstring describes; raises `OutputError`."""
    if not path:
        raise OutputError("the output path is empty; give a file name or - for standard output")
    data = _encode(path, content, encoding)
    if path == STDOUT:
        _write_stdout(data)
        return
    info = _stat(path)
    if path.endswith(("/", os.sep)) and (info is None or not stat.S_ISDIR(info.st_mode)):
        raise OutputError(f"{path}: ends with a slash but is not a folder; give a file name")
    # The file a symlink points at; a dangling link creates what it points at.
    target = os.path.realpath(path) if os.path.islink(path) else path
    if info is None:
        ensure_folder(os.path.dirname(os.path.abspath(target)), mkdir, output=path)
        _replace_atomically(path, target, data, mode=None)
    elif stat.S_ISREG(info.st_mode):
        if info.st_nlink > 1 or not _same_file(target, info):
            # Hard links, or a link the kernel resolves but a path cannot name (`/dev/stdout`
            # redirected to a deleted file): only writing in place reaches the right file.
            _write_in_place(path, data)
        else:
            _replace_atomically(path, target, data, mode=stat.S_IMODE(info.st_mode))
    elif stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path}: is a folder; give a file name")
    elif stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
        _write_in_place(path, data, truncate=False)
    else:
        kind = "a socket" if stat.S_ISSOCK(info.st_mode) else "a block device" if stat.S_ISBLK(info.st_mode) else "not a regular file"
        raise OutputError(f"{path}: is {kind}; choose another output path")


@contextlib.contextmanager
def open_stream(path: str, *, mkdir: bool = False) -> Iterator[Callable[[str], None]]:
    """Write a report piece by piece: yields a `write(text)` function, as the module docstring
    describes for `write_output`. `-` is standard output; a regular file (or a missing one) is
    filled through a temporary file beside it that replaces it only when the `with` block ends
    without an exception, so an interrupted run leaves the old file intact and no temporary file
    behind; a FIFO, a character device or a file with hard links is written directly; a folder,
    socket or block device is refused. A symlink is followed and kept; permissions are kept."""
    if not path:
        raise OutputError("the output path is empty; give a file name or - for standard output")
    if path == STDOUT:
        yield lambda text: _write_stdout(_encode("standard output", text))
        return
    info = _stat(path)
    if path.endswith(("/", os.sep)) and (info is None or not stat.S_ISDIR(info.st_mode)):
        raise OutputError(f"{path}: ends with a slash but is not a folder; give a file name")
    target = os.path.realpath(path) if os.path.islink(path) else path
    regular = info is not None and stat.S_ISREG(info.st_mode)
    direct = info is not None and (
        stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode) or (regular and (info.st_nlink > 1 or not _same_file(target, info)))
    )
    if info is not None and not direct and not regular:
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode) else "a block device" if stat.S_ISBLK(info.st_mode) else "not a regular file"
        raise OutputError(f"{path}: is {kind}; choose another output path")
    if info is None:
        ensure_folder(os.path.dirname(os.path.abspath(target)), mkdir, output=path)
    temporary: str | None = None
    try:
        if direct:
            handle = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | (os.O_TRUNC if regular else 0))
        else:
            handle, temporary = tempfile.mkstemp(prefix=".mtaudit-", suffix=".tmp", dir=os.path.dirname(os.path.abspath(target)))
    except OSError as exc:
        raise _error(path, exc) from exc
    try:
        yield lambda text: _write_all(handle, _encode(path, text))
        if temporary is not None:
            os.fsync(handle)
            os.chmod(temporary, stat.S_IMODE(info.st_mode) if info is not None else _new_file_mode())
            os.replace(temporary, target)
            temporary = None
    except OSError as exc:
        raise _error(path, exc) from exc
    finally:
        os.close(handle)
        if temporary is not None:
            _remove_quietly(temporary)


def write_atomic(path: str, content: str) -> None:
    """`write_output` that creates missing parent folders (the behaviour before `--mkdir`).

    Kept for callers that have not yet passed the user's `--mkdir` choice on.
    """
    write_output(path, content, mkdir=True)


def ensure_folder(path: str, mkdir: bool, *, output: str | None = None) -> None:
    """Make sure `path` is an existing folder: create it (and its parents) only when `mkdir`,
    else raise a one-line `OutputError` that says to create it or pass `--mkdir`.

    `output`, when given, is the path the user asked to write, named first in the message.
    """
    folder = path or "."
    name = f"{output}: {folder}" if output else folder
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        if not mkdir:
            raise OutputError(f"{name}: folder does not exist; create it or pass --mkdir") from None
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            raise _error(name, exc) from exc
        return
    except OSError as exc:
        raise _error(name, exc) from exc
    if not stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{name}: not a folder; choose another output path")


def write_files(folder: str, pages: Iterable[tuple[str, str]], *, mkdir: bool = False) -> list[str]:
    """Write each (file name, content) of `pages` into `folder`; returns the paths written.

    `folder` itself is created when missing and its parent exists; missing parents only when
    `mkdir`. Each page is replaced atomically like `write_output` does. A name with a path
    separator, `.` or `..`, or an existing entry that is not a regular file (a symlink, a folder,
    a FIFO) is refused with `OutputError`: pages never leave `folder` nor write through a link.
    """
    parent = os.path.dirname(os.path.abspath(folder))
    ensure_folder(parent, mkdir, output=folder)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except OSError as exc:
        raise _error(folder, exc) from exc
    ensure_folder(folder, mkdir=False)
    written = []
    for name, content in pages:
        if not name or name in (".", "..") or "/" in name or os.sep in name or (os.altsep and os.altsep in name):
            raise OutputError(f"{folder}: {name!r} is not a plain file name")
        path = os.path.join(folder, name)
        try:
            info: os.stat_result | None = os.lstat(path)
        except FileNotFoundError:
            info = None
        except OSError as exc:
            raise _error(path, exc) from exc
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise OutputError(f"{path}: exists and is not a regular file; remove it or choose another folder")
        data = _encode(path, content)
        if info is not None and info.st_nlink > 1:
            _write_in_place(path, data)
        else:
            _replace_atomically(path, path, data, mode=None if info is None else stat.S_IMODE(info.st_mode))
        written.append(path)
    return written


# --------------------------------------------------------------------------- the three ways to write


def _replace_atomically(path: str, target: str, data: bytes, mode: int | None) -> None:
    """A temporary file beside `target`, filled, synced, given `mode`, then renamed over it."""
    folder = os.path.dirname(os.path.abspath(target))
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=".mtaudit-", suffix=".tmp", dir=folder)
        try:
            _write_all(handle, data)
            os.fsync(handle)
        finally:
            os.close(handle)
        os.chmod(temporary, mode if mode is not None else _new_file_mode())
        os.replace(temporary, target)
        temporary = None
    except OSError as exc:
        raise _error(path, exc) from exc
    finally:
        if temporary is not None:
            _remove_quietly(temporary)


def _write_in_place(path: str, data: bytes, truncate: bool = True) -> None:
    """Open `path` for writing and write `data` into it (no rename): a FIFO, a device, or a
    regular file with hard links (then truncated to the new length)."""
    try:
        handle = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _error(path, exc) from exc
    try:
        _write_all(handle, data)
        if truncate:
            os.ftruncate(handle, len(data))
            os.fsync(handle)
    except OSError as exc:
        raise _error(path, exc) from exc
    finally:
        os.close(handle)


def _write_stdout(data: bytes) -> None:
    """`-o -`: the bytes on standard output (UTF-8, like a file)."""
    try:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            sys.stdout.flush()
            buffer.write(data)
            buffer.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
    except OSError as exc:
        raise _error("standard output", exc) from exc


# --------------------------------------------------------------------------- helpers


def _write_all(handle: int, data: bytes) -> None:
    """Write every byte of `data` to the file descriptor `handle`, in chunks."""
    view = memoryview(data)
    while view:
        done = os.write(handle, view[:CHUNK])
        view = view[done:]


def _encode(path: str, content: str, encoding: str = "utf-8") -> bytes:
    """`content` as UTF-8 (or `encoding`), before any file is touched (an unencodable report
    writes nothing)."""
    try:
        return content.encode(encoding)
    except UnicodeEncodeError as exc:
        what = "is not valid Unicode" if encoding == "utf-8" else f"cannot be written in {encoding}"
        raise OutputError(f"{path}: the output holds text that {what} ({exc.reason}); nothing was written") from exc


def _stat(path: str) -> os.stat_result | None:
    """What is at `path` (symlinks followed by the kernel, `/dev/stdout` included), or None when
    nothing is there yet."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None  # the parent folder check names the real problem
    except OSError as exc:
        raise _error(path, exc) from exc


def _same_file(path: str, info: os.stat_result) -> bool:
    """True when `path` names the file described by `info`."""
    try:
        mine = os.stat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (info.st_dev, info.st_ino)


def _error(path: str, exc: OSError) -> OutputError:
    """A one-line `OutputError` for an `OSError`, in words a user can act on."""
    if exc.errno == errno.ENOTDIR:
        return OutputError(f"{path}: a part of this path is not a folder; choose another output path")
    if exc.errno == errno.ENOSPC:
        return OutputError(f"{path}: cannot write (no space left on device)")
    if exc.errno == errno.EPIPE:
        return OutputError(f"{path}: cannot write (the reader closed the pipe)")
    reason = (exc.strerror or str(exc)).lower()
    return OutputError(f"{path}: cannot write here ({reason}); choose another output path")


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _new_file_mode() -> int:
    """The mode of a new ordinary file under the current umask (mkstemp makes 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
