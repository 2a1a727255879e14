"""Random-weight Marian and GPT-2 models built from configs, with tokenizers trained on given
text, saved with `save_pretrained`: the tests build tiny ones, the benchmark real-sized ones
(benchmarks/bench_models.py). Loaded back through the engines' own code path, they need no
network. Imports torch, transformers and sentencepiece when called."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def build_marian(
    folder: Path,
    corpus: list[str],
    *,
    name: str,
    d_model: int,
    layers: int,
    heads: int,
    ffn: int,
    max_positions: int,
    pad_vocab_to: int = 0,
    **sentencepiece_options: Any,
) -> Path:
    """A Marian seq2seq model with a SentencePiece vocabulary trained on `corpus`, in `folder/name`.

    `pad_vocab_to` pads the vocabulary with pieces the tokenizer never produces, to give the
    embedding matrices a real model's size."""
    import sentencepiece as spm
    import torch
    import transformers

    text = folder / "corpus.txt"
    text.write_text("\n".join(corpus), encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(text), model_prefix=str(folder / "sp"), model_type="unigram",
        bos_id=-1, eos_id=-1, unk_id=0, pad_id=-1, minloglevel=2, **sentencepiece_options,
    )  # fmt: skip
    processor = spm.SentencePieceProcessor(model_file=str(folder / "sp.model"))
    vocab = {"</s>": 0, "<unk>": 1}
    for i in range(processor.get_piece_size()):
        vocab.setdefault(processor.id_to_piece(i), len(vocab))
    while len(vocab) < pad_vocab_to:
        vocab[f"▁filler{len(vocab)}"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    out = folder / name
    out.mkdir()
    for spm_name in ("source.spm", "target.spm"):
        (out / spm_name).write_bytes((folder / "sp.model").read_bytes())
    (out / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    tokenizer = transformers.MarianTokenizer(str(out / "source.spm"), str(out / "target.spm"), str(out / "vocab.json"))
    torch.manual_seed(0)
    config = transformers.MarianConfig(
        vocab_size=len(vocab), d_model=d_model, encoder_layers=layers, decoder_layers=layers,
        encoder_attention_heads=heads, decoder_attention_heads=heads, encoder_ffn_dim=ffn, decoder_ffn_dim=ffn,
        max_position_embeddings=max_positions, pad_token_id=vocab["<pad>"], decoder_start_token_id=vocab["<pad>"], eos_token_id=0,
    )  # fmt: skip
    transformers.MarianMTModel(config).save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def build_gpt2(
    folder: Path,
    corpus: list[str],
    *,
    name: str,
    bpe_vocab: int,
    n_positions: int,
    n_embd: int,
    n_layer: int,
    n_head: int,
    vocab_size: int = 0,
) -> Path:
    """A GPT-2 causal LM with a byte-level BPE tokenizer trained on `corpus`, in `folder/name`.
    `vocab_size` 0 means the tokenizer's own size."""
    import torch
    import transformers
    from tokenizers import ByteLevelBPETokenizer

    trainer = ByteLevelBPETokenizer(add_prefix_space=False, trim_offsets=True)
    trainer.train_from_iterator(corpus, vocab_size=bpe_vocab, min_frequency=1, special_tokens=["<|endoftext|>"])
    tokenizer = transformers.GPT2TokenizerFast(tokenizer_object=trainer, bos_token="<|endoftext|>", eos_token="<|endoftext|>", unk_token="<|endoftext|>")
    torch.manual_seed(0)
    config = transformers.GPT2Config(
        vocab_size=vocab_size or len(tokenizer), n_positions=n_positions, n_embd=n_embd, n_layer=n_layer, n_head=n_head, bos_token_id=0, eos_token_id=0
    )
    out = folder / name
    transformers.GPT2LMHeadModel(config).save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out
