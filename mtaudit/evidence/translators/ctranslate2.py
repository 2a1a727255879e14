"""The `ctranslate2` translator: the same Marian/M2M100/NLLB models converted for CTranslate2.

Install with `pip install 'mtaudit[ctranslate2]'` and convert a model once, keeping its tokenizer
files in the same folder:

    ct2-transformers-converter --model Helsinki-NLP/opus-mt-fr-en --output_dir opus-mt-fr-en-ct2 \
        --copy_files source.spm target.spm vocab.json tokenizer_config.json

`--translator-model` names that folder (or a template with `{src}`/`{tgt}`). Runs int8 on CPU and
float16 on CUDA. The tokenizer is loaded with transformers (`local_files_only`).
"""

from __future__ import annotations

import os
from typing import Any

from mtaudit.errors import ModelError
from mtaudit.evidence import hub
from mtaudit.evidence.translators.base import Translator, TranslatorConfig
from mtaudit.evidence.translators.hf import _language_setup


class CT2Translator(Translator):
    """CTranslate2 translation of a converted model folder."""

    engine = "ctranslate2"

    def __init__(self, config: TranslatorConfig) -> None:
        super().__init__(config)
        self._loaded: dict[str, tuple[Any, Any]] = {}

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
        return {"beams": self.config.beams, "max_length": self.config.max_length, "compute": "int8|float16"}

    def _load(self, src: str, tgt: str) -> tuple[Any, Any]:
        self.require(src, tgt)
        folder = os.path.expanduser(self.model_id(src, tgt))
        if folder not in self._loaded:
            try:
                import ctranslate2
            except ImportError as exc:
                raise ModelError("the ctranslate2 engine needs CTranslate2: pip install 'mtaudit[ctranslate2]'") from exc
            transformers = hub.import_transformers()
            device = "cuda" if self.config.device in ("auto", "cuda") and ctranslate2.get_cuda_device_count() > 0 else "cpu"
            if self.config.device == "cuda" and device != "cuda":
                raise ModelError("--device cuda given but CTranslate2 sees no CUDA device; use --device cpu")
            compute = "float16" if device == "cuda" else "int8"
            translator = ctranslate2.Translator(folder, device=device, compute_type=compute)
            tokenizer = transformers.AutoTokenizer.from_pretrained(folder, local_files_only=True, trust_remote_code=False)
            self._loaded[folder] = (translator, tokenizer)
        return self._loaded[folder]

    def translate(self, texts: list[str], src: str, tgt: str) -> list[str]:
        out = [""] * len(texts)
        todo = [i for i, text in enumerate(texts) if text.strip()]
        if not todo:
            return out
        translator, tokenizer = self._load(src, tgt)
        prefix, forced_bos = _language_setup(tokenizer, src, tgt)
        batch = [tokenizer.convert_ids_to_tokens(tokenizer.encode(prefix + texts[i], truncation=True, max_length=self.config.max_length)) for i in todo]
        target_prefix = [[tokenizer.convert_ids_to_tokens(forced_bos)]] * len(batch) if forced_bos is not None else None
        results = translator.translate_batch(
            batch,
            target_prefix=target_prefix,
            beam_size=self.config.beams,
            max_batch_size=self.config.batch_size,
            batch_type="examples",
            max_decoding_length=self.config.max_length,
        )
        for i, result in zip(todo, results, strict=True):
            tokens = result.hypotheses[0]
            if forced_bos is not None and tokens:
                tokens = tokens[1:]
            out[i] = tokenizer.decode(tokenizer.convert_tokens_to_ids(tokens), skip_special_tokens=True).strip()
        return out
