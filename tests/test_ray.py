"""The Ray engine on a local cluster on loopback with two worker CPUs: the same documents as the
local engine, no document lost or doubled when a worker is killed mid-run, `--resume` after an
interruption, and model evidence on actors with the tiny random models. Skipped without Ray."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'mtaudit[ray]')")
psutil = pytest.importorskip("psutil")

from mtaudit.engines import EngineOptions, SerialEngine  # noqa: E402
from mtaudit.engines.base import EvidenceTally  # noqa: E402
from mtaudit.engines.ray import RayEngine  # noqa: E402
from mtaudit.engines.run import Inputs, run_engine  # noqa: E402
from mtaudit.formats import jsonl  # noqa: E402
from mtaudit.pipeline import AuditOptions, EvidenceOptions, audit, run_votes  # noqa: E402
from mtaudit.readers import ReadContext, iter_documents  # noqa: E402
from mtaudit.records import Document, DocumentResult  # noqa: E402
from tests.engine_data import write_segments  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# FORKED: the references are made by the serial engine, which gives the local pool's documents byte
# for byte (tests/test_engines.py): the local pool forks this process, and a process forked after a
# Ray Data job has run in it leaves the driver's next call to Ray's global state hanging.
EXAMPLE = ROOT / "fixtures" / "example-fr-en-news.txt"


@pytest.fixture(scope="module")
def cluster() -> object:
    """A local Ray runtime on loopback with two CPUs, shared by the tests of this module."""
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    ray.init(num_cpus=2, include_dashboard=False, address="local", logging_level="ERROR", log_to_driver=False)
    yield ray
    ray.shutdown()


def lines(path: Path, engine: str, batch_size: int, on_document: object | None = None, skip: set[str] | None = None) -> list[str]:
    found: list[DocumentResult] = []
    run_engine(Inputs((str(path),)), AuditOptions(), EngineOptions(engine, 2, batch_size), on_document or found.append, skip=skip or set(), progress=False)  # type: ignore[arg-type]
    return [jsonl.line(d) for d in found]


def test_ray_gives_the_local_engines_documents_line_for_line(cluster: object, tmp_path: Path) -> None:
    path = write_segments(tmp_path / "s.jsonl", copies=2)
    on_ray = lines(path, "ray", 3)
    assert on_ray == lines(path, "serial", 5)  # the local pool's lines too (tests/test_engines.py), not forked here: see FORKED
    documents = list(iter_documents([str(path)], ReadContext()))
    assert on_ray == [jsonl.line(d) for d in audit(documents).documents]


def _articles(tmp_path: Path, count: int) -> Path:
    """`count` copies of the example article as JSONL records: documents slow enough to be caught mid-audit."""
    text = "\n\n".join([EXAMPLE.read_text(encoding="utf-8")] * 4)  # long enough that the others are still running
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps({"id": f"a{i}", "target": text, "target_lang": "en"}) + "\n" for i in range(count)), encoding="utf-8")
    return path


def _kill_a_busy_worker(deadline: float) -> int | None:
    """SIGKILL one Ray worker process that is running an audit task; its pid, or None."""
    while time.monotonic() < deadline:
        for process in psutil.process_iter(["cmdline", "pid"]):
            command = process.info["cmdline"] or []
            if command and command[0].startswith("ray::") and "MapBatches(audit_batches)" in command[0]:
                os.kill(process.info["pid"], signal.SIGKILL)
                return int(process.info["pid"])
        time.sleep(0.01)
    return None


def test_a_worker_killed_mid_run_loses_no_document_and_doubles_none(cluster: object, tmp_path: Path) -> None:
    path = _articles(tmp_path, 24)
    expected = lines(path, "serial", 1)
    out = tmp_path / "r.jsonl"
    sink = jsonl.JsonlSink(str(out))
    killed: list[int | None] = []

    def write(document: DocumentResult) -> None:
        sink.write(document)
        if not killed:  # after the first result, while the others are being audited
            killed.append(_kill_a_busy_worker(time.monotonic() + 30))

    lines(path, "ray", 1, on_document=write)
    sink.close()
    assert killed and killed[0] is not None, "no busy worker was found to kill"
    written = out.read_text(encoding="utf-8").splitlines(keepends=True)
    assert [json.loads(line)["id"] for line in written] == [f"a{i}" for i in range(24)]  # each once, in order
    assert written == expected


def test_resume_after_an_interrupted_ray_run_completes_it(cluster: object, tmp_path: Path) -> None:
    path = write_segments(tmp_path / "s.jsonl", copies=2)
    expected = "".join(lines(path, "serial", 4))
    out = tmp_path / "r.jsonl"
    sink = jsonl.JsonlSink(str(out))

    def write_then_stop(document: DocumentResult) -> None:
        sink.write(document)
        if sink.count == 7:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        lines(path, "ray", 2, on_document=write_then_stop)
    sink.close()
    done = jsonl.done_ids(str(out))
    assert len(done) == 7
    sink = jsonl.JsonlSink(str(out), append=True)
    lines(path, "ray", 2, on_document=sink.write, skip=done)
    sink.close()
    assert sink.count == 24 - 7
    assert out.read_text(encoding="utf-8") == expected


CORPUS = [
    "The minister resigned last night in Paris after a long meeting.",
    "Le ministre a démissionné hier soir à Paris après une longue réunion.",
    "She wrote on Twitter that the talks would go on.",
    "Elle a écrit sur Twitter que les discussions continueraient.",
] * 20


def test_model_evidence_on_actors_loads_each_engine_once_and_matches_one_process(cluster: object, tmp_path: Path) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("sentencepiece")
    from tests.tiny_models import build_gpt2, build_marian

    (tmp_path / "m").mkdir()
    (tmp_path / "g").mkdir()
    marian = build_marian(tmp_path / "m", CORPUS, name="model", d_model=32, layers=1, heads=2, ffn=64, max_positions=128, vocab_size=60, character_coverage=1.0)
    gpt2 = build_gpt2(tmp_path / "g", CORPUS, name="model", bpe_vocab=400, n_positions=128, n_embd=32, n_layer=1, n_head=2)
    evidence = EvidenceOptions(translator="hf", translator_model=str(marian), lm="hf", lm_model=str(gpt2), device="cpu", use_cache=False)
    options = AuditOptions(evidence=evidence)
    documents = [
        Document(f"d{i}", target, source=source, source_lang="fr", target_lang="en")
        for i, (target, source) in enumerate(zip(CORPUS[0:8:2], CORPUS[1:8:2], strict=True))
    ] * 2
    documents = [Document(f"d{i}", d.target, source=d.source, source_lang="fr", target_lang="en") for i, d in enumerate(documents)]
    batches = [documents[i : i + 2] for i in range(0, len(documents), 2)]
    votes = run_votes(documents, options)
    # pass 1's run-wide lines (lm.surprisal threshold, bt.* chrF lines), as a streamed run has them
    tally = EvidenceTally()
    for _ in tally.watch(batches, options):
        pass
    lines = tally.lines()
    engine = RayEngine(EngineOptions("ray", batch_size=2, model_actors=2))
    try:
        on_actors = [d.to_dict() for batch in engine.audit(batches, options, votes, lines) for d in batch.documents]
    finally:
        engine.close()
    # The model engines each actor of the pool had loaded after its batches, by process: a
    # translator and a language model, kept for every batch it audited; no more actors than asked.
    assert 1 <= len(engine.loads) <= 2 and set(engine.loads.values()) == {2}
    one_process = [d.to_dict() for batch in SerialEngine().audit(batches, options, votes, lines) for d in batch.documents]
    assert on_actors == one_process
    assert all(segment["backtranslation"] and "lm_logprob" in segment["scores"] for d in on_actors for segment in d["segments"])


def test_the_command_line_on_ray_writes_the_local_engines_jsonl(cluster: object, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from mtaudit.cli import main

    path = write_segments(tmp_path / "s.jsonl")
    on_ray = CliRunner().invoke(main, ["audit", str(path), "--engine", "ray", "--batch-size", "5", "--format", "jsonl", "-o", str(tmp_path / "ray.jsonl")])
    local = CliRunner().invoke(main, ["audit", str(path), "--engine", "serial", "--format", "jsonl", "-o", str(tmp_path / "local.jsonl")])
    assert on_ray.exit_code == local.exit_code == 0
    assert (tmp_path / "ray.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert "12 documents audited" in on_ray.stderr and "ray worker" in on_ray.stderr
    assert ray.is_initialized()  # a cluster it joined is left running


def test_ray_reads_an_s3_glob_like_the_local_engine_reads_the_files(cluster: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--engine ray` on `s3://bucket/a/*.jsonl` from an S3-compatible server (moto) on loopback:
    the same JSONL as the local engine on the same files from disk."""
    pytest.importorskip("s3fs", reason="s3fs is not installed")
    moto_server = pytest.importorskip("moto.server", reason="moto is not installed (pip install 'moto[server]')")
    import s3fs
    from click.testing import CliRunner

    from mtaudit.cli import main
    from tests.test_remote import archive

    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        for name, value in {"AWS_ENDPOINT_URL": f"http://{host}:{port}", "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}.items():
            monkeypatch.setenv(name, value)
        s3fs.S3FileSystem.clear_instance_cache()
        fs = s3fs.S3FileSystem()
        fs.mkdir("archive")
        folder = archive(tmp_path / "archive")
        fs.put(str(folder) + "/", "archive/a/", recursive=True)
        on_ray = CliRunner().invoke(main, ["audit", "s3://archive/a/*.jsonl", "--engine", "ray", "--batch-size", "4", "--format", "jsonl", "-o", str(tmp_path / "ray.jsonl")])
        local = CliRunner().invoke(main, ["audit", str(folder / "*.jsonl"), "--engine", "serial", "--format", "jsonl", "-o", str(tmp_path / "local.jsonl")])
    finally:
        s3fs.S3FileSystem.clear_instance_cache()
        server.stop()
    assert on_ray.exit_code == local.exit_code == 0, on_ray.stderr
    assert (tmp_path / "ray.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert "15 documents audited" in on_ray.stderr
