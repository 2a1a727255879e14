"""Model evidence batched across concurrent requests (`mtaudit.server.batcher`): the model thread
on its own, then `mtaudit serve --deep` with tiny random Marian and GPT-2 models, where a burst
of concurrent audits must give each article the report it gets alone, in fewer model calls."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from mtaudit.server.batcher import ModelBatcher

# --- the model thread -----------------------------------------------------------------------


class Upper:
    """A fake engine: upper-cases texts, remembers each batch it was given, fails on "boom"."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def __call__(self, texts: list[str]) -> list[str]:
        self.batches.append(list(texts))
        if "boom" in texts:
            raise ValueError("the engine cannot read 'boom'")
        return [t.upper() for t in texts]


def burst(batcher: ModelBatcher, calls: list[tuple[tuple[Any, ...], list[str]]], engine: Upper) -> list[Any]:
    """Each call from its own audit thread (a batcher client), all started together; returns
    each call's results, or the exception it raised."""
    ready = threading.Barrier(len(calls))

    def one(key: tuple[Any, ...], texts: list[str]) -> Any:
        with batcher.client():
            ready.wait()  # every client registered before any call is queued
            try:
                return batcher.call(key, engine, texts)
            except ValueError as exc:
                return exc

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(lambda call: one(*call), calls))


@pytest.fixture
def batcher() -> Iterator[ModelBatcher]:
    # a wait far longer than the test: batches close because every client has a call waiting
    instance = ModelBatcher(max_items=100, max_wait=60.0)
    yield instance
    instance.close()


def test_calls_waiting_together_run_as_one_engine_call(batcher: ModelBatcher) -> None:
    engine = Upper()
    sentences = [[f"The minister spoke to reporter number {i}.", "The cat sleeps on the sofa."] for i in range(8)]
    results = burst(batcher, [(("en", "fr"), texts) for texts in sentences], engine)
    assert results == [[t.upper() for t in texts] for texts in sentences]
    assert len(engine.batches) == 1
    assert engine.batches[0].count("The cat sleeps on the sofa.") == 1  # a text asked for twice is run once
    stats = batcher.stats()
    assert stats["calls"] == 8 and stats["engine_calls"] == 1 and stats["largest_batch_calls"] == 8
    assert stats["items"] == 9 and stats["mean_batch_items"] == 9.0


def test_calls_for_other_language_pairs_or_past_the_size_limit_are_separate_batches() -> None:
    batcher = ModelBatcher(max_items=3, max_wait=60.0)
    try:
        engine = Upper()
        calls = [(("en", "fr"), ["One sentence.", "Two sentences."]), (("en", "de"), ["Three."]), (("en", "fr"), ["Four.", "Five."])]
        assert burst(batcher, calls, engine) == [["ONE SENTENCE.", "TWO SENTENCES."], ["THREE."], ["FOUR.", "FIVE."]]
        assert sorted(map(len, engine.batches)) == [1, 2, 2]  # en→fr would be 4 texts: over the limit of 3
    finally:
        batcher.close()


def test_a_failing_call_fails_alone(batcher: ModelBatcher) -> None:
    engine = Upper()
    results = burst(batcher, [(("en", "fr"), ["The bridge opens in spring."]), (("en", "fr"), ["boom"]), (("en", "fr"), ["Critics disagree."])], engine)
    assert results[0] == ["THE BRIDGE OPENS IN SPRING."] and results[2] == ["CRITICS DISAGREE."]
    assert isinstance(results[1], ValueError) and "boom" in str(results[1])
    assert len(engine.batches) == 4  # the merged call, then each call again on its own


def test_a_lone_call_does_not_wait_and_close_drains() -> None:
    batcher = ModelBatcher(max_items=100, max_wait=3600.0)  # would hang the test if a lone call waited
    engine = Upper()
    with batcher.client():
        assert batcher.call(("en",), engine, ["Hello there."]) == ["HELLO THERE."]
    assert batcher.call(("en",), engine, []) == []  # nothing to run: no engine call
    batcher.close()
    assert batcher.stats()["engine_calls"] == 1
    with pytest.raises(RuntimeError, match="stopped"):
        batcher.call(("en",), engine, ["Too late."])


# --- mtaudit serve --deep with tiny models ---------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
SOURCE_FR = (ROOT / "fixtures" / "source-fr.txt").read_text(encoding="utf-8")
TARGET_EN = (ROOT / "fixtures" / "source-en.txt").read_text(encoding="utf-8")  # its English translation
CORPUS = [*SOURCE_FR.split("\n\n"), *TARGET_EN.split("\n\n")] * 10


def articles() -> list[tuple[str, str]]:
    """Eight different one-sentence (source, target) articles: the shortest sentences of the
    French budget article and of its English translation."""
    source = [s.strip() for p in SOURCE_FR.split("\n\n") for s in p.split(". ") if s.strip()]
    target = [s.strip() for p in TARGET_EN.split("\n\n") for s in p.split(". ") if s.strip()]
    pairs = sorted(zip(source, target, strict=True), key=lambda pair: len(pair[0]) + len(pair[1]))[:8]
    return [(s.rstrip(".") + ".\n", t.rstrip(".") + ".\n") for s, t in pairs]


