"""Real sentences for the engine tests: news segments whose case votes depend on each other
("twitter" lowercase here, "Twitter" there), French sources, an empty translation (the on-demand
`source.empty-target` check) and a Markdown-like typo, written as a JSONL segment file."""

from __future__ import annotations

import json
from pathlib import Path

SEGMENTS = [
    {"id": "n1", "target": "Mr. Zelensky wrote on twitter He told Mr Macron of the bombing.", "target_lang": "en"},
    {"id": "n2", "target": "The minister announced on Twitter that the bridge would close on monday.", "target_lang": "en"},
    {"id": "n3", "target": "She said the talks with Brussels would go on , despite the strike.", "target_lang": "en"},
    {"id": "n4", "target": "In A statment the ministry said 12 people were injured.", "target_lang": "en"},
    {
        "id": "p1", "target": "The minister resigned last night in Paris after a long meeting.",
        "source": "Le ministre a démissionné hier soir à Paris après une longue réunion.", "source_lang": "fr", "target_lang": "en",
    },
    {
        "id": "p2", "target": "The mayor said 30 houses were destroyed by the fire.",
        "source": "Le maire a déclaré que 13 maisons avaient été détruites par l'incendie.", "source_lang": "fr", "target_lang": "en",
    },
    {"id": "p3", "target": "", "source": "Le pont est fermé depuis lundi.", "source_lang": "fr", "target_lang": "en"},
    {"id": "n5", "target": "The the government will present its budget to parliament on Tuesday.", "target_lang": "en"},
    {"id": "n6", "target": "Reporters from twitter and the BBC waited outside the court in London.", "target_lang": "en"},
    {"id": "n7", "target": "Prices rose by 4.5% in march , the statistics office said.", "target_lang": "en"},
    {"id": "n8", "target": "date 2022-02-20 The president arrived in Kyiv on Sunday morning.", "target_lang": "en"},
    {"id": "n9", "target": "The company said its profits had doubled , but shares fell.", "target_lang": "en"},
]


def write_segments(path: Path, copies: int = 1) -> Path:
    """The segments as a JSONL file (`copies` times, with distinct ids) at `path`."""
    lines = []
    for copy in range(copies):
        for record in SEGMENTS:
            lines.append(json.dumps({**record, "id": f"{record['id']}.{copy}" if copies > 1 else record["id"]}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
