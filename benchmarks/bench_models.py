"""Benchmark of the model-evidence engines (not a timed test; figures go to docs/model-evidence.md).

Models whose architecture matches real ones, randomly initialised (so speed and memory hold for
the real weights, not the outputs): OPUS-MT base (Marian, 6+6 layers, d_model 512, 58,101-token
vocabulary) and GPT-2 small (12 layers, d_model 768, 50,257 tokens). They are built here, saved
with `save_pretrained` into a temporary folder and loaded through the engines' own code path.
Every generated output is forced to a fixed length (`--length` tokens: minimum = maximum), so
random weights do not make the figures meaningless; forced-decoding scoring uses fixed targets
(the first words of each sentence). The same Marian model is converted with
`ct2-transformers-converter` and run with CTranslate2 int8 on CPU when ctranslate2 is installed.

Also: the `ngram` LM's speed, and on the MQM dev data whether `--lm ngram` improves
`score_spans.py` over the fast checks alone.

    python benchmarks/bench_models.py [--sentences 16] [--length 32] [--device cpu|cuda:N]
        [--precision auto|float16|bfloat16] [--mqm PATH] [--skip-models] [--skip-mqm]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root, for tests.tiny_models

from tests.tiny_models import build_gpt2, build_marian

SCORE = "/work/shared/eval/score_spans.py"
MQM = "/work/shared/data/mqm-ted-zhen-dev/segments.jsonl"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sentences_from(path: str, n: int) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            target = json.loads(line)["target"]
            if target not in out and 40 < len(target) < 200:
                out.append(target)
            if len(out) >= n:
                break
    return out


def timed(run: Callable[[], object]) -> float:
    """Seconds one call of `run` takes."""
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def bench_models(texts: list[str], device: str, beams: int, length: int, precision: str) -> dict[str, float]:
    """transformers Marian (generation batched and one at a time, forced-decoding scoring),
    CTranslate2 int8 (the same model converted), GPT-2 small scoring. Every generated output is
    forced to exactly `length` tokens (min = max new tokens), so random weights give the figures
    of real outputs of that length."""
    from mtaudit.evidence.lms.base import LMConfig
    from mtaudit.evidence.lms.hf import HFCausalLM
    from mtaudit.evidence.translators.base import TranslatorConfig
    from mtaudit.evidence.translators.hf import HFTranslator

    figures: dict[str, float] = {}
    references = [" ".join(t.split()[: max(4, length // 2)]) for t in texts]  # targets to score
    with tempfile.TemporaryDirectory() as tmp:
        # OPUS-MT base and GPT-2 small shapes (the vocabulary padded to OPUS-MT's 58,101 pieces)
        marian = build_marian(
            Path(tmp), texts * 5, name="opus-mt-shaped", d_model=512, layers=6, heads=8, ffn=2048, max_positions=512,
            pad_vocab_to=58100, vocab_size=400, hard_vocab_limit=False,
        )  # fmt: skip
        engine = HFTranslator(TranslatorConfig(model=str(marian), device=device, beams=beams, batch_size=16, max_length=length, precision=precision))
        figures["marian_cold_load_s"] = timed(lambda: engine._load("en", "de"))
        _, model, _ = engine._load("en", "de")
        model.generation_config.min_new_tokens = length  # every output exactly `length` tokens
        engine.translate(texts[:2], "en", "de")  # warm-up
        figures["hf_generate_batched_sent_per_s"] = len(texts) / timed(lambda: engine.translate(texts, "en", "de"))
        few = texts[: max(4, len(texts) // 4)]
        figures["hf_generate_one_by_one_sent_per_s"] = len(few) / timed(lambda: [engine.translate([t], "en", "de") for t in few])
        engine.score(texts[:2], references[:2], "en", "de")
        figures["hf_forced_scoring_batched_sent_per_s"] = len(texts) / timed(lambda: engine.score(texts, references, "en", "de"))
        figures["peak_rss_mb_after_marian"] = peak_mb()
        figures |= bench_ctranslate2(marian, Path(tmp), texts, references, beams, length)
        gpt2 = build_gpt2(Path(tmp), texts * 5, name="gpt2-small-shaped", bpe_vocab=2000, n_positions=1024, n_embd=768, n_layer=12, n_head=12, vocab_size=50257)
        lm = HFCausalLM(LMConfig(model=str(gpt2), device=device, batch_size=16, precision=precision))
        figures["gpt2_cold_load_s"] = timed(lm._load)
        lm.score(texts[:2], "en")
        many = texts * 4
        start = time.perf_counter()
        scored = lm.score(many, "en")
        elapsed = time.perf_counter() - start
        figures["gpt2_tokens_per_s"] = sum(len(s) for s in scored) / elapsed
        figures["gpt2_sent_per_s"] = len(many) / elapsed
        figures["peak_rss_mb_after_gpt2"] = peak_mb()
        if device.startswith("cuda"):
            import torch

            figures["cuda_peak_mb"] = torch.cuda.max_memory_allocated() / 2**20
    return figures


def bench_ctranslate2(marian: Path, tmp: Path, texts: list[str], references: list[str], beams: int, length: int) -> dict[str, float]:
    """The same Marian model converted with ct2-transformers-converter (int8) and run on CPU."""
    try:
        import ctranslate2  # noqa: F401
    except ImportError:
        return {}
    from mtaudit.evidence.translators.base import TranslatorConfig
    from mtaudit.evidence.translators.ctranslate2 import CT2Translator

    converter = shutil.which("ct2-transformers-converter") or str(Path(sys.executable).parent / "ct2-transformers-converter")
    out = tmp / "ct2"
    start = time.perf_counter()
    subprocess.run(
        [converter, "--model", str(marian), "--output_dir", str(out), "--quantization", "int8",
         "--copy_files", "source.spm", "target.spm", "vocab.json", "tokenizer_config.json"],
        check=True, capture_output=True,
    )  # fmt: skip
    figures = {"ct2_convert_s": time.perf_counter() - start}
    engine = CT2Translator(TranslatorConfig(model=str(out), device="cpu", beams=beams, batch_size=16, max_length=length))
    translator, tokenizer = engine._load("en", "de")
    before, _ = engine._framing(tokenizer, "en", "de")

    def generate(batch: list[str]) -> None:
        tokens = [engine._source_tokens(tokenizer, t, before) for t in batch]
        translator.translate_batch(tokens, beam_size=beams, max_batch_size=16, min_decoding_length=length, max_decoding_length=length)

    generate(texts[:2])
    figures["ct2_int8_generate_batched_sent_per_s"] = len(texts) / timed(lambda: generate(texts))
    few = texts[: max(4, len(texts) // 4)]
    figures["ct2_int8_generate_one_by_one_sent_per_s"] = len(few) / timed(lambda: [generate([t]) for t in few])
    figures["ct2_int8_forced_scoring_sent_per_s"] = len(texts) / timed(lambda: engine.score(texts, references, "en", "de"))
    figures["peak_rss_mb_after_ct2"] = peak_mb()
    return figures


def bench_ngram(texts: list[str]) -> dict[str, float]:
    from mtaudit.evidence.lms.base import LMConfig
    from mtaudit.evidence.lms.ngram import NgramLM

    lm = NgramLM(LMConfig())
    start = time.perf_counter()
    lm.score(texts[:1], "en")
    load = time.perf_counter() - start
    many = texts * 20
    start = time.perf_counter()
    scored = lm.score(many, "en")
    elapsed = time.perf_counter() - start
    return {"ngram_load_s": load, "ngram_tokens_per_s": sum(len(s) for s in scored) / elapsed}


def bench_mqm(path: str) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, extra in (("fast checks", []), ("fast + --lm ngram", ["--lm", "ngram"])):
            report = os.path.join(tmp, "r.json")
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "mtaudit", "audit", path, "--format", "json", "-o", report, *extra], check=True)
            seconds = time.perf_counter() - start
            scored = json.loads(subprocess.run([sys.executable, SCORE, path, report, "--json"], check=True, capture_output=True, text=True).stdout)
            keys = ("char_precision", "char_f1", "finding_precision", "findings", "fp_per_clean_segment", "kendall_tau", "pairwise_acc", "length_baseline_pairwise_acc")
            out[name] = {k: scored[k] for k in keys} | {"seconds": round(seconds, 1)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=16)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--length", type=int, default=32, help="tokens of every generated output")
    parser.add_argument("--precision", default="auto")
    parser.add_argument("--mqm", default=MQM)
    parser.add_argument("--skip-models", action="store_true")
    parser.add_argument("--skip-mqm", action="store_true")
    args = parser.parse_args()
    texts = sentences_from(args.mqm, args.sentences) if os.path.exists(args.mqm) else ["The minister resigned last night in Paris after a long meeting."] * args.sentences
    results: dict[str, object] = {"sentences": len(texts), "device": args.device, "beams": args.beams, "threads": __import__("torch").get_num_threads() if not args.skip_models else None}
    results |= bench_ngram(texts)
    if not args.skip_models:
        results |= bench_models(texts, args.device, args.beams, args.length, args.precision)
    if not args.skip_mqm and os.path.exists(args.mqm):
        results["mqm"] = bench_mqm(args.mqm)
    print(json.dumps({k: round(v, 2) if isinstance(v, float) else v for k, v in results.items()}, indent=1))


if __name__ == "__main__":
    main()