@pytest.fixture(scope="module")
def deep_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose mtaudit.toml names a tiny Marian translator (both directions) and a tiny
    GPT-2 language model."""
    pytest.importorskip("starlette", reason='mtaudit serve needs pip install "mtaudit[serve]"')
    pytest.importorskip("uvicorn", reason='mtaudit serve needs pip install "mtaudit[serve]"')
    for module in ("torch", "transformers", "sentencepiece"):
        pytest.importorskip(module)
    from tests.tiny_models import build_gpt2, build_marian

    marian = build_marian(
        tmp_path_factory.mktemp("marian"), CORPUS, name="model", d_model=32, layers=1, heads=2, ffn=64, max_positions=256,
        vocab_size=120, character_coverage=1.0,
    )  # fmt: skip
    gpt2 = build_gpt2(tmp_path_factory.mktemp("gpt2"), CORPUS, name="model", bpe_vocab=400, n_positions=256, n_embd=32, n_layer=1, n_head=2)
    folder = tmp_path_factory.mktemp("deep")
    (folder / "mtaudit.toml").write_text(f'translator-model = "{marian}"\nlm-model = "{gpt2}"\ndevice = "cpu"\n', encoding="utf-8")
    return folder


def alone(folder: Path, source: str, target: str) -> bytes:
    """The report of one article audited alone in this process, without the server or a cache:
    the unbatched path."""
    from mtaudit.api import audit_text
    from mtaudit.config import effective_config
    from mtaudit.formats.json import render

    config = effective_config(cwd=str(folder))
    result = audit_text(target, source, target_lang="en", source_lang="fr", config=config, document_id="article.txt", path="article.txt", deep=True, use_cache=False)
    return render(result).encode("utf-8")


@pytest.mark.slow
def test_a_burst_of_deep_audits_is_batched_and_each_report_is_the_one_it_gets_alone(deep_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_server import STOPPED, Server

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    env = {"HF_HUB_OFFLINE": "1", "MTAUDIT_CACHE_DIR": str(tmp_path / "cache")}  # --no-cache: every text reaches the models
    server = Server("--deep", "--threads", "8", "--timeout", "300", "--no-cache", cwd=deep_folder, env=env, start_timeout=600)
    try:
        before = json.loads(server.get("/health")[2])["model_batches"]  # the warm-up's calls
        pairs = articles()

        def post(pair: tuple[str, str]) -> tuple[int, bytes]:
            source, target = pair
            body = {"target": target, "source": source, "target_lang": "en", "source_lang": "fr", "name": "article.txt"}
            status, _, raw = server.request("POST", "/v1/audit", json.dumps(body).encode(), {"Content-Type": "application/json"}, timeout=300)
            return status, raw

        with ThreadPoolExecutor(len(pairs)) as pool:
            replies = list(pool.map(post, pairs))
        after = json.loads(server.get("/health")[2])["model_batches"]
    finally:
        assert server.stop() in STOPPED
    assert [status for status, _ in replies] == [200] * len(pairs)
    for (source, target), (_, raw) in zip(pairs, replies, strict=True):
        assert raw == alone(deep_folder, source, target)
    report = json.loads(replies[0][1])
    assert report["settings"]["translator"] == "hf" and report["settings"]["lm"] == "hf"
    assert any(segment.get("backtranslation") for segment in report["documents"][0]["segments"])
    calls = after["calls"] - before["calls"]
    engine_calls = after["engine_calls"] - before["engine_calls"]
    assert calls >= 3 * len(pairs)  # back-translation, forced decoding and LM scores of each article
    assert engine_calls < calls and after["largest_batch_calls"] >= 2


@pytest.mark.slow
def test_a_deep_audit_past_the_time_limit_gets_503_and_the_server_goes_on(deep_folder: Path, tmp_path: Path) -> None:
    from tests.test_server import STOPPED, Server

    env = {"HF_HUB_OFFLINE": "1", "MTAUDIT_CACHE_DIR": str(tmp_path / "cache")}
    server = Server("--deep", "--timeout", "0.05", "--queue", "1", "--no-cache", cwd=deep_folder, env=env, start_timeout=600)
    try:
        source, target = articles()[-1]
        body = {"target": target, "source": source, "target_lang": "en", "source_lang": "fr"}
        before = json.loads(server.get("/health")[2])["model_batches"]["engine_calls"]
        status, headers, reply = server.post_json("/v1/audit", body)
        assert status == 503 and headers["retry-after"] == "1" and "longer than 0.05 s" in reply["error"]
        assert server.in_flight() == 1  # still running, and the worker answers meanwhile
        assert server.post_json("/v1/audit", body)[0] == 429  # it keeps its place in the bounded queue
        server.wait_in_flight(0)  # the audit finished on its thread: its model calls were served
        assert json.loads(server.get("/health")[2])["model_batches"]["engine_calls"] > before
    finally:
        assert server.stop() in STOPPED


def test_serve_batch_options_are_checked(tmp_path: Path) -> None:
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "mtaudit.server", "--batch-items", "0"], cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""}, capture_output=True, text=True
    )
    assert run.returncode == 2 and "--batch-items" in run.stderr


@pytest.mark.slow
def test_a_translation_does_not_depend_on_its_batch_mates(deep_folder: Path) -> None:
    """What merging requests' texts relies on: the `hf` translator gives a sentence the same
    translation alone and batched with a much longer one (random models always generate up to
    their cap, so a cap taken from the batch's longest text would lengthen the short one's)."""
    import tomllib

    from mtaudit.evidence.translators.base import TranslatorConfig
    from mtaudit.evidence.translators.hf import HFTranslator

    model = tomllib.loads((deep_folder / "mtaudit.toml").read_text(encoding="utf-8"))["translator-model"]
    engine = HFTranslator(TranslatorConfig(model=model, device="cpu"))
    short = "Lyon city hall presents its budget for 2024."
    long = "The renovation of the museum, which began in 2021 and was to last three years, will finally take one more year because of unforeseen technical difficulties."
    alone = engine.translate([short], "en", "fr")
    assert engine.translate([long, short], "en", "fr")[1:] == alone
    assert engine.score([short], alone, "en", "fr") == engine.score([long, short], [long, alone[0]], "en", "fr")[1:]
