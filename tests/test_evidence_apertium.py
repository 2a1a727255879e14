"""Apertium end to end: real rule-based translations in the report, offline.

Needs Debian's `apertium` and `apertium-eng-spa`; skipped with the reason otherwise."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit.cli import main
from mtaudit.evidence.translators.apertium import ApertiumTranslator, mode_name
from mtaudit.evidence.translators.base import TranslatorConfig

pytestmark = [
    pytest.mark.apertium,
    pytest.mark.skipif(
        shutil.which("apertium") is None or mode_name("en", "es") is None or mode_name("es", "en") is None,
        reason="needs apertium and apertium-eng-spa (apt-get install apertium apertium-eng-spa)",
    ),
]

TARGET = "The black cat sleeps on the sofa. The minister resigned."
SOURCE = "El gato negro duerme en el sofá de la casa grande. El ministro dimitió anoche en Madrid tras una larga reunión."


def test_engine_translates_batches_both_ways() -> None:
    engine = ApertiumTranslator(TranslatorConfig())
    out = engine.translate(["The cat sleeps.", "", "The minister resigned."], "en", "es")
    assert out[1] == "" and "gato" in out[0] and "ministro" in out[2]
    back = engine.translate(["El gato negro duerme."], "es", "en")
    assert "cat" in back[0].lower()
    assert engine.pivots("en") == ["es"]


def test_audit_with_spanish_source_and_round_trip(tmp_path: Path) -> None:
    target = tmp_path / "article.en.txt"
    target.write_text(TARGET, encoding="utf-8")
    source = tmp_path / "article.es.txt"
    source.write_text(SOURCE, encoding="utf-8")
    args = ["--target-lang", "en", "--cache-dir", str(tmp_path / "cache"), "--format", "json"]
    result = CliRunner().invoke(main, ["audit", str(target), "--source", str(source), "--source-lang", "es", "--translator", "apertium", "--lm", "none", *args])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["settings"]["translator"] == "apertium" and report["settings"]["translator_model"].startswith("apertium:")
    doc = report["documents"][0]
    first = doc["segments"][0]
    assert "gato" in first["backtranslation"] and first["scores"]["bt_chrf"] > 0
    omissions = [f for f in doc["findings"] if f["rule"] == "bt.omission"]
    assert omissions and any("Madrid" in f["evidence"]["lost"] or "casa grande" in f["evidence"]["lost"] for f in omissions)
    for finding in doc["findings"]:
        assert TARGET[finding["start"] : finding["end"]] == finding["text"]

    roundtrip = CliRunner().invoke(main, ["audit", str(target), "--deep", *args])
    assert roundtrip.exit_code == 0, roundtrip.output
    report = json.loads(roundtrip.stdout)
    assert report["settings"]["translator"] == "apertium" and report["settings"]["lm"] == "ngram"
    segment = report["documents"][0]["segments"][0]
    assert "gato" in segment["backtranslation"] and segment["scores"]["roundtrip_chrf"] > 30
