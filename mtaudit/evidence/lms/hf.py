"""The `hf` language model: any transformers `AutoModelForCausalLM` (GPT-2 family for English).

`--lm hf --lm-model ID_OR_PATH`; the default is `gpt2` for English and `bigscience/bloom-560m`
for other languages (a multilingual causal model of 46 languages). Texts are scored in batches
sorted by length; every token gets log P(token | preceding tokens), the first token conditioned
on the BOS token when the tokenizer has one. Offsets come from the fast tokenizer's
`offset_mapping`, trimmed of the leading space that byte-level BPE tokens carry.
"""

from __future__ import annotations

from typing import Any

from mtaudit.evidence import hub
from mtaudit.evidence.lms.base import LanguageModel, LMConfig, TokenScore

DEFAULT_MODELS = {"en": "gpt2"}
MULTILINGUAL_DEFAULT = "bigscience/bloom-560m"


def default_model(lang: str) -> str:
    return DEFAULT_MODELS.get(lang, MULTILINGUAL_DEFAULT)


class HFCausalLM(LanguageModel):
    """Causal-LM token log-probabilities with transformers."""

    engine = "hf"

    def __init__(self, config: LMConfig) -> None:
        super().__init__(config)
        self._resolved: hub.Resolved | None = None
        self._loaded: tuple[Any, Any, str] | None = None
        self._lang = "en"

    def model_id(self) -> str:
        return self.config.model or default_model(self._lang)

    def require(self, lang: str) -> None:
        self._lang = lang
        self._resolve()

    def _resolve(self) -> hub.Resolved:
        if self._resolved is None:
            self._resolved = hub.resolve(self.model_id(), self.config.allow_download)
        return self._resolved

    def revision(self) -> str:
        return self._resolve().revision

    def params(self) -> dict[str, Any]:
        return {"max_length": self.config.max_length}

    def runtime(self) -> dict[str, str]:
        return hub.runtime(self.config.device, self.config.precision)

    def _load(self) -> tuple[Any, Any, str]:
        if self._loaded is None:
            resolved = self._resolve()
            tokenizer, model, device = hub.load_pretrained(resolved, "AutoModelForCausalLM", self.config.device, self.config.precision)
            if not getattr(tokenizer, "is_fast", False):
                raise hub.load_error(resolved.model_id, ValueError("the hf LM engine needs a fast tokenizer (tokenizer.json) for offsets"))
            self._loaded = (tokenizer, model, device)
        return self._loaded

    def score(self, texts: list[str], lang: str) -> list[list[TokenScore]]:
        import torch

        out: list[list[TokenScore]] = [[] for _ in texts]
        todo = [i for i, text in enumerate(texts) if text.strip()]
        if not todo:
            return out
        tokenizer, model, device = self._load()
        bos = tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.eos_token_id
        pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else (bos if bos is not None else 0)
        todo.sort(key=lambda i: len(texts[i]))
        size = max(1, self.config.batch_size * (4 if device.startswith("cuda") else 1))

        def run(batch: list[int]) -> list[list[TokenScore]]:
            encoded = [tokenizer(texts[i], add_special_tokens=False, return_offsets_mapping=True, truncation=True, max_length=self.config.max_length - 1) for i in batch]
            rows = [([bos] if bos is not None else []) + list(e["input_ids"]) for e in encoded]
            width = max(len(r) for r in rows)
            ids = torch.full((len(rows), width), pad, dtype=torch.long)
            mask = torch.zeros((len(rows), width), dtype=torch.long)
            for r, row in enumerate(rows):
                ids[r, : len(row)] = torch.tensor(row, dtype=torch.long)
                mask[r, : len(row)] = 1
            with torch.inference_mode():
                logits = model(input_ids=ids.to(device), attention_mask=mask.to(device)).logits[:, :-1, :].float()
                targets = ids[:, 1:].to(device)
                # only the needed log-probabilities: the token's logit less the log partition
                picked = (logits.gather(2, targets.unsqueeze(-1)).squeeze(-1) - torch.logsumexp(logits, dim=-1)).cpu().tolist()
            shift = 1 if bos is not None else 0
            results = []
            for r, (i, enc) in enumerate(zip(batch, encoded, strict=True)):
                text = texts[i]
                scores: list[TokenScore] = []
                for t, (start, end) in enumerate(enc["offset_mapping"]):
                    position = t + shift - 1  # logprob of token t is predicted at position t+shift-1
                    if position < 0:
                        continue
                    while start < end and text[start].isspace():
                        start += 1
                    if start >= end:
                        if scores:  # a whitespace-only token: fold it into the previous token
                            last = scores[-1]
                            scores[-1] = TokenScore(last.start, last.end, last.logprob + picked[r][position])
                        continue
                    scores.append(TokenScore(start, end, picked[r][position]))
                results.append(scores)
            return results

        for i, scores in zip(todo, hub.halving(run, todo, size), strict=True):
            out[i] = scores
        return out
