"""The `hf` translator: transformers `AutoModelForSeq2SeqLM` + `AutoTokenizer`.

Marian / OPUS-MT models (one per language pair; the default id pattern is
`Helsinki-NLP/opus-mt-{src}-{tgt}`, and multi-target Marian models get their `>>xx<<` prefix),
and many-to-many models (M2M100 with `__xx__` language tokens, NLLB-200 with `xxx_Latn` codes).
Texts are sorted by length and translated in batches of texts with the same generation cap
(`generation_cap`: from each text's own length, so a text's translation never depends on its
batch); beam size and maximum length come from `TranslatorConfig`; weights are loaded directly in the `--precision` dtype (float16 on CUDA by
default); an out-of-memory error halves the batch and retries. `score` is forced decoding: the
given translation's tokens scored given the source in one forward pass with labels (no
generation), gathering only the log-probabilities needed. Models are loaded with
`local_files_only` unless downloads are allowed, and never with `trust_remote_code`.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from mtaudit.errors import ModelError
from mtaudit.evidence import hub
from mtaudit.evidence.translators.base import NLLB_CODES, ForcedToken, Translator, TranslatorConfig

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-{src}-{tgt}"

ISO3 = {"en": "eng", "fr": "fra", "de": "deu", "es": "spa", "it": "ita", "pt": "por", "nl": "nld", "ru": "rus", "zh": "zho", "ja": "jpn"}


class HFTranslator(Translator):
    """Seq2seq translation with transformers, batched and sorted by length."""

    engine = "hf"
    can_score = True

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

    def runtime(self) -> dict[str, str]:
        return hub.runtime(self.config.device, self.config.precision)

    def multilingual(self, src: str, tgt: str) -> bool:
        return _model_type(self._resolve(src, tgt).location) in MANY_TO_MANY

    def pair_warning(self, src: str, tgt: str) -> str | None:
        if self.multilingual(src, tgt):
            return None
        resolved = self._resolve(src, tgt)
        pair = declared_pair(resolved.model_id, resolved.location)
        if pair is None or pair == (src, tgt) or (pair[0] == src and pair[1] == "mul"):
            return None
        return f"hf: {resolved.model_id} translates {pair[0]}→{pair[1]} but is used for {src}→{tgt}; its evidence is unreliable (give a model for {src}→{tgt})"

    def _load(self, src: str, tgt: str) -> tuple[Any, Any, str]:
        resolved = self._resolve(src, tgt)
        if resolved.location in self._loaded:
            return self._loaded[resolved.location]
        self._loaded[resolved.location] = hub.load_pretrained(resolved, "AutoModelForSeq2SeqLM", self.config.device, self.config.precision)
        return self._loaded[resolved.location]

    def _batch_size(self, device: str) -> int:
        return max(1, self.config.batch_size * (4 if device.startswith("cuda") else 1))

    def translate(self, texts: list[str], src: str, tgt: str) -> list[str]:
        import torch

        out = [""] * len(texts)
        todo = [i for i, text in enumerate(texts) if text.strip()]
        if not todo:
            return out
        tokenizer, model, device = self._load(src, tgt)
        prefix, forced_bos = _language_setup(tokenizer, src, tgt)
        caps = {i: generation_cap(len(tokenizer(prefix + texts[i], truncation=True, max_length=self.config.max_length)["input_ids"]), self.config.max_length) for i in todo}
        todo.sort(key=lambda i: (caps[i], len(texts[i])))

        def run(batch: list[int]) -> list[str]:
            encoded = tokenizer([prefix + texts[i] for i in batch], return_tensors="pt", padding=True, truncation=True, max_length=self.config.max_length)
            encoded = {key: value.to(device) for key, value in encoded.items()}
            kwargs: dict[str, Any] = {"num_beams": self.config.beams, "max_new_tokens": caps[batch[0]]}
            if forced_bos is not None:
                kwargs["forced_bos_token_id"] = forced_bos
            with torch.inference_mode():
                generated = model.generate(**encoded, **kwargs)
            return [decode_output(tokenizer, [int(t) for t in row]) for row in generated.tolist()]

        for cap in dict.fromkeys(caps[i] for i in todo):  # one generation length per batch
            group = [i for i in todo if caps[i] == cap]
            for i, text in zip(group, hub.halving(run, group, self._batch_size(device)), strict=True):
                out[i] = text
        return out

    def score(self, sources: list[str], targets: list[str], src: str, tgt: str) -> list[list[ForcedToken]]:
        import torch

        out: list[list[ForcedToken]] = [[] for _ in sources]
        todo = [i for i in range(len(sources)) if sources[i].strip() and targets[i].strip()]
        if not todo:
            return out
        tokenizer, model, device = self._load(src, tgt)
        prefix, forced_bos = _language_setup(tokenizer, src, tgt)
        special = set(tokenizer.all_special_ids)
        pad = tokenizer.pad_token_id
        todo.sort(key=lambda i: len(sources[i]) + len(targets[i]))

        def run(batch: list[int]) -> list[list[ForcedToken]]:
            encoded = tokenizer(
                [prefix + sources[i] for i in batch], text_target=[targets[i] for i in batch],
                return_tensors="pt", padding=True, truncation=True, max_length=self.config.max_length,
            )  # fmt: skip
            labels = encoded.pop("labels")
            labels = labels.masked_fill(labels == pad, -100) if pad is not None else labels
            inputs = {key: value.to(device) for key, value in encoded.items()}
            with torch.inference_mode():
                logits = model(**inputs, labels=labels.to(device)).logits.float()
                gold = labels.clamp(min=0).to(device)
                partition = torch.logsumexp(logits, dim=-1)
                picked = (logits.gather(2, gold.unsqueeze(-1)).squeeze(-1) - partition).cpu().tolist()
                best_logit, best_id = logits.max(dim=-1)
                best_lp = (best_logit - partition).cpu().tolist()
                best_ids = best_id.cpu().tolist()
            results = []
            for r, i in enumerate(batch):
                ids = [int(t) for t in labels[r].tolist()]
                rows = [(k, t) for k, t in enumerate(ids) if t != -100 and t != forced_bos]  # the forced language token is no choice
                spans = token_spans(tokenizer, [t for _, t in rows], targets[i], special)
                tokens = []
                for (k, t), (start, end) in zip(rows, spans, strict=True):
                    choice = best_ids[r][k]
                    alternative = "" if choice in special or choice == t or is_language_token(tokenizer, choice) else piece_text(tokenizer, choice)
                    tokens.append(ForcedToken(start, end, picked[r][k], alternative, best_lp[r][k]))
                results.append(tokens)
            return results

        for i, tokens in zip(todo, hub.halving(run, todo, self._batch_size(device)), strict=True):
            out[i] = tokens
        return out


LENGTH_STEP = 8


def generation_cap(tokens: int, max_length: int) -> int:
    """The most tokens generated for a text of `tokens` input tokens: 1.5 × its length rounded up
    to a multiple of `LENGTH_STEP`, + 10, at most `max_length`. It depends on the text alone,
    never on the texts batched with it (texts are batched by cap), so a sentence gets the same
    translation in any batch: among its document's sentences, alone, or merged with other
    requests' by `mtaudit serve`."""
    rounded = -(-tokens // LENGTH_STEP) * LENGTH_STEP
    return min(max_length, int(rounded * 1.5) + 10)


MANY_TO_MANY = frozenset({"m2m_100", "nllb-moe", "mbart"})
_OPUS_PAIR = re.compile(r"opus-mt-(?:tc-(?:big|base)-)?([a-z]{2,3})-([a-z]{2,3})(?![a-z])")


def _model_type(folder: str) -> str:
    """`model_type` of a model folder's config.json ("" when unreadable)."""
    try:
        with open(os.path.join(folder, "config.json"), encoding="utf-8") as handle:
            return str(json.load(handle).get("model_type", ""))
    except (OSError, ValueError, AttributeError):
        return ""


def declared_pair(model_id: str, folder: str) -> tuple[str, str] | None:
    """The language pair a one-pair model says it translates: `source_lang`/`target_lang` in its
    tokenizer_config.json, else an OPUS-MT name ("Helsinki-NLP/opus-mt-fr-en"), else None."""
    try:
        with open(os.path.join(folder, "tokenizer_config.json"), encoding="utf-8") as handle:
            config = json.load(handle)
        if isinstance(config, dict) and isinstance(config.get("source_lang"), str) and isinstance(config.get("target_lang"), str):
            return config["source_lang"], config["target_lang"]
    except (OSError, ValueError):
        pass
    match = _OPUS_PAIR.search(model_id.lower())
    return (match.group(1), match.group(2)) if match else None


_LANGUAGE_TOKEN = re.compile(r"^(?:__[a-z]{2,3}__|[a-z]{3}_[A-Z][a-z]{3}|>>[a-z_]{2,8}<<)$")


def is_language_token(tokenizer: Any, token_id: int) -> bool:
    """True for a language tag ("__fr__", "fra_Latn", ">>fr<<"): never a word of the text."""
    return bool(_LANGUAGE_TOKEN.match(str(tokenizer.convert_ids_to_tokens(token_id))))


def decode_output(tokenizer: Any, ids: list[int]) -> str:
    """A generated translation as text, without special tokens or language tags (transformers 5
    no longer counts M2M100's `__xx__` tokens as special, so `skip_special_tokens` keeps them)."""
    return str(tokenizer.decode([t for t in ids if not is_language_token(tokenizer, t)], skip_special_tokens=True)).strip()


def piece_text(tokenizer: Any, token_id: int) -> str:
    """A vocabulary entry as text, with a leading space when it starts a word ("▁le" → " le")."""
    piece = str(tokenizer.convert_ids_to_tokens(token_id))
    starts_word = piece.startswith(("▁", "Ġ"))
    text = tokenizer.convert_tokens_to_string([piece]).strip()
    return (" " + text) if starts_word and text else text


def token_spans(tokenizer: Any, ids: list[int], target: str, special: set[int]) -> list[tuple[int, int]]:
    """Character offsets in `target` of each token of `ids` (zero-width for special tokens):
    the target's non-space characters are counted off against each prefix of the decoded tokens,
    which works for every tokenizer, slow (SentencePiece) or fast."""
    positions = [k for k, c in enumerate(target) if not c.isspace()]
    spans = []
    done = 0
    for n, token_id in enumerate(ids):
        if token_id in special:
            point = positions[done - 1] + 1 if done else 0
            spans.append((point, point))
            continue
        decoded = tokenizer.decode([t for t in ids[: n + 1] if t not in special], skip_special_tokens=True)
        count = min(len(positions), sum(not c.isspace() for c in decoded))
        if count <= done:
            point = positions[done - 1] + 1 if done else 0
            spans.append((point, point))
            continue
        spans.append((positions[done], positions[count - 1] + 1))
        done = count
    return spans


def _language_setup(tokenizer: Any, src: str, tgt: str) -> tuple[str, int | None]:
    """The text prefix (multi-target Marian) and forced first token (M2M100, NLLB) for `src`→`tgt`.

    Language tokens are looked up with `convert_tokens_to_ids` (transformers 5 keeps M2M100's
    language tokens out of `get_vocab()`), and the tokenizer's `src_lang`/`tgt_lang` are set so
    that encoding and labels carry them."""
    unknown = tokenizer.unk_token_id
    for candidate in (f"__{tgt}__", NLLB_CODES.get(tgt, "")):
        if not candidate:
            continue
        token_id = _token_id(tokenizer, candidate)
        if token_id is None or token_id == unknown:
            continue
        src_code = src if candidate.startswith("__") else NLLB_CODES.get(src, src)
        for attribute, value in (("src_lang", src_code), ("tgt_lang", tgt if candidate.startswith("__") else candidate)):
            if hasattr(tokenizer, attribute):
                try:
                    setattr(tokenizer, attribute, value)
                except (KeyError, ValueError, AttributeError) as exc:
                    raise ModelError(f"the model does not know language {value!r}") from exc
        return "", token_id
    vocab = tokenizer.get_vocab()
    for candidate in (f">>{tgt}<<", f">>{ISO3.get(tgt, tgt)}<<"):
        if candidate in vocab:
            return candidate + " ", None
    return "", None


def _token_id(tokenizer: Any, token: str) -> int | None:
    """The id of `token` when the tokenizer knows it as one token, else None."""
    get_lang_id = getattr(tokenizer, "get_lang_id", None)
    if get_lang_id is not None and token.startswith("__") and token.endswith("__"):
        try:
            return int(get_lang_id(token[2:-2]))
        except (KeyError, ValueError, TypeError):
            return None
    try:
        token_id = tokenizer.convert_tokens_to_ids(token)
    except (KeyError, ValueError, TypeError):
        return None
    return int(token_id) if isinstance(token_id, int) else None
