"""The perturbation generator of benchmarks/perturb.py: exact spans, real changes, seeded determinism."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "perturb.py"
_spec = importlib.util.spec_from_file_location("perturb", _PATH)
assert _spec is not None and _spec.loader is not None
perturb = importlib.util.module_from_spec(_spec)
sys.modules["perturb"] = perturb
_spec.loader.exec_module(perturb)

PAIRS = [
    perturb.Sentence(
        "p1",
        "The government announced on Tuesday that 226 deputies had voted for the amendment to the criminal code.",
        "Le gouvernement a annoncé mardi que 226 députés avaient voté pour l'amendement au code pénal.",
        "Opposition leaders said the decision would be challenged in court.",
        "Les dirigeants de l'opposition ont déclaré que la décision serait contestée en justice.",
    ),
    perturb.Sentence(
        "p2",
        "The fire caused a large cloud of smoke that could be seen clearly from 30 kilometres away.",
        "L'incendie a provoqué un grand nuage de fumée clairement visible à 30 kilomètres.",
    ),
]
NEWS = [
    perturb.Sentence(
        "n1",
        "Quarterly profits at the media company jumped sharply in the three months to December.",
        None,
        "The firm benefited from sales of high-speed internet connections and higher advert sales.",
    ),
    perturb.Sentence("n2", "Shares in the airline rose after it reported a smaller loss than analysts had expected."),
]
VOCAB = perturb.vocabulary(PAIRS + NEWS)


def plant(kind: str, sentence: perturb.Sentence, seed: int = 3) -> tuple[str, perturb.Perturbation]:
    planted = perturb.PLANTERS[kind](sentence, random.Random(seed), VOCAB)
    assert planted is not None, f"{kind} planted nothing in {sentence.target!r}"
    return planted


@pytest.mark.parametrize("kind", ["drop-char", "swap-chars", "misspell", "change-number", "untranslated-word", "title-case-link"])
def test_replacements_change_exactly_their_span(kind: str) -> None:
    clean = PAIRS[0]
    target, p = plant(kind, clean)
    assert p.type == kind
    assert target != clean.target
    assert target[: p.start] == clean.target[: p.clean_start]
    assert target[p.end :] == clean.target[p.clean_end :]
    assert target[p.start : p.end] != clean.target[p.clean_start : p.clean_end]
    assert target[p.start : p.end].strip() == target[p.start : p.end]


@pytest.mark.parametrize("kind", ["drop-char", "swap-chars", "misspell"])
def test_typos_are_not_words_of_the_corpus(kind: str) -> None:
    for seed in range(20):
        target, p = plant(kind, NEWS[1], seed)
        assert target[p.start : p.end].lower() not in VOCAB


def test_each_edit_is_the_slip_it_names() -> None:
    rng = random.Random(7)
    for _ in range(50):
        dropped = perturb.drop_char("confidence", rng)
        assert len(dropped) == len("confidence") - 1
        swapped = perturb.swap_chars("confidence", rng)
        assert swapped is not None and sorted(swapped) == sorted("confidence") and swapped != "confidence"
        slipped = perturb.misspell("confidence", rng)
        changed = [(a, b) for a, b in zip("confidence", slipped, strict=True) if a != b]
        assert len(changed) == 1 and changed[0][1] in perturb.NEIGHBOURS[changed[0][0]]
    assert perturb.swap_chars("ee", rng) is None


def test_change_number_changes_a_number_the_source_has() -> None:
    target, p = plant("change-number", PAIRS[1])
    assert PAIRS[1].target[p.clean_start : p.clean_end] == "30"
    assert target[p.start : p.end].isdigit() and target[p.start : p.end] != "30"


def test_untranslated_word_comes_from_the_source() -> None:
    target, p = plant("untranslated-word", PAIRS[0])
    word = target[p.start : p.end]
    assert word in PAIRS[0].source
    assert word not in PAIRS[0].target and word.lower() not in VOCAB


def test_title_case_link_capitalises_a_mid_sentence_run() -> None:
    target, p = plant("title-case-link", NEWS[1])
    run = target[p.start : p.end].split()
    assert 2 <= len(run) <= 4 and all(w[0].isupper() for w in run)
    assert NEWS[1].target[p.start : p.end] == target[p.start : p.end].lower()
    assert p.start > 0


def test_repeat_word_span_is_the_second_copy() -> None:
    target, p = plant("repeat-word", NEWS[0])
    word = NEWS[0].target[p.clean_start : p.clean_end]
    assert target[p.start : p.end] == word
    assert target == NEWS[0].target[: p.clean_end] + " " + word + NEWS[0].target[p.clean_end :]


def test_lowercase_start_lowers_the_first_letter_only() -> None:
    target, p = plant("lowercase-start", NEWS[1])
    assert target == "s" + NEWS[1].target[1:]
    assert target[p.start : p.end] == "shares"


def test_merge_drops_the_full_stop_between_two_sentences() -> None:
    target, p = plant("merge-sentences", NEWS[0])
    assert target == "Quarterly profits at the media company jumped sharply in the three months to December The firm benefited from sales of high-speed internet connections and higher advert sales."
    assert target[p.start : p.end] == "December The"
    clean = f"{NEWS[0].target} {NEWS[0].next_target}"
    assert clean[p.clean_start : p.clean_end] == "December. The"


def test_source_types_need_a_source_and_merge_needs_a_next_sentence() -> None:
    assert perturb.PLANTERS["change-number"](NEWS[1], random.Random(1), VOCAB) is None
    assert perturb.PLANTERS["untranslated-word"](NEWS[1], random.Random(1), VOCAB) is None
    assert perturb.PLANTERS["merge-sentences"](NEWS[1], random.Random(1), VOCAB) is None


def test_generation_is_deterministic_for_a_seed() -> None:
    first = perturb.generate(PAIRS, NEWS, 2, seed=5)
    again = perturb.generate(PAIRS, NEWS, 2, seed=5)
    assert [c.record() for c in first] == [c.record() for c in again]
    others = [perturb.generate(PAIRS, NEWS, 2, seed=s) for s in range(6, 12)]
    assert any([c.record() for c in other] != [c.record() for c in first] for other in others)
    assert {c.perturbation.type for c in first} == set(perturb.ENGLISH_TYPES)
    merged = next(c for c in first if c.perturbation.type == "merge-sentences")
    assert merged.source is None or merged.source.count(".") == 2


def test_detokenise_undoes_moses_spacing() -> None:
    assert perturb.detokenise("Le Parlement n' a pas ratifié l' amendement , dit -il .") == "Le Parlement n'a pas ratifié l'amendement, dit -il."
    assert perturb.detokenise("I don 't think it 's over ( yet ) .") == "I don't think it's over (yet)."
    assert perturb.detokenise('" We have Schengen , " he said .') == '"We have Schengen," he said.'


def test_score_counts_only_new_findings_on_the_span() -> None:
    target, p = plant("swap-chars", NEWS[1])
    case = perturb.Case("swap-chars/n2", NEWS[1].target, target, None, p)
    on_span = {"rule": "spelling.typo", "category": "fluency/spelling", "start": p.start, "end": p.end}
    elsewhere = {"rule": "spelling.typo", "category": "fluency/spelling", "start": 0, "end": 1}
    caught = perturb.score([case], {case.id: [on_span]}, {})
    assert caught["types"]["swap-chars"]["recall"] == 1.0
    missed = perturb.score([case], {case.id: [elsewhere]}, {})
    assert missed["types"]["swap-chars"]["recall"] == 0.0
    before = {"rule": "spelling.typo", "category": "fluency/spelling", "start": p.clean_start, "end": p.clean_end}
    old = perturb.score([case], {case.id: [on_span]}, {"clean/" + case.id: [before]})
    assert old["types"]["swap-chars"]["recall"] == 0.0
    assert old["clean"]["findings"] == 1 and old["clean"]["per_sentence"] == 1.0


def test_the_audit_of_planted_errors_is_scored_through_the_command_line(tmp_path: Path) -> None:
    cases = [
        perturb.Case("swap-chars/p2", PAIRS[1].target, *plant_case("swap-chars", PAIRS[1])),
        perturb.Case("repeat-word/n2", NEWS[1].target, *plant_case("repeat-word", NEWS[1])),
    ]
    perturb.write_jsonl(tmp_path / "p.jsonl", (c.record() for c in cases))
    perturb.write_jsonl(tmp_path / "c.jsonl", (c.clean_record() for c in cases))
    found = perturb.run_audit(tmp_path / "p.jsonl", tmp_path / "p.json")
    clean = perturb.run_audit(tmp_path / "c.jsonl", tmp_path / "c.json")
    assert set(found) == {c.id for c in cases} and set(clean) == {"clean/" + c.id for c in cases}
    summary = perturb.score(cases, found, clean)
    assert summary["types"]["repeat-word"]["recall"] == 1.0
    assert summary["types"]["repeat-word"]["rules"] == {"typography.repeated-word": 1}
    assert summary["clean"]["sentences"] == 2


def plant_case(kind: str, sentence: perturb.Sentence) -> tuple[str, str | None, perturb.Perturbation]:
    target, p = plant(kind, sentence)
    return target, sentence.source, p


GERMAN = perturb.Sentence(
    "g1",
    "Das Eis ist sehr jung – ein paar tausend Jahre alt – und man denkt leicht, dass es isoliert ist.",
    "The ice is very young -- a few thousand years old -- and one easily thinks that it is isolated.",
)


def test_german_comma_dropped_before_a_subordinate_clause() -> None:
    target, p = plant("drop-comma", GERMAN)
    assert "leicht dass" in target and "," not in target
    assert target[p.start : p.end] == "leicht dass"
    assert GERMAN.target[p.clean_start : p.clean_end] == "leicht, dass"


@pytest.mark.parametrize(("kind", "mark"), [("hyphen-dash", "-"), ("double-hyphen", "--")])
def test_german_dash_typed_with_hyphens(kind: str, mark: str) -> None:
    target, p = plant(kind, GERMAN)
    assert target[p.start : p.end] == mark
    assert GERMAN.target[p.clean_start : p.clean_end] == "–"
    assert target[: p.start] == GERMAN.target[: p.clean_start]
    assert target.count("–") == 1  # one of the two dashes replaced


def test_german_cases_are_written_with_their_languages() -> None:
    case = perturb.generate([GERMAN], [], 1, 1, ["hyphen-dash"], ("en", "de"))[0]
    assert case.record()["target_lang"] == "de" and case.record()["source_lang"] == "en"
    assert case.clean_record()["target_lang"] == "de"
