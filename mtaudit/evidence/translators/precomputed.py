"""The `precomputed` translator: back-translations supplied in a file (`--backtranslations FILE`).

For teams whose translations come from a commercial MT service. Two formats (docs/model-evidence.md):

- JSONL (`.jsonl`, `.ndjson`, `.json`), one object a line: `{"text": TARGET_SENTENCE,
  "translation": ITS_BACK_TRANSLATION}` (`target`/`backtranslation` are accepted as the key names
  too), or `{"id": SEGMENT_ID, "translation": ...}` to key it by segment id; both `id` and `text`
  may be given;
- TSV: `TARGET_SENTENCE<TAB>BACK_TRANSLATION`.

Lookup is by segment id when the caller passes one and the file has it, else by exact text
(whitespace collapsed). Sentences not in the file get no back-translation; `matched` and
`requested` count the sentences looked up so the caller can say how many the file covered.

The file is a side input the user may not control: a line that is not an object, a field of the
wrong type, nesting too deep for the parser, an integer too long to convert, a TSV field over the
`csv` field limit or a file that is not a regular file is a one-line `ModelError` naming the file
and line, never a traceback.
"""

from __future__ import annotations

import csv
import json
import os
import stat
from typing import Any

from mtaudit.errors import ModelError
from mtaudit.evidence.hub import folder_revision
from mtaudit.evidence.translators.base import Translator, TranslatorConfig

#: The largest back-translation file read, like the size limit on the audited inputs.
MAX_BYTES = 64 * 1024 * 1024
JSON_SUFFIXES = (".jsonl", ".json", ".ndjson")


def _norm(text: str) -> str:
    return " ".join(text.split())


class BacktranslationTable:
    """The back-translations of a file, by normalised target text and by segment id."""

    def __init__(self) -> None:
        self.by_text: dict[str, str] = {}
        self.by_id: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.by_text) + len(self.by_id)

    def lookup(self, text: str, segment_id: str | None = None) -> str | None:
        """The back-translation of `text` (or of the segment `segment_id`), or None."""
        if segment_id is not None and segment_id in self.by_id:
            return self.by_id[segment_id]
        return self.by_text.get(_norm(text))


class PrecomputedTranslator(Translator):
    """Back-translations looked up in a user's file."""

    engine = "precomputed"
    cacheable = False
    serves_forward = False

    def __init__(self, config: TranslatorConfig) -> None:
        super().__init__(config)
        self._table: BacktranslationTable | None = None
        #: Sentences looked up so far, and how many of them the file had.
        self.requested = 0
        self.matched = 0

    @property
    def table(self) -> BacktranslationTable:
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
        return self.translate_segments([(None, text) for text in texts])

    def translate_segments(self, segments: list[tuple[str | None, str]]) -> list[str]:
        """The back-translation of each (segment id or None, target text); "" where the file has
        none. Counts `requested` and `matched`."""
        out = []
        for segment_id, text in segments:
            found = self.table.lookup(text, segment_id)
            self.requested += 1
            self.matched += found is not None
            out.append(found or "")
        return out

    def coverage_note(self) -> str:
        """One line for the user: how many of the sentences looked up the file covered."""
        return f"--backtranslations {self.config.path}: matched {self.matched} of {self.requested} sentences"


def read_table(path: str | None) -> BacktranslationTable:
    """The back-translations of a JSONL or TSV file; raises a one-line `ModelError`."""
    if not path:
        raise ModelError("--backtranslations needs a file name")
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ModelError(f"back-translation file {path}: {(exc.strerror or str(exc)).lower()}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise ModelError(f"back-translation file {path}: not a regular file")
    if info.st_size > MAX_BYTES:
        raise ModelError(f"back-translation file {path}: more than {MAX_BYTES // 2**20} MiB; split it")
    table = BacktranslationTable()
    number = 0
    try:
        with open(path, encoding="utf-8") as handle:
            if path.endswith(JSON_SUFFIXES):
                for number, line in enumerate(handle, 1):
                    if line.strip():
                        _add_json_line(table, path, number, line)
            else:
                rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
                for row in rows:
                    number = rows.line_num
                    if not row or not "".join(row).strip():
                        continue
                    if len(row) < 2:
                        raise ModelError(f"{path}:{number}: expected TARGET<TAB>BACK_TRANSLATION")
                    table.by_text[_norm(row[0])] = row[1]
    except csv.Error as exc:  # a field over the csv module's limit (128 KiB)
        raise ModelError(f"{path}:{number + 1}: unreadable TSV line ({exc})") from None
    except UnicodeDecodeError as exc:
        raise ModelError(f"back-translation file {path}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise ModelError(f"cannot read back-translation file {path}: {(exc.strerror or str(exc)).lower()}") from exc
    return table


def _add_json_line(table: BacktranslationTable, path: str, number: int, line: str) -> None:
    """Parse one JSONL line into `table`; a hostile or malformed line is a one-line `ModelError`."""
    try:
        record = json.loads(line)
    except RecursionError:
        raise ModelError(f"{path}:{number}: JSON nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise ModelError(f"{path}:{number}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    except ValueError:  # an integer over the interpreter's digit limit (4,300 by default)
        raise ModelError(f"{path}:{number}: a number too long to read") from None
    if not isinstance(record, dict):
        raise ModelError(f"{path}:{number}: expected a JSON object, found {_json_kind(record)}")
    text = record.get("text", record.get("target"))
    segment_id = record.get("id")
    translation = record.get("translation", record.get("backtranslation"))
    if not isinstance(translation, str) or (text is None and segment_id is None):
        raise ModelError(f"{path}:{number}: needs a string \"translation\" and a string \"text\" or \"id\"")
    if text is not None and not isinstance(text, str):
        raise ModelError(f"{path}:{number}: \"text\" must be a string, found {_json_kind(text)}")
    if segment_id is not None and (isinstance(segment_id, bool) or not isinstance(segment_id, (str, int))):
        raise ModelError(f"{path}:{number}: \"id\" must be a string, found {_json_kind(segment_id)}")
    if text is not None:
        table.by_text[_norm(text)] = translation
    if segment_id is not None:
        table.by_id[str(segment_id)] = translation


def _json_kind(value: object) -> str:
    """The JSON name of `value`'s type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"
