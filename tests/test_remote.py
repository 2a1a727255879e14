"""Inputs given as URLs, read through fsspec (`mtaudit.remote`): a real S3-compatible server (moto's
`ThreadedMotoServer`, on a loopback port) holding the files the test uploads, `memory://` and
`file://`, each audited to the same documents as the files on disk; and the one-line errors of a
missing package, an unknown scheme, a missing object and a JSONL object that is not UTF-8.
Skipped without fsspec, s3fs or moto (the `remote` and `test` extras)."""

from __future__ import annotations

import json
import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

fsspec = pytest.importorskip("fsspec", reason="fsspec is not installed (pip install 'mtaudit[remote]')")
s3fs = pytest.importorskip("s3fs", reason="s3fs is not installed (pip install s3fs)")
moto_server = pytest.importorskip("moto.server", reason="moto is not installed (pip install 'moto[server]')")

from mtaudit.cli import main  # noqa: E402
from mtaudit.readers import ReadContext, iter_documents  # noqa: E402
from tests.conftest import EXAMPLE  # noqa: E402
from tests.engine_data import write_segments  # noqa: E402

MORE = [
    {"id": "m1", "target": "The storm closed every school in the region on Thursday.", "target_lang": "en"},
    {"id": "m2", "target": "Officials said the the road would reopen next week.", "target_lang": "en"},
    {"id": "m3", "target": "Le gouvernement a annoncé une nouvelle loi.", "target_lang": "en"},
]


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """An S3-compatible server (moto) on a free loopback port, for the tests of this module."""
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture()
def s3_bucket(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[object, str]]:
    """A new bucket on the loopback server, and the file system that reaches it; fsspec finds the
    server through `AWS_ENDPOINT_URL`, as a user's S3-compatible store would be configured."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    s3fs.S3FileSystem.clear_instance_cache()  # a file system made for another endpoint is not reused
    fs = s3fs.S3FileSystem()
    bucket = f"archive-{uuid.uuid4().hex[:12]}"
    fs.mkdir(bucket)
    yield fs, bucket
    s3fs.S3FileSystem.clear_instance_cache()


def archive(folder: Path) -> Path:
    """A small archive on disk: two JSONL files at the top, one in a subfolder, and a note file."""
    (folder / "2024").mkdir(parents=True)
    write_segments(folder / "news.jsonl")
    (folder / "more.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in MORE), encoding="utf-8")
    write_segments(folder / "2024" / "older.jsonl", copies=2)
    (folder / "README.md.bak").write_text("not an input\n", encoding="utf-8")
    return folder


def audit_jsonl(path: str, out: Path, *extra: str) -> tuple[int, str, bytes]:
    """`mtaudit audit PATH --format jsonl -o OUT`: its exit code, standard error and the results."""
    result = CliRunner().invoke(main, ["audit", path, "--format", "jsonl", "-o", str(out), *extra])
    return result.exit_code, result.stderr, out.read_bytes() if out.exists() else b""


def test_an_s3_glob_gives_the_documents_of_the_same_files_on_disk(s3_bucket: tuple[object, str], tmp_path: Path) -> None:
    fs, bucket = s3_bucket
    folder = archive(tmp_path / "archive")
    fs.put(str(folder) + "/", f"{bucket}/a/", recursive=True)  # type: ignore[attr-defined]
    code, err, on_s3 = audit_jsonl(f"s3://{bucket}/a/*.jsonl", tmp_path / "s3.jsonl", "--engine", "local", "--jobs", "2")
    assert code == 0, err
    code, err, on_disk = audit_jsonl(str(folder / "*.jsonl"), tmp_path / "disk.jsonl", "--engine", "local", "--jobs", "2")
    assert code == 0, err
    assert on_s3 == on_disk
    ids = [json.loads(line)["id"] for line in on_s3.splitlines()]
    assert ids == ["m1", "m2", "m3"] + [r["id"] for r in map(json.loads, (folder / "news.jsonl").read_text().splitlines())]  # more.jsonl, news.jsonl


def test_an_s3_folder_is_walked_like_a_folder_on_disk(s3_bucket: tuple[object, str], tmp_path: Path) -> None:
    fs, bucket = s3_bucket
    folder = archive(tmp_path / "archive")
    fs.put(str(folder) + "/", f"{bucket}/a/", recursive=True)  # type: ignore[attr-defined]
    on_s3, on_disk = ReadContext(), ReadContext()
    from_s3 = list(iter_documents([f"s3://{bucket}/a/"], on_s3))
    from_disk = list(iter_documents([str(folder)], on_disk))
    assert [(d.id, d.target, d.source) for d in from_s3] == [(d.id, d.target, d.source) for d in from_disk]
    assert len(from_s3) == 3 + 12 + 24
    assert len(on_s3.notes) == 1 and "1 file in unsupported formats not audited" in on_s3.notes[0] and "README.md.bak" in on_s3.notes[0]


def test_a_text_article_on_s3_is_audited_like_the_file(s3_bucket: tuple[object, str], tmp_path: Path) -> None:
    fs, bucket = s3_bucket
    fs.put(str(EXAMPLE), f"{bucket}/articles/example.txt")  # type: ignore[attr-defined]
    url = f"s3://{bucket}/articles/example.txt"
    out = tmp_path / "r.json"
    result = CliRunner().invoke(main, ["audit", url, "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    local = CliRunner().invoke(main, ["audit", str(EXAMPLE), "--format", "json", "-o", str(tmp_path / "l.json")])
    on_s3, on_disk = json.loads(out.read_text()), json.loads((tmp_path / "l.json").read_text())
    assert on_s3["documents"][0]["id"] == url
    assert on_s3["documents"][0]["findings"] == on_disk["documents"][0]["findings"] and local.exit_code == 0
    assert on_s3["documents"][0]["findings"]  # the example article has findings to compare


def test_memory_and_file_urls_with_a_recursive_glob(tmp_path: Path) -> None:
    folder = archive(tmp_path / "archive")
    memory = fsspec.filesystem("memory")
    root = f"/mtaudit-{uuid.uuid4().hex[:12]}"
    try:
        memory.put(str(folder) + "/", root + "/", recursive=True)
        expected = [(d.id, d.target) for d in iter_documents([str(folder / "**" / "*.jsonl")], ReadContext())]
        assert len(expected) == 39
        for url in (f"memory://{root}/**/*.jsonl", f"file://{folder}/**/*.jsonl"):
            assert [(d.id, d.target) for d in iter_documents([url], ReadContext())] == expected, url
    finally:
        memory.rm(root, recursive=True)


def test_a_missing_object_is_one_line_and_the_other_files_are_audited(s3_bucket: tuple[object, str], tmp_path: Path) -> None:
    fs, bucket = s3_bucket
    write_segments(tmp_path / "news.jsonl")
    fs.put(str(tmp_path / "news.jsonl"), f"{bucket}/news.jsonl")  # type: ignore[attr-defined]
    code, err, out = audit_jsonl(f"s3://{bucket}/missing.jsonl", tmp_path / "r.jsonl")
    assert code == 2 and err == f"mtaudit: error: s3://{bucket}/missing.jsonl: no such file or folder; check the URL\n" and not out
    code, err, _ = audit_jsonl(f"s3://{bucket}/nothing/*.jsonl", tmp_path / "g.jsonl")
    assert code == 2 and err == f"mtaudit: error: s3://{bucket}/nothing/*.jsonl: no file matches this pattern; check the bucket and the pattern\n"


def test_a_url_is_read_through_the_same_bytes_path_and_limit_as_a_local_file(tmp_path: Path) -> None:
    from mtaudit.errors import InputError
    from mtaudit.readers import read_bytes, read_file

    memory = fsspec.filesystem("memory")
    path = f"/mtaudit-{uuid.uuid4().hex[:12]}/article.txt"
    raw = EXAMPLE.read_bytes()
    memory.pipe(path, raw)
    try:
        assert read_bytes(f"memory://{path}") == raw
        # one reader dispatch for both: the URL's documents are the file's, under the URL's name
        on_disk = [(d.target, d.location.format if d.location else None) for d in read_file(str(EXAMPLE), ReadContext())]
        in_memory = [(d.target, d.location.format if d.location else None) for d in read_file(f"memory://{path}", ReadContext())]
        assert in_memory == on_disk
        local = tmp_path / "article.txt"
        local.write_bytes(raw)
        limit = len(raw) - 1
        for name in (str(local), f"memory://{path}"):
            with pytest.raises(InputError, match="; split the"):
                read_bytes(name, limit)
        assert read_bytes(f"memory://{path}", len(raw)) == raw
    finally:
        memory.rm(path)


def test_a_jsonl_object_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    memory = fsspec.filesystem("memory")
    path = f"/mtaudit-{uuid.uuid4().hex[:12]}/latin1.jsonl"
    memory.pipe(path, json.dumps({"id": "x", "target": "Le café est fermé.", "target_lang": "fr"}, ensure_ascii=False).encode("latin-1") + b"\n")
    try:
        code, err, _ = audit_jsonl(f"memory://{path}", tmp_path / "r.jsonl")
    finally:
        memory.rm(path)
    assert code == 2
    assert err == f"mtaudit: error: memory://{path}: not UTF-8 text; a JSONL file read from a URL must be UTF-8 (convert it, or copy it here)\n"


def test_a_scheme_whose_package_is_missing_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gcsfs", None)  # as on a machine without gcsfs
    code, err, _ = audit_jsonl("gs://bucket/archive/*.jsonl", tmp_path / "r.jsonl")
    assert code == 2 and err == "mtaudit: error: gs://bucket/archive/*.jsonl: reading gs:// needs gcsfs; install it with pip install gcsfs\n"
    code, err, _ = audit_jsonl("nosuchfs://bucket/a.jsonl", tmp_path / "r.jsonl")
    assert code == 2 and err.startswith("mtaudit: error: nosuchfs://bucket/a.jsonl: nosuchfs:// is not a file system fsspec knows") and err.count("\n") == 1
    monkeypatch.setitem(sys.modules, "fsspec", None)  # without the remote extra
    code, err, _ = audit_jsonl("s3://bucket/a.jsonl", tmp_path / "r.jsonl")
    assert code == 2 and err == "mtaudit: error: s3://bucket/a.jsonl: reading URLs needs fsspec; install it with pip install 'mtaudit[remote]'\n"


def test_a_local_glob_left_by_the_shell(tmp_path: Path) -> None:
    folder = archive(tmp_path / "archive")
    shutil.copy(EXAMPLE, folder / "2024" / "example.txt")
    found = [d.id for d in iter_documents([str(folder / "**" / "*.jsonl")], ReadContext())]
    assert len(found) == 39 and "m1" in found
    code, err, _ = audit_jsonl(str(folder / "*.xliff"), tmp_path / "r.jsonl")
    assert code == 2 and err == f"mtaudit: error: {folder / '*.xliff'}: no file matches this pattern; check the path\n"


def test_missing_credentials_are_one_line(s3_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # never ask a cloud's metadata service
    s3fs.S3FileSystem.clear_instance_cache()
    try:
        code, err, out = audit_jsonl("s3://archive/a/*.jsonl", tmp_path / "r.jsonl")
    finally:
        s3fs.S3FileSystem.clear_instance_cache()
    assert code == 2 and not out
    assert err == "mtaudit: error: s3://archive/a/*.jsonl: cannot be listed (Unable to locate credentials); check the URL and the credentials\n"
