"""The `apertium` translator: Debian's rule-based Apertium engine through its command line.

`apt-get install apertium apertium-eng-spa` gives English↔Spanish; every installed mode
(`/usr/share/apertium/modes/*.mode`, or `$APERTIUM_MODES`) is usable. It runs offline and is
deterministic, which makes it the engine of the end-to-end tests. Texts are sent in one call per
language pair, separated by blank lines (Apertium keeps paragraphs); unknown-word marks are
removed (`-u`).
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
from typing import Any

from mtaudit.errors import ModelError
from mtaudit.evidence.translators.base import Translator

MODE_DIRS = ("/usr/share/apertium/modes", "/usr/local/share/apertium/modes")
ISO3 = {
    "en": "eng", "es": "spa", "fr": "fra", "ca": "cat", "pt": "por", "it": "ita", "gl": "glg", "oc": "oci", "ro": "ron",
    "eu": "eus", "de": "deu", "nl": "nld", "da": "dan", "sv": "swe", "nb": "nob", "nn": "nno", "is": "isl", "eo": "epo",
}


def mode_dirs() -> list[str]:
    extra = [d for d in os.environ.get("APERTIUM_MODES", "").split(os.pathsep) if d]
    return extra + list(MODE_DIRS)


def installed_modes() -> dict[str, str]:
    """Installed Apertium modes by name ("eng-spa") → mode file."""
    modes: dict[str, str] = {}
    for directory in mode_dirs():
        for path in sorted(glob.glob(os.path.join(directory, "*.mode"))):
            modes.setdefault(os.path.basename(path)[: -len(".mode")], path)
    return modes


def mode_name(src: str, tgt: str) -> str | None:
    """The installed mode for `src`→`tgt` (ISO 639-1 or -3 codes), or None."""
    modes = installed_modes()
    for a in (ISO3.get(src, src), src):
        for b in (ISO3.get(tgt, tgt), tgt):
            if f"{a}-{b}" in modes:
                return f"{a}-{b}"
    return None


class ApertiumTranslator(Translator):
    """Apertium, one subprocess per batch."""

    engine = "apertium"

    def available(self, src: str, tgt: str) -> bool:
        return shutil.which("apertium") is not None and mode_name(src, tgt) is not None

    def require(self, src: str, tgt: str) -> None:
        if shutil.which("apertium") is None:
            raise ModelError("the apertium engine needs the `apertium` command: apt-get install apertium apertium-eng-spa (or another pair)")
        if mode_name(src, tgt) is None:
            raise ModelError(f"no Apertium pair for {src}→{tgt} is installed: apt-get install apertium-{ISO3.get(src, src)}-{ISO3.get(tgt, tgt)}")

    def model_id(self, src: str, tgt: str) -> str:
        return f"apertium:{mode_name(src, tgt) or f'{src}-{tgt}'}"

    def revision(self, src: str, tgt: str) -> str:
        name = mode_name(src, tgt)
        if name is None:
            return ""
        with open(installed_modes()[name], "rb") as handle:
            content = handle.read()
        stat = os.stat(installed_modes()[name])
        return hashlib.sha1(content + str(stat.st_mtime_ns).encode()).hexdigest()[:16]

    def params(self) -> dict[str, Any]:
        return {"unknown_marks": False}

    def pivots(self, lang: str) -> list[str]:
        code = ISO3.get(lang, lang)
        inverse = {v: k for k, v in ISO3.items()}
        out = []
        for name in installed_modes():
            parts = name.split("-")
            if len(parts) == 2 and parts[0] == code and f"{parts[1]}-{code}" in installed_modes():
                out.append(inverse.get(parts[1], parts[1]))
        return out

    def translate(self, texts: list[str], src: str, tgt: str) -> list[str]:
        self.require(src, tgt)
        out = [""] * len(texts)
        todo = [i for i, text in enumerate(texts) if text.strip()]
        if not todo:
            return out
        joined = "\n\n".join(" ".join(texts[i].split()) for i in todo) + "\n"
        name = mode_name(src, tgt)
        assert name is not None
        try:
            done = subprocess.run(["apertium", "-u", name], input=joined, capture_output=True, text=True, timeout=600, check=True)
        except (OSError, subprocess.SubprocessError) as exc:
            raise ModelError(f"apertium {name} failed: {str(exc).splitlines()[0]}") from exc
        pieces = [p.strip() for p in done.stdout.strip().split("\n\n")]
        if len(pieces) != len(todo):  # Apertium merged or split paragraphs: fall back to one call each
            pieces = [self._one(name, texts[i]) for i in todo]
        for i, piece in zip(todo, pieces, strict=True):
            out[i] = " ".join(piece.split())
        return out

    @staticmethod
    def _one(name: str, text: str) -> str:
        done = subprocess.run(["apertium", "-u", name], input=" ".join(text.split()) + "\n", capture_output=True, text=True, timeout=120, check=True)
        return done.stdout.strip()
