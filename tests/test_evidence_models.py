"""The `hf` engines with tiny models that the tests build themselves: a Marian seq2seq and a
GPT-2 causal LM with random weights, tokenizers trained on text written here, saved with
`save_pretrained` and loaded back through the same code path users take. No network."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
pytest.importorskip("sentencepiece")

from mtaudit.errors import ModelError  # noqa: E402
from mtaudit.evidence.lms.base import LMConfig  # noqa: E402
from mtaudit.evidence.lms.hf import HFCausalLM  # noqa: E402
from mtaudit.evidence.translators.base import TranslatorConfig  # noqa: E402
from mtaudit.evidence.translators.hf import HFTranslator  # noqa: E402
from mtaudit.pipeline import AuditOptions, EvidenceOptions, audit  # noqa: E402
from mtaudit.records import Document  # noqa: E402
from tests.tiny_models import build_gpt2, build_marian  # noqa: E402

CORPUS = [
    "The minister resigned last night in Paris after a long meeting.",
    "Le ministre a démissionné hier soir à Paris après une longue réunion.",
    "She wrote on Twitter that the talks would go on.",
    "Elle a écrit sur Twitter que les discussions continueraient.",
    "The cat sleeps on the sofa in the sun.",
    "Le chat dort sur le canapé au soleil.",
] * 20


@pytest.fixture(scope="module")
def tiny_marian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_marian(
        tmp_path_factory.mktemp("marian"), CORPUS, name="model", d_model=32, layers=1, heads=2, ffn=64, max_positions=128,
        vocab_size=60, character_coverage=1.0,
    )  # fmt: skip


@pytest.fixture(scope="module")
def tiny_gpt2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_gpt2(tmp_path_factory.mktemp("gpt2"), CORPUS, name="model", bpe_vocab=400, n_positions=128, n_embd=32, n_layer=1, n_head=2)


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))


def test_marian_translates_in_batches_like_one_by_one(tiny_marian: Path) -> None:
    engine = HFTranslator(TranslatorConfig(model=str(tiny_marian), device="cpu", beams=1, batch_size=3))
    texts = ["The cat sleeps.", "", "She wrote on Twitter that the talks would go on.", "Le chat dort sur le canapé.", "The minister resigned."]
    batched = engine.translate(texts, "en", "fr")
    assert len(batched) == len(texts) and batched[1] == ""
    assert all(isinstance(t, str) and t for i, t in enumerate(batched) if i != 1)
    single = [engine.translate([t], "en", "fr")[0] for t in texts]
    assert batched == single
    assert engine.revision("en", "fr").startswith("local-")


def test_gpt2_scores_with_offsets_and_batching(tiny_gpt2: Path) -> None:
    lm = HFCausalLM(LMConfig(model=str(tiny_gpt2), device="cpu", batch_size=2))
    texts = ["The cat sleeps on the sofa.", "She wrote on Twitter.", "Le chat dort.", ""]
    batched = lm.score(texts, "en")
    assert batched[3] == []
    for text, scores in zip(texts[:3], batched[:3], strict=True):
        assert scores and all(s.logprob < 0 for s in scores)
        pieces = [text[s.start : s.end] for s in scores]
        assert all(p and not p[0].isspace() for p in pieces)
        assert "".join(pieces) == text.replace(" ", "")  # every character scored once, in order
    for text, scores in zip(texts[:3], batched[:3], strict=True):
        alone = lm.score([text], "en")[0]
        assert [(s.start, s.end) for s in alone] == [(s.start, s.end) for s in scores]
        assert all(abs(a.logprob - b.logprob) < 1e-4 for a, b in zip(alone, scores, strict=True))


def test_audit_with_tiny_models_end_to_end_and_cached(tiny_marian: Path, tiny_gpt2: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = Document(
        "e", "The minister resigned last night in Paris. She wrote on twitter He told reporters.",
        source="Le ministre a démissionné hier soir à Paris. Elle a écrit sur Twitter.", source_lang="fr", target_lang="en",
    )
    evidence = EvidenceOptions(translator="hf", translator_model=str(tiny_marian), lm="hf", lm_model=str(tiny_gpt2), device="cpu", cache_dir=str(tmp_path / "c"))
    first = audit([doc], AuditOptions(evidence=evidence))
    segments = first.documents[0].segments
    assert segments[0].backtranslation and "bt_chrf" in segments[0].scores
    assert all("lm_logprob" in s.scores and s.token_surprisal for s in segments)
    assert first.settings.translator == "hf" and first.settings.lm == "hf" and first.settings.lm_model == str(tiny_gpt2)

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("engine called on a cache hit")

    monkeypatch.setattr(HFTranslator, "_load", boom)
    monkeypatch.setattr(HFCausalLM, "_load", boom)
    second = audit([doc], AuditOptions(evidence=evidence))
    assert second.to_dict() == first.to_dict()


def test_broken_model_folder_is_one_line_error(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "config.json").write_text("{}", encoding="utf-8")
    engine = HFTranslator(TranslatorConfig(model=str(folder), device="cpu"))
    with pytest.raises(ModelError) as info:
        engine.translate(["Hello."], "en", "fr")
    assert "\n" not in str(info.value) and "cannot load model" in str(info.value)
