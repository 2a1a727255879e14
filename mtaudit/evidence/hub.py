"""Finding transformers models on disk, downloading them only when allowed, picking a device.

Resolving a model is kept apart from loading it (as COMET does): `resolve()` only looks at the
file system and the Hugging Face cache, so a cache hit never loads torch, and a missing model is
a one-line `ModelError` that names `mtaudit models pull ID`. Nothing here enables
`trust_remote_code`.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Any

from mtaudit.errors import ModelError

# Files that a transformers model may need; the weights of other frameworks are never fetched.
IGNORE_PATTERNS = ["*.h5", "*.msgpack", "*.ot", "tf_model*", "flax_model*", "rust_model*", "*.onnx", "onnx/*", "*.tflite"]


@dataclass(frozen=True)
class Resolved:
    """A model found on disk: what to pass to `from_pretrained`, and its revision."""

    model_id: str
    location: str
    revision: str


def looks_like_path(model: str) -> bool:
    """True for "./m", "/abs/m", "~/m", "a/b/c": not a hub id ("name" or "owner/name")."""
    return model.startswith((".", "/", "~")) or model.count("/") > 1 or "\\" in model


def folder_revision(folder: str) -> str:
    """A digest of the file names, sizes and modification times of a local model folder."""
    digest = hashlib.sha1()
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            stat = os.stat(path)
            digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return "local-" + digest.hexdigest()[:16]


def pull_command(model: str) -> str:
    return f"mtaudit models pull {model}"


def resolve(model: str, allow_download: bool = False) -> Resolved:
    """Find `model` (a local folder or a hub id) without loading it; download only when allowed."""
    expanded = os.path.expanduser(model)
    if os.path.isdir(expanded):
        if not os.path.isfile(os.path.join(expanded, "config.json")):
            raise ModelError(f"{model} is not a model folder (no config.json); point to a folder written by save_pretrained")
        return Resolved(model, expanded, folder_revision(expanded))
    if looks_like_path(model):
        raise ModelError(f"model folder {model} does not exist")
    snapshot = cached_snapshot(model)
    if snapshot is None and allow_download:
        snapshot = download(model)
    if snapshot is None:
        raise ModelError(f"model {model} is not downloaded: run `{pull_command(model)}` (or pass --allow-download)")
    return Resolved(model, snapshot, os.path.basename(snapshot.rstrip(os.sep)))


def cached_snapshot(model: str) -> str | None:
    """The folder of `model` in the Hugging Face cache, or None when it is not there."""
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:  # pragma: no cover - huggingface_hub comes with transformers
        return None
    found = try_to_load_from_cache(model, "config.json")
    return os.path.dirname(found) if isinstance(found, str) else None


def download(model: str) -> str:
    """Download `model` into the Hugging Face cache (`mtaudit models pull`); returns its folder."""
    try:
        from huggingface_hub import snapshot_download
    except ImportError as exc:
        raise ModelError("downloading models needs transformers: pip install 'mtaudit[models]'") from exc
    try:
        return str(snapshot_download(model, ignore_patterns=IGNORE_PATTERNS))
    except Exception as exc:  # network, authentication, unknown repository
        raise ModelError(f"cannot download {model}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from exc


def import_transformers() -> Any:
    """`transformers`, or a one-line `ModelError` saying how to install it."""
    try:
        import torch  # noqa: F401
        import transformers
    except ImportError as exc:
        raise ModelError("the hf engines need torch and transformers: pip install 'mtaudit[models]'") from exc
    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()  # no "Loading weights" bars on stderr
    return transformers


def torch_device(device: str) -> str:
    """'cuda', 'cuda:N' or 'cpu' for `--device auto|cpu|cuda|cuda:N`."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda"):
        if not torch.cuda.is_available():
            raise ModelError(f"--device {device} given but torch sees no CUDA device; use --device cpu")
        index = device.partition(":")[2]
        if index and int(index) >= torch.cuda.device_count():
            raise ModelError(f"--device {device} given but torch sees {torch.cuda.device_count()} CUDA device(s)")
    return device


def dtype_name(precision: str, device: str) -> str:
    """The weights' dtype for `--precision auto|float32|float16|bfloat16` on `device`:
    auto is float16 on CUDA (what OPUS-MT and GPT-2 are run in there) and float32 on CPU, where
    half precision is slow or unsupported."""
    if precision == "auto":
        return "float16" if device.startswith("cuda") else "float32"
    return precision


def runtime(device: str, precision: str) -> dict[str, str]:
    """The device and dtype a transformers engine runs with: part of its cache key."""
    where = torch_device(device)
    return {"device": where, "precision": dtype_name(precision, where)}


def load_pretrained(resolved: Resolved, model_class: str, device: str, precision: str = "auto") -> tuple[Any, Any, str]:
    """Tokenizer, model and device for a resolved model, loaded the one way every hf engine does:
    from the local folder only, never running code from the model repository, in eval mode on
    `device` (`--device auto|cpu|cuda|cuda:N`), with the weights loaded directly in the dtype of
    `precision` (no float32 copy first). `model_class` names the transformers auto class
    ("AutoModelForSeq2SeqLM", "AutoModelForCausalLM")."""
    transformers = import_transformers()
    import torch

    where = torch_device(device)
    dtype = getattr(torch, dtype_name(precision, where))
    # transformers 5 calls the argument `dtype`; 4.x `torch_dtype`
    dtype_arg = "dtype" if int(transformers.__version__.split(".")[0]) >= 5 else "torch_dtype"
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(resolved.location, local_files_only=True, trust_remote_code=False)
        model = getattr(transformers, model_class).from_pretrained(
            resolved.location, local_files_only=True, trust_remote_code=False, **{dtype_arg: dtype}
        )
    except (OSError, ValueError, KeyError) as exc:
        raise load_error(resolved.model_id, exc) from exc
    model.eval().to(where)
    return tokenizer, model, where


def is_out_of_memory(exc: BaseException) -> bool:
    """True for a CUDA (or CPU allocator) out-of-memory error."""
    import torch

    return isinstance(exc, torch.cuda.OutOfMemoryError) or "out of memory" in str(exc).lower()


def halving(run: Any, items: list[Any], size: int) -> list[Any]:
    """`run(batch) -> list` over `items` in batches of `size`; on out-of-memory, empty the CUDA
    cache, halve the batch and retry, down to one item, then a one-line `ModelError`."""
    import torch

    out: list[Any] = []
    offset = 0
    while offset < len(items):
        batch = items[offset : offset + size]
        try:
            out.extend(run(batch))
        except (RuntimeError, MemoryError) as exc:
            if not is_out_of_memory(exc):
                raise
            if torch.cuda.is_available():
                torch.cuda.empty_cache()
            if size == 1:
                raise ModelError("out of memory even with a batch of one sentence; try --device cpu or --precision float16") from exc
            size = max(1, size // 2)
            continue
        offset += len(batch)
    return out


def load_error(model: str, exc: Exception) -> ModelError:
    """A one-line error for a model folder that transformers cannot load."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return ModelError(f"cannot load model {model}: {first[:200]}")
