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


def _m2m100_model(out: Path, vocab_size: int, d_model: int, layers: int, heads: int, ffn: int, max_positions: int) -> None:
    """A random M2M100ForConditionalGeneration (the architecture of M2M100 and NLLB-200) saved in `out`."""
    import torch
    import transformers

    torch.manual_seed(0)
    config = transformers.M2M100Config(
        vocab_size=vocab_size, d_model=d_model, encoder_layers=layers, decoder_layers=layers,
        encoder_attention_heads=heads, decoder_attention_heads=heads, encoder_ffn_dim=ffn, decoder_ffn_dim=ffn,
        max_position_embeddings=max_positions, pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2,
    )  # fmt: skip
    transformers.M2M100ForConditionalGeneration(config).save_pretrained(out)


def build_m2m100(folder: Path, corpus: list[str], *, name: str, vocab_size: int, d_model: int, layers: int, heads: int, ffn: int, max_positions: int) -> Path:
    """An M2M100 model (`__xx__` language tokens, SentencePiece tokenizer trained on `corpus`)."""
    import sentencepiece as spm
    import transformers

    text = folder / "corpus.txt"
    text.write_text("\n".join(corpus), encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(text), model_prefix=str(folder / "m2m"), model_type="unigram", vocab_size=vocab_size,
        character_coverage=1.0, bos_id=-1, eos_id=-1, unk_id=0, pad_id=-1, minloglevel=2,
    )  # fmt: skip
    processor = spm.SentencePieceProcessor(model_file=str(folder / "m2m.model"))
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for i in range(processor.get_piece_size()):
        vocab.setdefault(processor.id_to_piece(i), len(vocab))
    out = folder / name
    out.mkdir()
    (out / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    (out / "sentencepiece.bpe.model").write_bytes((folder / "m2m.model").read_bytes())
    tokenizer = transformers.M2M100Tokenizer(str(out / "vocab.json"), str(out / "sentencepiece.bpe.model"))
    size = max(len(tokenizer), max(tokenizer.lang_token_to_id.values()) + 1)
    _m2m100_model(out, size, d_model, layers, heads, ffn, max_positions)
    tokenizer.save_pretrained(out)
    return out


def build_nllb(folder: Path, corpus: list[str], *, name: str, bpe_vocab: int, d_model: int, layers: int, heads: int, ffn: int, max_positions: int) -> Path:
    """An NLLB-200-style model (`xxx_Latn` language codes, a BPE tokenizer trained on `corpus`)."""
    import transformers
    from tokenizers import SentencePieceBPETokenizer

    trainer = SentencePieceBPETokenizer()
    trainer.train_from_iterator(corpus, vocab_size=bpe_vocab, min_frequency=1, special_tokens=["<s>", "<pad>", "</s>", "<unk>"])
    model = json.loads(trainer.to_str())["model"]
    merges = [tuple(m) if isinstance(m, list) else tuple(m.split(" ")) for m in model["merges"]]
    tokenizer = transformers.NllbTokenizer(vocab=model["vocab"], merges=merges)
    out = folder / name
    out.mkdir()
    _m2m100_model(out, len(tokenizer), d_model, layers, heads, ffn, max_positions)
    tokenizer.save_pretrained(out)
    return out
