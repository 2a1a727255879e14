"""Model evidence: back-translation, round trips, language-model scores, and the findings they give.

`gather.gather_evidence()` is what `mtaudit.pipeline.audit` calls when `--deep`, `--translator`,
`--backtranslations` or `--lm` asks for evidence. It

1. resolves the engines (defaults below), failing early with a one-line `ModelError` when an
   engine that was asked for by name cannot run;
2. batches all texts of all documents per language direction, looks them up in the on-disk
   cache and sends only the misses to the engine;
3. fills each `Segment` (`backtranslation`, `scores`, `token_surprisal`) and turns the evidence
   into findings (`mtaudit.evidence.findings`, rules in `mtaudit.evidence.rules`).

Defaults under `--deep` alone:

- translator: `hf` with OPUS-MT (`Helsinki-NLP/opus-mt-{src}-{tgt}`) when those models are in the
  local Hugging Face cache, else `apertium` when an installed Apertium pair serves the language
  pair, else no back-translation, with a note on standard error that says which model to pull.
  (Naming an engine, `--translator hf`, turns a missing model into a one-line error instead.)
  With a source the target is translated back into the source language and the source forward
  into the target language; without one each sentence makes a round trip through a pivot
  language (the given `--source-lang`, else the engine's first pivot: de/fr/es for English,
  English otherwise).
- language model: `ngram` (needs no download). `--lm-model` alone implies `--lm hf`,
  `--translator-model` alone implies `--translator hf`, `--backtranslations` alone implies
  `--translator precomputed`; `none` switches one off.

torch and transformers are imported only inside the `hf` and `ctranslate2` engines, when used.
"""
