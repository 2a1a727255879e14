"""Writing outputs atomically: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import tempfile

from mtaudit.errors import OutputError


def write_atomic(path: str, content: str) -> None:
    """Write `content` to `path` so that a failure never leaves a half-written file.

    A missing parent folder is created.
    """
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".mtaudit-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here ({exc.strerror}); choose another output path") from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(content)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes 0600; a report is an ordinary file
        os.replace(temporary, path)
    except OSError as exc:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise OutputError(f"{path}: cannot write here ({exc.strerror}); choose another output path") from exc
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
