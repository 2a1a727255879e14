"""The `precomputed` translator: back-translations supplied in a file (`--backtranslations FILE`).

For teams whose translations come from a commercial MT service. Two formats:

- JSONL, one object a line: `{"text": TARGET_SENTENCE, "translation": ITS_BACK_TRANSLATION}`
  (`target`/`backtranslation` are accepted as the key names too), optionally `"src"`/`"tgt"`;
- TSV: `TARGET_SENTENCE<TAB>BACK_TRANSLATION`.

Lookup is by exact text (whitespace collapsed). Sentences not in the file get no back-translation.
"""

from __future__ import annotations

import csv
import json
import os
from typing import Any

from mtaudit.errors import ModelError
from mtaudit.evidence.hub import folder_revision
from mtaudit.evidence.translators.base import Translator, TranslatorConfig


def _norm(text: str) -> str:
    return " ".join(text.split())


class PrecomputedTranslator(Translator):
    """Back-translations looked up in a user's file."""

    engine = "precomputed"
    cacheable = False

    def __init__(self, config: TranslatorConfig) -> None:
        super().__init__(config)
        self._table: dict[str, str] | None = None

    @property
    def table(self) -> dict[str, str]:
        if self._table is None:
            self._table = read_table(self.config.path)
        return self._table

    def available(self, src: str, tgt: str) -> bool:
        return bool(self.config.path) and os.path.isfile(self.config.path or "")

    def require(self, src: str, tgt: str) -> None:
        if not self.config.path:
            raise ModelError("--translator precomputed needs --backtranslations FILE (JSONL or TSV)")
        self.table  # noqa: B018 - read now so that a bad file fails before any work

    def model_id(self, src: str, tgt: str) -> str:
        return f"file:{os.path.basename(self.config.path or '')}"

    def revision(self, src: str, tgt: str) -> str:
        return folder_revision(os.path.dirname(os.path.abspath(self.config.path or ".")))

    def params(self) -> dict[str, Any]:
        return {}

    def pivots(self, lang: str) -> list[str]:
        return []  # a file of back-translations cannot make a round trip

    def translate(self, texts: list[str], src: str, tgt: str) -> list[str]:
        return [self.table.get(_norm(text), "") for text in texts]


def read_table(path: str | None) -> dict[str, str]:
    """Target sentence → back-translation, from a JSONL or TSV file."""
    if not path or not os.path.isfile(path):
        raise ModelError(f"back-translation file {path} does not exist")
    table: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8") as handle:
            if path.endswith((".jsonl", ".json", ".ndjson")):
                for number, line in enumerate(handle, 1):
                    if not line.strip():
                        continue
                    record = json.loads(line)
                    text = record.get("text", record.get("target"))
                    translation = record.get("translation", record.get("backtranslation"))
                    if not isinstance(text, str) or not isinstance(translation, str):
                        raise ModelError(f"{path}:{number}: needs string fields \"text\" and \"translation\"")
                    table[_norm(text)] = translation
            else:
                for number, row in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
                    if not row or not "".join(row).strip():
                        continue
                    if len(row) < 2:
                        raise ModelError(f"{path}:{number}: expected TARGET<TAB>BACK_TRANSLATION")
                    table[_norm(row[0])] = row[1]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"cannot read back-translation file {path}: {exc}") from exc
    return table
