"""`mtaudit.output`: `-o` never destroys what it points at, never leaves half a report behind."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mtaudit import output
from mtaudit.errors import OutputError
from mtaudit.output import ensure_folder, write_atomic, write_files, write_output

REPORT = '{"summary": "The minister resigned last night in Geneva."}\n'
OLD = '{"summary": "Les négociations reprendront lundi."}\n'
ROOT = Path(__file__).resolve().parent.parent


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".mtaudit-"))


def one_line(exc: pytest.ExceptionInfo[OutputError]) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


def test_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    write_output(str(target), REPORT)
    assert target.read_text(encoding="utf-8") == REPORT
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert leftovers(tmp_path) == []


def test_existing_file_is_replaced_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o600)
    write_output(str(target), REPORT)
    assert target.read_text(encoding="utf-8") == REPORT
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_symlink_is_kept_and_its_target_written(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "report.json"
    real.write_text(OLD, encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    write_output(str(link), REPORT)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == REPORT
    assert leftovers(tmp_path) == [] and leftovers(tmp_path / "real") == []


def test_hard_links_stay_linked(tmp_path: Path) -> None:
    first = tmp_path / "report.json"
    first.write_text(OLD * 3, encoding="utf-8")
    second = tmp_path / "copy.json"
    os.link(first, second)
    write_output(str(first), REPORT)
    assert second.read_text(encoding="utf-8") == REPORT  # shorter than before: truncated
    assert first.stat().st_nlink == 2 and first.stat().st_ino == second.stat().st_ino


def test_fifo_is_written_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_output(str(fifo), REPORT)
    reader.join()
    assert received == [REPORT.encode("utf-8")]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert leftovers(tmp_path) == []


def test_character_devices_are_written_not_replaced() -> None:
    write_output("/dev/null", REPORT)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_full_device_is_one_line_error() -> None:
    with pytest.raises(OutputError) as exc:
        write_output("/dev/full", REPORT)
    assert "no space left" in one_line(exc)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_dev_stdout_reaches_a_pipe_and_a_file(tmp_path: Path) -> None:
    script = "import sys; from mtaudit.output import write_output; write_output('/dev/stdout', sys.argv[1])"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    piped = subprocess.run([sys.executable, "-c", script, REPORT], capture_output=True, env=env, check=True)
    assert piped.stdout == REPORT.encode("utf-8")
    redirected = tmp_path / "redirected.json"
    with redirected.open("wb") as handle:
        subprocess.run([sys.executable, "-c", script, REPORT], stdout=handle, env=env, check=True)
    assert redirected.read_text(encoding="utf-8") == REPORT


def test_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write_output("-", REPORT)
    assert capfd.readouterr().out == REPORT
    assert not (tmp_path / "-").exists()


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as exc:
        write_output(str(tmp_path), REPORT)
    assert "is a folder" in one_line(exc)
    assert tmp_path.is_dir()


def test_empty_path_and_trailing_slash(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as exc:
        write_output("", REPORT)
    assert "empty" in one_line(exc)
    with pytest.raises(OutputError) as exc:
        write_output(f"{tmp_path}/reports/", REPORT, mkdir=True)
    assert "give a file name" in one_line(exc)
    assert list(tmp_path.iterdir()) == []


def test_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        with pytest.raises(OutputError) as exc:
            write_output(str(path), REPORT)
        assert "socket" in one_line(exc)
        assert stat.S_ISSOCK(path.stat().st_mode)
    finally:
        server.close()


def test_missing_folder_is_created_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "2026" / "report.json"
    with pytest.raises(OutputError) as exc:
        write_output(str(target), REPORT)
    assert "--mkdir" in one_line(exc)
    assert not (tmp_path / "reports").exists()
    write_output(str(target), REPORT, mkdir=True)
    assert target.read_text(encoding="utf-8") == REPORT


def test_file_as_folder_says_not_a_folder(tmp_path: Path) -> None:
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    for mkdir in (False, True):
        with pytest.raises(OutputError) as exc:
            write_output(str(passwd / "x.json"), REPORT, mkdir=mkdir)
        message = one_line(exc)
        assert "not a folder" in message and "exists" not in message.lower()
        with pytest.raises(OutputError) as exc:
            write_output(str(passwd / "deeper" / "x.json"), REPORT, mkdir=mkdir)
        assert "not a folder" in one_line(exc)
    assert passwd.read_text(encoding="utf-8") == "root:x:0:0:root:/root:/bin/bash\n"


def test_write_atomic_creates_folders_as_before(tmp_path: Path) -> None:
    target = tmp_path / "new" / "report.json"
    write_atomic(str(target), REPORT)
    assert target.read_text(encoding="utf-8") == REPORT


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_failure_mid_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException) -> None:
    target = tmp_path / "report.json"
    target.write_text(OLD, encoding="utf-8")
    real_write = os.write

    def write_then_fail(handle: int, data: bytes) -> int:
        real_write(handle, bytes(data[:10]))
        raise failure

    monkeypatch.setattr(output.os, "write", write_then_fail)
    expected = OutputError if isinstance(failure, OSError) else KeyboardInterrupt
    with pytest.raises(expected):
        write_output(str(target), REPORT * 10)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_sigint_mid_write_keeps_the_old_file(tmp_path: Path) -> None:
    """A real Ctrl-C from outside, delivered while the report is half written."""
    target = tmp_path / "report.json"
    target.write_text(OLD, encoding="utf-8")
    script = (
        "import os, signal, sys, time\n"
        # A job started in the background by a shell inherits SIGINT ignored, and Python then
        # installs no KeyboardInterrupt handler: restore what an interactive command has.
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "from mtaudit import output\n"
        "real = os.write\n"
        "def slow(handle, data):\n"
        "    done = real(handle, bytes(data[:100]))\n"
        "    print('half', flush=True)\n"
        "    time.sleep(60)\n"
        "    return done\n"
        "output.os.write = slow\n"
        "output.write_output(sys.argv[1], 'The talks resumed in Geneva. ' * 1000)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", script, str(target)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert child.stdout is not None
    assert child.stdout.readline() == b"half\n"
    assert leftovers(tmp_path)  # the temporary file exists while it is being written
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert child.returncode != 0 and b"KeyboardInterrupt" in err
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_unencodable_report_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    with pytest.raises(OutputError) as exc:
        write_output(str(target), "bad \udcff byte")
    assert "nothing was written" in one_line(exc)
    assert not target.exists()


# --------------------------------------------------------------------------- folders and batches


def test_ensure_folder(tmp_path: Path) -> None:
    ensure_folder(str(tmp_path), mkdir=False)
    with pytest.raises(OutputError) as exc:
        ensure_folder(str(tmp_path / "a" / "b"), mkdir=False)
    assert "create it or pass --mkdir" in one_line(exc)
    ensure_folder(str(tmp_path / "a" / "b"), mkdir=True)
    assert (tmp_path / "a" / "b").is_dir()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError) as exc:
        ensure_folder(str(tmp_path / "file"), mkdir=True)
    assert "not a folder" in one_line(exc)


def test_write_files_into_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    pages = [("geneva.html", "<p>Geneva</p>"), ("index.html", "<p>index</p>")]
    written = write_files(str(folder), pages)
    assert written == [str(folder / "geneva.html"), str(folder / "index.html")]
    assert (folder / "geneva.html").read_text(encoding="utf-8") == "<p>Geneva</p>"
    (folder / "index.html").chmod(0o600)
    write_files(str(folder), [("index.html", "<p>new index</p>")])
    assert stat.S_IMODE((folder / "index.html").stat().st_mode) == 0o600
    assert leftovers(folder) == []


def test_write_files_needs_mkdir_for_missing_parents(tmp_path: Path) -> None:
    folder = tmp_path / "site" / "reports"
    with pytest.raises(OutputError) as exc:
        write_files(str(folder), [("a.html", "a")])
    assert "--mkdir" in one_line(exc)
    assert not (tmp_path / "site").exists()
    write_files(str(folder), [("a.html", "a")], mkdir=True)
    assert (folder / "a.html").read_text(encoding="utf-8") == "a"


def test_write_files_never_leaves_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    outside = tmp_path / "outside.html"
    outside.write_text("keep", encoding="utf-8")
    for name in ("../outside.html", "..", "", "sub/page.html"):
        with pytest.raises(OutputError):
            write_files(str(folder), [(name, "evil")])
    (folder / "linked.html").symlink_to(outside)
    with pytest.raises(OutputError) as exc:
        write_files(str(folder), [("linked.html", "evil")])
    assert "not a regular file" in one_line(exc)
    assert outside.read_text(encoding="utf-8") == "keep"
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError) as exc:
        write_files(str(tmp_path / "file"), [("a.html", "a")])
    assert "not a folder" in one_line(exc)


CLI_FAILING_WRITE = """
import os, sys
from mtaudit import output
from mtaudit.cli import main
real = os.write
failure = {"disk": OSError(28, "No space left on device"), "interrupt": KeyboardInterrupt()}[sys.argv[1]]
def half_then_fail(handle, data):
    real(handle, bytes(data[:50]))
    raise failure
output.os.write = half_then_fail
main(["audit", sys.argv[2], "--format", "json", "-o", sys.argv[3]], prog_name="mtaudit")
"""


@pytest.mark.parametrize(("failure", "status"), [("disk", 2), ("interrupt", 130)])  # 130: interrupted, as a shell reports Ctrl-C
def test_the_command_keeps_the_old_report_when_writing_fails(tmp_path: Path, failure: str, status: int) -> None:
    """`mtaudit audit -o report.json` failing half-way through the write, seen from outside: the old
    report is intact with its mode, no temporary file is left, and the error is one line."""
    article = tmp_path / "article.txt"
    article.write_text("The minister resigned last night in Geneva after the talks failed.\n", encoding="utf-8")
    target = tmp_path / "report.json"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o644)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CLI_FAILING_WRITE, failure, str(article), str(target)], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("mtaudit: error: ") and done.stderr.count("\n") == 1, done.stderr
    assert target.read_text(encoding="utf-8") == OLD
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert leftovers(tmp_path) == []
