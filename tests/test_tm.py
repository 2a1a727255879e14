"""Translation-model evidence with tiny models the tests build themselves (random weights, real
architectures, tokenizers trained on sentences written here, saved to a folder and loaded back
through `from_pretrained` as users' models are): forced-decoding scores (`tm_forward`,
`tm_backward`, token offsets), M2M100 and NLLB language tokens, out-of-memory halving, cache keys
with device and precision, and the CTranslate2 engine without torch. No network."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
pytest.importorskip("sentencepiece")

from click.testing import CliRunner  # noqa: E402

from mtaudit.cli import main  # noqa: E402
from mtaudit.errors import ModelError  # noqa: E402
from mtaudit.evidence import hub  # noqa: E402
from mtaudit.evidence.cache import EvidenceCache  # noqa: E402
from mtaudit.evidence.gather import cached_forced, cached_translate  # noqa: E402
from mtaudit.evidence.translators.base import ForcedToken, Translator, TranslatorConfig  # noqa: E402
from mtaudit.evidence.translators.hf import HFTranslator, _language_setup  # noqa: E402
from tests.test_evidence_models import CORPUS  # noqa: E402
from tests.tiny_models import build_m2m100, build_marian, build_nllb  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "Le ministre a démissionné hier soir à Paris.\n\nLe chat dort sur le canapé au soleil.\n"
TARGET = "The minister resigned last night in Paris.\n\nThe cat sleeps on the sofa in the sun.\n"
SIZES = {"d_model": 32, "layers": 1, "heads": 2, "ffn": 64, "max_positions": 128}


@pytest.fixture(scope="module")
def marian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_marian(tmp_path_factory.mktemp("marian"), CORPUS, name="model", vocab_size=60, character_coverage=1.0, **SIZES)


@pytest.fixture(scope="module")
def m2m100(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_m2m100(tmp_path_factory.mktemp("m2m"), CORPUS, name="model", vocab_size=60, **SIZES)


@pytest.fixture(scope="module")
def nllb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_nllb(tmp_path_factory.mktemp("nllb"), CORPUS, name="model", bpe_vocab=200, **SIZES)


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))


def write_pair(tmp_path: Path) -> tuple[Path, Path]:
    source, target = tmp_path / "fr.txt", tmp_path / "en.txt"
    source.write_text(SOURCE, encoding="utf-8")
    target.write_text(TARGET, encoding="utf-8")
    return source, target


def audit_json(args: list[str]) -> tuple[dict, str]:
    result = CliRunner().invoke(main, ["audit", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def test_translator_model_alone_writes_tm_scores_into_every_segment(marian: Path, tmp_path: Path) -> None:
    source, target = write_pair(tmp_path)
    report, stderr = audit_json([str(target), "--source", str(source), "--source-lang", "fr", "--target-lang", "en", "--translator-model", str(marian), "--cache-dir", str(tmp_path / "c")])
    segments = report["documents"][0]["segments"]
    assert segments and all("tm_forward" in s["scores"] and "tm_backward" in s["scores"] for s in segments)
    assert all(s["scores"]["tm_forward"] < 0 and s["scores"]["tm_backward"] < 0 for s in segments)
    assert report["settings"]["translator"] == "hf"
    assert "used for both fr→en and en→fr" in stderr  # a one-pair model used backwards is said


def test_forced_tokens_cover_the_target_in_order_and_batching_changes_nothing(marian: Path) -> None:
    engine = HFTranslator(TranslatorConfig(model=str(marian), device="cpu", batch_size=2))
    sources = ["Le chat dort.", "Le ministre a démissionné hier soir à Paris.", "", "Elle a écrit sur Twitter."]
    targets = ["The cat sleeps.", "The minister resigned last night in Paris.", "Nothing.", "She wrote on Twitter."]
    batched = engine.score(sources, targets, "fr", "en")
    assert batched[2] == []
    for target, tokens in zip(targets, batched, strict=True):
        if not tokens:
            continue
        assert all(t.logprob < 0 and t.best_logprob >= t.logprob - 1e-4 for t in tokens)
        words = [t for t in tokens if t.end > t.start]
        assert "".join(target[t.start : t.end] for t in words) == target.replace(" ", "")
        assert all(a.end <= b.start for a, b in itertools.pairwise(words))
    for source, target, tokens in zip(sources, targets, batched, strict=True):
        alone = engine.score([source], [target], "fr", "en")[0]
        assert [(t.start, t.end) for t in alone] == [(t.start, t.end) for t in tokens]
        assert all(abs(a.logprob - b.logprob) < 1e-4 for a, b in zip(alone, tokens, strict=True))


def test_m2m100_and_nllb_force_the_target_language(m2m100: Path, nllb: Path) -> None:
    for folder, token in ((m2m100, "__fr__"), (nllb, "fra_Latn")):
        engine = HFTranslator(TranslatorConfig(model=str(folder), device="cpu", beams=1, max_length=12))
        tokenizer, _, _ = engine._load("en", "fr")
        prefix, forced = _language_setup(tokenizer, "en", "fr")
        assert prefix == "" and forced is not None and tokenizer.convert_ids_to_tokens(forced) == token
        labels = tokenizer(["The cat."], text_target=["Le chat."])["labels"][0]
        assert labels[0] == forced  # the labels carry the target language too
        translation = engine.translate(["The cat sleeps on the sofa."], "en", "fr")[0]
        assert "__" not in translation and "_Latn" not in translation  # language tags never leak into text
        scored = engine.score(["The cat sleeps."], ["Le chat dort."], "en", "fr")[0]
        assert scored and all(t.start <= t.end <= len("Le chat dort.") for t in scored)
        assert engine.multilingual("en", "fr") and engine.pair_warning("en", "fr") is None


def test_out_of_memory_halves_the_batch_and_retries(marian: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = HFTranslator(TranslatorConfig(model=str(marian), device="cpu", beams=1, batch_size=8, max_length=16))
    texts = [f"The cat sleeps {n} times on the sofa." for n in range(6)]
    expected = engine.translate(texts, "en", "fr")
    _, model, _ = engine._load("en", "fr")
    real = model.generate
    sizes: list[int] = []

    def generate(**kwargs: object) -> object:
        size = int(kwargs["input_ids"].shape[0])  # type: ignore[attr-defined]
        sizes.append(size)
        if size > 2:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return real(**kwargs)

    monkeypatch.setattr(model, "generate", generate)
    assert engine.translate(texts, "en", "fr") == expected
    assert sizes[:3] == [6, 4, 2] and max(sizes[3:]) <= 2  # 8 (6 left) → 4 → 2

    def always(**kwargs: object) -> object:
        raise torch.cuda.OutOfMemoryError("CUDA out of memory")

    monkeypatch.setattr(model, "generate", always)
    with pytest.raises(ModelError) as info:
        engine.translate(texts, "en", "fr")
    assert "\n" not in str(info.value) and "out of memory" in str(info.value)


class Counting(Translator):
    """A translator that counts its calls and returns empty outputs; device and precision settable."""

    engine = "counting"
    can_score = True
    calls = 0
    where: ClassVar[dict[str, str]] = {"device": "cpu", "precision": "float32"}

    def available(self, src: str, tgt: str) -> bool:
        return True

    def translate(self, texts: list[str], src: str, tgt: str) -> list[str]:
        Counting.calls += 1
        return ["" for _ in texts]

    def score(self, sources: list[str], targets: list[str], src: str, tgt: str) -> list[list[ForcedToken]]:
        Counting.calls += 1
        return [[ForcedToken(0, 3, -1.5, " cat", -0.5)] for _ in sources]

    def runtime(self) -> dict[str, str]:
        return dict(self.where)


def test_cache_keeps_empty_outputs_and_keys_device_and_precision(tmp_path: Path) -> None:
    cache = EvidenceCache(tmp_path)
    engine = Counting(TranslatorConfig())
    Counting.calls = 0
    assert cached_translate(engine, cache, ["Untranslatable."], "en", "fr") == {"Untranslatable.": ""}
    assert cached_translate(engine, cache, ["Untranslatable."], "en", "fr") == {"Untranslatable.": ""}
    assert Counting.calls == 1  # the empty output was cached
    first = cached_forced(engine, cache, ["Le chat."], ["The cat."], "fr", "en")
    assert cached_forced(engine, cache, ["Le chat."], ["The cat."], "fr", "en") == first and Counting.calls == 2
    engine.where = {"device": "cuda:1", "precision": "bfloat16"}
    assert cached_forced(engine, cache, ["Le chat."], ["The cat."], "fr", "en") == first and Counting.calls == 3  # a new key
    cache.close()


def test_device_and_precision_options(tmp_path: Path) -> None:
    bad = CliRunner().invoke(main, ["audit", str(ROOT / "fixtures" / "example-fr-en-news.txt"), "--device", "gpu"])
    assert bad.exit_code == 2 and "cuda:N" in bad.output
    assert hub.dtype_name("auto", "cuda:1") == "float16" and hub.dtype_name("auto", "cpu") == "float32"
    assert hub.dtype_name("bfloat16", "cuda") == "bfloat16"
    if not torch.cuda.is_available():
        with pytest.raises(ModelError):
            hub.torch_device("cuda:0")


def test_precision_loads_weights_in_that_dtype(marian: Path) -> None:
    engine = HFTranslator(TranslatorConfig(model=str(marian), device="cpu", precision="bfloat16"))
    _, model, _ = engine._load("en", "fr")
    assert next(model.parameters()).dtype == torch.bfloat16
    assert engine.runtime() == {"device": "cpu", "precision": "bfloat16"}


def test_one_pair_model_used_backwards_is_a_note(marian: Path, tmp_path: Path) -> None:
    folder = tmp_path / "opus-mt-fr-en"
    shutil.copytree(marian, folder)
    config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    (folder / "tokenizer_config.json").write_text(json.dumps({**config, "source_lang": "fr", "target_lang": "en"}), encoding="utf-8")
    engine = HFTranslator(TranslatorConfig(model=str(folder), device="cpu"))
    assert engine.pair_warning("fr", "en") is None
    warning = engine.pair_warning("en", "fr")
    assert warning is not None and "translates fr→en but is used for en→fr" in warning


def test_ctranslate2_converted_model_runs_without_torch(marian: Path, tmp_path: Path) -> None:
    pytest.importorskip("ctranslate2")
    converter = shutil.which("ct2-transformers-converter") or str(Path(sys.executable).parent / "ct2-transformers-converter")
    if not Path(converter).exists():
        pytest.skip("ct2-transformers-converter is not installed")
    out = tmp_path / "ct2"
    subprocess.run(
        [converter, "--model", str(marian), "--output_dir", str(out), "--quantization", "int8",
         "--copy_files", "source.spm", "target.spm", "vocab.json", "tokenizer_config.json"],
        check=True, capture_output=True, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )  # fmt: skip
    source, target = write_pair(tmp_path)
    # torch and transformers made unimportable: the engine must need neither
    code = (
        "import sys; sys.modules['torch'] = None; sys.modules['transformers'] = None\n"
        "from mtaudit.cli import main\n"
        f"main(['audit', {str(target)!r}, '--source', {str(source)!r}, '--source-lang', 'fr', '--target-lang', 'en', "
        f"'--translator', 'ctranslate2', '--translator-model', {str(out)!r}, '--no-cache', '--format', 'json'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    segments = report["documents"][0]["segments"]
    assert all("tm_forward" in s["scores"] and "tm_backward" in s["scores"] and s["backtranslation"] is not None for s in segments)
    assert report["settings"]["translator"] == "ctranslate2"


def test_lm_model_alone_turns_the_language_model_on(tmp_path: Path) -> None:
    from tests.tiny_models import build_gpt2

    gpt2 = build_gpt2(tmp_path, CORPUS, name="gpt2", bpe_vocab=400, n_positions=128, n_embd=32, n_layer=1, n_head=2)
    _, target = write_pair(tmp_path)
    report, _ = audit_json([str(target), "--target-lang", "en", "--lm-model", str(gpt2), "--cache-dir", str(tmp_path / "c")])
    assert report["settings"]["lm"] == "hf"
    assert all("lm_logprob" in s["scores"] for s in report["documents"][0]["segments"])
