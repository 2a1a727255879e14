"""The canonical example (fixtures/example-fr-en-news.txt, a real MT article): every artefact named
in the project's seed notes is found at the right span with a sensible suggestion, and no proper
noun of the article is flagged."""

from __future__ import annotations

import pytest

from mtaudit.pipeline import audit
from mtaudit.reader import read_inputs
from mtaudit.records import DocumentResult
from tests.conftest import EXAMPLE, needs_hunspell

PROPER_NOUNS = {
    "Macron", "Macron’s", "Tripartite", "Contact", "Group", "Ukraine", "Russia", "Organization", "Security",
    "Cooperation", "Europe", "Donbass", "Monday", "Zelensky", "Kremlin", "Kiev", "Minsk", "Normandy", "Putin",
    "Sunday", "Sunday’s", "Moscow", "France", "France’s", "Russian", "Ukrainian", "French", "Foreign", "Minister",
    "Jean-Yves", "Le", "Drian", "Saturday", "December",
}  # fmt: skip


@pytest.fixture(scope="module")
def result() -> DocumentResult:
    documents = read_inputs([str(EXAMPLE)]).documents
    return audit(documents).documents[0]


def find(result: DocumentResult, text: str, rule_prefix: str = "") -> list:
    return [f for f in result.findings if f.text == text and f.rule.startswith(rule_prefix)]


def test_language_is_detected(result: DocumentResult) -> None:
    assert result.target_lang == "en"


def test_metadata_line(result: DocumentResult) -> None:
    [finding] = find(result, "date 2022-02-20 ", "markup.")
    assert finding.start == 1 and finding.suggestions == ("",)


def test_lost_tweet_boundary(result: DocumentResult) -> None:
    [finding] = find(result, "twitter He", "boundary.run-on")
    assert finding.suggestions[0] == "twitter. He"


def test_link_text_pasted_mid_sentence(result: DocumentResult) -> None:
    assert find(result, "A", "case.")[0].suggestions == ("a",)
    assert find(result, "statment That", "boundary.")[0].suggestions[0] == "statment that"
    assert find(result, "statment", "spelling.")[0].suggestions[0] == "statement"


def test_run_on_where_a_link_was(result: DocumentResult) -> None:
    needs_hunspell("en")  # "intensive" is a lower-case word only by the dictionary
    [finding] = find(result, "Intensive")
    assert finding.suggestions == ("intensive",)


def test_inconsistent_honorifics(result: DocumentResult) -> None:
    found = [f for f in result.findings if f.category == "fluency/inconsistency" and f.text.startswith("Mr")]
    assert found, "the Mr./Mr inconsistency is not reported"
    assert all(s.startswith("Mr") for f in found for s in f.suggestions)


def test_no_proper_noun_is_flagged(result: DocumentResult) -> None:
    for finding in result.findings:
        if finding.category == "fluency/inconsistency":
            continue
        assert finding.text.strip() not in PROPER_NOUNS, finding


def test_every_offset_matches(result: DocumentResult) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert all(text[f.start : f.end] == f.text for f in result.findings)
