"""benchmarks/perturb.py for other target languages: French (`--french`) and Spanish machine
translation (`--spanish`): whole words in the language's letters, its numbers and its keyboard."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from tests.test_perturb import perturb

FRENCH = [
    perturb.Sentence(
        "f1",
        "L'incendie a été rapidement maîtrisé par les pompiers jusqu'à l'arrivée de la police, selon le préfet.",
        "The fire was quickly brought under control by the firefighters until the police arrived, according to the prefect.",
        "Environ 1 500 habitants ont été évacués pendant la nuit.",
        "About 1,500 residents were evacuated during the night.",
    ),
    perturb.Sentence(
        "f2",
        "Les députés ont refusé en deuxième lecture le projet de réduction des peines pour délits économiques.",
        "In second reading, the deputies rejected the bill reducing sentences for economic offences.",
    ),
    perturb.Sentence(
        "f3",
        "Le gouvernement a annoncé mardi que 226 députés avaient voté pour l'amendement au code pénal.",
        "The government announced on Tuesday that 226 deputies had voted for the amendment to the criminal code.",
    ),
]
VOCAB = perturb.vocabulary(FRENCH, perturb.FRENCH)


def plant(kind: str, sentence: perturb.Sentence, seed: int) -> tuple[str, perturb.Perturbation]:
    planted = perturb.PLANTERS[kind](sentence, random.Random(seed), VOCAB, perturb.FRENCH)
    assert planted is not None, f"{kind} planted nothing in {sentence.target!r}"
    return planted


def test_french_words_keep_their_accents_and_drop_elided_articles() -> None:
    assert perturb.FRENCH.word.findall("l'arrivée jusqu'à été") == ["l", "arrivée", "jusqu", "à", "été"]
    assert "maîtrisé" in VOCAB and "arrivée" in VOCAB


@pytest.mark.parametrize("kind", ["drop-char", "swap-chars", "misspell"])
def test_french_typos_are_in_whole_words(kind: str) -> None:
    for seed in range(30):
        target, p = plant(kind, FRENCH[0], seed)
        word = target[p.start : p.end]
        original = FRENCH[0].target[p.clean_start : p.clean_end]
        assert word.lower() not in VOCAB
        assert original != "jusqu", "a typo before the apostrophe of an elided word"
        assert target[p.end : p.end + 1] not in ("'", "’")


def test_french_misspelling_strikes_an_azerty_neighbour() -> None:
    rng = random.Random(4)
    for _ in range(40):
        slipped = perturb.misspell("évacués", rng, perturb.FRENCH.neighbours)
        assert slipped is not None
        [(was, now)] = [(a, b) for a, b in zip("évacués", slipped, strict=True) if a != b]
        assert was not in "éè" and now in perturb.FRENCH.neighbours[was]
    assert perturb.FRENCH.neighbours["a"] == "z" and perturb.FRENCH.neighbours["m"] == "l"
    assert perturb.misspell("éé", rng, perturb.FRENCH.neighbours) is None


def test_french_numbers_are_read_whole() -> None:
    assert perturb.FRENCH.integer.findall("Environ 1 500 habitants et 226 députés.") == ["226"]
    target, p = plant("change-number", FRENCH[2], 1)
    assert FRENCH[2].target[p.clean_start : p.clean_end] == "226" and target[p.start : p.end] != "226"


def test_french_repeat_keeps_the_elided_article_with_its_word() -> None:
    words = [plant("repeat-word", FRENCH[0], seed)[0] for seed in range(40)]
    assert any("l'arrivée l'arrivée" in w for w in words)
    assert not any("jusqu jusqu" in w or "l l'" in w for w in words)


def test_the_untranslated_word_is_english_and_stands_alone() -> None:
    for seed in range(20):
        target, p = plant("untranslated-word", FRENCH[1], seed)
        word = target[p.start : p.end]
        assert word in FRENCH[1].source and word.lower() not in VOCAB
        assert target[p.start - 1] == " "


def test_french_title_case_link_keeps_to_whole_words() -> None:
    for seed in range(30):
        target, p = plant("title-case-link", FRENCH[0], seed)
        assert target[p.start - 1] == " " and target[p.end : p.end + 1] not in ("'", "’")
        assert all(w[0].isupper() for w in target[p.start : p.end].split())


def test_french_merge_drops_the_full_stop() -> None:
    target, p = plant("merge-sentences", FRENCH[0], 1)
    assert target[p.start : p.end] == "préfet Environ"
    assert target.count(".") == 1


def test_french_cases_go_the_other_way_round(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    rows = [{"id": s.id, "source": s.target, "target": s.source} for s in FRENCH]
    pairs.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    loaded = perturb.load_french(pairs)
    assert [s.target for s in loaded] == [s.target for s in FRENCH]
    assert loaded[0].source == FRENCH[0].source and loaded[0].next_target == FRENCH[1].target
    [case] = perturb.generate(loaded, [], 1, 1, ["lowercase-start"], ("en", "fr"), perturb.FRENCH)
    assert case.record()["target_lang"] == "fr" and case.record()["source_lang"] == "en"


def test_choosing_two_target_languages_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        perturb.main(["--french", "--german"])
    assert exit_info.value.code == 2
    assert "choose one target language" in capsys.readouterr().err


@pytest.mark.apertium
@pytest.mark.skipif(shutil.which("apertium") is None, reason="needs apertium and apertium-eng-spa (apt-get install apertium apertium-eng-spa)")
def test_spanish_targets_are_apertium_translations(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    rows = [
        {"id": "e1", "source": "-", "target": "The government announced on Tuesday that 226 deputies had voted for the amendment ."},
        {"id": "e2", "source": "-", "target": "Opposition leaders said the decision would be challenged in court ."},
    ]
    pairs.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    loaded = perturb.load_spanish(pairs)
    assert [s.source for s in loaded] == [perturb.detokenise(r["target"]) for r in rows]
    assert "gobierno" in loaded[0].target.lower() and loaded[0].next_target == loaded[1].target
    target, p = perturb.PLANTERS["change-number"](loaded[0], random.Random(1), frozenset(), perturb.SPANISH)
    assert loaded[0].target[p.clean_start : p.clean_end] == "226" and target[p.start : p.end] != "226"
