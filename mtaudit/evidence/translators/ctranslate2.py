"""The `ctranslate2` translator: Marian/M2M100/NLLB models converted for CTranslate2.

Needs neither torch nor transformers: `pip install 'mtaudit[ctranslate2]'` installs CTranslate2,
sentencepiece and tokenizers, and the tokenizer is read from the model folder itself. Convert a
model once, copying its tokenizer files beside the converted weights (as CTranslate2 documents):

    ct2-transformers-converter --model Helsinki-NLP/opus-mt-fr-en --output_dir opus-mt-fr-en-ct2 \
        --quantization int8 --copy_files source.spm target.spm vocab.json tokenizer_config.json

(M2M100: `sentencepiece.bpe.model`; NLLB: `tokenizer.json` or `sentencepiece.bpe.model`.)
`--translator-model` names that folder (or a template with `{src}`/`{tgt}`). Runs int8 on CPU and
float16 on CUDA (`--precision` picks another compute type). `score` is forced decoding with
`score_batch` (per-token log-probabilities; CTranslate2 does not return the model's alternatives,
so `tm.*` findings from this engine carry no suggestion).
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from mtaudit.errors import ModelError
from mtaudit.evidence import hub
from mtaudit.evidence.translators.base import NLLB_CODES, ForcedToken, Translator, TranslatorConfig

_LANGUAGE_TOKEN = re.compile(r"^(?:__[a-z]{2,3}__|[a-z]{3}_[A-Z][a-z]{3}|>>[a-z_]{2,8}<<)$")
EOS = "</s>"


class FolderTokenizer:
    """The tokenizer files of a converted model folder, read with sentencepiece or tokenizers:
    `source.spm`/`target.spm` (Marian), `sentencepiece.bpe.model` (M2M100, NLLB) or
    `tokenizer.json` (NLLB's fast tokenizer)."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._source: Any = None
        self._target: Any = None
        self._json: Any = None
        paths = {name: os.path.join(folder, name) for name in ("source.spm", "target.spm", "sentencepiece.bpe.model", "tokenizer.json")}
        if os.path.isfile(paths["source.spm"]):
            self._source, self._target = self._spm(paths["source.spm"]), self._spm(paths["target.spm"] if os.path.isfile(paths["target.spm"]) else paths["source.spm"])
        elif os.path.isfile(paths["sentencepiece.bpe.model"]):
            self._source = self._target = self._spm(paths["sentencepiece.bpe.model"])
        elif os.path.isfile(paths["tokenizer.json"]):
            try:
                from tokenizers import Tokenizer
            except ImportError as exc:
                raise ModelError("the ctranslate2 engine needs tokenizers for tokenizer.json: pip install 'mtaudit[ctranslate2]'") from exc
            self._json = Tokenizer.from_file(paths["tokenizer.json"])
        else:
            raise ModelError(
                f"{folder}: no tokenizer files (source.spm, sentencepiece.bpe.model or tokenizer.json); "
                "convert with ct2-transformers-converter --copy_files and the tokenizer's files"
            )
        self.vocabulary = self._vocabulary()

    @staticmethod
    def _spm(path: str) -> Any:
        try:
            import sentencepiece
        except ImportError as exc:
            raise ModelError("the ctranslate2 engine needs sentencepiece: pip install 'mtaudit[ctranslate2]'") from exc
        return sentencepiece.SentencePieceProcessor(model_file=path)

    def _vocabulary(self) -> set[str]:
        """The converted model's target vocabulary (to find language tokens)."""
        for name in ("shared_vocabulary.json", "target_vocabulary.json"):
            path = os.path.join(self.folder, name)
            if os.path.isfile(path):
                with open(path, encoding="utf-8") as handle:
                    return set(json.load(handle))
            if os.path.isfile(path.replace(".json", ".txt")):
                with open(path.replace(".json", ".txt"), encoding="utf-8") as handle:
                    return {line.rstrip("\n") for line in handle}
        return set()

    def encode(self, text: str, side: str) -> list[str]:
        """The pieces of `text` on the `side` ("source" or "target") without special tokens."""
        if self._json is not None:
            return list(self._json.encode(text, add_special_tokens=False).tokens)
        processor = self._source if side == "source" else self._target
        return list(processor.encode(text, out_type=str))

    def decode(self, pieces: list[str]) -> str:
        """Target pieces back to text, without special or language tokens."""
        kept = [p for p in pieces if p not in (EOS, "<s>", "<pad>", "<unk>") and not _LANGUAGE_TOKEN.match(p)]
        if self._json is not None:
            ids = [i for i in (self._json.token_to_id(p) for p in kept) if i is not None]
            return str(self._json.decode(ids)).strip()
        return str(self._target.decode_pieces(kept)).strip()


class CT2Translator(Translator):
    """CTranslate2 translation and forced-decoding scoring of a converted model folder."""

    engine = "ctranslate2"
    can_score = True

    def __init__(self, config: TranslatorConfig) -> None:
        super().__init__(config)
        self._loaded: dict[str, tuple[Any, FolderTokenizer]] = {}
        self._device: str | None = None

    def model_id(self, src: str, tgt: str) -> str:
        template = self.config.model or ""
        return template.format(src=src, tgt=tgt) if "{src}" in template or "{tgt}" in template else template

    def available(self, src: str, tgt: str) -> bool:
        folder = os.path.expanduser(self.model_id(src, tgt))
        return bool(folder) and os.path.isfile(os.path.join(folder, "model.bin"))

    def require(self, src: str, tgt: str) -> None:
        if not self.config.model:
            raise ModelError("--translator ctranslate2 needs --translator-model FOLDER (a model converted with ct2-transformers-converter)")
        if not self.available(src, tgt):
            raise ModelError(f"{self.model_id(src, tgt)} is not a CTranslate2 model folder (no model.bin); convert it with ct2-transformers-converter")

    def revision(self, src: str, tgt: str) -> str:
        return hub.folder_revision(os.path.expanduser(self.model_id(src, tgt)))

    def params(self) -> dict[str, Any]:
        return {"beams": self.config.beams, "max_length": self.config.max_length}

    def _ctranslate2(self) -> Any:
        try:
            import ctranslate2
        except ImportError as exc:
            raise ModelError("the ctranslate2 engine needs CTranslate2: pip install 'mtaudit[ctranslate2]'") from exc
        return ctranslate2

    def runtime(self) -> dict[str, str]:
        """"cuda"/"cuda:N" or "cpu", and the compute type (int8 on CPU, float16 on CUDA by default)."""
        if self._device is None:
            ctranslate2 = self._ctranslate2()
            wanted = self.config.device
            has_cuda = ctranslate2.get_cuda_device_count() > 0
            if wanted.startswith("cuda") and not has_cuda:
                raise ModelError(f"--device {wanted} given but CTranslate2 sees no CUDA device; use --device cpu")
            self._device = ("cuda" if has_cuda else "cpu") if wanted == "auto" else wanted
        precision = self.config.precision
        if precision == "auto":
            precision = "float16" if self._device.startswith("cuda") else "int8"
        return {"device": self._device, "precision": precision}

    def multilingual(self, src: str, tgt: str) -> bool:
        vocabulary = self._load(src, tgt)[1].vocabulary
        return any(token in vocabulary for token in (f"__{tgt}__", NLLB_CODES.get(tgt, "-"), f">>{tgt}<<"))

    def _load(self, src: str, tgt: str) -> tuple[Any, FolderTokenizer]:
        self.require(src, tgt)
        folder = os.path.expanduser(self.model_id(src, tgt))
        if folder not in self._loaded:
            ctranslate2 = self._ctranslate2()
            runtime = self.runtime()
            device, _, index = runtime["device"].partition(":")
            try:
                translator = ctranslate2.Translator(folder, device=device, device_index=int(index or 0), compute_type=runtime["precision"])
            except (RuntimeError, ValueError) as exc:
                raise hub.load_error(folder, exc) from exc
            self._loaded[folder] = (translator, FolderTokenizer(folder))
        return self._loaded[folder]

    def _framing(self, tokenizer: FolderTokenizer, src: str, tgt: str) -> tuple[list[str], list[str]]:
        """Tokens before the source pieces and the forced target prefix for `src`→`tgt`:
        M2M100 `__xx__`, NLLB `xxx_Latn`, multi-target Marian `>>xx<<`."""
        vocabulary = tokenizer.vocabulary
        if f"__{tgt}__" in vocabulary:
            return [f"__{src}__"], [f"__{tgt}__"]
        if NLLB_CODES.get(tgt, "-") in vocabulary:
            return [NLLB_CODES.get(src, src)], [NLLB_CODES[tgt]]
        if f">>{tgt}<<" in vocabulary:
            return [f">>{tgt}<<"], []
        return [], []

    def _source_tokens(self, tokenizer: FolderTokenizer, text: str, before: list[str]) -> list[str]:
        pieces = tokenizer.encode(text, "source")[: self.config.max_length - len(before) - 1]
        return before + pieces + [EOS]

    def translate(self, texts: list[str], src: str, tgt: str) -> list[str]:
        out = [""] * len(texts)
        todo = [i for i, text in enumerate(texts) if text.strip()]
        if not todo:
            return out
        translator, tokenizer = self._load(src, tgt)
        before, prefix = self._framing(tokenizer, src, tgt)
        batch = [self._source_tokens(tokenizer, texts[i], before) for i in todo]
        results = translator.translate_batch(
            batch,
            target_prefix=[list(prefix) for _ in batch] if prefix else None,
            beam_size=self.config.beams,
            max_batch_size=self.config.batch_size,
            batch_type="examples",
            max_decoding_length=self.config.max_length,
        )
        for i, result in zip(todo, results, strict=True):
            out[i] = tokenizer.decode(result.hypotheses[0])
        return out

    def score(self, sources: list[str], targets: list[str], src: str, tgt: str) -> list[list[ForcedToken]]:
        out: list[list[ForcedToken]] = [[] for _ in sources]
        todo = [i for i in range(len(sources)) if sources[i].strip() and targets[i].strip()]
        if not todo:
            return out
        translator, tokenizer = self._load(src, tgt)
        before, prefix = self._framing(tokenizer, src, tgt)
        source_batch = [self._source_tokens(tokenizer, sources[i], before) for i in todo]
        target_pieces = [tokenizer.encode(targets[i], "target")[: self.config.max_length - 2] for i in todo]
        results = translator.score_batch(source_batch, [prefix + pieces for pieces in target_pieces], max_batch_size=self.config.batch_size)
        for i, pieces, result in zip(todo, target_pieces, results, strict=True):
            logprobs = list(result.log_probs)[len(prefix) :]  # the forced language token is no choice
            spans = piece_spans(pieces, targets[i])
            spans.append((spans[-1][1], spans[-1][1]) if spans else (0, 0))  # the end of sentence
            out[i] = [ForcedToken(start, end, float(lp)) for (start, end), lp in zip(spans, logprobs, strict=False)]
        return out


def piece_spans(pieces: list[str], text: str) -> list[tuple[int, int]]:
    """Character offsets in `text` of SentencePiece-style pieces ("▁" marks a space), counting
    off the text's non-space characters; a piece with no characters is zero-width."""
    positions = [k for k, c in enumerate(text) if not c.isspace()]
    spans = []
    done = 0
    for piece in pieces:
        size = len(piece.replace("▁", "").replace(" ", "")) if not piece.startswith("<0x") else 0
        if size == 0 or done >= len(positions):
            point = positions[done - 1] + 1 if done else 0
            spans.append((point, point))
            continue
        last = min(len(positions), done + size)
        spans.append((positions[done], positions[last - 1] + 1))
        done = last
    return spans
