"""Model evidence: back-translation, round trips and language-model scores, as data.

`gather.gather_evidence()` is what `mtaudit.pipeline.audit` calls when `--deep`, `--translator`,
`--backtranslations` or `--lm` asks for evidence. It

1. resolves the engines (defaults below), failing early with a one-line `ModelError` when an
   engine that was asked for by name cannot run;
2. batches all texts of all documents per language direction, looks them up in the on-disk
   cache and sends only the misses to the engine;
3. returns one `Evidence` record per document (`mtaudit.evidence.data`), which the pipeline
   attaches to the document's context (`ctx.evidence`), the engines used, and notes on what it
   skipped. The `bt.*` and `lm.*` checks (`mtaudit.checks.backtranslation`,
   `mtaudit.checks.surprisal`) turn it into findings, `mtaudit.rank` re-ranks suggestions with
   the LM, and the report's segments show it (`backtranslation`, `scores`, `token_surprisal`).

Defaults under `--deep` alone:

- translator: `hf` with OPUS-MT (`Helsinki-NLP/opus-mt-{src}-{tgt}`) when those models are in the
  local Hugging Face cache, else `apertium` when an installed Apertium pair serves the language
  pair, else no back-translation, with a note (in the result; the CLI prints it on standard error)
  that says which model to pull.
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
