"""The `hf` translator: transformers `AutoModelForSeq2SeqLM` + `AutoTokenizer`.

Marian / OPUS-MT models (one per language pair; the default id pattern is
`Helsinki-NLP/opus-mt-{src}-{tgt}`, and multi-target Marian models get their `>>xx<<` prefix),
and many-to-many models (M2M100 with `__xx__` language tokens, NLLB-200 with `xxx_Latn` codes).
Texts are sorted by length and translated in batches; beam size and maximum length come from
`TranslatorConfig`; half precision on CUDA. Models are loaded with `local_files_only` unless
downloads are allowed, and never with `trust_remote_code`.
"""

from __future__ import annotations

from typing import Any

from mtaudit.errors import ModelError
from mtaudit.evidence import hub
from mtaudit.evidence.translators.base import Translator, TranslatorConfig

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-{src}-{tgt}"

# ISO 639-1 → NLLB-200 codes for the languages most often audited.
NLLB_CODES = {
    "ar": "arb_Arab", "bg": "bul_Cyrl", "ca": "cat_Latn", "cs": "ces_Latn", "da": "dan_Latn", "de": "deu_Latn",
    "el": "ell_Grek", "en": "eng_Latn", "es": "spa_Latn", "et": "est_Latn", "fi": "fin_Latn", "fr": "fra_Latn",
    "he": "heb_Hebr", "hi": "hin_Deva", "hu": "hun_Latn", "id": "ind_Latn", "it": "ita_Latn", "ja": "jpn_Jpan",
    "ko": "kor_Hang", "lt": "lit_Latn", "lv": "lvs_Latn", "nl": "nld_Latn", "no": "nob_Latn", "pl": "pol_Latn",
    "pt": "por_Latn", "ro": "ron_Latn", "ru": "rus_Cyrl", "sk": "slk_Latn", "sl": "slv_Latn", "sv": "swe_Latn",
    "tr": "tur_Latn", "uk": "ukr_Cyrl", "vi": "vie_Latn", "zh": "zho_Hans",
}
ISO3 = {"en": "eng", "fr": "fra", "de": "deu", "es": "spa", "it": "ita", "pt": "por", "nl": "nld", "ru": "rus", "zh": "zho", "ja": "jpn"}


class HFTranslator(Translator):
    """Seq2seq translation with transformers, batched and sorted by length."""

    engine = "hf"

    def __init__(self, config: TranslatorConfig) -> None:
        super().__init__(config)
        self._resolved: dict[str, hub.Resolved] = {}
        self._loaded: dict[str, tuple[Any, Any, str]] = {}

    def model_id(self, src: str, tgt: str) -> str:
        template = self.config.model or DEFAULT_MODEL
        return template.format(src=src, tgt=tgt) if "{src}" in template or "{tgt}" in template else template

    def _resolve(self, src: str, tgt: str) -> hub.Resolved:
        model = self.model_id(src, tgt)
        if model not in self._resolved:
            self._resolved[model] = hub.resolve(model, self.config.allow_download)
        return self._resolved[model]

    def available(self, src: str, tgt: str) -> bool:
        try:
            self._resolve(src, tgt)
        except ModelError:
            return False
        return True

    def require(self, src: str, tgt: str) -> None:
        self._resolve(src, tgt)

    def revision(self, src: str, tgt: str) -> str:
        return self._resolve(src, tgt).revision

    def params(self) -> dict[str, Any]:
        return {"beams": self.config.beams, "max_length": self.config.max_length}

    def _load(self, src: str, tgt: str) -> tuple[Any, Any, str]:
        resolved = self._resolve(src, tgt)
        if resolved.location in self._loaded:
            return self._loaded[resolved.location]
        self._loaded[resolved.location] = hub.load_pretrained(resolved, "AutoModelForSeq2SeqLM", self.config.device)
        return self._loaded[resolved.location]

    def translate(self, texts: list[str], src: str, tgt: str) -> list[str]:
        import torch

        out = [""] * len(texts)
        todo = [i for i, text in enumerate(texts) if text.strip()]
        if not todo:
            return out
        tokenizer, model, device = self._load(src, tgt)
        prefix, forced_bos = _language_setup(tokenizer, src, tgt)
        todo.sort(key=lambda i: len(texts[i]))
        size = max(1, self.config.batch_size * (4 if device == "cuda" else 1))
        for offset in range(0, len(todo), size):
            batch = todo[offset : offset + size]
            encoded = tokenizer([prefix + texts[i] for i in batch], return_tensors="pt", padding=True, truncation=True, max_length=self.config.max_length)
            encoded = {key: value.to(device) for key, value in encoded.items()}
            length = int(encoded["input_ids"].shape[1])
            kwargs: dict[str, Any] = {
                "num_beams": self.config.beams,
                "max_new_tokens": min(self.config.max_length, int(length * 1.5) + 10),
            }
            if forced_bos is not None:
                kwargs["forced_bos_token_id"] = forced_bos
            with torch.inference_mode():
                generated = model.generate(**encoded, **kwargs)
            for i, text in zip(batch, tokenizer.batch_decode(generated, skip_special_tokens=True), strict=True):
                out[i] = text.strip()
        return out


def _language_setup(tokenizer: Any, src: str, tgt: str) -> tuple[str, int | None]:
    """The text prefix (multi-target Marian) and forced first token (M2M100, NLLB) for `src`→`tgt`."""
    vocab = tokenizer.get_vocab()
    for candidate in (f"__{tgt}__", NLLB_CODES.get(tgt, "")):
        if candidate and candidate in vocab:
            if hasattr(tokenizer, "src_lang"):
                src_code = src if candidate.startswith("__") else NLLB_CODES.get(src, src)
                try:
                    tokenizer.src_lang = src_code
                except (KeyError, ValueError, AttributeError) as exc:
                    raise ModelError(f"the model does not know source language {src!r}") from exc
            return "", int(vocab[candidate])
    for candidate in (f">>{tgt}<<", f">>{ISO3.get(tgt, tgt)}<<"):
        if candidate in vocab:
            return candidate + " ", None
    return "", None
