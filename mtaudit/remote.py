"""Inputs given as URLs (`s3://bucket/archive/**/*.jsonl`, `gs://…`, `memory://…`, `file://…`),
read through fsspec for every engine.

A path is a URL when it starts with `SCHEME://`; anything else is a local path and never touches
this module. fsspec (the `remote` extra: `pip install 'mtaudit[remote]'`) is imported only when a
URL is given, and the package of the scheme (s3fs for `s3://`, gcsfs for `gs://`, adlfs for
`az://`) only when that scheme is read; a missing one is a one-line error saying what to install.
Where the files are and how to log in are fsspec's usual settings: for S3, the AWS variables
(`AWS_ENDPOINT_URL` for an S3-compatible server, `AWS_ACCESS_KEY_ID`, …) or `~/.aws`.

A URL names a file, a folder (walked for every supported extension, like a local folder) or a
glob pattern (`*`, `?`, `[…]`, `**` for any depth). A JSONL object is streamed line by line, so a
huge one is read in constant memory; any other object is read whole, up to the 64 MiB limit of
local files.
"""

from __future__ import annotations

import io
import re
from typing import IO, Any

from mtaudit.errors import InputError

_URL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]+)://")
# The package behind each common scheme, for the error that says what to install.
PACKAGES = {"s3": "s3fs", "s3a": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "az": "adlfs", "abfs": "adlfs", "abfss": "adlfs", "http": "aiohttp", "https": "aiohttp"}
_GLOB = re.compile(r"[*?\[]")


def is_url(path: str) -> bool:
    """True for `SCHEME://…` (two letters at least, so that `C:\\…` stays a local path)."""
    return _URL.match(path) is not None


def filesystem(url: str) -> tuple[Any, str]:
    """The fsspec file system of `url` and the path inside it; `InputError` when fsspec or the
    scheme's package is missing, or the scheme is unknown."""
    scheme = _URL.match(url).group(1).lower()  # type: ignore[union-attr]
    try:
        import fsspec
    except ImportError:
        raise InputError(f"{url}: reading URLs needs fsspec; install it with pip install 'mtaudit[remote]'") from None
    try:
        cls = fsspec.get_filesystem_class(scheme)
    except ValueError:
        raise InputError(f"{url}: {scheme}:// is not a file system fsspec knows; give a local path or an s3://, gs://, memory:// or file:// URL") from None
    except ImportError:
        package = PACKAGES.get(scheme, f"the fsspec package for {scheme}://")
        raise InputError(f"{url}: reading {scheme}:// needs {package}; install it with pip install {package}") from None
    try:
        return cls(), cls._strip_protocol(url)
    except ImportError as exc:  # a package the file system needs in its turn
        raise InputError(f"{url}: reading {scheme}:// needs a missing package ({exc}); install it") from None


def _unstrip(url: str, path: str) -> str:
    """`path` inside the file system of `url`, written as a URL of the same scheme."""
    scheme = _URL.match(url).group(1)  # type: ignore[union-attr]
    return f"{scheme}://{path.lstrip('/')}" if scheme != "file" else f"file://{path}"


def expand_url(url: str, extensions: tuple[str, ...], notes: list[str] | None = None) -> list[str]:
    """The files `url` stands for, as URLs, sorted: the file itself, a folder's files with a
    supported extension (hidden ones left out, the others listed in `notes`), or a glob's
    matches. Nothing found is an `InputError`."""
    fs, path = filesystem(url)
    try:
        if _GLOB.search(path):
            found = sorted(p for p, info in fs.glob(path, detail=True).items() if info.get("type") == "file")
            if not found:
                raise InputError(f"{url}: no file matches this pattern; check the bucket and the pattern")
            return [_unstrip(url, p) for p in found]
        if fs.isdir(path):
            root = path.rstrip("/")
            names = sorted((p for p, info in fs.find(path, detail=True).items() if info.get("type") == "file"), key=lambda p: _walk_order(p[len(root) :]))
            visible = [p for p in names if not any(part.startswith(".") for part in p[len(root) :].split("/"))]
            supported = [p for p in visible if p.lower().endswith(extensions)]
            other = [p for p in visible if not p.lower().endswith(extensions)]
            if other and notes is not None:
                notes.append(f"{url}: {len(other)} file{'s' if len(other) != 1 else ''} in unsupported formats not audited: {', '.join(_unstrip(url, p) for p in other[:10])}")
            if not supported:
                raise InputError(f"{url}: no {', '.join(extensions)} files under this folder; give files in a supported format")
            return [_unstrip(url, p) for p in supported]
        if not fs.exists(path):
            raise InputError(f"{url}: no such file or folder; check the URL")
    except InputError:
        raise
    except Exception as exc:  # refused by the server (credentials, a missing bucket): each back end has its own errors
        raise InputError(f"{url}: cannot be listed ({_reason(exc)}); check the URL and the credentials") from None
    return [url]


def _walk_order(relative: str) -> list[tuple[int, str]]:
    """A sort key giving a folder's files in the order of a local folder walk (`os.walk`, names
    sorted): a folder's own files first, then its subfolders, one after the other."""
    *folders, name = relative.strip("/").split("/")
    return [(1, folder) for folder in folders] + [(0, name)]


def open_url(url: str) -> IO[bytes]:
    """`url` opened for reading bytes (streamed: read as it is consumed), as a standard buffered
    reader, whose `readline(limit)` the JSONL reader uses (fsspec's own files lack the limit)."""
    fs, path = filesystem(url)
    try:
        return io.BufferedReader(fs.open(path, "rb"), buffer_size=1 << 20)
    except FileNotFoundError:
        raise InputError(f"{url}: no such file; check the URL") from None
    except Exception as exc:  # each back end has its own errors (botocore's NoCredentialsError, …)
        raise read_error(url, exc) from None


def read_head(url: str, size: int) -> bytes:
    """The first `size` bytes of `url` (all of them when it is shorter): what
    `mtaudit.readers.base.read_bytes` reads of a URL, under the same limit as a local file."""
    with open_url(url) as handle:
        try:
            return handle.read(size)
        except Exception as exc:  # the connection lost mid-file
            raise read_error(url, exc) from None


def read_error(url: str, exc: BaseException) -> InputError:
    """The one-line error for a URL the back end would not (or could no longer) read."""
    return InputError(f"{url}: cannot be read ({_reason(exc)}); check the URL and the credentials")


def _reason(exc: BaseException) -> str:
    """The first line of what the back end said (its class name when it said nothing)."""
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]
